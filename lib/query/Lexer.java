package query;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a PromQL expression into tokens, as Prometheus 2.42's lexer does (promql/parser/lex.go): names with colons,
 * case-insensitive keywords, decimal, hex and octal numbers, {@code Inf} and {@code NaN}, durations such as
 * {@code 1h30m}, strings in double, single or back quotes, {@code #} comments.
 */
final class Lexer {
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "atan2", "sum", "avg", "count", "min",
            "max", "group", "stddev", "stdvar", "topk", "bottomk", "count_values", "quantile", "offset", "by",
            "without", "on", "ignoring", "group_left", "group_right", "bool", "start", "end");
    private static final String[] OPERATORS = {"==", "!=", "<=", ">=", "=~", "!~", "+", "-", "*", "/", "%", "^", "<",
            ">", "=", "(", ")", "{", "}", "[", "]", ",", ":", "@"};

    private final String in;
    private int pos;

    private Lexer(String in) {
        this.in = in;
    }

    static boolean isKeyword(String word) {
        return KEYWORDS.contains(word.toLowerCase());
    }

    /** All tokens of {@code in}, ending with an EOF token. Throws a PARSE QueryException at a bad character. */
    static List<Token> tokens(String in) {
        Lexer lx = new Lexer(in);
        List<Token> out = new ArrayList<>();
        while (true) {
            Token t = lx.next();
            out.add(t);
            if (t.kind() == Token.Kind.EOF) {
                return out;
            }
        }
    }

    private Token next() {
        skipSpaceAndComments();
        if (pos >= in.length()) {
            return new Token(Token.Kind.EOF, "", pos);
        }
        char c = in.charAt(pos);
        if (c == '"' || c == '\'' || c == '`') {
            return string(c);
        }
        if (isDigit(c) || (c == '.' && pos + 1 < in.length() && isDigit(in.charAt(pos + 1)))) {
            return numberOrDuration();
        }
        if (isAlpha(c)) {
            int start = pos;
            while (pos < in.length() && (isAlphaNumeric(in.charAt(pos)) || in.charAt(pos) == ':')) {
                pos++;
            }
            String word = in.substring(start, pos);
            String lower = word.toLowerCase();
            Token.Kind kind = lower.equals("inf") || lower.equals("nan") ? Token.Kind.NUMBER : Token.Kind.WORD;
            return new Token(kind, word, start);
        }
        for (String op : OPERATORS) {
            if (in.startsWith(op, pos)) {
                pos += op.length();
                return new Token(Token.Kind.OP, op, pos - op.length());
            }
        }
        throw Parser.error(in, pos, "unexpected character: '" + c + "'");
    }

    private void skipSpaceAndComments() {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == '#') {
                while (pos < in.length() && in.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else {
                return;
            }
        }
    }

    private Token numberOrDuration() {
        int start = pos;
        if (scanNumber() && (pos >= in.length() || !isAlphaNumeric(in.charAt(pos)))) {
            return new Token(Token.Kind.NUMBER, in.substring(start, pos), start);
        }
        pos = start;
        while (pos < in.length() && (isAlphaNumeric(in.charAt(pos)))) {
            pos++;
        }
        String word = in.substring(start, pos);
        if (DurationLiteral.isDuration(word)) {
            return new Token(Token.Kind.DURATION, word, start);
        }
        throw Parser.error(in, start, "bad number or duration syntax: \"" + word + "\"");
    }

    private boolean scanNumber() {
        String digits = "0123456789";
        if (in.startsWith("0x", pos) || in.startsWith("0X", pos)) {
            pos += 2;
            digits = "0123456789abcdefABCDEF";
        }
        int before = pos;
        acceptRun(digits);
        if (accept(".")) {
            acceptRun(digits);
        }
        if (pos > before && digits.length() == 10 && accept("eE")) {
            accept("+-");
            acceptRun("0123456789");
        }
        return pos > before;
    }

    private boolean accept(String chars) {
        if (pos < in.length() && chars.indexOf(in.charAt(pos)) >= 0) {
            pos++;
            return true;
        }
        return false;
    }

    private void acceptRun(String chars) {
        while (accept(chars)) {
            // consumed
        }
    }

    private Token string(char quote) {
        int start = pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= in.length() || (quote != '`' && in.charAt(pos) == '\n')) {
                throw Parser.error(in, start, "unterminated quoted string " + quote);
            }
            char c = in.charAt(pos++);
            if (c == quote) {
                return new Token(Token.Kind.STRING, sb.toString(), start);
            }
            if (c == '\\' && quote != '`') {
                pos = Escapes.decode(in, pos, quote, sb);
            } else {
                sb.append(c);
            }
        }
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlpha(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAlphaNumeric(char c) {
        return isAlpha(c) || isDigit(c);
    }
}
