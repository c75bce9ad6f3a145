package query;

/**
 * The entry to the PromQL engine: parse an expression, answer an instant or a range query as Prometheus 2.42 does
 * (promql/engine.go, promql/functions.go, promql/parser/). Series are read only through a {@link SeriesSource}.
 */
public final class PromQL {
    private PromQL() {}

    /**
     * Parses an expression into its syntax tree.
     *
     * @throws QueryException of kind PARSE whose message reads {@code line:column: what was found, what was expected}
     *     (1-based line and column)
     */
    public static Expr parse(String expression) {
        return Parser.parse(expression);
    }

    /**
     * Evaluates {@code expression} at one time, Unix milliseconds. The result is a Scalar, a StringValue, a Vector, or
     * a Matrix (for a range selector or a subquery).
     *
     * @throws QueryException PARSE for a bad expression, EXECUTION for an error Prometheus also raises at evaluation
     *     (same wording), DATA when the source cannot be read
     */
    public static QueryResult instant(SeriesSource source, String expression, long timeMs, QueryOptions options) {
        return Evaluator.instant(source, parse(expression), timeMs, options);
    }

    /** As {@link #instant(SeriesSource, String, long, QueryOptions)}, for an expression already parsed. */
    public static QueryResult instant(SeriesSource source, Expr expression, long timeMs, QueryOptions options) {
        return Evaluator.instant(source, expression, timeMs, options);
    }

    /** As {@link #range(SeriesSource, String, long, long, long, QueryOptions)}, for an expression already parsed. */
    public static QueryResult range(SeriesSource source, Expr expression, long startMs, long endMs, long stepMs,
            QueryOptions options) {
        return Evaluator.range(source, expression, startMs, endMs, stepMs, options);
    }

    /**
     * Evaluates {@code expression} at every step from {@code startMs} to {@code endMs} (both included, Unix
     * milliseconds, {@code stepMs > 0}). The result is always a Matrix (a scalar gives one series without labels).
     *
     * @throws QueryException PARSE for a bad expression; EXECUTION when the expression is not a scalar or an instant
     *     vector, when end is before start, when there would be more than {@code options.maxPointsPerSeries()} steps
     *     (Prometheus's wording), or for an evaluation error
     */
    public static QueryResult range(SeriesSource source, String expression, long startMs, long endMs, long stepMs,
            QueryOptions options) {
        return Evaluator.range(source, parse(expression), startMs, endMs, stepMs, options);
    }
}
