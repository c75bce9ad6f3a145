package query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The parser: what it builds, and bad expressions rejected with line, column and what was expected. */
class PromqlParserTest {
    private static void fails(String expr, String message) {
        assertThatThrownBy(() -> PromQL.parse(expr))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.kind()).isEqualTo(QueryException.Kind.PARSE))
                .hasMessage(message);
    }

    @Test
    void unclosedCallSaysWhereAndWhatWasExpected() {
        fails("sum(rate(x[5m])", "1:16: parse error: unexpected end of input, expected \",\" or \")\"");
        fails("foo{a=\"b\"", "1:10: parse error: unexpected end of input, expected \",\" or \"}\"");
        fails("1 +", "1:4: parse error: unexpected end of input, expected an expression");
        fails("foo bar", "1:5: parse error: unexpected identifier \"bar\", expected end of input or an operator");
        fails("sum(x) by", "1:10: parse error: unexpected end of input, expected \"(\"");
    }

    @Test
    void lineAndColumnCountFromOneAcrossLines() {
        fails("sum(x)\n  + on(", "2:8: parse error: unexpected end of input, expected label name or \")\"");
        fails("rate(\n  x[5m]\n  offset 5)", "3:10: parse error: unexpected number \"5\", expected duration");
    }

    @Test
    void badCharactersAndTokens() {
        fails("foo{a~\"b\"}", "1:6: parse error: unexpected character: '~'");
        fails("$", "1:1: parse error: unexpected character: '$'");
        fails("\"open", "1:1: parse error: unterminated quoted string \"");
        fails("x[5x]", "1:3: parse error: bad number or duration syntax: \"5x\"");
        fails("", "1:1: parse error: no expression found in input");
    }

    @Test
    void typeAndSemanticChecksOfPrometheus() {
        fails("rate(x)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector");
        fails("sum(rate(x[5m])) + histogram_quantile(0.9,\n  x[5m])",
                "2:3: parse error: expected type instant vector in call to function \"histogram_quantile\", got range vector");
        fails("sum(x[5m])", "1:5: parse error: expected type instant vector in aggregation expression, got range vector");
        fails("unknown_fn(x)", "1:1: parse error: unknown function with name \"unknown_fn\"");
        fails("1 > 2", "1:3: parse error: comparisons between scalars must use BOOL modifier");
        fails("a and 1", "1:3: parse error: set operator \"and\" not allowed in binary scalar expression");
        fails("{}", "1:1: parse error: vector selector must contain at least one non-empty matcher");
        fails("{a=~\".*\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher");
        fails("topk(x)", "1:5: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1");
        fails("(x)[5m]", "1:4: parse error: ranges only allowed for vector selectors");
        fails("x offset 1m offset 2m", "1:13: parse error: offset may not be set multiple times");
        fails("round(x, 1, 2)", "1:1: parse error: expected at most 2 argument(s) in call to \"round\", got 3");
        fails("foo{__name__=\"bar\"}", "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\"");
    }

    @Test
    void precedenceAndAssociativity() {
        Expr pow = PromQL.parse("2^3^2");
        assertThat(pow).isInstanceOfSatisfying(Expr.Binary.class, b -> assertThat(b.rhs()).isInstanceOf(Expr.Binary.class));
        Expr neg = PromQL.parse("-2^2");
        assertThat(neg).isInstanceOf(Expr.Unary.class);
        Expr mixed = PromQL.parse("a + b * c or d");
        assertThat(mixed).isInstanceOfSatisfying(Expr.Binary.class, b -> assertThat(b.op()).isEqualTo("or"));
    }

    @Test
    void literalsModifiersAndSubqueries() {
        assertThat(PromQL.parse("0x1F")).isEqualTo(new Expr.NumberLiteral(31));
        assertThat(PromQL.parse("010")).isEqualTo(new Expr.NumberLiteral(8));
        assertThat(((Expr.NumberLiteral) PromQL.parse("-Inf")).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(PromQL.parse("'a\\tb'")).isEqualTo(new Expr.StringLiteral("a\tb"));
        assertThat(PromQL.parse("`raw\\n`")).isEqualTo(new Expr.StringLiteral("raw\\n"));
        Expr.MatrixSelector ms = (Expr.MatrixSelector) PromQL.parse("x[1h30m] offset -1m @ 100.5");
        assertThat(ms.rangeMs()).isEqualTo(5_400_000L);
        assertThat(ms.selector().offsetMs()).isEqualTo(-60_000L);
        assertThat(ms.selector().at()).isEqualTo(new Expr.At(Expr.AtKind.TIME, 100_500L));
        Expr.Subquery sq = (Expr.Subquery) PromQL.parse("rate(x[5m])[1h:] @ end()");
        assertThat(sq.stepMs()).isZero();
        assertThat(sq.at().kind()).isEqualTo(Expr.AtKind.END);
        Expr.Binary b = (Expr.Binary) PromQL.parse("a * on(job) group_left(instance) b");
        assertThat(b.matching().card()).isEqualTo(Expr.VectorMatching.Card.MANY_TO_ONE);
        assertThat(b.matching().include()).containsExactly("instance");
        Expr.Aggregate a = (Expr.Aggregate) PromQL.parse("SUM(x) WITHOUT (job)");
        assertThat(a.without()).isTrue();
        assertThat(a.grouping()).containsExactly("job");
    }
}
