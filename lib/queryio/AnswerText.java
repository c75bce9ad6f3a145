package queryio;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import query.QueryResult;
import record.SeriesKey;

/**
 * A query's answer for a person (a table) or a spreadsheet (CSV). Series are written in the series key notation of
 * the day files ({@code name{label="value",...}}), values as Prometheus's API spells them ({@link PrometheusJson#value}).
 */
public final class AnswerText {
    private AnswerText() {}

    /** One row of either form: series, time in Unix milliseconds, value. */
    private record Row(String series, long timeMs, String value) {}

    /**
     * A table: for an instant vector or a scalar one line per sample, {@code SERIES  VALUE} under a heading with the
     * evaluation time; for a matrix each series, then its samples indented as {@code TIME  VALUE} (RFC 3339, UTC).
     * An empty answer reads {@code (no series)}. Ends with a line break.
     */
    public static String table(QueryResult result) {
        StringBuilder out = new StringBuilder();
        if (result instanceof QueryResult.Matrix m) {
            if (m.series().isEmpty()) return "(no series)\n";
            for (QueryResult.RangeSeries s : m.series()) {
                out.append(series(s.labels())).append('\n');
                for (int i = 0; i < s.timesMs().length; i++) {
                    out.append("  ").append(Instant.ofEpochMilli(s.timesMs()[i])).append("  ").append(PrometheusJson.value(s.values()[i])).append('\n');
                }
            }
            return out.toString();
        }
        List<Row> rows = rows(result);
        if (rows.isEmpty()) return "(no series)\n";
        int width = "SERIES".length();
        for (Row r : rows) width = Math.max(width, r.series().length());
        out.append(pad("SERIES", width)).append("  VALUE    at ").append(Instant.ofEpochMilli(rows.get(0).timeMs())).append('\n');
        for (Row r : rows) out.append(pad(r.series(), width)).append("  ").append(r.value()).append('\n');
        return out.toString();
    }

    /**
     * CSV (RFC 4180, CRLF line ends): the header {@code series,time,value}, then one row per sample; time in Unix
     * seconds as the API writes it. A scalar's series is {@code scalar}, a string's {@code string}.
     */
    public static String csv(QueryResult result) {
        StringBuilder out = new StringBuilder("series,time,value\r\n");
        for (Row r : rows(result)) {
            out.append(csvField(r.series())).append(',').append(PrometheusJson.time(r.timeMs())).append(',').append(csvField(r.value())).append("\r\n");
        }
        return out.toString();
    }

    private static List<Row> rows(QueryResult result) {
        List<Row> rows = new ArrayList<>();
        if (result instanceof QueryResult.Scalar s) {
            rows.add(new Row("scalar", s.timeMs(), PrometheusJson.value(s.value())));
        } else if (result instanceof QueryResult.StringValue s) {
            rows.add(new Row("string", s.timeMs(), s.text()));
        } else if (result instanceof QueryResult.Vector v) {
            for (QueryResult.VectorSample s : v.samples()) rows.add(new Row(series(s.labels()), s.timeMs(), PrometheusJson.value(s.value())));
        } else {
            for (QueryResult.RangeSeries s : ((QueryResult.Matrix) result).series()) {
                String name = series(s.labels());
                for (int i = 0; i < s.timesMs().length; i++) rows.add(new Row(name, s.timesMs()[i], PrometheusJson.value(s.values()[i])));
            }
        }
        return rows;
    }

    /** {@code name{a="1",b="2"}}, or {@code {a="1"}} for a series without a name, {@code {}} for none at all. */
    static String series(Map<String, String> labels) {
        TreeMap<String, String> rest = new TreeMap<>(labels);
        String name = rest.remove("__name__");
        if (name == null) return rest.isEmpty() ? "{}" : SeriesKey.of("", rest);
        return SeriesKey.of(name, rest);
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    private static String csvField(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) return text;
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
