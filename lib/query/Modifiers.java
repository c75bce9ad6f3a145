package query;

/**
 * Parses the postfix parts of an expression: a range {@code [5m]}, a subquery {@code [1h:1m]}, {@code offset}
 * (negative allowed) and {@code @ t}, {@code @ start()}, {@code @ end()}, with the checks of Prometheus 2.42's parser
 * (promql/parser/generated_parser.y and parse.go: what they may follow, and that each is set once).
 */
final class Modifiers {
    private Modifiers() {}

    static Expr rangeOrSubquery(Parser p, Expr e) {
        Token open = p.takeToken();
        long range = duration(p, "duration");
        if (p.peekToken().is(":")) {
            p.takeToken();
            long step = 0;
            if (p.peekToken().kind() == Token.Kind.DURATION) {
                step = duration(p, "duration");
            }
            p.expectToken("]", "\"]\"");
            if (e.type() != Expr.Type.VECTOR) {
                throw p.errorAt(open.pos(), "subquery is only allowed on instant vector, got "
                        + Parser.typeName(e.type()) + " instead");
            }
            return new Expr.Subquery(e, range, step, 0, Expr.At.NONE);
        }
        p.expectToken("]", "\":\" or \"]\"");
        if (!(e instanceof Expr.VectorSelector vs)) {
            throw p.errorAt(open.pos(), "ranges only allowed for vector selectors");
        }
        if (vs.offsetMs() != 0) {
            throw p.errorAt(open.pos(), "no offset modifiers allowed before range");
        }
        if (vs.at().kind() != Expr.AtKind.NONE) {
            throw p.errorAt(open.pos(), "no @ modifiers allowed before range");
        }
        return new Expr.MatrixSelector(vs, range);
    }

    private static long duration(Parser p, String what) {
        Token t = p.peekToken();
        if (t.kind() != Token.Kind.DURATION && !(t.kind() == Token.Kind.NUMBER && t.text().equals("0"))) {
            throw p.unexpectedHere(what);
        }
        p.takeToken();
        try {
            return DurationLiteral.parseMs(t.text());
        } catch (IllegalArgumentException | ArithmeticException ex) {
            throw p.errorAt(t.pos(), "not a valid duration string: \"" + t.text() + "\"");
        }
    }

    static Expr offset(Parser p, Expr e) {
        Token kw = p.takeToken();
        boolean negative = false;
        if (p.peekToken().is("-")) {
            p.takeToken();
            negative = true;
        }
        long off = duration(p, "duration");
        off = negative ? -off : off;
        String twice = "offset may not be set multiple times";
        if (e instanceof Expr.VectorSelector vs) {
            if (vs.offsetMs() != 0) {
                throw p.errorAt(kw.pos(), twice);
            }
            return new Expr.VectorSelector(vs.name(), vs.matchers(), off, vs.at());
        }
        if (e instanceof Expr.MatrixSelector ms) {
            if (ms.selector().offsetMs() != 0) {
                throw p.errorAt(kw.pos(), twice);
            }
            Expr.VectorSelector vs = ms.selector();
            return new Expr.MatrixSelector(new Expr.VectorSelector(vs.name(), vs.matchers(), off, vs.at()), ms.rangeMs());
        }
        if (e instanceof Expr.Subquery sq) {
            if (sq.offsetMs() != 0) {
                throw p.errorAt(kw.pos(), twice);
            }
            return new Expr.Subquery(sq.expr(), sq.rangeMs(), sq.stepMs(), off, sq.at());
        }
        throw p.errorAt(kw.pos(),
                "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    }

    static Expr at(Parser p, Expr e) {
        Token kw = p.takeToken();
        Expr.At at = atValue(p);
        String twice = "@ <timestamp> may not be set multiple times";
        if (e instanceof Expr.VectorSelector vs) {
            if (vs.at().kind() != Expr.AtKind.NONE) {
                throw p.errorAt(kw.pos(), twice);
            }
            return new Expr.VectorSelector(vs.name(), vs.matchers(), vs.offsetMs(), at);
        }
        if (e instanceof Expr.MatrixSelector ms) {
            Expr.VectorSelector vs = ms.selector();
            if (vs.at().kind() != Expr.AtKind.NONE) {
                throw p.errorAt(kw.pos(), twice);
            }
            return new Expr.MatrixSelector(new Expr.VectorSelector(vs.name(), vs.matchers(), vs.offsetMs(), at),
                    ms.rangeMs());
        }
        if (e instanceof Expr.Subquery sq) {
            if (sq.at().kind() != Expr.AtKind.NONE) {
                throw p.errorAt(kw.pos(), twice);
            }
            return new Expr.Subquery(sq.expr(), sq.rangeMs(), sq.stepMs(), sq.offsetMs(), at);
        }
        throw p.errorAt(kw.pos(),
                "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    }

    private static Expr.At atValue(Parser p) {
        Token t = p.peekToken();
        if (t.is("start") || t.is("end")) {
            p.takeToken();
            p.expectToken("(", "\"(\"");
            p.expectToken(")", "\")\"");
            return new Expr.At(t.is("start") ? Expr.AtKind.START : Expr.AtKind.END, 0);
        }
        double sign = 1;
        if (t.is("-") || t.is("+")) {
            sign = t.is("-") ? -1 : 1;
            p.takeToken();
            t = p.peekToken();
        }
        if (t.kind() != Token.Kind.NUMBER) {
            throw p.unexpectedHere("number, \"start()\" or \"end()\"");
        }
        p.takeToken();
        double seconds = sign * p.number(t);
        double ms = Math.rint(seconds * 1000.0);
        if (Double.isNaN(seconds) || Double.isInfinite(seconds) || ms > Long.MAX_VALUE || ms < Long.MIN_VALUE) {
            throw p.errorAt(t.pos(), "timestamp out of bounds for @ modifier: " + seconds);
        }
        return new Expr.At(Expr.AtKind.TIME, (long) ms);
    }
}
