package days;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import record.CompactRecord;
import record.CompactRecordReader;

/**
 * Streams the scrape records of every day file in a folder ({@code YYYY-MM-DD.jsonl} and {@code .jsonl.gz}; other
 * files are named in one warning, {@link DayFiles#ignoredWarning}) as {@link CompactRecord}s, day by day, without
 * holding more than a few blocks of lines and {@link RecordOrder#WINDOW} records in memory.
 *
 * <p>Which files hold a day is {@link DayFiles#sources}'s call, so a day left in both forms by a crash
 * mid-compression is read once; days that lie wholly outside the time window are not opened. A file that cannot be
 * read to its end (a damaged gzip) costs only its unread rest: the records before are kept and {@link #warnings()}
 * names the file. A line that is not a valid record ({@link CompactRecordReader}) is skipped and counted; the first
 * few are kept as {@code file:line: what} for one warning; a line longer than {@link DayFiles#MAX_LINE_BYTES} is
 * skipped without being held and counted as one malformed line, with its size. Records dated later than now (plus
 * an allowance) or outside their file's UTC day are left out and counted in one warning each ({@link RecordTimes}).
 * Records out of time order follow the one rule of {@link RecordOrder}.
 */
public final class DayFileReader {
    /** How many malformed lines are named in the warning. */
    private static final int NAMED_MALFORMED = 5;
    private static final int MAX_LINE_BYTES = DayFiles.MAX_LINE_BYTES;
    private static final int BLOCK_BYTES = 4 << 20;

    private final Map<String, String> types = new HashMap<>();
    private final ThreadLocal<CompactRecordReader> readers = ThreadLocal.withInitial(() -> new CompactRecordReader(MAX_LINE_BYTES));
    private final Instant from;
    private final Instant to;
    private final long fromMillis;
    private final long toMillis;
    private final ReadProgress progress;
    private final RecordTimes times;
    private RecordOrder order = RecordOrder.live(r -> { });
    private long latestMillis;

    private long unreadFiles, filesOpened, filesSkipped, lines, bytes, malformed, outsideWindow, future, otherDay;
    private long futureExample, otherDayExample;
    private String futureFile, otherDayFile;
    private final List<String> firstMalformed = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /**
     * @param from     first instant to keep (inclusive), or null for no lower bound
     * @param to       last instant to keep (inclusive), or null for no upper bound
     * @param progress where to print a progress line now and then (carriage-return updated), or null for none
     */
    public DayFileReader(Instant from, Instant to, PrintStream progress) {
        this(from, to, progress, RecordTimes.system());
    }

    /**
     * @param from     first instant to keep (inclusive), or null for no lower bound
     * @param to       last instant to keep (inclusive), or null for no upper bound
     * @param progress where to print a progress line now and then (carriage-return updated), or null for none
     * @param times    which timestamps to believe (the clock and allowance for records in the future)
     */
    public DayFileReader(Instant from, Instant to, PrintStream progress, RecordTimes times) {
        this.times = times;
        this.from = from;
        this.to = to;
        this.fromMillis = from == null ? Long.MIN_VALUE : from.toEpochMilli();
        this.toMillis = to == null ? Long.MAX_VALUE : to.toEpochMilli();
        this.progress = new ReadProgress(progress);
    }

    /** One file to read: the day it holds and the lines at its start to skip ({@link DayFiles.Sources#skipLinesOf}). */
    private record Source(Path file, java.time.LocalDate day, long skipLines) {}

    /** The days of {@code days} inside the window, oldest first; counts the day files left out. */
    private List<DayFiles.Day> inWindow(List<DayFiles.Day> days) {
        List<DayFiles.Day> out = new ArrayList<>();
        for (DayFiles.Day day : days) {
            if (day.overlaps(from, to)) out.add(day);
            else filesSkipped += day.fileCount();
        }
        return out;
    }

    /**
     * The files to read of one day as it is now ({@link DayFiles#current}: retention may have compressed or removed
     * it since it was listed, a race and not a damage), in order ({@link DayFiles#sources}); keeps the warning about
     * an unreadable one.
     */
    private List<Source> sources(DayFiles.Day listed) throws IOException {
        List<Source> out = new ArrayList<>();
        if (listed.plain() == null && listed.gz() == null) return out;
        DayFiles.Day day = DayFiles.current(listed);
        if (day.plain() != null || day.gz() != null) {
            DayFiles.Sources sources = DayFiles.sources(day);
            if (sources.warning() != null) {
                unreadFiles++;
                warnings.add("warning: " + sources.warning());
            }
            for (Path file : sources.files()) out.add(new Source(file, day.date(), sources.skipLinesOf(file)));
        }
        return out;
    }

    /**
     * Reads every record file of {@code dir} as {@link #read(List, Consumer)} reads its days, and warns about the
     * files in it that are not day files ({@link DayFiles#ignoredWarning}).
     *
     * @throws IOException when a file cannot be read (a malformed line is not an error: it is counted and skipped)
     */
    public void read(Path dir, Consumer<CompactRecord> sink) throws IOException {
        List<DayFiles.Day> days = Files.isDirectory(dir) ? DayFiles.days(dir, null, null) : List.of();
        List<String> ignored = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            String warning = DayFiles.ignoredWarning(dir);
            if (warning != null) ignored.add("warning: " + warning);
        }
        read(days, sink);
        warnings.addAll(ignored);
    }

    /**
     * Reads the files of {@code days} (oldest first; per day the files {@link DayFiles#sources} names) and hands each record inside
     * the window to {@code sink} under the one rule for records out of time order ({@link RecordOrder}: in timestamp
     * order within its window, each target's strictly later than its previous; a sink that is a
     * {@link RecordOrder.Sink} hears of each step back of a target's clock). Blocks of whole lines are parsed on up to
     * two other threads while this one hands on the results in file order, so at most a few blocks are in memory.
     *
     * @throws IOException when a file cannot be read (a malformed line is not an error: it is counted and skipped)
     */
    public void read(List<DayFiles.Day> days, Consumer<CompactRecord> sink) throws IOException {
        List<DayFiles.Day> inWindow = inWindow(days);
        latestMillis = times.latestMillis();
        order = new RecordOrder(RecordOrder.WINDOW, sink instanceof RecordOrder.Sink s ? s : sink::accept);
        progress.start();
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = parserPool(threads);
        // Each day's files are named just before they are read; the count shown in progress is the listed one.
        Blocks blocks = new Blocks(pool, 2 * threads, inWindow.stream().mapToInt(DayFiles.Day::fileCount).sum());
        try {
            int index = 0;
            for (DayFiles.Day day : inWindow) {
                for (Source source : sources(day)) readFile(source, ++index, blocks);
            }
            while (!blocks.inFlight.isEmpty()) consume(blocks.inFlight.poll(), blocks.fileCount);
        } finally {
            pool.shutdownNow();
        }
        order.drain();
        progress.finish(lines);
        addRecordWarnings();
    }

    /** The parser threads, the blocks handed to them in file order, and how many may be in flight. */
    private record Blocks(ExecutorService pool, int maxInFlight, int fileCount, ArrayDeque<Future<Block>> inFlight) {
        Blocks(ExecutorService pool, int maxInFlight, int fileCount) {
            this(pool, maxInFlight, fileCount, new ArrayDeque<>());
        }
    }

    /** The threads that parse blocks of lines (daemons: a failed read never keeps the JVM alive). */
    private static ExecutorService parserPool(int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "record-parser");
            t.setDaemon(true);
            return t;
        });
    }

    /** Where the reading of one file stands: the bytes read but not yet handed out, and whether any block was. */
    private static final class FileCursor {
        byte[] buf;
        int end;
        boolean first = true;
        IOException failure;

        FileCursor(Path file) {
            buf = new byte[firstBlockBytes(file)];
        }
    }

    /**
     * The first block's size for a file: a plain file's own size when smaller than a block (at least 64 KiB), so
     * that a folder of many empty or small days does not zero 4 MiB per file (46,361 empty days took 17 s).
     */
    private static int firstBlockBytes(Path file) {
        if (file.getFileName().toString().endsWith(".gz")) return BLOCK_BYTES;
        try {
            return (int) Math.min(BLOCK_BYTES, Math.max(64 << 10, Files.size(file) + 1));
        } catch (IOException e) {
            return BLOCK_BYTES; // the open below reports it
        }
    }

    /**
     * A new buffer holding the bytes after {@code cut} (the start of the next block's first line), room to read on;
     * never more than the line limit: a line that fills it whole is too long.
     */
    private static byte[] carryOver(byte[] buf, int cut, int end) {
        byte[] next = new byte[Math.min(MAX_LINE_BYTES, Math.max(BLOCK_BYTES, end - cut + BLOCK_BYTES / 2))];
        System.arraycopy(buf, cut, next, 0, end - cut);
        return next;
    }

    /** Reads one file into blocks; a damaged one (say, a truncated gzip) costs only its own unread rest, with a warning. */
    private void readFile(Source source, int index, Blocks blocks) throws IOException {
        filesOpened++;
        try (InputStream in = DayFiles.openStream(source.file(), source.skipLines())) {
            FileCursor cursor = new FileCursor(source.file());
            while (readBlock(in, source, index, cursor, blocks)) {
                while (blocks.inFlight.size() > blocks.maxInFlight) consume(blocks.inFlight.poll(), blocks.fileCount);
            }
            if (cursor.failure != null) throw cursor.failure;
        } catch (IOException e) {
            if (e instanceof ParseFailure) throw e;
            unreadFiles++;
            warnings.add("warning: " + DayFiles.cannotRead(source.file(), e));
        }
    }

    /**
     * Reads on until a block of whole lines can be handed to a parser thread (or an over-long line was skipped);
     * returns false once the file is done.
     */
    private boolean readBlock(InputStream in, Source source, int index, FileCursor c, Blocks blocks) throws IOException {
        String fileName = source.file().getFileName().toString();
        while (true) {
            int n;
            try {
                n = in.read(c.buf, c.end, c.buf.length - c.end);
            } catch (IOException e) {
                // Hand on the whole lines read so far, then report the file.
                c.failure = e;
                n = -1;
                c.end = lastIndexOf(c.buf, (byte) '\n', c.end) + 1;
            }
            if (n > 0) {
                c.end += n;
                bytes += n;
                if (c.end < c.buf.length) continue;
            }
            boolean eof = n < 0;
            if (eof && c.end == 0) return false;
            int cut = eof ? c.end : lastIndexOf(c.buf, (byte) '\n', c.end) + 1;
            if (cut == 0 && !eof) {
                if (c.buf.length < MAX_LINE_BYTES) {
                    c.buf = Arrays.copyOf(c.buf, Math.min(MAX_LINE_BYTES, c.buf.length * 2));
                    continue;
                }
                return skipTooLongLine(in, source, index, c, blocks);
            }
            byte[] block = Arrays.copyOf(c.buf, cut);
            boolean startsFile = c.first;
            java.time.LocalDate day = source.day();
            blocks.inFlight.add(blocks.pool.submit(() -> parseBlock(block, fileName, index, startsFile, source.skipLines(), day)));
            c.first = false;
            c.buf = carryOver(c.buf, cut, c.end);
            c.end -= cut;
            return !eof;
        }
    }

    /** A line longer than the limit: read on to its end without keeping it, and count one malformed line. */
    private boolean skipTooLongLine(InputStream in, Source source, int index, FileCursor c, Blocks blocks) throws IOException {
        long[] size = {c.end};
        c.end = skipRestOfLine(in, c.buf, size);
        Block tooLong = new Block();
        tooLong.fileName = source.file().getFileName().toString();
        tooLong.fileIndex = index;
        tooLong.startsFile = c.first;
        tooLong.lineBase = source.skipLines();
        tooLong.lines = 1;
        malformedIn(tooLong, DayFiles.tooLongText(size[0]));
        blocks.inFlight.add(java.util.concurrent.CompletableFuture.completedFuture(tooLong));
        c.first = false;
        if (c.end < 0) { // the file ended inside the line
            c.end = 0;
            return false;
        }
        return true;
    }

    /** The warnings about records left out for their dates or their order, once the read is done. */
    private void addRecordWarnings() {
        String futureWarning = RecordTimes.futureWarning(future, latestMillis, futureExample, futureFile);
        if (futureWarning != null) warnings.add("warning: " + futureWarning);
        String otherDayWarning = RecordTimes.otherDayWarning(otherDay, otherDayExample, otherDayFile);
        if (otherDayWarning != null) warnings.add("warning: " + otherDayWarning);
        String orderWarning = order.warning();
        if (orderWarning != null) warnings.add("warning: " + orderWarning);
    }

    /**
     * Reads past the rest of an over-long line whose first {@code size[0]} bytes filled {@code buf}: adds the bytes up
     * to its newline to {@code size[0]}, leaves what follows the newline at the start of {@code buf}, and returns how
     * many bytes that is, or -1 when the file ended inside the line.
     */
    private int skipRestOfLine(InputStream in, byte[] buf, long[] size) throws IOException {
        while (true) {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) return -1;
            bytes += n;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    size[0] += i;
                    System.arraycopy(buf, i + 1, buf, 0, n - i - 1);
                    return n - i - 1;
                }
            }
            size[0] += n;
        }
    }

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
        long lineBase;
        long lines, malformed, outsideWindow, future, otherDay;
        long futureExample, otherDayExample;
    }

    /** A failure of the parsing itself (not of a file), which ends the read. */
    private static final class ParseFailure extends IOException {
        ParseFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private String currentFile;
    private long fileLineBase;

    private void consume(Future<Block> parsed, int fileCount) throws IOException {
        Block b;
        try {
            b = parsed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParseFailure("interrupted while reading records", e);
        } catch (ExecutionException e) {
            throw new ParseFailure("cannot parse records: " + e.getCause(), e.getCause());
        }
        if (b.startsFile || !b.fileName.equals(currentFile)) {
            currentFile = b.fileName;
            fileLineBase = b.lineBase;
        }
        for (int i = 0; i < b.malformedTexts.size(); i++) {
            if (firstMalformed.size() < NAMED_MALFORMED) {
                firstMalformed.add(b.fileName + ":" + (fileLineBase + b.malformedLines.get(i)) + ": " + b.malformedTexts.get(i));
            }
        }
        malformed += b.malformed;
        outsideWindow += b.outsideWindow;
        if (b.future > 0 && this.future == 0) {
            futureExample = b.futureExample;
            futureFile = b.fileName;
        }
        if (b.otherDay > 0 && otherDay == 0) {
            otherDayExample = b.otherDayExample;
            otherDayFile = b.fileName;
        }
        this.future += b.future;
        otherDay += b.otherDay;
        lines += b.lines;
        fileLineBase += b.lines;
        for (Map.Entry<String, String> e : b.types.entrySet()) {
            if (!e.getValue().equals(types.get(e.getKey()))) types.put(e.getKey(), e.getValue());
        }
        for (CompactRecord s : b.samples) order.add(s);
        progress.show(b.fileName, b.fileIndex, fileCount, lines, bytes);
    }

    /** Parses the lines of one block (runs on a parser thread; touches only the block and thread-safe state). */
    private Block parseBlock(byte[] buf, String fileName, int fileIndex, boolean startsFile, long lineBase, java.time.LocalDate day) {
        Block b = new Block();
        b.fileName = fileName;
        b.fileIndex = fileIndex;
        b.startsFile = startsFile;
        b.lineBase = lineBase;
        CompactRecordReader reader = readers.get();
        reader.newBlock();
        int start = 0;
        while (start < buf.length) {
            b.lines++;
            try {
                CompactRecord record = reader.read(buf, start, buf.length, b.types);
                RecordTimes.Verdict verdict = record == null ? null : RecordTimes.check(record.tsMillis(), latestMillis, day);
                if (verdict == RecordTimes.Verdict.FUTURE) {
                    if (b.future++ == 0) b.futureExample = record.tsMillis();
                } else if (verdict == RecordTimes.Verdict.OTHER_DAY) {
                    if (b.otherDay++ == 0) b.otherDayExample = record.tsMillis();
                } else if (record != null) { // null: a blank line
                    if (record.tsMillis() < fromMillis || record.tsMillis() > toMillis) b.outsideWindow++;
                    else b.samples.add(record);
                }
            } catch (IllegalArgumentException e) {
                malformedIn(b, e.getMessage());
            }
            start = reader.lineEnd() + 1;
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

    /** Family name to declared TYPE, merged over every record read so far (the last declaration wins). */
    public Map<String, String> types() {
        return types;
    }

    /**
     * Warnings about files that could not be read (in full) or were ignored, and (after {@link #read}) about
     * records left out for their dates; each a line starting with {@code "warning: "}; empty when none.
     */
    public List<String> warnings() {
        return warnings;
    }

    /** Day files not read to their end (a damaged gzip) or left out, each named in a warning. */
    public long unreadFiles() {
        return unreadFiles;
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

    /** Records dropped because their timestamp lies outside the window. */
    public long outsideWindow() {
        return outsideWindow;
    }

    /** Records left out because they are dated later than now plus the allowance ({@link RecordTimes}). */
    public long future() {
        return future;
    }

    /** Records left out because they are dated outside their file's UTC day ({@link RecordTimes}). */
    public long otherDay() {
        return otherDay;
    }

    /** What the rule for records out of time order did ({@link RecordOrder}): steps back seen, records dropped. */
    public RecordOrder order() {
        return order;
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
