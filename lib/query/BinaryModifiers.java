package query;

import java.util.List;

/**
 * Parses the vector-matching clause after a binary operator: {@code on(...)} or {@code ignoring(...)}, optionally
 * followed by {@code group_left(...)} or {@code group_right(...)} (Prometheus 2.42, generated_parser.y bin_modifier).
 */
final class BinaryModifiers {
    private BinaryModifiers() {}

    /** The matching written after operator {@code op}, or null when none is written. */
    static Expr.VectorMatching parse(Parser p, String op) {
        Token t = p.peekToken();
        if (!t.is("on") && !t.is("ignoring")) {
            return null;
        }
        p.takeToken();
        boolean on = t.is("on");
        List<String> labels = p.labelList();
        Expr.VectorMatching.Card card = Expr.VectorMatching.Card.ONE_TO_ONE;
        List<String> include = List.of();
        Token g = p.peekToken();
        if (g.is("group_left") || g.is("group_right")) {
            p.takeToken();
            card = g.is("group_left") ? Expr.VectorMatching.Card.MANY_TO_ONE : Expr.VectorMatching.Card.ONE_TO_MANY;
            if (p.peekToken().is("(")) {
                include = p.labelList();
            }
            if (on) {
                for (String l : include) {
                    if (labels.contains(l)) {
                        throw p.errorAt(g.pos(), "label \"" + l + "\" must not occur in ON and GROUP clause at once");
                    }
                }
            }
        }
        return new Expr.VectorMatching(card, labels, on, include);
    }
}
