package query;

/**
 * One token of a PromQL expression.
 *
 * @param kind what it is
 * @param text the characters as written (for STRING: the decoded value)
 * @param pos offset of its first character in the expression, 0-based
 */
record Token(Kind kind, String text, int pos) {
    /** Token kinds; every keyword and name is a WORD, the parser gives it meaning by position. */
    enum Kind { WORD, NUMBER, DURATION, STRING, OP, EOF }

    /** Whether this is the operator {@code s}, or the word {@code s} in any case. */
    boolean is(String s) {
        return (kind == Kind.OP && text.equals(s)) || (kind == Kind.WORD && text.equalsIgnoreCase(s));
    }

    /** How the token is shown in a parse error, in the style of Prometheus's lexer (promql/parser/lex.go Item.String). */
    String describe() {
        return switch (kind) {
            case EOF -> "end of input";
            case STRING -> "string \"" + text + "\"";
            case NUMBER -> "number \"" + text + "\"";
            case DURATION -> "duration \"" + text + "\"";
            case OP -> "\"" + text + "\"";
            case WORD -> Lexer.isKeyword(text) ? "<" + text.toLowerCase() + ">" : "identifier \"" + text + "\"";
        };
    }
}
