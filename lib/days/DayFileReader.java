//DEPS com.fasterxml.jackson.core:jackson-core:2.20.1
package days;

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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import record.CompactRecord;
import record.RecordScanner;
import record.ScrapeRecord;

/**
 * Streams the scrape records ({@link ScrapeRecord} lines) of every {@code *.jsonl} (and {@code *.jsonl.gz}) file in a
 * folder, in file-name order, without holding more than one line and a small reorder window in memory.
 *
 * <p>Day files ({@code YYYY-MM-DD.jsonl}, the UTC date, or {@code YYYY-MM-DD.jsonl.gz} once {@link Retention} has
 * compressed it) are listed and chosen by {@link DayFiles}, so a day left in both forms by a crash mid-compression
 * is read once. Days that lie wholly outside the time window are not opened. A file that cannot be read to its end
 * (a damaged gzip) costs only its unread rest: the records before are kept and {@link #warnings()} names the day.
 * A line that is not a valid record is skipped and counted; the first few are kept as {@code file:line: what} for one
 * warning. Records are handed on in timestamp order within a window of {@link #REORDER_WINDOW} records, so a file
 * written by a clock that jumped backwards by less than that still comes out in time order.
 */
public final class DayFileReader {
    /** Records held back to put slightly out-of-order timestamps back in order. */
    public static final int REORDER_WINDOW = 4096;
    /** How many malformed lines are named in the warning. */
    public static final int NAMED_MALFORMED = 5;
    private static final int MAX_LINE_BYTES = 64 << 20;

    private final JsonFactory json = JsonFactory.builder().build();
    private final Map<String, String> types = new HashMap<>();
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final ThreadLocal<RecordScanner> scanners = ThreadLocal.withInitial(() -> new RecordScanner(json));
    private final long fromMillis;
    private final long toMillis;
    private final PrintStream progress;

    private long filesOpened, filesSkipped, lines, bytes, malformed, outsideWindow;
    private final List<String> firstMalformed = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private long startNanos, lastProgressNanos;

    /**
     * @param from     first instant to keep (inclusive), or null for no lower bound
     * @param to       last instant to keep (inclusive), or null for no upper bound
     * @param progress where to print a progress line now and then (carriage-return updated), or null for none
     */
    public DayFileReader(Instant from, Instant to, PrintStream progress) {
        this.fromMillis = from == null ? Long.MIN_VALUE : from.toEpochMilli();
        this.toMillis = to == null ? Long.MAX_VALUE : to.toEpochMilli();
        this.progress = progress;
    }

    /** One file to read and the day it belongs to, as {@link DayFiles.Day#describe()} names it (for warnings). */
    private record Source(Path file, String describe) {}

    /**
     * The files of {@code dir} the reader would open, in order: per day (oldest first) what {@link DayFiles} says
     * holds its records (the plain file, the gzipped one, or the gzipped one and then the plain one), days outside the
     * window left out; and any other {@code *.jsonl} or {@code *.jsonl.gz} file, placed by its name.
     *
     * @throws IOException when the folder cannot be listed
     */
    public List<Path> files(Path dir) throws IOException {
        return sources(dir).stream().map(Source::file).toList();
    }

    private List<Source> sources(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        Instant from = fromMillis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(fromMillis);
        Instant to = toMillis == Long.MAX_VALUE ? null : Instant.ofEpochMilli(toMillis);
        List<DayFiles.Day> inWindow = DayFiles.days(dir, from, to);
        Set<LocalDate> wanted = new HashSet<>();
        for (DayFiles.Day day : inWindow) wanted.add(day.date());
        Set<Path> dayFiles = new HashSet<>();
        for (DayFiles.Day day : DayFiles.days(dir, null, null)) {
            if (day.plain() != null) dayFiles.add(day.plain());
            if (day.gz() != null) dayFiles.add(day.gz());
            if (!wanted.contains(day.date())) filesSkipped += (day.plain() == null ? 0 : 1) + (day.gz() == null ? 0 : 1);
        }
        // Sorted by name: a day by its date, which is how its file names start.
        TreeMap<String, List<Source>> byName = new TreeMap<>();
        for (DayFiles.Day day : inWindow) byName.put(day.date().toString(), daySources(day));
        try (Stream<Path> listing = Files.list(dir)) {
            for (Path p : listing.toList()) {
                String name = p.getFileName().toString();
                if (!(name.endsWith(".jsonl") || name.endsWith(".jsonl.gz")) || dayFiles.contains(p) || !Files.isRegularFile(p)) continue;
                byName.put(name, List.of(new Source(p, p.toString())));
            }
        }
        List<Source> out = new ArrayList<>();
        byName.values().forEach(out::addAll);
        return out;
    }

    /** The file(s) that hold a day's records: see {@link DayFiles#open(DayFiles.Day)}. */
    private List<Source> daySources(DayFiles.Day day) {
        String describe = day.describe();
        if (day.gz() == null) return List.of(new Source(day.plain(), describe));
        if (day.plain() == null) return List.of(new Source(day.gz(), describe));
        try {
            if (DayFiles.plainIsCovered(day)) return List.of(new Source(day.plain(), describe));
        } catch (IOException | RuntimeException e) {
            // The gzipped copy is unreadable: the plain file is the only readable part of the day.
            warnings.add("warning: cannot read " + describe + ": " + message(e) + "; read " + day.plain().getFileName() + " alone");
            return List.of(new Source(day.plain(), describe));
        }
        // Records appended after the day was compressed: the gzipped part first, they are older.
        return List.of(new Source(day.gz(), describe), new Source(day.plain(), describe));
    }

    /**
     * Reads every file of {@code dir} (see {@link #files}) and hands each record inside the window to {@code sink},
     * in timestamp order within the reorder window. Blocks of whole lines are parsed on up to two other threads while
     * this one hands on the results in file order, so at most a few blocks are in memory at a time.
     *
     * @throws IOException when a file cannot be read (a malformed line is not an error: it is counted and skipped)
     */
    public void read(Path dir, Consumer<CompactRecord> sink) throws IOException {
        List<Source> sources = sources(dir);
        Reorder reorder = new Reorder(sink);
        startNanos = System.nanoTime();
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "record-parser");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<Block>> inFlight = new ArrayDeque<>();
        try {
            int index = 0;
            for (Source source : sources) {
                index++;
                filesOpened++;
                Path file = source.file();
                String fileName = file.getFileName().toString();
                try (InputStream raw = Files.newInputStream(file);
                     InputStream in = fileName.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
                    byte[] buf = new byte[BLOCK_BYTES];
                    int end = 0;
                    boolean first = true;
                    IOException failure = null;
                    while (true) {
                        int n;
                        try {
                            n = in.read(buf, end, buf.length - end);
                        } catch (IOException e) {
                            // Hand on the whole lines read so far, then report the file (below).
                            failure = e;
                            n = -1;
                            end = lastIndexOf(buf, (byte) '\n', end) + 1;
                        }
                        if (n > 0) {
                            end += n;
                            bytes += n;
                            if (end < buf.length) continue;
                        }
                        boolean eof = n < 0;
                        if (eof && end == 0) break;
                        int cut = eof ? end : lastIndexOf(buf, (byte) '\n', end) + 1;
                        if (cut == 0 && !eof) {
                            if (buf.length < MAX_LINE_BYTES) {
                                buf = Arrays.copyOf(buf, buf.length * 2);
                                continue;
                            }
                            // A line longer than the limit: handed on whole-buffer-wise and reported as malformed once.
                            cut = end;
                        }
                        if (cut > 0) {
                            byte[] block = Arrays.copyOf(buf, cut);
                            boolean startsFile = first;
                            final int fileIdx = index;
                            inFlight.add(pool.submit(() -> parseBlock(block, fileName, fileIdx, startsFile)));
                            first = false;
                            byte[] next = new byte[Math.max(BLOCK_BYTES, end - cut + BLOCK_BYTES / 2)];
                            System.arraycopy(buf, cut, next, 0, end - cut);
                            end -= cut;
                            buf = next;
                        }
                        while (inFlight.size() > 2 * threads) consume(inFlight.poll(), reorder, sources.size());
                        if (eof) break;
                    }
                    if (failure != null) throw failure;
                } catch (IOException e) {
                    if (e instanceof ParseFailure) throw e;
                    // A damaged file (say, a truncated gzip) costs only its own unread rest, not the page.
                    warnings.add("warning: cannot read " + source.describe() + ": " + (source.describe().equals(file.toString()) ? "" : fileName + ": ")
                            + message(e) + "; kept the records before that point");
                }
            }
            while (!inFlight.isEmpty()) consume(inFlight.poll(), reorder, sources.size());
        } finally {
            pool.shutdownNow();
        }
        reorder.drain();
        if (progress != null && lines > 0) progress.print("\r\033[K");
    }

    private static final int BLOCK_BYTES = 4 << 20;

    private static int lastIndexOf(byte[] buf, byte b, int end) {
        for (int i = end - 1; i >= 0; i--) if (buf[i] == b) return i;
        return -1;
    }

    /** What one block of lines yielded; line numbers inside are relative to the block. */
    private static final class Block {
        final List<CompactRecord> samples = new ArrayList<>();
        final Map<String, String> types = new HashMap<>();
        final List<String> malformedTexts = new ArrayList<>();
        final List<Long> malformedLines = new ArrayList<>();
        String fileName;
        int fileIndex;
        boolean startsFile;
        long lines, malformed, outsideWindow;
    }

    /** A failure of the parsing itself (not of a file), which ends the read. */
    private static final class ParseFailure extends IOException {
        ParseFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private String currentFile;
    private long fileLineBase;

    private void consume(Future<Block> future, Reorder reorder, int fileCount) throws IOException {
        Block b;
        try {
            b = future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParseFailure("interrupted while reading records", e);
        } catch (ExecutionException e) {
            throw new ParseFailure("cannot parse records: " + e.getCause(), e.getCause());
        }
        if (b.startsFile || !b.fileName.equals(currentFile)) {
            currentFile = b.fileName;
            fileLineBase = 0;
        }
        for (int i = 0; i < b.malformedTexts.size(); i++) {
            if (firstMalformed.size() < NAMED_MALFORMED) {
                firstMalformed.add(b.fileName + ":" + (fileLineBase + b.malformedLines.get(i)) + ": " + b.malformedTexts.get(i));
            }
        }
        malformed += b.malformed;
        outsideWindow += b.outsideWindow;
        lines += b.lines;
        fileLineBase += b.lines;
        for (Map.Entry<String, String> e : b.types.entrySet()) {
            if (!e.getValue().equals(types.get(e.getKey()))) types.put(e.getKey(), e.getValue());
        }
        for (CompactRecord s : b.samples) reorder.add(s);
        showProgress(b.fileName, b.fileIndex, fileCount);
    }

    /** Parses the lines of one block (runs on a parser thread; touches only the block and thread-safe state). */
    private Block parseBlock(byte[] buf, String fileName, int fileIndex, boolean startsFile) {
        Block b = new Block();
        b.fileName = fileName;
        b.fileIndex = fileIndex;
        b.startsFile = startsFile;
        RecordScanner scanner = scanners.get();
        scanner.newBlock();
        int start = 0;
        while (start < buf.length) {
            CompactRecord fast = scanner.scan(buf, start, buf.length, b.types);
            if (fast != null) {
                b.lines++;
                if (fast.tsMillis() < fromMillis || fast.tsMillis() > toMillis) b.outsideWindow++;
                else b.samples.add(fast);
                start = scanner.lineEnd() + 1;
                continue;
            }
            int nl = indexOf(buf, (byte) '\n', start, buf.length);
            int end = nl < 0 ? buf.length : nl;
            b.lines++;
            if (end - start >= MAX_LINE_BYTES) {
                malformedIn(b, "line longer than " + (MAX_LINE_BYTES >> 20) + " MB");
            } else {
                handleLine(buf, start, end, b);
            }
            start = end + 1;
        }
        return b;
    }

    private static void malformedIn(Block b, String what) {
        b.malformed++;
        if (b.malformedTexts.size() < NAMED_MALFORMED) {
            b.malformedTexts.add(what);
            b.malformedLines.add(b.lines);
        }
    }

    private static int indexOf(byte[] buf, byte b, int from, int to) {
        for (int i = from; i < to; i++) if (buf[i] == b) return i;
        return -1;
    }

    private void handleLine(byte[] buf, int start, int end, Block block) {
        if (end > start && buf[end - 1] == '\r') end--;
        if (isBlank(buf, start, end)) return;
        CompactRecord sample;
        try {
            sample = parse(json.createParser(buf, start, end - start), block.types);
        } catch (IOException | RuntimeException first) {
            // Jackson refuses invalid UTF-8; decoding the line replaces bad bytes by U+FFFD, as the record format asks.
            String text = new String(buf, start, end - start, StandardCharsets.UTF_8);
            if (text.indexOf('\uFFFD') < 0) {
                malformedIn(block, message(first));
                return;
            }
            try {
                sample = parse(json.createParser(text), block.types);
            } catch (IOException | RuntimeException second) {
                malformedIn(block, message(second));
                return;
            }
        }
        if (sample.tsMillis() < fromMillis || sample.tsMillis() > toMillis) {
            block.outsideWindow++;
            return;
        }
        block.samples.add(sample);
    }

    /** Holds back up to {@link #REORDER_WINDOW} records and hands them on oldest first (stable for equal times). */
    private static final class Reorder {
        private final CompactRecord[] ring = new CompactRecord[REORDER_WINDOW + 1];
        private final Consumer<CompactRecord> sink;
        private int head, size;

        Reorder(Consumer<CompactRecord> sink) {
            this.sink = sink;
        }

        void add(CompactRecord s) {
            // Insertion from the back: in-order input (the usual case) costs one comparison.
            int i = size;
            while (i > 0 && at(i - 1).tsMillis() > s.tsMillis()) {
                ring[(head + i) % ring.length] = at(i - 1);
                i--;
            }
            ring[(head + i) % ring.length] = s;
            size++;
            if (size > REORDER_WINDOW) {
                sink.accept(ring[head]);
                ring[head] = null;
                head = (head + 1) % ring.length;
                size--;
            }
        }

        private CompactRecord at(int i) {
            return ring[(head + i) % ring.length];
        }

        void drain() {
            while (size > 0) {
                sink.accept(ring[head]);
                ring[head] = null;
                head = (head + 1) % ring.length;
                size--;
            }
        }
    }

    private static boolean isBlank(byte[] buf, int start, int end) {
        for (int i = start; i < end; i++) if (buf[i] != ' ' && buf[i] != '\t') return false;
        return true;
    }

    private static String message(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    private CompactRecord parse(JsonParser p, Map<String, String> blockTypes) throws IOException {
        try (p) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("not a JSON object");
            long ts = Long.MIN_VALUE;
            int up = -1;
            String instance = null;
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
                    case "instance" -> {
                        if (t != JsonToken.VALUE_STRING) throw new IllegalArgumentException("\"instance\" is not a string");
                        instance = intern(p.getText());
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
                            if (!type.equals(blockTypes.get(family))) blockTypes.put(intern(family), intern(type));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("unexpected content after the record");
            }
            if (ts == Long.MIN_VALUE || (up != 0 && up != 1)) throw new IllegalArgumentException("missing \"ts\" or \"up\"");
            return new CompactRecord(ts, up == 1, up == 1 ? keys : NO_KEYS, up == 1 ? values : NO_VALUES, instance);
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

    /**
     * Warnings about day files that could not be read (in full), each a line starting with {@code "warning: "} and
     * naming the day's file(s); empty when none.
     */
    public List<String> warnings() {
        return warnings;
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
