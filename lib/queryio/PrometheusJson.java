package queryio;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import java.math.BigDecimal;
import java.util.Map;
import query.QueryResult;

/**
 * A query's answer as Prometheus 2.42's HTTP API writes it ({@code /api/v1/query}, {@code /api/v1/query_range}):
 * {@code {"status":"success","data":{"resultType":"vector","result":[{"metric":{...},"value":[t,"v"]}]}}}, with
 * {@code "values"} for a matrix and {@code [t,"v"]} as the result of a scalar or string. Times are Unix seconds with
 * up to three decimals and values strings, both spelled as util/jsonutil/marshal.go spells them.
 */
public final class PrometheusJson {
    private PrometheusJson() {}

    /** The whole answer, one line without a line break. */
    public static String answer(QueryResult result) {
        StringBuilder out = new StringBuilder(256).append("{\"status\":\"success\",\"data\":{\"resultType\":\"");
        if (result instanceof QueryResult.Scalar s) {
            point(out.append("scalar\",\"result\":"), s.timeMs(), value(s.value()));
        } else if (result instanceof QueryResult.StringValue s) {
            point(out.append("string\",\"result\":"), s.timeMs(), s.text());
        } else if (result instanceof QueryResult.Vector v) {
            out.append("vector\",\"result\":[");
            for (int i = 0; i < v.samples().size(); i++) {
                QueryResult.VectorSample sample = v.samples().get(i);
                metric(out.append(i == 0 ? "{" : ",{"), sample.labels());
                point(out.append(",\"value\":"), sample.timeMs(), value(sample.value())).append('}');
            }
            out.append(']');
        } else {
            QueryResult.Matrix m = (QueryResult.Matrix) result;
            out.append("matrix\",\"result\":[");
            for (int i = 0; i < m.series().size(); i++) {
                QueryResult.RangeSeries series = m.series().get(i);
                metric(out.append(i == 0 ? "{" : ",{"), series.labels()).append(",\"values\":[");
                for (int j = 0; j < series.timesMs().length; j++) {
                    point(out.append(j == 0 ? "" : ","), series.timesMs()[j], value(series.values()[j]));
                }
                out.append("]}");
            }
            out.append(']');
        }
        return out.append("}}").toString();
    }

    /**
     * A sample value as the API writes it: Go's {@code strconv.AppendFloat(v, 'f', -1, 64)}, the shortest digits that
     * read back to the same double, or {@code 'e'} below 1e-6 and from 1e21 on ({@code 1e-07}, {@code 1e+21});
     * {@code NaN}, {@code +Inf}, {@code -Inf}.
     */
    public static String value(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == 0) return 1 / v < 0 ? "-0" : "0";
        BigDecimal shortest = new BigDecimal(DoubleToDecimal.toString(v)).stripTrailingZeros();
        if (shortest.precision() == 2) {
            // Java writes at least two digits and may then pick a closer pair (4.9e-324); Go stops at one that reads back.
            BigDecimal one = shortest.round(new java.math.MathContext(1, java.math.RoundingMode.HALF_EVEN));
            if (Double.parseDouble(one.toString()) == v) shortest = one.stripTrailingZeros();
        }
        double abs = Math.abs(v);
        if (abs >= 1e-6 && abs < 1e21) return shortest.toPlainString();
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        StringBuilder out = new StringBuilder(v < 0 ? "-" : "").append(digits.charAt(0));
        if (digits.length() > 1) out.append('.').append(digits, 1, digits.length());
        out.append('e').append(exponent < 0 ? '-' : '+');
        int e = Math.abs(exponent);
        if (e < 10) out.append('0');
        return out.append(e).toString();
    }

    /** A time in Unix seconds as the API writes it: integer seconds, then {@code .} and three digits when not whole. */
    public static String time(long ms) {
        StringBuilder out = new StringBuilder();
        if (ms < 0) {
            out.append('-');
            ms = -ms;
        }
        out.append(ms / 1000);
        long fraction = ms % 1000;
        if (fraction != 0) out.append('.').append(fraction < 100 ? "0" : "").append(fraction < 10 ? "0" : "").append(fraction);
        return out.toString();
    }

    private static StringBuilder point(StringBuilder out, long ms, String text) {
        out.append('[').append(time(ms)).append(',');
        return string(out, text).append(']');
    }

    private static StringBuilder metric(StringBuilder out, Map<String, String> labels) {
        out.append("\"metric\":{");
        boolean first = true;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!first) out.append(',');
            first = false;
            string(out, label.getKey()).append(':');
            string(out, label.getValue());
        }
        return out.append('}');
    }

    /** A JSON string, escaped as Go's encoding/json (jsoniter) escapes it: quotes, backslash, control characters, and {@code <>&}. */
    static StringBuilder string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"');
    }
}
