//DEPS com.fasterxml.jackson.core:jackson-core:2.20.1
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Streams the scrape records ({@link ScrapeRecord} lines) of every {@code *.jsonl} (and {@code *.jsonl.gz}) file in a
 * folder, in file-name order, without holding more than one line and a small reorder window in memory.
 *
 * <p>Day files ({@code YYYY-MM-DD.jsonl}, the UTC date) that lie wholly outside the time window are not opened.
 * A line that is not a valid record is skipped and counted; the first few are kept as {@code file:line: what} for one
 * warning. Records are handed on in timestamp order within a window of {@link #REORDER_WINDOW} records, so a file
 * written by a clock that jumped backwards by less than that still comes out in time order.
 */
public final class RecordReader {
    /** Records held back to put slightly out-of-order timestamps back in order. */
    public static final int REORDER_WINDOW = 4096;
    /** How many malformed lines are named in the warning. */
    public static final int NAMED_MALFORMED = 5;
    private static final int MAX_LINE_BYTES = 64 << 20;
    private static final Pattern DAY_FILE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})\\.jsonl(\\.gz)?");

    /**
     * One record reduced to what the page needs.
     *
     * @param tsMillis when the scrape started, epoch milliseconds (UTC)
     * @param up       whether the scrape succeeded
     * @param keys     canonical series keys ({@link SeriesKey}); the same String instance for the same key across records
     * @param values   sample values, parallel to {@code keys}
     */
    public record Sample(long tsMillis, boolean up, String[] keys, double[] values) {}

    private final JsonFactory json = JsonFactory.builder().build();
    private final Map<String, String> types = new HashMap<>();
    private final Map<String, String> names = new HashMap<>();
    private final long fromMillis;
    private final long toMillis;
    private final PrintStream progress;

    private long filesOpened, filesSkipped, lines, bytes, malformed, outsideWindow;
    private final List<String> firstMalformed = new ArrayList<>();
    private long seq;
    private long startNanos, lastProgressNanos;

    /**
     * @param from     first instant to keep (inclusive), or null for no lower bound
     * @param to       last instant to keep (inclusive), or null for no upper bound
     * @param progress where to print a progress line now and then (carriage-return updated), or null for none
     */
    public RecordReader(Instant from, Instant to, PrintStream progress) {
        this.fromMillis = from == null ? Long.MIN_VALUE : from.toEpochMilli();
        this.toMillis = to == null ? Long.MAX_VALUE : to.toEpochMilli();
        this.progress = progress;
    }

    /**
     * The files of {@code dir} the reader would open: {@code *.jsonl} and {@code *.jsonl.gz}, sorted by name, day files
     * outside the window left out.
     *
     * @throws IOException when the folder cannot be listed
     */
    public List<Path> files(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> listing = Files.list(dir)) {
            for (Path p : listing.sorted().toList()) {
                String name = p.getFileName().toString();
                if (!(name.endsWith(".jsonl") || name.endsWith(".jsonl.gz")) || !Files.isRegularFile(p)) continue;
                Matcher day = DAY_FILE.matcher(name);
                if (day.matches() && outsideWindow(day.group(1))) {
                    filesSkipped++;
                    continue;
                }
                out.add(p);
            }
        }
        return out;
    }

    private boolean outsideWindow(String isoDate) {
        try {
            long dayStart = LocalDate.parse(isoDate).toEpochDay() * 86_400_000L;
            return dayStart + 86_400_000L <= fromMillis || dayStart > toMillis;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * Reads every file of {@code dir} (see {@link #files}) and hands each record inside the window to {@code sink},
     * in timestamp order within the reorder window.
     *
     * @throws IOException when a file cannot be read (a malformed line is not an error: it is counted and skipped)
     */
    public void read(Path dir, Consumer<Sample> sink) throws IOException {
        List<Path> files = files(dir);
        PriorityQueue<Object[]> pending = new PriorityQueue<>(REORDER_WINDOW + 1, (a, b) -> {
            int c = Long.compare(((Sample) a[0]).tsMillis(), ((Sample) b[0]).tsMillis());
            return c != 0 ? c : Long.compare((Long) a[1], (Long) b[1]);
        });
        startNanos = System.nanoTime();
        int index = 0;
        for (Path file : files) {
            index++;
            filesOpened++;
            try (InputStream raw = Files.newInputStream(file);
                 InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
                readLines(in, file.getFileName().toString(), index, files.size(), sample -> {
                    pending.add(new Object[] {sample, seq++});
                    if (pending.size() > REORDER_WINDOW) sink.accept((Sample) pending.poll()[0]);
                });
            }
        }
        while (!pending.isEmpty()) sink.accept((Sample) pending.poll()[0]);
        if (progress != null && lines > 0) progress.print("\r\033[K");
    }

    private void readLines(InputStream in, String fileName, int fileIndex, int fileCount, Consumer<Sample> sink) throws IOException {
        byte[] buf = new byte[1 << 20];
        int start = 0, end = 0;
        long lineNo = 0;
        boolean skippingLongLine = false;
        while (true) {
            int nl = indexOf(buf, (byte) '\n', start, end);
            if (nl < 0) {
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buf.length) {
                    if (buf.length >= MAX_LINE_BYTES) {
                        if (!skippingLongLine) warnMalformed(fileName, lineNo + 1, "line longer than " + (MAX_LINE_BYTES >> 20) + " MB");
                        skippingLongLine = true;
                        end = 0;
                    } else {
                        buf = Arrays.copyOf(buf, buf.length * 2);
                    }
                }
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) break;
                end += n;
                bytes += n;
                continue;
            }
            lineNo++;
            lines++;
            if (skippingLongLine) skippingLongLine = false;
            else handleLine(buf, start, nl, fileName, lineNo, sink);
            start = nl + 1;
            if ((lines & 0x3FFF) == 0) showProgress(fileName, fileIndex, fileCount);
        }
        if (end > start && !skippingLongLine) {
            lineNo++;
            lines++;
            handleLine(buf, start, end, fileName, lineNo, sink);
        }
    }

    private static int indexOf(byte[] buf, byte b, int from, int to) {
        for (int i = from; i < to; i++) if (buf[i] == b) return i;
        return -1;
    }

    private void handleLine(byte[] buf, int start, int end, String fileName, long lineNo, Consumer<Sample> sink) {
        if (end > start && buf[end - 1] == '\r') end--;
        if (isBlank(buf, start, end)) return;
        Sample sample;
        try {
            sample = parse(json.createParser(buf, start, end - start));
        } catch (IOException | RuntimeException first) {
            // Jackson refuses invalid UTF-8; decoding the line replaces bad bytes by U+FFFD, as the record format asks.
            String text = new String(buf, start, end - start, StandardCharsets.UTF_8);
            if (text.indexOf('\uFFFD') < 0) {
                warnMalformed(fileName, lineNo, message(first));
                return;
            }
            try {
                sample = parse(json.createParser(text));
            } catch (IOException | RuntimeException second) {
                warnMalformed(fileName, lineNo, message(second));
                return;
            }
        }
        if (sample.tsMillis() < fromMillis || sample.tsMillis() > toMillis) {
            outsideWindow++;
            return;
        }
        sink.accept(sample);
    }

    private static boolean isBlank(byte[] buf, int start, int end) {
        for (int i = start; i < end; i++) if (buf[i] != ' ' && buf[i] != '\t') return false;
        return true;
    }

    private static String message(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    private void warnMalformed(String fileName, long lineNo, String what) {
        malformed++;
        if (firstMalformed.size() < NAMED_MALFORMED) firstMalformed.add(fileName + ":" + lineNo + ": " + what);
    }

    private Sample parse(JsonParser p) throws IOException {
        try (p) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("not a JSON object");
            long ts = Long.MIN_VALUE;
            int up = -1;
            String[] keys = NO_KEYS;
            double[] values = NO_VALUES;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "v" -> {
                        if (t != JsonToken.VALUE_NUMBER_INT || p.getIntValue() != ScrapeRecord.VERSION) {
                            throw new IllegalArgumentException("unsupported record version " + p.getText());
                        }
                    }
                    case "ts" -> {
                        if (t != JsonToken.VALUE_STRING) throw new IllegalArgumentException("\"ts\" is not a string");
                        ts = parseTimestamp(p.getText());
                    }
                    case "up" -> {
                        if (t != JsonToken.VALUE_NUMBER_INT) throw new IllegalArgumentException("\"up\" is not 0 or 1");
                        up = p.getIntValue();
                    }
                    case "series" -> {
                        if (t != JsonToken.START_OBJECT) throw new IllegalArgumentException("\"series\" is not an object");
                        String[] k = new String[32];
                        double[] v = new double[32];
                        int n = 0;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String key = p.currentName();
                            p.nextToken();
                            if (n == k.length) {
                                k = Arrays.copyOf(k, n * 2);
                                v = Arrays.copyOf(v, n * 2);
                            }
                            k[n] = intern(key);
                            v[n++] = ScrapeRecord.readValue(p);
                        }
                        keys = Arrays.copyOf(k, n);
                        values = Arrays.copyOf(v, n);
                    }
                    case "types" -> {
                        if (t != JsonToken.START_OBJECT) throw new IllegalArgumentException("\"types\" is not an object");
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String family = p.currentName();
                            p.nextToken();
                            String type = p.getText();
                            if (!type.equals(types.get(family))) types.put(intern(family), intern(type));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("unexpected content after the record");
            }
            if (ts == Long.MIN_VALUE || (up != 0 && up != 1)) throw new IllegalArgumentException("missing \"ts\" or \"up\"");
            return new Sample(ts, up == 1, up == 1 ? keys : NO_KEYS, up == 1 ? values : NO_VALUES);
        }
    }

    private static final String[] NO_KEYS = {};
    private static final double[] NO_VALUES = {};

    /** One String per distinct key, so later maps hash and compare each key once. */
    private String intern(String s) {
        String known = names.putIfAbsent(s, s);
        return known == null ? s : known;
    }

    /**
     * Epoch milliseconds of an RFC 3339 timestamp; the record's own form {@code 2026-11-29T10:18:30.123Z} is read
     * without building objects, any other offset or precision through {@link OffsetDateTime}.
     *
     * @throws IllegalArgumentException when the text is not an RFC 3339 timestamp
     */
    static long parseTimestamp(String s) {
        if (s.length() == 24 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':'
                && s.charAt(16) == ':' && s.charAt(19) == '.' && s.charAt(23) == 'Z') {
            int year = digits(s, 0, 4), month = digits(s, 5, 7), day = digits(s, 8, 10);
            int hour = digits(s, 11, 13), minute = digits(s, 14, 16), second = digits(s, 17, 19), milli = digits(s, 20, 23);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 28 + 3 && hour >= 0 && hour < 24 && minute >= 0
                    && minute < 60 && second >= 0 && second < 60 && milli >= 0) {
                try {
                    long epochDay = LocalDate.of(year, month, day).toEpochDay();
                    return ((epochDay * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + milli;
                } catch (java.time.DateTimeException e) {
                    throw new IllegalArgumentException("invalid \"ts\" " + s + ": " + e.getMessage());
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

    private void showProgress(String fileName, int fileIndex, int fileCount) {
        if (progress == null) return;
        long now = System.nanoTime();
        if (now - lastProgressNanos < 250_000_000L) return;
        lastProgressNanos = now;
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        progress.printf("\r\033[Kreading %s (file %d of %d), %,d lines, %.0f MB/s", fileName, fileIndex, fileCount, lines, bytes / 1e6 / seconds);
        progress.flush();
    }

    /** Family name to declared TYPE, merged over every record read so far (the last declaration wins). */
    public Map<String, String> types() {
        return types;
    }

    /** Files opened so far. */
    public long filesOpened() {
        return filesOpened;
    }

    /** Day files left unopened because their date lies outside the window. */
    public long filesSkipped() {
        return filesSkipped;
    }

    /** Lines read (including malformed and blank ones). */
    public long lines() {
        return lines;
    }

    /** Bytes read (decompressed). */
    public long bytes() {
        return bytes;
    }

    /** Records dropped because their timestamp lies outside the window. */
    public long outsideWindow() {
        return outsideWindow;
    }

    /** Malformed lines skipped. */
    public long malformed() {
        return malformed;
    }

    /**
     * The one warning about malformed lines, e.g. {@code "skipped 3 malformed lines: 2026-11-29.jsonl:7: ...; ..."},
     * or null when there were none.
     */
    public String malformedWarning() {
        if (malformed == 0) return null;
        StringBuilder out = new StringBuilder("warning: skipped ").append(malformed).append(malformed == 1 ? " malformed line: " : " malformed lines: ");
        out.append(String.join("; ", firstMalformed));
        if (malformed > firstMalformed.size()) out.append("; ...");
        return out.toString();
    }
}
