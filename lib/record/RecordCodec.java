//DEPS com.fasterxml.jackson.core:jackson-core:2.20.1
package record;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The record line format of the day files {@code data/metrics/YYYY-MM-DD.jsonl} (docs/record.md): the one
 * owner of its field names and their order, its version, how sample values and timestamps are written and read, and
 * the wording of "this line is not a record".
 *
 * <pre>{"v":1,"ts":"2026-11-29T10:18:30.123Z","target":"http://host:9090/metrics","up":1,"scrape_ms":12,
 *  "format":"prometheus","bytes":5123,"series":{"coppice_sandboxes_alive":3,...},"types":{"coppice_sandboxes_alive":"gauge",...}}</pre>
 *
 * <p>Writing: {@link #write}, {@link #line}, {@link #json}. Reading: {@link #parse} gives the whole
 * {@link ScrapeRecord} (export, tests); {@link CompactRecordReader} gives the page's {@link CompactRecord}, through its
 * hand-written fast path for lines exactly as written here and {@link #parseCompact} (this class) for any other
 * valid JSON shape. Both Jackson reads go through one field loop, so they accept and reject the same lines.
 */
public final class RecordCodec {
    /** The record format version written in {@code "v"}; lines of any other version are not read. */
    public static final int VERSION = 1;

    // Field names, in the order they are written (the fast path of CompactRecordReader relies on that order).
    static final String V = "v";
    static final String TS = "ts";
    static final String INSTANCE = "instance";
    static final String TARGET = "target";
    static final String UP = "up";
    static final String SCRAPE_MS = "scrape_ms";
    static final String FORMAT = "format";
    static final String BYTES = "bytes";
    static final String ERROR = "error";
    static final String SERIES = "series";
    static final String TYPES = "types";
    static final String TIMESTAMPS = "timestamps";

    // Sample values JSON numbers cannot hold are written as these strings (the text format's spelling).
    static final String NAN = "NaN";
    static final String POSITIVE_INFINITY = "+Inf";
    static final String NEGATIVE_INFINITY = "-Inf";

    /**
     * Characters beyond U+FFFF go out as their 4-byte UTF-8 form, as a String-based writer gives them; by default
     * Jackson's UTF-8 generator would write them as two escaped surrogates instead. Series keys are as long as the
     * exposition's label values (the parser takes any length): Jackson's default limit of 50,000 characters for a
     * field name would make such a record unreadable.
     */
    static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            // Shortest digits that read back to the same double; JDK 17's Double.toString is exact too but
            // sometimes longer (1.0E23 as 9.999999999999999E22).
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .streamReadConstraints(StreamReadConstraints.builder().maxNameLength(Integer.MAX_VALUE).build())
            .build();
    private static final DateTimeFormatter TS_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String[] NO_KEYS = {};
    private static final double[] NO_VALUES = {};

    private RecordCodec() {}

    // ---- writing -------------------------------------------------------------------------------------------------

    /** The record as one line of JSON, without the trailing newline. */
    public static String json(ScrapeRecord record) {
        byte[] line = line(record);
        return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
    }

    /**
     * The record as one line of JSON in UTF-8 with its trailing newline: the bytes to append to a day file in one
     * write (no String of the line in between).
     */
    public static byte[] line(ScrapeRecord record) {
        try {
            if (record.series().size() <= EXACT_SIZE_FROM_SERIES) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(512 + record.series().size() * 48);
                write(record, out);
                out.write('\n');
                return out.toByteArray();
            }
            // A large record: count its bytes first, then write them into one array of exactly that size. One more
            // pass of the writer, but the line is held once (a growing buffer and its final copy held it up to three
            // times over, which for the largest body --max-bytes accepts did not fit watch's heap).
            CountingStream counter = new CountingStream();
            write(record, counter);
            long size = counter.count + 1;
            if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("record line of " + size + " bytes is larger than 2 GiB");
            ExactStream out = new ExactStream((int) size);
            write(record, out);
            out.buffer[out.count++] = '\n';
            if (out.count != size) throw new IllegalStateException("record line changed size between two writes: " + size + " then " + out.count);
            return out.buffer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Above this many series, {@link #line} measures the line before it allocates it. */
    private static final int EXACT_SIZE_FROM_SERIES = 20_000;

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    private static final class ExactStream extends OutputStream {
        final byte[] buffer;
        int count;

        ExactStream(int size) {
            buffer = new byte[size];
        }

        @Override
        public void write(int b) {
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.arraycopy(b, off, buffer, count, len);
            count += len;
        }
    }

    /**
     * Writes the record as one line of JSON in UTF-8, without the trailing newline: the same bytes as
     * {@link #json}, streamed (no copy of the whole line in memory, which for 200,000 series is ~25 MB).
     * The stream is flushed, not closed. Jackson buffers its own writes (8 KB), so a bare stream is fine.
     *
     * @throws IOException from the stream
     */
    public static void write(ScrapeRecord record, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET); // the caller's stream (often System.out) stays open
            g.writeStartObject();
            g.writeNumberField(V, VERSION);
            g.writeStringField(TS, TS_FORMAT.format(record.ts()));
            if (record.instance() != null) g.writeStringField(INSTANCE, record.instance());
            g.writeStringField(TARGET, record.target());
            g.writeNumberField(UP, record.up() ? 1 : 0);
            g.writeNumberField(SCRAPE_MS, record.scrapeMs());
            if (record.format() != null) g.writeStringField(FORMAT, record.format());
            if (record.bytes() >= 0) g.writeNumberField(BYTES, record.bytes());
            if (record.error() != null) g.writeStringField(ERROR, record.error());
            if (record.up()) {
                g.writeObjectFieldStart(SERIES);
                if (record.series() instanceof SeriesMap compact) {
                    // The parser's own map: read its arrays, no boxed Double per sample.
                    for (int i = 0, n = compact.size(); i < n; i++) {
                        g.writeFieldName(compact.keyAt(i));
                        writeValue(g, compact.valueAt(i));
                    }
                } else {
                    for (Map.Entry<String, Double> e : record.series().entrySet()) {
                        g.writeFieldName(e.getKey());
                        writeValue(g, e.getValue());
                    }
                }
                g.writeEndObject();
                if (!record.types().isEmpty()) {
                    g.writeObjectFieldStart(TYPES);
                    for (Map.Entry<String, String> e : record.types().entrySet()) g.writeStringField(e.getKey(), e.getValue());
                    g.writeEndObject();
                }
                if (!record.timestamps().isEmpty()) {
                    g.writeObjectFieldStart(TIMESTAMPS);
                    for (Map.Entry<String, Long> e : record.timestamps().entrySet()) g.writeNumberField(e.getKey(), e.getValue());
                    g.writeEndObject();
                }
            }
            g.writeEndObject();
        }
    }

    /**
     * Writes a sample value: finite values as JSON numbers in the one spelling ({@link ValueText}), and NaN / +Inf /
     * -Inf as the strings {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"}.
     */
    private static void writeValue(JsonGenerator g, double v) throws IOException {
        if (Double.isNaN(v)) g.writeString(NAN);
        else if (v == Double.POSITIVE_INFINITY) g.writeString(POSITIVE_INFINITY);
        else if (v == Double.NEGATIVE_INFINITY) g.writeString(NEGATIVE_INFINITY);
        else g.writeNumber(ValueText.of(v));
    }

    // ---- reading -------------------------------------------------------------------------------------------------

    /**
     * Reads one line written by {@link #json} (or any JSON object with the same fields), whole.
     *
     * @throws IllegalArgumentException saying what is wrong when the line is not a valid record
     */
    public static ScrapeRecord parse(String line) {
        Fields f;
        try (JsonParser p = JSON.createParser(line)) {
            f = readFields(p, UnaryOperator.identity(), SeriesKey::canonical);
        } catch (IOException | RuntimeException e) {
            throw invalid(e);
        }
        Map<String, Double> series = new LinkedHashMap<>();
        for (int i = 0; i < f.keys.length; i++) series.put(f.keys[i], f.values[i]);
        return new ScrapeRecord(Instant.ofEpochMilli(f.ts), f.target, f.up == 1, f.scrapeMs, f.format, f.bytes, f.error,
                Collections.unmodifiableMap(series), Collections.unmodifiableMap(f.types), Collections.unmodifiableMap(f.timestamps),
                f.instance);
    }

    /**
     * Reads the line {@code b[start, end)} (no newline inside) into a {@link CompactRecord} with Jackson: the way for
     * lines that {@link CompactRecordReader}'s fast path does not vouch for. Invalid UTF-8 is read as U+FFFD, as the
     * record format asks. Declared types go into {@code types} where they differ from what it holds.
     *
     * @param intern    gives one String instance per distinct text, for instance names and types
     * @param seriesKey gives the canonical key ({@link SeriesKey#canonical}) of a series key as written, one String
     *                  instance per distinct key
     * @throws IllegalArgumentException saying what is wrong when the line is not a valid record
     */
    static CompactRecord parseCompact(byte[] b, int start, int end, Map<String, String> types, UnaryOperator<String> intern,
            UnaryOperator<String> seriesKey) {
        Fields f;
        try (JsonParser p = JSON.createParser(b, start, end - start)) {
            f = readFields(p, intern, seriesKey);
        } catch (IOException | RuntimeException first) {
            // Jackson refuses invalid UTF-8; decoding the line replaces bad bytes by U+FFFD.
            String text = new String(b, start, end - start, StandardCharsets.UTF_8);
            if (text.indexOf('\uFFFD') < 0) throw invalid(first);
            try (JsonParser p = JSON.createParser(text)) {
                f = readFields(p, intern, seriesKey);
            } catch (IOException | RuntimeException second) {
                throw invalid(second);
            }
        }
        Map<String, String> own = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : f.types.entrySet()) {
            String family = intern.apply(e.getKey()), type = intern.apply(e.getValue());
            own.put(family, type);
            if (!type.equals(types.get(family))) types.put(family, type);
        }
        return new CompactRecord(f.ts, f.up == 1, f.keys, f.values, f.instance, f.instance == null && f.target != null ? intern.apply(f.target) : null,
                f.scrapeMs, f.up == 1 ? Collections.unmodifiableMap(own) : Map.of(), f.up == 1 ? null : f.error);
    }

    /**
     * The JSON string {@code b[from, to)} (its quotes included) decoded, or null when it is not one in valid UTF-8.
     */
    static String jsonString(byte[] b, int from, int to) {
        try (JsonParser p = JSON.createParser(b, from, to - from)) {
            return p.nextToken() == JsonToken.VALUE_STRING ? p.getText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** What one line holds, as {@link #readFields} found it. */
    private static final class Fields {
        long ts = Long.MIN_VALUE;
        int up = -1;
        String instance, target, format, error;
        long scrapeMs, bytes = -1;
        String[] keys = NO_KEYS;
        double[] values = NO_VALUES;
        Map<String, String> types = Map.of();
        Map<String, Long> timestamps = Map.of();
    }

    /**
     * The one field loop of both Jackson reads: a JSON object of the record's fields in any order (unknown fields
     * skipped), each of its type; {@code "ts"} and {@code "up"} required. A down record ({@code "up":0}) has no series.
     * Series keys come out canonical through {@code seriesKey} (records written before the identity rule may hold
     * {@code x=""} labels); keys that collapse to one keep the first sample.
     */
    private static Fields readFields(JsonParser p, UnaryOperator<String> intern, UnaryOperator<String> seriesKey)
            throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("not a JSON object");
        Fields f = new Fields();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case V -> {
                    if (t != JsonToken.VALUE_NUMBER_INT || p.getIntValue() != VERSION) {
                        throw new IllegalArgumentException("unsupported record version " + p.getText());
                    }
                }
                case TS -> f.ts = parseTimestamp(string(p, t, TS));
                case INSTANCE -> f.instance = intern.apply(string(p, t, INSTANCE));
                case TARGET -> f.target = string(p, t, TARGET);
                case UP -> {
                    if (t != JsonToken.VALUE_NUMBER_INT || (p.getIntValue() != 0 && p.getIntValue() != 1)) throw notA(UP, "0 or 1");
                    f.up = p.getIntValue();
                }
                case SCRAPE_MS -> f.scrapeMs = integer(p, t, SCRAPE_MS);
                case FORMAT -> f.format = string(p, t, FORMAT);
                case BYTES -> f.bytes = integer(p, t, BYTES);
                case ERROR -> f.error = string(p, t, ERROR);
                case SERIES -> readSeries(p, t, f, seriesKey);
                case TYPES -> {
                    object(t, TYPES);
                    f.types = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String family = p.currentName();
                        if (p.nextToken() != JsonToken.VALUE_STRING) throw notA(TYPES, "an object of strings");
                        f.types.put(family, p.getText());
                    }
                }
                case TIMESTAMPS -> {
                    object(t, TIMESTAMPS);
                    f.timestamps = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = SeriesKey.canonical(p.currentName());
                        if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) throw notA(TIMESTAMPS, "an object of integers");
                        f.timestamps.putIfAbsent(key, p.getLongValue());
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
            throw new IllegalArgumentException("unexpected content after the record");
        }
        if (f.ts == Long.MIN_VALUE || f.up < 0) throw new IllegalArgumentException("missing \"ts\" or \"up\"");
        if (f.up == 0) {
            f.keys = NO_KEYS;
            f.values = NO_VALUES;
        }
        return f;
    }

    private static void readSeries(JsonParser p, JsonToken t, Fields f, UnaryOperator<String> seriesKey) throws IOException {
        object(t, SERIES);
        String[] k = new String[32];
        double[] v = new double[32];
        int n = 0;
        boolean collapsed = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            if (n == k.length) {
                k = Arrays.copyOf(k, n * 2);
                v = Arrays.copyOf(v, n * 2);
            }
            String canonical = seriesKey.apply(key);
            // Canonicalizing only ever drops text, so a shorter key is one that may now equal another.
            if (canonical.length() != key.length()) collapsed = true;
            k[n] = canonical;
            v[n++] = readValue(p);
        }
        if (collapsed) n = keepFirstOfEachKey(k, v, n);
        f.keys = Arrays.copyOf(k, n);
        f.values = Arrays.copyOf(v, n);
    }

    /**
     * Keeps the first sample of each key in {@code k[0, n)} (and its value in {@code v}), in order, for a record
     * whose keys collapsed to one under {@link SeriesKey#canonical}: as the parser keeps a repeated series' first
     * sample. Returns how many remain.
     */
    static int keepFirstOfEachKey(String[] k, double[] v, int n) {
        HashSet<String> seen = new HashSet<>(n * 2);
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (seen.add(k[i])) {
                k[kept] = k[i];
                v[kept++] = v[i];
            }
        }
        return kept;
    }

    /** Reads a value written by {@link #writeValue}. */
    private static double readValue(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return switch (p.getText()) {
                case NAN -> Double.NaN;
                case POSITIVE_INFINITY -> Double.POSITIVE_INFINITY;
                case NEGATIVE_INFINITY -> Double.NEGATIVE_INFINITY;
                default -> throw new IllegalArgumentException("invalid sample value \"" + p.getText() + "\"");
            };
        }
        if (!p.currentToken().isNumeric()) throw new IllegalArgumentException("sample value is not a number: " + p.getText());
        return p.getDoubleValue();
    }

    private static String string(JsonParser p, JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_STRING) throw notA(field, "a string");
        return p.getText();
    }

    private static long integer(JsonParser p, JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) throw notA(field, "an integer");
        return p.getLongValue();
    }

    private static void object(JsonToken t, String field) {
        if (t != JsonToken.START_OBJECT) throw notA(field, "an object");
    }

    private static IllegalArgumentException notA(String field, String what) {
        return new IllegalArgumentException("\"" + field + "\" is not " + what);
    }

    /** Why a line is not a record, in one line: our own message, or the first line of Jackson's. */
    private static IllegalArgumentException invalid(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.lines().findFirst().orElse(m);
        return e instanceof IllegalArgumentException && m.equals(e.getMessage()) ? (IllegalArgumentException) e : new IllegalArgumentException(m, e);
    }

    // ---- timestamps ----------------------------------------------------------------------------------------------

    /**
     * Epoch milliseconds of an RFC 3339 timestamp; the record's own form {@code 2026-11-29T10:18:30.123Z} is read
     * without building objects, any other offset or precision through {@link OffsetDateTime} (truncated to the
     * millisecond).
     *
     * @throws IllegalArgumentException when the text is not an RFC 3339 timestamp
     */
    public static long parseTimestamp(String s) {
        if (s.length() == 24 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':'
                && s.charAt(16) == ':' && s.charAt(19) == '.' && s.charAt(23) == 'Z') {
            int year = digits(s, 0, 4), month = digits(s, 5, 7), day = digits(s, 8, 10);
            int hour = digits(s, 11, 13), minute = digits(s, 14, 16), second = digits(s, 17, 19), milli = digits(s, 20, 23);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 28 + 3 && hour >= 0 && hour < 24 && minute >= 0
                    && minute < 60 && second >= 0 && second < 60 && milli >= 0) {
                try {
                    long epochDay = LocalDate.of(year, month, day).toEpochDay();
                    return ((epochDay * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + milli;
                } catch (DateTimeException e) {
                    throw new IllegalArgumentException("invalid \"ts\" \"" + s + "\": " + e.getMessage());
                }
            }
        }
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid \"ts\" \"" + s + "\": expected an RFC 3339 timestamp such as 2026-11-29T10:18:30.123Z");
        }
    }

    private static int digits(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
