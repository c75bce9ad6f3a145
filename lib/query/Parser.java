package query;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A recursive-descent parser for the PromQL grammar of Prometheus 2.42 (promql/parser/generated_parser.y and the
 * checks of parser/parse.go): operator precedence {@code or} < {@code and unless} < comparisons < {@code + -} <
 * {@code * / % atan2} < {@code ^} (right-associative), unary minus binding looser than {@code ^} and tighter than
 * {@code *}, and the postfix {@code [range]}, {@code [range:step]}, {@code offset} and {@code @} binding tightest.
 */
final class Parser {
    private static final Set<String> AGGREGATORS = Set.of("sum", "avg", "count", "min", "max", "group", "stddev",
            "stdvar", "topk", "bottomk", "count_values", "quantile");
    private static final Set<String> PARAM_AGGREGATORS = Set.of("topk", "bottomk", "count_values", "quantile");
    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", "<=", ">", ">=");
    private static final Set<String> SET_OPS = Set.of("and", "or", "unless");

    private final String in;
    private final List<Token> tokens;
    private int i;

    private Parser(String in) {
        this.in = in;
        this.tokens = Lexer.tokens(in);
    }

    /** Parses a whole expression; see {@link PromQL#parse}. */
    static Expr parse(String in) {
        Parser p = new Parser(in);
        if (p.peek().kind() == Token.Kind.EOF) {
            throw error(in, 0, "no expression found in input");
        }
        Expr e;
        try {
            e = p.expr(0);
        } catch (StackOverflowError tooDeep) {
            // Go's parser grows its stack; a JVM thread's is fixed, so nesting some hundreds deep ends here as a parse
            // error (exit status 2, the panel file's line) rather than as an internal error.
            throw error(in, 0, "the expression is nested too deeply (hundreds of levels of parentheses, unary signs or function calls)");
        }
        if (p.peek().kind() != Token.Kind.EOF) {
            throw p.unexpected("end of input or an operator");
        }
        return e;
    }

    /** A PARSE error at character offset {@code pos} of {@code in}, as {@code line:column: parse error: message}. */
    static QueryException error(String in, int pos, String message) {
        int line = 1;
        int lineStart = 0;
        for (int k = 0; k < Math.min(pos, in.length()); k++) {
            if (in.charAt(k) == '\n') {
                line++;
                lineStart = k + 1;
            }
        }
        return new QueryException(QueryException.Kind.PARSE,
                line + ":" + (pos - lineStart + 1) + ": parse error: " + message);
    }

    private Token peek() {
        return tokens.get(i);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(i + ahead, tokens.size() - 1));
    }

    private Token take() {
        return tokens.get(i++);
    }

    private QueryException unexpected(String expected) {
        Token t = peek();
        return error(in, t.pos(), "unexpected " + t.describe() + ", expected " + expected);
    }

    private Token expect(String op, String expected) {
        if (!peek().is(op)) {
            throw unexpected(expected);
        }
        return take();
    }

    private static int precedence(Token t) {
        if (t.kind() != Token.Kind.OP && t.kind() != Token.Kind.WORD) {
            return -1;
        }
        String s = t.kind() == Token.Kind.WORD ? t.text().toLowerCase() : t.text();
        return switch (s) {
            case "or" -> 1;
            case "and", "unless" -> 2;
            case "==", "!=", "<", "<=", ">", ">=" -> 3;
            case "+", "-" -> 4;
            case "*", "/", "%", "atan2" -> 5;
            case "^" -> 6;
            default -> -1;
        };
    }

    private Expr expr(int minPrec) {
        Expr lhs = unary();
        while (true) {
            Token op = peek();
            int prec = precedence(op);
            if (prec < 0 || prec < minPrec) {
                return lhs;
            }
            take();
            String name = op.kind() == Token.Kind.WORD ? op.text().toLowerCase() : op.text();
            boolean returnBool = false;
            if (peek().is("bool")) {
                take();
                returnBool = true;
            }
            Expr.VectorMatching matching = BinaryModifiers.parse(this, name);
            Expr rhs = expr(name.equals("^") ? prec : prec + 1);
            lhs = binary(op, name, lhs, rhs, matching, returnBool);
        }
    }

    private Expr binary(Token op, String name, Expr lhs, Expr rhs, Expr.VectorMatching matching, boolean returnBool) {
        boolean scalars = lhs.type() == Expr.Type.SCALAR && rhs.type() == Expr.Type.SCALAR;
        for (Expr side : List.of(lhs, rhs)) {
            if (side.type() != Expr.Type.SCALAR && side.type() != Expr.Type.VECTOR) {
                throw error(in, op.pos(), "binary expression must contain only scalar and instant vector types");
            }
        }
        if (returnBool && !COMPARISONS.contains(name)) {
            throw error(in, op.pos(), "bool modifier can only be used on comparison operators");
        }
        if (scalars && COMPARISONS.contains(name) && !returnBool) {
            throw error(in, op.pos(), "comparisons between scalars must use BOOL modifier");
        }
        if (SET_OPS.contains(name) && (lhs.type() == Expr.Type.SCALAR || rhs.type() == Expr.Type.SCALAR)) {
            throw error(in, op.pos(), "set operator \"" + name + "\" not allowed in binary scalar expression");
        }
        boolean vectors = lhs.type() == Expr.Type.VECTOR && rhs.type() == Expr.Type.VECTOR;
        if (matching != null && !vectors) {
            throw error(in, op.pos(), "vector matching only allowed between instant vectors");
        }
        if (vectors && matching == null) {
            matching = new Expr.VectorMatching(SET_OPS.contains(name) ? Expr.VectorMatching.Card.MANY_TO_MANY
                    : Expr.VectorMatching.Card.ONE_TO_ONE, List.of(), false, List.of());
        }
        if (matching != null && SET_OPS.contains(name)) {
            if (matching.card() != Expr.VectorMatching.Card.ONE_TO_ONE
                    && matching.card() != Expr.VectorMatching.Card.MANY_TO_MANY) {
                throw error(in, op.pos(), "no grouping allowed for \"" + name + "\" operation");
            }
            matching = new Expr.VectorMatching(Expr.VectorMatching.Card.MANY_TO_MANY, matching.matchingLabels(),
                    matching.on(), matching.include());
        }
        return new Expr.Binary(name, lhs, rhs, matching, returnBool);
    }

    private Expr unary() {
        Token t = peek();
        if (t.is("-") || t.is("+")) {
            take();
            Expr operand = expr(6);
            if (operand.type() != Expr.Type.SCALAR && operand.type() != Expr.Type.VECTOR) {
                throw error(in, t.pos(), "unary expression only allowed on expressions of type scalar or instant "
                        + "vector, got \"" + typeName(operand.type()) + "\"");
            }
            if (operand instanceof Expr.NumberLiteral n) {
                return new Expr.NumberLiteral(t.is("-") ? -n.value() : n.value());
            }
            return new Expr.Unary(t.text(), operand);
        }
        return postfix(primary());
    }

    /** The type's name as Prometheus prints it in errors. */
    static String typeName(Expr.Type t) {
        return switch (t) {
            case SCALAR -> "scalar";
            case STRING -> "string";
            case VECTOR -> "instant vector";
            case MATRIX -> "range vector";
        };
    }

    private Expr postfix(Expr e) {
        while (true) {
            Token t = peek();
            if (t.is("[")) {
                e = Modifiers.rangeOrSubquery(this, e);
            } else if (t.is("offset")) {
                e = Modifiers.offset(this, e);
            } else if (t.is("@")) {
                e = Modifiers.at(this, e);
            } else {
                return e;
            }
        }
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind()) {
            case NUMBER -> {
                take();
                return new Expr.NumberLiteral(number(t));
            }
            case STRING -> {
                take();
                return new Expr.StringLiteral(t.text());
            }
            case WORD -> {
                return word();
            }
            default -> { }
        }
        if (t.is("(")) {
            take();
            Expr inner = expr(0);
            expect(")", "\")\"");
            return new Expr.Paren(inner);
        }
        if (t.is("{")) {
            return Selectors.parse(this, null);
        }
        throw unexpected("an expression");
    }

    private Expr word() {
        Token t = peek();
        String lower = t.text().toLowerCase();
        boolean call = peek(1).is("(");
        if (AGGREGATORS.contains(lower) && (call || peek(1).is("by") || peek(1).is("without"))) {
            return aggregate();
        }
        if (call && !Lexer.isKeyword(t.text())) {
            return call();
        }
        if (Lexer.isKeyword(t.text()) && !AGGREGATORS.contains(lower)) {
            throw unexpected("an expression");
        }
        take();
        return Selectors.parse(this, t);
    }

    private Expr call() {
        Token name = take();
        Signatures.Sig sig = Signatures.of(name.text());
        if (sig == null) {
            throw error(in, name.pos(), "unknown function with name \"" + name.text() + "\"");
        }
        take();
        List<Expr> args = new ArrayList<>();
        List<Token> starts = new ArrayList<>();
        arguments(args, starts);
        checkCall(name, sig, args, starts);
        return new Expr.Call(sig.name(), args, sig.result());
    }

    /** Parses {@code arg, arg, ...)} after an opening parenthesis, noting where each argument starts. */
    private void arguments(List<Expr> args, List<Token> starts) {
        if (!peek().is(")")) {
            starts.add(peek());
            args.add(expr(0));
            while (peek().is(",")) {
                take();
                starts.add(peek());
                args.add(expr(0));
            }
        }
        expect(")", "\",\" or \")\"");
    }

    private void checkCall(Token name, Signatures.Sig sig, List<Expr> args, List<Token> starts) {
        int n = sig.args().length;
        String f = "\"" + sig.name() + "\"";
        if (sig.variadic() == 0 && args.size() != n) {
            throw error(in, name.pos(), "expected " + n + " argument(s) in call to " + f + ", got " + args.size());
        }
        if (sig.variadic() != 0 && args.size() < n - 1) {
            throw error(in, name.pos(), "expected at least " + (n - 1) + " argument(s) in call to " + f + ", got "
                    + args.size());
        }
        if (sig.variadic() > 0 && args.size() > n - 1 + sig.variadic()) {
            throw error(in, name.pos(), "expected at most " + (n - 1 + sig.variadic()) + " argument(s) in call to "
                    + f + ", got " + args.size());
        }
        for (int k = 0; k < args.size(); k++) {
            Expr.Type want = sig.args()[Math.min(k, n - 1)];
            checkType(starts.get(k), args.get(k), want, "call to function " + f);
        }
    }

    void checkType(Token at, Expr e, Expr.Type want, String context) {
        if (e.type() != want) {
            throw error(in, at.pos(), "expected type " + typeName(want) + " in " + context + ", got "
                    + typeName(e.type()));
        }
    }

    private Expr aggregate() {
        Token op = take();
        String name = op.text().toLowerCase();
        List<String> grouping = List.of();
        boolean without = false;
        boolean grouped = false;
        if (peek().is("by") || peek().is("without")) {
            without = take().is("without");
            grouping = labelList();
            grouped = true;
        }
        Token open = expect("(", "\"(\"");
        List<Expr> args = new ArrayList<>();
        List<Token> starts = new ArrayList<>();
        arguments(args, starts);
        if (!grouped && (peek().is("by") || peek().is("without"))) {
            without = take().is("without");
            grouping = labelList();
        }
        int want = PARAM_AGGREGATORS.contains(name) ? 2 : 1;
        if (args.size() != want) {
            throw error(in, open.pos(), "wrong number of arguments for aggregate expression provided, expected "
                    + want + ", got " + args.size());
        }
        Expr param = want == 2 ? args.get(0) : null;
        Expr inner = args.get(want - 1);
        checkType(starts.get(want - 1), inner, Expr.Type.VECTOR, "aggregation expression");
        if (param != null) {
            checkType(starts.get(0), param, name.equals("count_values") ? Expr.Type.STRING : Expr.Type.SCALAR,
                    "aggregation parameter");
        }
        return new Expr.Aggregate(name, inner, param, grouping, without);
    }

    /** A parenthesised, comma-separated list of label names, as after {@code by} or {@code on}. */
    List<String> labelList() {
        expect("(", "\"(\"");
        List<String> names = new ArrayList<>();
        while (!peek().is(")")) {
            Token t = peek();
            if (t.kind() != Token.Kind.WORD || t.text().contains(":")) {
                throw unexpected("label name or \")\"");
            }
            names.add(take().text());
            if (!peek().is(",")) {
                break;
            }
            take();
        }
        expect(")", "\",\" or \")\"");
        return names;
    }

    /** The value of a NUMBER token: integers as Go's ParseInt with base 0 (hex, octal), else a float. */
    double number(Token t) {
        String s = t.text();
        String lower = s.toLowerCase();
        if (lower.equals("inf")) {
            return Double.POSITIVE_INFINITY;
        }
        if (lower.equals("nan")) {
            return Double.NaN;
        }
        try {
            if (lower.startsWith("0x")) {
                return Long.parseLong(s.substring(2), 16);
            }
            if (s.length() > 1 && s.startsWith("0") && s.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(s.substring(1), 8);
            }
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e2) {
                throw error(in, t.pos(), "bad number \"" + s + "\"");
            }
        }
    }

    // Accessors for the helper parsers of this package.
    Token peekToken() {
        return peek();
    }

    Token takeToken() {
        return take();
    }

    Token expectToken(String op, String expected) {
        return expect(op, expected);
    }

    QueryException unexpectedHere(String expected) {
        return unexpected(expected);
    }

    QueryException errorAt(int pos, String message) {
        return error(in, pos, message);
    }
}
