package query;

import java.util.List;
import java.util.SortedMap;

/**
 * The answer to a query, in the four shapes of Prometheus 2.42 (promql/value.go; the HTTP API's resultType
 * {@code scalar}, {@code string}, {@code vector}, {@code matrix}). Times are Unix milliseconds. Labels are sorted by
 * name and never hold an empty value.
 */
public sealed interface QueryResult {
    /** A single number at one time (an instant query of a scalar expression). */
    record Scalar(long timeMs, double value) implements QueryResult {}

    /** A string at one time (an instant query of a string literal). */
    record StringValue(long timeMs, String text) implements QueryResult {}

    /** One sample per series at one time (an instant query of a vector expression), in the engine's order. */
    record Vector(List<VectorSample> samples) implements QueryResult {}

    /** Samples over time per series (a range query, or an instant query of a range selector or subquery). */
    record Matrix(List<RangeSeries> series) implements QueryResult {}

    /** One sample of an instant vector. */
    record VectorSample(SortedMap<String, String> labels, long timeMs, double value) {}

    /**
     * One series of a matrix; {@code timesMs} increasing, {@code values} the same length. Series are sorted by labels
     * in a range query's answer, as Prometheus sorts them.
     */
    record RangeSeries(SortedMap<String, String> labels, long[] timesMs, double[] values) {}
}
