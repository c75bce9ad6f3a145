//DEPS com.fasterxml.jackson.core:jackson-core:2.20.1
package record;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scrape of one target: the line format of {@code data/metrics/YYYY-MM-DD.jsonl} (see README, "The record").
 *
 * <pre>{"v":1,"ts":"2026-11-29T10:18:30.123Z","target":"http://host:9090/metrics","up":1,"scrape_ms":12,
 *  "format":"prometheus","bytes":5123,"series":{"coppice_sandboxes_alive":3,...},"types":{"coppice_sandboxes_alive":"gauge",...}}</pre>
 *
 * @param ts         when the scrape started (UTC, millisecond precision)
 * @param target     the scraped URL with any credentials removed
 * @param up         whether the scrape and parse succeeded
 * @param scrapeMs   duration of the whole request and parse, in milliseconds
 * @param format     {@code "prometheus"} (text 0.0.4) or {@code "openmetrics"}; null when nothing was parsed
 * @param bytes      size of the (decompressed) body in bytes; -1 when no body was read
 * @param error      what went wrong, for {@code up=false}; null otherwise
 * @param series     canonical series key ({@link SeriesKey}) to sample value, in exposition order; empty when down
 * @param types      metric family name to its declared TYPE (counter, gauge, histogram, summary, ...); untyped families are left out
 * @param timestamps series key to the sample's own timestamp in epoch milliseconds, only for samples that carried one
 * @param instance   the target's name when several targets are watched ({@code --target NAME=URL}); null otherwise
 */
public record ScrapeRecord(
        Instant ts,
        String target,
        boolean up,
        long scrapeMs,
        String format,
        long bytes,
        String error,
        Map<String, Double> series,
        Map<String, String> types,
        Map<String, Long> timestamps,
        String instance) {

    /** A record of an unnamed target (no {@code "instance"}). */
    public ScrapeRecord(Instant ts, String target, boolean up, long scrapeMs, String format, long bytes, String error,
            Map<String, Double> series, Map<String, String> types, Map<String, Long> timestamps) {
        this(ts, target, up, scrapeMs, format, bytes, error, series, types, timestamps, null);
    }

    /** The same record, attributed to the named target. */
    public ScrapeRecord withInstance(String name) {
        return new ScrapeRecord(ts, target, up, scrapeMs, format, bytes, error, series, types, timestamps, name);
    }

    /** The record format version written in {@code "v"}. */
    public static final int VERSION = 1;

    /**
     * Characters beyond U+FFFF go out as their 4-byte UTF-8 form, as a String-based writer gives them; by default
     * Jackson's UTF-8 generator would write them as two escaped surrogates instead. Series keys are as long as the
     * exposition's label values (the parser takes any length): Jackson's default limit of 50,000 characters for a
     * field name would make such a record unreadable.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .streamReadConstraints(StreamReadConstraints.builder().maxNameLength(Integer.MAX_VALUE).build())
            .build();
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** A failed scrape: {@code up=0}, the error, no series. */
    public static ScrapeRecord failed(Instant ts, String target, long scrapeMs, String format, long bytes, String error) {
        return new ScrapeRecord(ts, target, false, scrapeMs, format, bytes, error, Map.of(), Map.of(), Map.of());
    }

    /** The record as one line of JSON, without the trailing newline. */
    public String toJson() {
        byte[] line = toJsonLine();
        return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
    }

    /**
     * The record as one line of JSON in UTF-8 with its trailing newline: the bytes to append to a day file in one
     * write (no String of the line in between).
     */
    public byte[] toJsonLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + series.size() * 64);
        try {
            writeJson(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Writes the record as one line of JSON in UTF-8, without the trailing newline: the same bytes as
     * {@link #toJson()}, streamed (no copy of the whole line in memory, which for 200,000 series is ~25 MB).
     * The stream is flushed, not closed. Jackson buffers its own writes (8 KB), so a bare stream is fine.
     *
     * @throws IOException from the stream
     */
    public void writeJson(OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET); // the caller's stream (often System.out) stays open
            g.writeStartObject();
            g.writeNumberField("v", VERSION);
            g.writeStringField("ts", TS.format(ts));
            if (instance != null) g.writeStringField("instance", instance);
            g.writeStringField("target", target);
            g.writeNumberField("up", up ? 1 : 0);
            g.writeNumberField("scrape_ms", scrapeMs);
            if (format != null) g.writeStringField("format", format);
            if (bytes >= 0) g.writeNumberField("bytes", bytes);
            if (error != null) g.writeStringField("error", error);
            if (up) {
                g.writeObjectFieldStart("series");
                if (series instanceof SeriesMap compact) {
                    // The parser's own map: read its arrays, no boxed Double per sample.
                    for (int i = 0, n = compact.size(); i < n; i++) {
                        g.writeFieldName(compact.keyAt(i));
                        writeValue(g, compact.valueAt(i));
                    }
                } else {
                    for (Map.Entry<String, Double> e : series.entrySet()) {
                        g.writeFieldName(e.getKey());
                        writeValue(g, e.getValue());
                    }
                }
                g.writeEndObject();
                if (!types.isEmpty()) {
                    g.writeObjectFieldStart("types");
                    for (Map.Entry<String, String> e : types.entrySet()) g.writeStringField(e.getKey(), e.getValue());
                    g.writeEndObject();
                }
                if (!timestamps.isEmpty()) {
                    g.writeObjectFieldStart("timestamps");
                    for (Map.Entry<String, Long> e : timestamps.entrySet()) g.writeNumberField(e.getKey(), e.getValue());
                    g.writeEndObject();
                }
            }
            g.writeEndObject();
        }
    }

    /**
     * Reads one line written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException saying what is wrong when the line is not a valid record
     */
    public static ScrapeRecord parse(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("not a JSON object");
            Instant ts = null;
            String target = null, format = null, error = null, instance = null;
            Integer up = null;
            long scrapeMs = 0, bytes = -1;
            Map<String, Double> series = Map.of();
            Map<String, String> types = Map.of();
            Map<String, Long> timestamps = Map.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "v" -> {
                        if (p.getIntValue() != VERSION) throw new IllegalArgumentException("unsupported record version " + p.getText());
                    }
                    case "ts" -> ts = Instant.parse(p.getText());
                    case "target" -> target = p.getText();
                    case "instance" -> instance = p.getText();
                    case "up" -> up = p.getIntValue();
                    case "scrape_ms" -> scrapeMs = p.getLongValue();
                    case "format" -> format = p.getText();
                    case "bytes" -> bytes = p.getLongValue();
                    case "error" -> error = p.getText();
                    case "series" -> series = readSeries(p);
                    case "types" -> types = readStrings(p);
                    case "timestamps" -> timestamps = readLongs(p);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("unexpected content after the record");
            }
            if (ts == null || up == null) throw new IllegalArgumentException("missing \"ts\" or \"up\"");
            return new ScrapeRecord(ts, target, up == 1, scrapeMs, format, bytes, error, series, types, timestamps, instance);
        } catch (IOException | DateTimeParseException | IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage().lines().findFirst().orElse("invalid JSON"), e);
        }
    }

    /**
     * Writes a sample value: whole numbers below 2^53 as JSON integers, other finite values in the shortest
     * form that reads back to the same double, and NaN / +Inf / -Inf as the strings {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"}.
     */
    static void writeValue(JsonGenerator g, double v) throws IOException {
        if (Double.isNaN(v)) g.writeString("NaN");
        else if (v == Double.POSITIVE_INFINITY) g.writeString("+Inf");
        else if (v == Double.NEGATIVE_INFINITY) g.writeString("-Inf");
        else if (v == Math.rint(v) && Math.abs(v) < 0x1p53 && !(v == 0 && 1 / v < 0)) g.writeNumber((long) v);
        else g.writeNumber(v);
    }

    /** Reads a value written by {@link #writeValue}. */
    public static double readValue(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return switch (p.getText()) {
                case "NaN" -> Double.NaN;
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> throw new IllegalArgumentException("invalid sample value \"" + p.getText() + "\"");
            };
        }
        if (!p.currentToken().isNumeric()) throw new IllegalArgumentException("sample value is not a number: " + p.getText());
        return p.getDoubleValue();
    }

    private static Map<String, Double> readSeries(JsonParser p) throws IOException {
        expectObject(p, "series");
        Map<String, Double> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            out.put(key, readValue(p));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, String> readStrings(JsonParser p) throws IOException {
        expectObject(p, "types");
        Map<String, String> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            out.put(key, p.getText());
        }
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, Long> readLongs(JsonParser p) throws IOException {
        expectObject(p, "timestamps");
        Map<String, Long> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            out.put(key, p.getLongValue());
        }
        return Collections.unmodifiableMap(out);
    }

    private static void expectObject(JsonParser p, String field) {
        if (p.currentToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("\"" + field + "\" is not an object");
    }
}
