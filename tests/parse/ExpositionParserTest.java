package parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import record.SeriesKey;

/**
 * Tricky inputs. The text 0.0.4 verdicts were checked against Prometheus 2.42 (Debian's package) scraping each body
 * over loopback: "up" where it accepted the scrape, its scrape error where it did not.
 */
class ExpositionParserTest {
    static Exposition prom(String text) throws ExpositionException {
        return ExpositionParser.parse(text, ExpositionFormat.PROMETHEUS);
    }

    static Exposition om(String text) throws ExpositionException {
        return ExpositionParser.parse(text, ExpositionFormat.OPENMETRICS);
    }

    static ExpositionException promError(String text) {
        try {
            prom(text);
        } catch (ExpositionException e) {
            return e;
        }
        throw new AssertionError("accepted: " + text);
    }

    static ExpositionException omError(String text) {
        try {
            om(text);
        } catch (ExpositionException e) {
            return e;
        }
        throw new AssertionError("accepted: " + text);
    }

    @Test
    void utf8InLabelValuesAndHelp() throws Exception {
        Exposition e = prom("# HELP a héllo ✓ ünïcode\n# TYPE a gauge\na{l=\"héllo ✓\"} 1\n");
        assertThat(e.series()).containsExactly(Map.entry("a{l=\"héllo ✓\"}", 1.0));
        assertThat(e.types()).containsExactly(Map.entry("a", "gauge"));
        byte[] bytes = "a{l=\"x✓\"} 1\n".getBytes(StandardCharsets.UTF_8);
        assertThat(ExpositionParser.parse(bytes, bytes.length, ExpositionFormat.PROMETHEUS)
                .series()).containsOnlyKeys("a{l=\"x✓\"}");
    }

    @Test
    void invalidUtf8IsRejectedLikePrometheus() {
        byte[] bytes = "a{b=\"?\"} 1\n".getBytes(StandardCharsets.US_ASCII);
        bytes[5] = (byte) 0xFF;
        assertThatThrownBy(() -> ExpositionParser.parse(bytes, bytes.length, ExpositionFormat.PROMETHEUS))
                .hasMessage("line 1, column 6: expected valid UTF-8 in the value of label \"b\", found byte 0xff");
    }

    @Test
    void byteOrderMarkIsRejected() {
        assertThat(promError("\ufeffa 1\n")).hasMessageStartingWith("line 1, column 1: expected a metric name")
                .hasMessageContaining("byte-order mark");
        assertThat(omError("\ufeffa 1\n# EOF\n").line()).isEqualTo(1);
    }

    @Test
    void crlfLineEndsAreRejectedOnSamplesButNotOnHelp() throws Exception {
        ExpositionException e = promError("a 1\r\nb 2\r\n");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(4);
        assertThat(e).hasMessageContaining("carriage return");
        assertThat(promError("a 1 1000\r\n")).hasMessageContaining("carriage return");
        assertThat(prom("# HELP a x\r\na 1\n").series()).containsExactly(Map.entry("a", 1.0));
        assertThat(omError("a 1\r\n# EOF\n")).hasMessageContaining("carriage return");
    }

    @Test
    void noTrailingNewlineAndEmptyBody() throws Exception {
        assertThat(prom("a{b=\"c\"} 1").series()).containsExactly(Map.entry("a{b=\"c\"}", 1.0));
        assertThat(prom("").series()).isEmpty();
        assertThat(om("a 1\n# EOF").series()).containsExactly(Map.entry("a", 1.0));
        assertThat(omError("")).hasMessage("line 1, column 1: expected \"# EOF\" as the last line (OpenMetrics 1.0,"
                + " ABNF \"exposition\"), found the end of the input");
    }

    @Test
    void blanksBetweenTokensInTextFormatOnly() throws Exception {
        assertThat(prom("a\t{b=\"c\"}\t 1 \t\n").series()).containsOnlyKeys("a{b=\"c\"}");
        assertThat(prom("a { d = \"e\" , b=\"c\" , } 2 1000 \n").series()).containsExactly(Map.entry("a{b=\"c\",d=\"e\"}", 2.0));
        assertThat(prom("a 1\n   \n\t\n\nb 2\n").series()).containsOnlyKeys("a", "b");
        assertThat(promError("  a 1\n")).hasMessage("line 1, column 1: expected the metric name at the start of the"
                + " line, found leading whitespace");
        assertThat(omError("a  1\n# EOF\n").column()).isEqualTo(3);
        assertThat(omError("a{b=\"c\", d=\"e\"} 1\n# EOF\n")).hasMessageContaining("expected a label name, found a space");
    }

    @Test
    void commentsThatAreNotHelpOrType() throws Exception {
        Exposition e = prom("# just a comment\n#nospace\n  # indented\n# HELP\n# TYPEx\n#\n# EOF\na 1\n");
        assertThat(e.series()).containsExactly(Map.entry("a", 1.0));
        assertThat(omError("# just a comment\na 1\n# EOF\n")).hasMessageContaining("has no comments");
    }

    @Test
    void typeLinesAsPrometheusReadsThem() throws Exception {
        assertThat(prom("# TYPE a\tcounter\na 1\n").types()).containsExactly(Map.entry("a", "counter"));
        assertThat(prom("# TYPE a untyped\na 1\n").types()).isEmpty();
        assertThat(promError("# TYPE a  counter\na 1\n")).hasMessageContaining("found \" counter\"");
        assertThat(promError("# TYPE a counter \n")).hasMessageContaining("found \"counter \"");
        assertThat(promError("# TYPE a unknown\n")).hasMessageContaining("found \"unknown\"");
        assertThat(promError("# HELP \na 1\n")).hasMessage("line 1, column 8: expected a metric name after HELP,"
                + " found the end of the line");
        assertThat(om("# TYPE a unknown\na 1\n# EOF\n").types()).isEmpty();
        assertThat(om("# TYPE a stateset\na{a=\"x\"} 1\na{a=\"y\"} 0\n# EOF\n").types())
                .containsExactly(Map.entry("a", "stateset"));
    }

    @Test
    void namesWithColonsAndLabelNamesWithUnderscores() throws Exception {
        assertThat(prom("job:rate:5m{_x=\"1\",__y=\"2\"} 1\n").series())
                .containsOnlyKeys("job:rate:5m{__y=\"2\",_x=\"1\"}");
        assertThat(promError("a{b:c=\"1\"} 1\n")).hasMessage("line 1, column 4: expected '=' after label name \"b\","
                + " found ':'");
        assertThat(promError("0a 1\n")).hasMessage("line 1, column 1: expected a metric name, a comment or an empty"
                + " line, found '0'");
    }

    static Stream<Arguments> acceptedValues() {
        return Stream.of(
                Arguments.of("1e-3", 0.001), Arguments.of("+Inf", Double.POSITIVE_INFINITY),
                Arguments.of("-Inf", Double.NEGATIVE_INFINITY), Arguments.of("-0", -0.0),
                Arguments.of("Infinity", Double.POSITIVE_INFINITY), Arguments.of("-infinity", Double.NEGATIVE_INFINITY),
                Arguments.of("inf", Double.POSITIVE_INFINITY), Arguments.of("nan", Double.NaN),
                Arguments.of("NaN", Double.NaN), Arguments.of(".5", 0.5), Arguments.of("5.", 5.0),
                Arguments.of("+.5e-2", 0.005), Arguments.of("00012", 12.0), Arguments.of("1E+05", 100000.0),
                Arguments.of("9007199254740993", 9007199254740992.0),
                Arguments.of("18446744073709551616", 18446744073709551616.0),
                Arguments.of("0.1", 0.1), Arguments.of("123456.789012345678901", 123456.789012345678901),
                Arguments.of("1e-400", 0.0), Arguments.of("2.2250738585072014E-308", Double.MIN_NORMAL));
    }

    @ParameterizedTest(name = "value {0}")
    @MethodSource("acceptedValues")
    void valuesGoAccepts(String text, double expected) throws Exception {
        assertThat(prom("a " + text + "\n").series().get("a")).isEqualTo(Double.valueOf(expected));
        assertThat(om("a " + text + "\n# EOF\n").series().get("a")).isEqualTo(Double.valueOf(expected));
    }

    @Test
    void decimalValuesReadAsTheSameDoubleAsJava() throws Exception {
        // The fast path (mantissa up to 2^53, power of ten up to 1e22) and the fallback must both round exactly
        // as Double.parseDouble does; fixed seed, 20,000 literals around the 2^53 boundary and the 1e22 limit.
        java.util.Random random = new java.util.Random(7);
        StringBuilder text = new StringBuilder();
        java.util.List<String> literals = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int digits = 14 + random.nextInt(6);
            StringBuilder mantissa = new StringBuilder().append((char) ('1' + random.nextInt(9)));
            for (int d = 1; d < digits; d++) mantissa.append((char) ('0' + random.nextInt(10)));
            if (i % 4 == 0) mantissa.replace(0, mantissa.length(), Long.toString((1L << 53) - 2 + random.nextInt(5)));
            int point = random.nextInt(mantissa.length() + 1);
            String literal = mantissa.substring(0, point) + "." + mantissa.substring(point)
                    + (random.nextBoolean() ? "" : "e" + (random.nextInt(51) - 25));
            literals.add(literal);
            text.append("v{i=\"").append(i).append("\"} ").append(literal).append('\n');
        }
        Map<String, Double> series = prom(text.toString()).series();
        assertThat(series).hasSize(literals.size());
        for (int i = 0; i < literals.size(); i++) {
            double expected = Double.parseDouble(literals.get(i));
            assertThat(Double.doubleToRawLongBits(series.get("v{i=\"" + i + "\"}")))
                    .as(literals.get(i)).isEqualTo(Double.doubleToRawLongBits(expected));
        }
    }

    @ParameterizedTest(name = "value {0}")
    @MethodSource("rejectedValueList")
    void valuesGoRejects(String text) {
        assertThat(promError("a " + text + "\n")).hasMessageStartingWith("line 1, column 3: expected a ");
        assertThat(omError("a " + text + "\n# EOF\n")).hasMessageStartingWith("line 1, column 3: expected a ");
    }

    static Stream<String> rejectedValueList() {
        return Stream.of("0x1f", "0X1F", "1.5f", "1d", "1_000", "0x1p3", "+nan", "-nan", "infin", "Inf1", "e5", "1e",
                "-", "1e400", "١", "1,5", "true");
    }

    @Test
    void integersBeyondDoublePrecisionAndInt64() throws Exception {
        assertThat(prom("a 9223372036854775807\nb 9223372036854775808\nc 123456789012345678901234567890\n").series())
                .containsExactly(Map.entry("a", 9.223372036854775807E18), Map.entry("b", 9.223372036854775808E18),
                        Map.entry("c", 1.2345678901234568E29));
    }

    @Test
    void textFormatTimestampsAreDigitOnlyMilliseconds() throws Exception {
        assertThat(prom("a 1 1700000000123\nb 2 0001000 \n").timestamps())
                .containsExactly(Map.entry("a", 1700000000123L), Map.entry("b", 1000L));
        // Prometheus 2.42's lexer takes digits only: a sign, a fraction or a second timestamp fails the scrape.
        assertThat(promError("a 1 -1000\n")).hasMessage("line 1, column 5: expected a timestamp (integer"
                + " milliseconds, digits only) or the end of the line, found '-'");
        assertThat(promError("a 1 +1000\n").column()).isEqualTo(5);
        assertThat(promError("a 1 1.5\n")).hasMessageContaining("found '.'");
        assertThat(promError("a 1 1000 2000\n")).hasMessageContaining("after the timestamp, found '2'");
        assertThat(promError("a 1 99999999999999999999\n")).hasMessageContaining("within int64 milliseconds");
    }

    @Test
    void openMetricsTimestampsAreSecondsKeptAsMilliseconds() throws Exception {
        Exposition e = om("a 1 1700000000.123\nb 2 -1.5\nc 3 1e3\n# EOF\n");
        assertThat(e.timestamps()).containsExactly(Map.entry("a", 1700000000123L), Map.entry("b", -1500L),
                Map.entry("c", 1000000L));
        assertThat(omError("a 1 NaN\n# EOF\n")).hasMessageContaining("timestamp in seconds");
    }

    @Test
    void sameSeriesTwiceInTextFormatKeepsTheFirstAndWarns() throws Exception {
        Exposition e = prom("a{x=\"1\",y=\"2\"} 1\nb 0\na{y=\"2\",x=\"1\"} 2\n");
        assertThat(e.series()).containsExactly(Map.entry("a{x=\"1\",y=\"2\"}", 1.0), Map.entry("b", 0.0));
        assertThat(e.warnings()).singleElement().asString().contains("line 3").contains("a{x=\"1\",y=\"2\"}");
    }

    @Test
    void sameSeriesTwiceInOpenMetricsIsAnError() {
        assertThat(omError("a 1\na 2\n# EOF\n")).hasMessageStartingWith("line 2, column 1: expected each series once");
    }

    @Test
    void labelEscapesAndOddities() throws Exception {
        assertThat(prom("a{b=\"q\\\"b\\\\n\\n\",c=\"\\f\"} 1\n").series())
                .containsOnlyKeys("a{b=\"q\\\"b\\\\n\\n\",c=\"\\\\f\"}");
        // Prometheus 2.42 takes a raw line feed inside a quoted value, a missing comma, a trailing comma.
        assertThat(prom("a{b=\"x\ny\"} 1\nc 2\n").series()).containsOnlyKeys("a{b=\"x\\ny\"}", "c");
        assertThat(prom("a{c=\"1\" b=\"2\",} 1\n").series()).containsOnlyKeys("a{b=\"2\",c=\"1\"}");
        assertThat(promError("a{b=\"1\",b=\"2\"} 1\n")).hasMessage("line 1, column 9: expected each label name once,"
                + " found label \"b\" twice");
        assertThat(promError("a{,} 1\n")).hasMessage("line 1, column 3: expected a label name or '}', found ','");
        assertThat(prom("a{} 1\n").series()).containsOnlyKeys("a");
    }

    @Test
    void errorMessagesSayWhereWhatWasExpectedAndWhatWasFound() {
        String text = "# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\n"
                + "http_requests_total{method=\"get\",code} 1\n";
        ExpositionException e = promError(text);
        assertThat(e).hasMessage("line 3, column 38: expected '=' after label name \"code\", found '}'");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(38);
        // Columns count characters, not bytes.
        assertThat(promError("a{l=\"ééé\"} x\n").column()).isEqualTo(12);
        // Long found text is cut.
        String longValue = "z".repeat(5000);
        assertThat(promError("a " + longValue + "\n").getMessage()).hasSizeLessThan(200).endsWith("...");
    }

    @Test
    void linesOfSeveralMegabytes() throws Exception {
        String big = "v".repeat(3_000_000);
        Exposition e = prom("# HELP a " + big + "\na{b=\"" + big + "\"} 1\n");
        assertThat(e.series()).hasSize(1);
        assertThat(e.series().keySet().iterator().next().length()).isEqualTo(3_000_000 + 7);
        assertThat(om("a{b=\"" + big + "\"} 1\n# EOF\n").series()).hasSize(1);
    }

    @Test
    void backslashAsTheLastByteIsAnUnterminatedValue() {
        // Found by ExpositionFuzzTest: this input used to loop forever.
        assertThat(promError("a{b=\"x\\")).hasMessage("line 1, column 5: expected '\"' to close the value of label"
                + " \"b\", found the end of the input");
        assertThat(omError("a{b=\"\\").line()).isEqualTo(1);
    }

    @Test
    void nulAtTheStartOfALineEndsTheExpositionAsInPrometheus() throws Exception {
        assertThat(prom("a 1\n\0garbage\n").series()).containsOnlyKeys("a");
        assertThat(prom("a{b=\"x\0y\"} 1\n").series()).containsOnlyKeys("a{b=\"x\0y\"}");
    }

    @Test
    void histogramsAndSummariesAsTheirSeries() throws Exception {
        Exposition e = prom("# TYPE h histogram\nh_bucket{le=\"0.5\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 0.7\nh_count 2\n"
                + "# TYPE s summary\ns{quantile=\"0.99\"} 3\ns_sum 4\ns_count 5\n");
        assertThat(e.series()).containsOnlyKeys("h_bucket{le=\"0.5\"}", "h_bucket{le=\"+Inf\"}", "h_sum", "h_count",
                "s{quantile=\"0.99\"}", "s_sum", "s_count");
        assertThat(e.types()).containsExactly(Map.entry("h", "histogram"), Map.entry("s", "summary"));
    }

    @Test
    void openMetricsInfoStatesetGaugehistogramAndUnit() throws Exception {
        Exposition e = om("# TYPE build info\nbuild_info{version=\"1\"} 1\n# TYPE st stateset\nst{st=\"a\"} 1\n"
                + "st{st=\"b\"} 0\n# TYPE g gaugehistogram\ng_bucket{le=\"1\"} 1\ng_bucket{le=\"+Inf\"} 2\ng_gcount 2\n"
                + "g_gsum 3\n# TYPE t_seconds counter\n# UNIT t_seconds seconds\nt_seconds_total 1 # {id=\"x\"} 1 2\n"
                + "t_seconds_created 1.5e9\n# EOF\n");
        assertThat(e.series()).containsOnlyKeys("build_info{version=\"1\"}", "st{st=\"a\"}", "st{st=\"b\"}",
                "g_bucket{le=\"1\"}", "g_bucket{le=\"+Inf\"}", "g_gcount", "g_gsum", "t_seconds_total",
                "t_seconds_created");
        assertThat(e.types()).containsEntry("build", "info").containsEntry("g", "gaugehistogram")
                .containsEntry("t_seconds", "counter");
        assertThat(omError("# TYPE a counter\na 1\n# EOF\n")).hasMessageContaining("_total or _created");
    }

    /**
     * The parser builds series keys straight from the body's bytes (its hot path) instead of through SeriesKey:
     * the keys must be SeriesKey's notation exactly, whatever escapes and label order the exposition used.
     */
    @Test
    void seriesKeysAreSeriesKeyNotationInBothFormats() throws ExpositionException {
        String body = "m{b=\"x\\\\y\",a=\"q\\\"\\n\"} 1\nm{z=\"\u00e9\u2603\",c=\"v\"} 2\nn 3\n";
        Exposition text = prom(body);
        Exposition openMetrics = om(body + "# EOF\n");
        assertThat(text.series().keySet()).containsExactly("m{a=\"q\\\"\\n\",b=\"x\\\\y\"}", "m{c=\"v\",z=\"\u00e9\u2603\"}", "n");
        assertThat(openMetrics.series().keySet()).isEqualTo(text.series().keySet());
        for (String key : text.series().keySet()) {
            SeriesKey.Parsed parsed = SeriesKey.parse(key);
            assertThat(SeriesKey.of(parsed.name(), parsed.labels())).isEqualTo(key);
        }
        assertThat(SeriesKey.parse("m{a=\"q\\\"\\n\",b=\"x\\\\y\"}").labels()).containsExactly(Map.entry("a", "q\"\n"), Map.entry("b", "x\\y"));
    }

    // ---- series identity: an empty label value is no label; the metric name is label __name__ ------------------

    @Test
    void anEmptyLabelValueIsNoLabelInTextFormat() throws ExpositionException {
        Exposition e = prom("job_queue_depth{host=\"host-a\",queue=\"\"} 4\njob_queue_depth{host=\"host-a\"} 9\n"
                + "job_queue_depth{host=\"host-a\",queue=\"batch\"} 2\n");
        assertThat(e.series()).containsExactly(Map.entry("job_queue_depth{host=\"host-a\"}", 4.0),
                Map.entry("job_queue_depth{host=\"host-a\",queue=\"batch\"}", 2.0));
        assertThat(e.warnings()).containsExactly("line 2: duplicate series job_queue_depth{host=\"host-a\"} dropped"
                + " (value 9), keeping the first sample (value 4)");
    }

    @Test
    void emptyLabelValuesLeaveTheKeyWhateverTheirPlaceAndSpelling() throws ExpositionException {
        // Every label empty: the bare name; blanks, order and escapes of the others still made canonical.
        Exposition e = prom("m{a=\"\",b=\"\"} 1\nn{ z=\"1\" , a=\"\" } 2\no{c=\"x\\\\y\",b=\"\",a=\"q\\f\"} 3\n"
                + "p{a=\"\"} 4 1000\np 5 2000\n");
        assertThat(e.series()).containsExactly(Map.entry("m", 1.0), Map.entry("n{z=\"1\"}", 2.0),
                Map.entry("o{a=\"q\\\\f\",c=\"x\\\\y\"}", 3.0), Map.entry("p", 4.0));
        assertThat(e.timestamps()).containsExactly(Map.entry("p", 1000L));
        assertThat(e.warnings()).containsExactly("line 5: duplicate series p dropped (value 5), keeping the first"
                + " sample (value 4)");
        assertThat(om("m{a=\"\",b=\"\"} 1\nn{a=\"\",z=\"1\"} 2\n# EOF\n").series())
                .containsExactly(Map.entry("m", 1.0), Map.entry("n{z=\"1\"}", 2.0));
    }

    @Test
    void anEmptyLabelValueIsNoLabelInOpenMetricsAndItsRepeatIsARepeat() throws ExpositionException {
        assertThat(om("job_queue_depth{host=\"host-a\",queue=\"\"} 4\njob_queue_depth{host=\"host-a\",queue=\"batch\"} 2\n"
                + "# EOF\n").series()).containsExactly(Map.entry("job_queue_depth{host=\"host-a\"}", 4.0),
                        Map.entry("job_queue_depth{host=\"host-a\",queue=\"batch\"}", 2.0));
        // As for any series twice without timestamps (OpenMetrics 1.0, MetricPoint).
        assertThat(omError("job_queue_depth{host=\"host-a\",queue=\"\"} 4\njob_queue_depth{host=\"host-a\"} 9\n# EOF\n"))
                .hasMessage("line 2, column 1: expected each series once (OpenMetrics 1.0, MetricPoint: repeated points"
                        + " of a metric need increasing timestamps), found job_queue_depth{host=\"host-a\"} again");
        // With a timestamp the repeat keeps the first sample and warns.
        Exposition e = om("g{a=\"\"} 1 5\ng 2 5\n# EOF\n");
        assertThat(e.series()).containsExactly(Map.entry("g", 1.0));
        assertThat(e.warnings()).containsExactly("line 2: series g repeated with timestamp 5000 ms; keeping the first"
                + " sample (value 1)");
    }

    @Test
    void openMetricsGroupsSamplesByTheirLabelSetsWithoutEmptyLabels() throws ExpositionException {
        // x="" on one bucket is the same histogram as the buckets without x: one group, ending with +Inf.
        Exposition e = om("# TYPE h histogram\nh_bucket{le=\"1\",x=\"\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_count 2\n"
                + "h_sum{x=\"\"} 3\n# EOF\n");
        assertThat(e.series()).containsExactly(Map.entry("h_bucket{le=\"1\"}", 1.0), Map.entry("h_bucket{le=\"+Inf\"}", 2.0),
                Map.entry("h_count", 2.0), Map.entry("h_sum", 3.0));
        // A summary's quantiles with and without an empty label are one metric, so no interleaving is seen.
        Exposition summary = om("# TYPE s summary\ns{quantile=\"0.5\",x=\"\"} 1\ns{quantile=\"0.9\"} 2\ns_count{x=\"\"} 3\n"
                + "s_sum 4\n# EOF\n");
        assertThat(summary.series()).containsOnlyKeys("s{quantile=\"0.5\"}", "s{quantile=\"0.9\"}", "s_count", "s_sum");
        // Empty le or quantile is no number: still refused.
        assertThat(omError("# TYPE h histogram\nh_bucket{le=\"\"} 1\n# EOF\n"))
                .hasMessageStartingWith("line 2, column 1: expected le to be a number other than NaN");
    }

    @Test
    void theMetricNameIsLabelNameSoNamingItAgainFailsTheScrape() {
        String body = "disk_free_bytes{__name__=\"disk_used_bytes\",mount=\"/data\"} 1024\n"
                + "disk_free_bytes{mount=\"/home\"} 2048\n";
        String message = "line 1, column 17: expected each label name once, found label \"__name__\", which is the"
                + " metric name \"disk_free_bytes\" again (Prometheus: label name \"__name__\" is not unique)";
        assertThat(promError(body)).hasMessage(message);
        assertThat(omError(body + "# EOF\n")).hasMessage(message);
        // Anywhere among the labels, on any line, with blanks in text 0.0.4, and even with the same or no value.
        assertThat(promError("a 1\nb{c=\"1\",__name__=\"b\"} 2\n")).hasMessageStartingWith("line 2, column 9: expected"
                + " each label name once, found label \"__name__\"");
        assertThat(promError("z { __name__ = \"\" } 1\n")).hasMessageStartingWith("line 1, column 5: expected each"
                + " label name once, found label \"__name__\"");
        assertThat(omError("# TYPE c counter\nc_total{x=\"1\",__name__=\"c_total\"} 1\n# EOF\n"))
                .hasMessageStartingWith("line 2, column 15: expected each label name once, found label \"__name__\"");
    }

    // ---- timestamps beyond int64 milliseconds ----------------------------------------------------------------

    @Test
    void anOpenMetricsTimestampBeyondInt64MillisecondsKeepsTheSampleWithoutIt() throws ExpositionException {
        Exposition e = om("# TYPE a counter\na_total 1 12345678901234567890.1234567890\n# EOF\n");
        assertThat(e.series()).containsExactly(Map.entry("a_total", 1.0));
        assertThat(e.timestamps()).isEmpty();
        assertThat(e.warnings()).containsExactly("line 2: timestamp \"12345678901234567890.1234567890\" s is beyond the"
                + " int64 millisecond range; the sample is kept without its timestamp");
        // Negative, and the first second past the top; other samples keep their timestamps.
        Exposition mixed = om("# TYPE g gauge\ng{x=\"1\"} 1 -1e17\ng{x=\"2\"} 2 9223372036854775.808\ng{x=\"3\"} 3 1.5\n"
                + "# EOF\n");
        assertThat(mixed.series()).containsExactly(Map.entry("g{x=\"1\"}", 1.0), Map.entry("g{x=\"2\"}", 2.0),
                Map.entry("g{x=\"3\"}", 3.0));
        assertThat(mixed.timestamps()).containsExactly(Map.entry("g{x=\"3\"}", 1500L));
        assertThat(mixed.warnings()).hasSize(2);
        assertThat(mixed.warnings().get(0)).startsWith("line 2: timestamp \"-1e17\" s is beyond");
        assertThat(mixed.warnings().get(1)).startsWith("line 3: timestamp \"9223372036854775.808\" s is beyond");
        // Inside the range it is kept.
        assertThat(om("a 1 9.2e15\nb 2 -9.2e15\n# EOF\n").timestamps())
                .containsExactly(Map.entry("a", 9_200_000_000_000_000_000L), Map.entry("b", -9_200_000_000_000_000_000L));
        // An exemplar's timestamp is not recorded, so any real number is fine.
        assertThat(om("# TYPE c counter\nc_total 1 # {t=\"1\"} 1 1e300\n# EOF\n").warnings()).isEmpty();
        // Still timestamps for the family rules: going backwards from the top of the range is refused.
        assertThat(omError("# TYPE g gauge\ng 1 1e300\ng 2 5\n# EOF\n"))
                .hasMessageStartingWith("line 3, column 1: expected timestamps that do not go backwards");
    }

    @Test
    void aTextFormatTimestampBeyondInt64MillisecondsFailsTheScrapeAsInPrometheus() throws ExpositionException {
        // Prometheus 2.42 (model/textparse/promparse.go) reads the timestamp with strconv.ParseInt(.., 10, 64).
        assertThat(promError("a 1 9223372036854775808\n")).hasMessage("line 1, column 5: expected a timestamp"
                + " within int64 milliseconds, found \"9223372036854775808\"");
        assertThat(promError("a 1 2\nb 1 123456789012345678901234567890\n")).hasMessageStartingWith("line 2, column 5:");
        assertThat(prom("a 1 9223372036854775807\n").timestamps()).containsExactly(Map.entry("a", Long.MAX_VALUE));
    }
}
