package query;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Parses an instant vector selector: an optional metric name and an optional {@code {...}} list of label matchers,
 * with the checks of Prometheus 2.42 (promql/parser/parse.go newVectorSelector and checkAST): the name is set once,
 * and at least one matcher must not match the empty string.
 */
final class Selectors {
    private Selectors() {}

    static Expr.VectorSelector parse(Parser p, Token name) {
        List<LabelMatcher> matchers = new ArrayList<>();
        int pos = name != null ? name.pos() : p.peekToken().pos();
        if (name != null) {
            matchers.add(LabelMatcher.of("__name__", LabelMatcher.Op.EQ, name.text()));
        }
        if (p.peekToken().is("{")) {
            p.takeToken();
            while (!p.peekToken().is("}")) {
                LabelMatcher m = matcher(p);
                if (name != null && m.name().equals("__name__")) {
                    throw p.errorAt(pos, "metric name must not be set twice: \"" + name.text() + "\" or \""
                            + m.value() + "\"");
                }
                matchers.add(m);
                if (!p.peekToken().is(",")) {
                    break;
                }
                p.takeToken();
            }
            p.expectToken("}", "\",\" or \"}\"");
        }
        boolean anyNonEmpty = matchers.stream().anyMatch(m -> !m.matches(""));
        if (!anyNonEmpty) {
            throw p.errorAt(pos, "vector selector must contain at least one non-empty matcher");
        }
        return new Expr.VectorSelector(name == null ? null : name.text(), List.copyOf(matchers), 0, Expr.At.NONE);
    }

    private static LabelMatcher matcher(Parser p) {
        Token label = p.peekToken();
        if (label.kind() != Token.Kind.WORD || label.text().contains(":")) {
            throw p.unexpectedHere("label matching");
        }
        p.takeToken();
        Token op = p.peekToken();
        LabelMatcher.Op kind;
        if (op.is("=")) {
            kind = LabelMatcher.Op.EQ;
        } else if (op.is("!=")) {
            kind = LabelMatcher.Op.NEQ;
        } else if (op.is("=~")) {
            kind = LabelMatcher.Op.RE;
        } else if (op.is("!~")) {
            kind = LabelMatcher.Op.NRE;
        } else {
            throw p.unexpectedHere("label matching operator");
        }
        p.takeToken();
        Token value = p.peekToken();
        if (value.kind() != Token.Kind.STRING) {
            throw p.unexpectedHere("string");
        }
        p.takeToken();
        try {
            return LabelMatcher.of(label.text(), kind, value.text());
        } catch (PatternSyntaxException e) {
            throw p.errorAt(value.pos(), "error parsing regexp: " + e.getDescription());
        }
    }
}
