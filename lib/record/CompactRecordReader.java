//DEPS com.fasterxml.jackson.core:jackson-core:2.20.1
package record;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import text.Decimals;

/**
 * Reads record lines (see {@link RecordCodec}) into {@link CompactRecord}s, the page's form; one instance per thread.
 *
 * <p>A line exactly as {@link RecordCodec#write} writes it (fields in that order, no whitespace) goes through a
 * hand-written fast path: series keys are looked up by their raw bytes, so a key seen before costs no decoding, and
 * numbers are read by {@link Decimals}, without building strings where that is exact. A line in any other shape, or
 * one the fast path cannot vouch for, is read by {@link RecordCodec#parseCompact} instead, which also decides whether it is malformed.
 *
 * <p>Both paths hand out canonical series keys ({@link SeriesKey#canonical}: records written before the identity
 * rule may hold {@code x=""} labels), normalized once per distinct key through their caches; a record whose keys
 * collapse to one keeps the first sample.
 */
public final class CompactRecordReader {
    private static final byte[] HEAD = bytes("{\"" + RecordCodec.V + "\":" + RecordCodec.VERSION + ",\"" + RecordCodec.TS + "\":\"");
    private static final byte[] INSTANCE = field(RecordCodec.INSTANCE, "\"");
    private static final byte[] TARGET = field(RecordCodec.TARGET, "\"");
    private static final byte[] UP = field(RecordCodec.UP, "");
    private static final byte[] SCRAPE_MS = field(RecordCodec.SCRAPE_MS, "");
    private static final byte[] FORMAT = field(RecordCodec.FORMAT, "\"");
    private static final byte[] BYTES = field(RecordCodec.BYTES, "");
    private static final byte[] ERROR = field(RecordCodec.ERROR, "\"");
    private static final byte[] SERIES = field(RecordCodec.SERIES, "{");
    private static final byte[] TYPES = field(RecordCodec.TYPES, "{");
    private static final byte[] TIMESTAMPS = field(RecordCodec.TIMESTAMPS, "{");
    private static final byte[] NAN = bytes("\"" + RecordCodec.NAN + "\"");
    private static final byte[] POSITIVE_INFINITY = bytes("\"" + RecordCodec.POSITIVE_INFINITY + "\"");
    private static final byte[] NEGATIVE_INFINITY = bytes("\"" + RecordCodec.NEGATIVE_INFINITY + "\"");
    private static final int MAX_CACHED_KEYS = 200_000;

    private final int maxLineBytes;
    private final Map<RawKey, Known> keys = new HashMap<>();
    private final Map<String, String> interned = new HashMap<>();
    private final Map<String, String> canonicalKeys = new HashMap<>();
    private final UnaryOperator<String> intern = this::intern;
    private final UnaryOperator<String> canonicalKey = this::canonicalKey;
    private final RawKey probe = new RawKey();
    private byte[] lastTypes = new byte[0];
    private Map<String, String> lastTypesMap = Map.of();
    private int pos;
    /** The series of the record {@link #readFast} is reading. */
    private String[] seriesKeys;
    private double[] seriesValues;
    /** The own TYPEs of the record {@link #readFast} is reading. */
    private Map<String, String> recordTypes = Map.of();
    private int lineEnd;
    /** The scrape fields (duration in milliseconds, body size in bytes) of the record the fast path read last; see {@link #fastScrapeMs()}. */
    private long scrapeMs, bodyBytes;
    /** The error of the line read last (a failed scrape's), or null. */
    private String error;
    private boolean lastFast;
    private int lastHash;

    /**
     * @param maxLineBytes lines this long or longer (a buffer cut short of the line's end) are reported as too long
     *                     instead of being parsed
     */
    public CompactRecordReader(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /** Index of the newline (or the end) after the line {@link #read} last read. */
    public int lineEnd() {
        return lineEnd;
    }

    /** Whether the last {@link #read} that returned a record took it by the fast path; only then the two below hold. */
    public boolean lastFast() {
        return lastFast;
    }

    /** The last fast-path record's {@code scrape_ms}, as {@link RecordCodec#parse} reads it (the page skips it). */
    public long fastScrapeMs() {
        return scrapeMs;
    }

    /** The last fast-path record's {@code bytes}, -1 when absent, as {@link RecordCodec#parse} reads it. */
    public long fastBodyBytes() {
        return bodyBytes;
    }

    /** Forgets the previous record's types, so the next record's are read (call at the start of each block). */
    public void newBlock() {
        lastTypes = new byte[0];
        lastTypesMap = Map.of();
    }

    /**
     * Reads the line that starts at {@code b[start]} and ends at the next newline or at {@code end} as a record;
     * declared types go into {@code types} where they differ from what it holds. Afterwards {@link #lineEnd()} tells
     * where the line ended, whatever the outcome.
     *
     * @return the record, or null for a blank line
     * @throws IllegalArgumentException saying what is wrong when the line is not a valid record
     */
    public CompactRecord read(byte[] b, int start, int end, Map<String, String> types) {
        CompactRecord fast = readFast(b, start, end, types);
        lastFast = fast != null;
        if (fast != null) return fast;
        int newline = start;
        while (newline < end && b[newline] != '\n') newline++;
        lineEnd = newline;
        if (newline - start >= maxLineBytes) throw new IllegalArgumentException("line longer than " + (maxLineBytes >> 20) + " MB");
        int stop = newline > start && b[newline - 1] == '\r' ? newline - 1 : newline;
        if (isBlank(b, start, stop)) return null;
        return RecordCodec.parseCompact(b, start, stop, types, intern, canonicalKey);
    }

    /**
     * The fast path: the record of a line in the exact shape {@link RecordCodec#write} gives it, or null when the line
     * is in any other shape; on success {@link #lineEnd()} tells where the line ended.
     */
    CompactRecord readFast(byte[] b, int start, int end, Map<String, String> types) {
        pos = start;
        if (!literal(b, end, HEAD)) return null;
        long ts = timestamp(b, end);
        if (ts == Long.MIN_VALUE) return null;
        String instance = null;
        if (literal(b, end, INSTANCE)) {
            int nameStart = pos;
            if (!skipStringBody(b, end)) return null;
            instance = key(b, nameStart, pos - 1);
            if (instance == null) return null;
        }
        String target = null;
        if (literal(b, end, TARGET)) {
            int urlStart = pos;
            if (!skipStringBody(b, end)) return null;
            // Only an unnamed target is named by its URL; cached by its bytes like the keys, so a run costs one lookup.
            if (instance == null && (target = key(b, urlStart, pos - 1)) == null) return null;
        }
        if (!literal(b, end, UP) || pos >= end || (b[pos] != '0' && b[pos] != '1')) return null;
        boolean up = b[pos++] == '1';
        if (!readScrapeFields(b, end)) return null;
        seriesKeys = NO_KEYS;
        seriesValues = NO_VALUES;
        recordTypes = Map.of();
        if (up && !(readSeries(b, end) && readTypesField(b, end, types) && (!literal(b, end, TIMESTAMPS) || skipNumberObject(b, end)))) {
            return null;
        }
        if (pos >= end || b[pos++] != '}') return null;
        while (pos < end && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\r')) pos++;
        if (pos != end && b[pos] != '\n') return null;
        lineEnd = pos;
        return new CompactRecord(ts, up, seriesKeys, seriesValues, instance, target, scrapeMs, recordTypes, up ? null : error);
    }

    /** The record's time, from the 24 characters of its quoted ISO instant; Long.MIN_VALUE when it is not one. */
    private long timestamp(byte[] b, int end) {
        if (pos + 25 > end || b[pos + 24] != '"') return Long.MIN_VALUE;
        try {
            long ts = RecordCodec.parseTimestamp(new String(b, pos, 24, StandardCharsets.ISO_8859_1));
            pos += 25;
            return ts;
        } catch (IllegalArgumentException e) {
            return Long.MIN_VALUE;
        }
    }

    /** Reads the scrape's duration, body size and error into {@link #scrapeMs}, {@link #bodyBytes} and {@link #error}; skips the format. */
    private boolean readScrapeFields(byte[] b, int end) {
        if (!literal(b, end, SCRAPE_MS)) return false;
        scrapeMs = integerField(b, end);
        if (scrapeMs == Long.MIN_VALUE) return false;
        if (literal(b, end, FORMAT) && !skipString(b, end)) return false;
        bodyBytes = -1;
        if (literal(b, end, BYTES) && (bodyBytes = integerField(b, end)) == Long.MIN_VALUE) return false;
        error = null;
        if (!literal(b, end, ERROR)) return true;
        int quote = pos - 1;
        if (!skipStringBody(b, end)) return false;
        // A failed scrape's error (rare): its escapes decoded as JSON's; invalid UTF-8 is left to the Jackson read.
        error = RecordCodec.jsonString(b, quote, pos);
        return error != null;
    }

    /** Reads the series object into {@link #seriesKeys} and {@link #seriesValues}, the first sample of a key kept. */
    private boolean readSeries(byte[] b, int end) {
        if (!literal(b, end, SERIES)) return false;
        String[] k = new String[32];
        double[] v = new double[32];
        int n = 0;
        boolean collapsed = false;
        if (pos < end && b[pos] == '}') {
            pos++;
        } else {
            while (true) {
                if (pos >= end || b[pos] != '"') return false;
                int keyStart = ++pos;
                if (!skipHashedStringBody(b, end)) return false;
                Known key = hashedKey(b, keyStart, pos - 1, lastHash);
                if (key == null || pos >= end || b[pos++] != ':') return false;
                collapsed |= key.collapsed;
                double value = value(b, end);
                if (pos < 0) return false;
                if (n == k.length) {
                    k = Arrays.copyOf(k, n * 2);
                    v = Arrays.copyOf(v, n * 2);
                }
                k[n] = key.seriesKey;
                v[n++] = value;
                if (pos >= end) return false;
                byte c = b[pos++];
                if (c == '}') break;
                if (c != ',') return false;
            }
        }
        if (collapsed) n = RecordCodec.keepFirstOfEachKey(k, v, n);
        seriesKeys = Arrays.copyOf(k, n);
        seriesValues = Arrays.copyOf(v, n);
        return true;
    }

    /**
     * Reads the types object into {@code types} (the run's) and {@link #recordTypes} (this record's own), unless it is
     * byte for byte the previous record's.
     */
    private boolean readTypesField(byte[] b, int end, Map<String, String> types) {
        int typesStart = pos;
        if (lastTypes.length > 0 && typesStart + lastTypes.length <= end
                && Arrays.equals(b, typesStart, typesStart + lastTypes.length, lastTypes, 0, lastTypes.length)) {
            pos = typesStart + lastTypes.length; // the same, already validated types object as the previous record's
            recordTypes = lastTypesMap;
        } else if (literal(b, end, TYPES)) {
            int objectStart = pos;
            if (!skipStringObject(b, end)) return false;
            if (!Arrays.equals(b, typesStart, pos, lastTypes, 0, lastTypes.length)) {
                Map<String, String> read = new LinkedHashMap<>();
                if (!readTypes(b, objectStart, pos - 1, read)) return false;
                for (Map.Entry<String, String> e : read.entrySet()) {
                    if (!e.getValue().equals(types.get(e.getKey()))) types.put(e.getKey(), e.getValue());
                }
                lastTypes = Arrays.copyOfRange(b, typesStart, pos);
                lastTypesMap = Collections.unmodifiableMap(read);
            }
            recordTypes = lastTypesMap;
        }
        return true;
    }

    private static final String[] NO_KEYS = {};
    private static final double[] NO_VALUES = {};

    private boolean literal(byte[] b, int end, byte[] lit) {
        if (pos + lit.length > end) return false;
        for (int i = 0; i < lit.length; i++) if (b[pos + i] != lit[i]) return false;
        pos += lit.length;
        return true;
    }

    /** After an opening quote: moves past the closing quote; false on a control character or no closing quote. */
    private boolean skipStringBody(byte[] b, int end) {
        while (pos < end) {
            byte c = b[pos++];
            if (c == '"') return true;
            if (c == '\\') {
                if (pos >= end) return false;
                pos++;
            } else if (c >= 0 && c < 0x20) {
                return false;
            }
        }
        return false;
    }

    /** {@link #skipStringBody} that also leaves the hash of the raw bytes (as {@link RawKey} computes it) in lastHash. */
    private boolean skipHashedStringBody(byte[] b, int end) {
        int h = 1;
        while (pos < end) {
            byte c = b[pos++];
            if (c == '"') {
                lastHash = h;
                return true;
            }
            h = 31 * h + c;
            if (c == '\\') {
                if (pos >= end) return false;
                h = 31 * h + b[pos++];
            } else if (c >= 0 && c < 0x20) {
                return false;
            }
        }
        return false;
    }

    private boolean skipString(byte[] b, int end) {
        return skipStringBody(b, end);
    }

    /**
     * The integer at {@link #pos}, moved past; Long.MIN_VALUE when it is not one, has a leading zero or over 18 digits
     * (the slow path judges those as JSON does).
     */
    private long integerField(byte[] b, int end) {
        int from = pos;
        if (!skipInteger(b, end)) return Long.MIN_VALUE;
        int to = pos;
        boolean negative = b[from] == '-';
        int i = negative ? from + 1 : from;
        if (to - i > 18 || (b[i] == '0' && to - i > 1)) return Long.MIN_VALUE;
        long n = 0;
        for (; i < to; i++) n = n * 10 + (b[i] - '0');
        return negative ? -n : n;
    }

    private boolean skipInteger(byte[] b, int end) {
        int from = pos;
        if (pos < end && b[pos] == '-') pos++;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') pos++;
        return pos > from && b[pos - 1] != '-';
    }

    /** After '{': {@code "name":"value"} pairs up to and past the closing brace. */
    private boolean skipStringObject(byte[] b, int end) {
        if (pos < end && b[pos] == '}') {
            pos++;
            return true;
        }
        while (true) {
            if (pos >= end || b[pos++] != '"' || !skipStringBody(b, end)) return false;
            if (pos >= end || b[pos++] != ':') return false;
            if (pos >= end || b[pos++] != '"' || !skipStringBody(b, end)) return false;
            if (pos >= end) return false;
            byte c = b[pos++];
            if (c == '}') return true;
            if (c != ',') return false;
        }
    }

    /** After '{': {@code "key":integer} pairs up to and past the closing brace. */
    private boolean skipNumberObject(byte[] b, int end) {
        if (pos < end && b[pos] == '}') {
            pos++;
            return true;
        }
        while (true) {
            if (pos >= end || b[pos++] != '"' || !skipStringBody(b, end)) return false;
            if (pos >= end || b[pos++] != ':' || !skipInteger(b, end)) return false;
            if (pos >= end) return false;
            byte c = b[pos++];
            if (c == '}') return true;
            if (c != ',') return false;
        }
    }

    private boolean readTypes(byte[] b, int from, int to, Map<String, String> types) {
        int saved = pos;
        pos = from;
        try {
            if (pos < to && b[pos] == '}') return true;
            while (pos < to) {
                int nameStart = ++pos;
                skipStringBody(b, to + 1);
                String family = key(b, nameStart, pos - 1);
                pos++; // ':'
                int typeStart = ++pos;
                skipStringBody(b, to + 1);
                String type = key(b, typeStart, pos - 1);
                if (family == null || type == null) return false;
                if (!type.equals(types.get(family))) types.put(family, type);
                pos++; // ',' or '}'
            }
            return true;
        } finally {
            pos = saved;
        }
    }

    /**
     * A JSON string of a line, decoded once per distinct raw bytes: as text ({@code decoded}: instance names, types)
     * and, when it is a series key, in canonical form ({@code seriesKey}), with {@code collapsed} telling that the
     * canonical form dropped empty-valued labels, so it may equal another key of the same record.
     */
    private record Known(String decoded, String seriesKey, boolean collapsed) {}

    /** The decoded string whose raw JSON bytes (without quotes) are {@code b[from, to)}; cached by those bytes. */
    private String key(byte[] b, int from, int to) {
        probe.set(b, from, to - from);
        Known known = lookup(b, from, to);
        return known == null ? null : known.decoded;
    }

    private Known hashedKey(byte[] b, int from, int to, int hash) {
        probe.b = b;
        probe.off = from;
        probe.len = to - from;
        probe.hash = hash;
        return lookup(b, from, to);
    }

    private Known lookup(byte[] b, int from, int to) {
        Known known = keys.get(probe);
        if (known != null) return known;
        String decoded = decode(b, from, to);
        if (decoded == null) return null;
        String canonical = SeriesKey.canonical(decoded);
        known = new Known(decoded, canonical, canonical != decoded);
        if (keys.size() >= MAX_CACHED_KEYS) keys.clear();
        keys.put(new RawKey().set(Arrays.copyOfRange(b, from, to), 0, to - from), known);
        return known;
    }

    private String decode(byte[] b, int from, int to) {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            if (b[i] == '\\' || b[i] < 0) {
                plain = false;
                break;
            }
        }
        if (plain) return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        // Escapes or non-ASCII: let Jackson decode the literal; invalid UTF-8 becomes U+FFFD via String decoding.
        String text = "\"" + new String(b, from, to - from, StandardCharsets.UTF_8) + "\"";
        try (JsonParser p = RecordCodec.JSON.createParser(text)) {
            p.nextToken();
            return p.getText();
        } catch (IOException e) {
            return null;
        }
    }

    /** A sample value; sets pos to -1 when it is not one this fast path reads. */
    private double value(byte[] b, int end) {
        if (pos >= end) {
            pos = -1;
            return 0;
        }
        if (b[pos] == '"') {
            if (literal(b, end, NAN)) return Double.NaN;
            if (literal(b, end, POSITIVE_INFINITY)) return Double.POSITIVE_INFINITY;
            if (literal(b, end, NEGATIVE_INFINITY)) return Double.NEGATIVE_INFINITY;
            pos = -1;
            return 0;
        }
        // A number ends where the next member or the object does.
        int stop = pos;
        while (stop < end && b[stop] != ',' && b[stop] != '}' && b[stop] != '\n') stop++;
        double value = Decimals.parse(b, pos, stop, Decimals.Syntax.JSON);
        pos = Decimals.failed(value) ? -1 : stop;
        return value;
    }

    /** The canonical key of a series key the Jackson path read, normalized once per distinct key and interned. */
    private String canonicalKey(String written) {
        String known = canonicalKeys.get(written);
        if (known != null) return known;
        String canonical = intern(SeriesKey.canonical(written));
        if (canonicalKeys.size() >= MAX_CACHED_KEYS) canonicalKeys.clear();
        canonicalKeys.put(written, canonical);
        return canonical;
    }

    /** One text intern for what the Jackson path reads, bounded like the fast path's cache. */
    private String intern(String s) {
        String known = interned.putIfAbsent(s, s);
        if (known != null) return known;
        if (interned.size() >= MAX_CACHED_KEYS) interned.clear();
        return s;
    }

    private static boolean isBlank(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) if (b[i] != ' ' && b[i] != '\t') return false;
        return true;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code ,"name":} followed by what opens its value. */
    private static byte[] field(String name, String valueStart) {
        return bytes(",\"" + name + "\":" + valueStart);
    }

    /** A range of bytes usable as a hash key; the probe instance is re-pointed for each lookup. */
    private static final class RawKey {
        byte[] b;
        int off, len, hash;

        RawKey set(byte[] bytes, int offset, int length) {
            b = bytes;
            off = offset;
            len = length;
            int h = 1;
            for (int i = offset; i < offset + length; i++) h = 31 * h + bytes[i];
            hash = h;
            return this;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RawKey r && r.hash == hash && Arrays.equals(b, off, off + len, r.b, r.off, r.off + r.len);
        }
    }
}
