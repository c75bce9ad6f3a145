package queryio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import query.QueryResult;

/** The query command's times and durations, and its answers in Prometheus's JSON, as a table and as CSV. */
public class AnswerFormatsTest {
    static TreeMap<String, String> labels(String... pairs) {
        TreeMap<String, String> out = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) out.put(pairs[i], pairs[i + 1]);
        return out;
    }

    @Test
    void timesAreUnixSecondsWithFractionsOrRfc3339AsPrometheusReadsThem() {
        assertThat(QueryTimes.parseTime("1796119200")).isEqualTo(1_796_119_200_000L);
        assertThat(QueryTimes.parseTime("1796119200.5")).isEqualTo(1_796_119_200_500L);
        assertThat(QueryTimes.parseTime("1796119200.1234")).isEqualTo(1_796_119_200_123L);
        assertThat(QueryTimes.parseTime("2026-12-01T10:00:00Z")).isEqualTo(1_796_119_200_000L);
        assertThat(QueryTimes.parseTime("2026-12-01T11:00:00.25+01:00")).isEqualTo(1_796_119_200_250L);
        assertThatThrownBy(() -> QueryTimes.parseTime("yesterday")).hasMessage("invalid time 'yesterday': expected RFC 3339"
                + " (e.g. 2026-12-01T10:00:00Z) or Unix seconds (e.g. 1796119200 or 1796119200.5)");
    }

    @Test
    void stepsAreDurationsOrSeconds() {
        assertThat(QueryTimes.parseDuration("15s")).isEqualTo(15_000);
        assertThat(QueryTimes.parseDuration("1m")).isEqualTo(60_000);
        assertThat(QueryTimes.parseDuration("1h30m")).isEqualTo(5_400_000);
        assertThat(QueryTimes.parseDuration("30")).isEqualTo(30_000);
        assertThat(QueryTimes.parseDuration("0.5")).isEqualTo(500);
        assertThatThrownBy(() -> QueryTimes.parseDuration("0")).hasMessageContaining("is not positive");
        assertThatThrownBy(() -> QueryTimes.parseDuration("-5s")).hasMessageContaining("invalid duration '-5s'");
    }

    @Test
    void valuesAreSpelledAsGoFormatsThemForTheApi() {
        assertThat(List.of(1.0, 0.1, 1e20, 1e21, 1.5e-7, 123456789.125, -2.5, 0.0, -0.0, 1e-6, 5e-324, Double.MAX_VALUE)
                .stream().map(PrometheusJson::value).toList())
                .containsExactly("1", "0.1", "100000000000000000000", "1e+21", "1.5e-07", "123456789.125", "-2.5", "0", "-0",
                        "0.000001", "5e-324", "1.7976931348623157e+308");
        assertThat(PrometheusJson.value(Double.NaN)).isEqualTo("NaN");
        assertThat(PrometheusJson.value(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PrometheusJson.value(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(PrometheusJson.time(1_796_119_200_000L)).isEqualTo("1796119200");
        assertThat(PrometheusJson.time(1_796_119_200_050L)).isEqualTo("1796119200.050");
        assertThat(PrometheusJson.time(1_796_119_200_123L)).isEqualTo("1796119200.123");
    }

    @Test
    void jsonHasTheShapeOfPrometheusHttpApiAnswers() throws Exception {
        QueryResult.Vector vector = new QueryResult.Vector(List.of(new QueryResult.VectorSample(labels("__name__", "up", "job", "c<&>\""),
                1_796_119_200_500L, 1)));
        assertThat(PrometheusJson.answer(vector)).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                + "[{\"metric\":{\"__name__\":\"up\",\"job\":\"c\\u003c\\u0026\\u003e\\\"\"},\"value\":[1796119200.500,\"1\"]}]}}");
        QueryResult.Matrix matrix = new QueryResult.Matrix(List.of(new QueryResult.RangeSeries(labels("a", "1"),
                new long[] {1000, 2000}, new double[] {Double.NaN, 0.25})));
        JsonNode m = new ObjectMapper().readTree(PrometheusJson.answer(matrix));
        assertThat(m.at("/data/resultType").asText()).isEqualTo("matrix");
        assertThat(m.at("/data/result/0/metric").toString()).isEqualTo("{\"a\":\"1\"}");
        assertThat(m.at("/data/result/0/values").toString()).isEqualTo("[[1,\"NaN\"],[2,\"0.25\"]]");
        assertThat(PrometheusJson.answer(new QueryResult.Scalar(1000, 2))).isEqualTo(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"2\"]}}");
        assertThat(PrometheusJson.answer(new QueryResult.StringValue(1000, "x"))).isEqualTo(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1,\"x\"]}}");
        assertThat(PrometheusJson.answer(new QueryResult.Vector(List.of()))).isEqualTo(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
    }

    @Test
    void tableAndCsvShowSeriesTimesAndValues() {
        QueryResult.Vector vector = new QueryResult.Vector(List.of(
                new QueryResult.VectorSample(labels("__name__", "up", "job", "coppice"), 1_796_119_200_000L, 1),
                new QueryResult.VectorSample(labels("job", "a,b"), 1_796_119_200_000L, Double.POSITIVE_INFINITY)));
        assertThat(AnswerText.table(vector)).isEqualTo("SERIES             VALUE    at 2026-12-01T10:00:00Z\n"
                + "up{job=\"coppice\"}  1\n{job=\"a,b\"}        +Inf\n");
        assertThat(AnswerText.csv(vector)).isEqualTo("series,time,value\r\nup{job=\"\"coppice\"\"},1796119200,1\r\n"
                .replace("up{job=\"\"coppice\"\"}", "\"up{job=\"\"coppice\"\"}\"") + "\"{job=\"\"a,b\"\"}\",1796119200,+Inf\r\n");
        QueryResult.Matrix matrix = new QueryResult.Matrix(List.of(new QueryResult.RangeSeries(labels("__name__", "x"),
                new long[] {1_796_119_200_000L, 1_796_119_215_000L}, new double[] {1, 2})));
        assertThat(AnswerText.table(matrix)).isEqualTo("x\n  2026-12-01T10:00:00Z  1\n  2026-12-01T10:00:15Z  2\n");
        assertThat(AnswerText.table(new QueryResult.Matrix(List.of()))).isEqualTo("(no series)\n");
        assertThat(AnswerText.csv(new QueryResult.Scalar(1000, 0.5))).isEqualTo("series,time,value\r\nscalar,1,0.5\r\n");
    }
}
