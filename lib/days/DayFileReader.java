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
import java.util.TreeMap;
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
 * holding more than a few blocks of lines and a small reorder window in memory.
 *
 * <p>Which files hold a day is {@link DayFiles#sources}'s call, so a day left in both forms by a crash
 * mid-compression is read once; days that lie wholly outside the time window are not opened. A file that cannot be
 * read to its end (a damaged gzip) costs only its unread rest: the records before are kept and {@link #warnings()}
 * names the file. A line that is not a valid record ({@link CompactRecordReader}) is skipped and counted; the first
 * few are kept as {@code file:line: what} for one warning; a line longer than {@link DayFiles#MAX_LINE_BYTES} is
 * skipped without being held and counted as one malformed line, with its size. Records dated later than now (plus
 * an allowance) or outside their file's UTC day are left out and counted in one warning each ({@link RecordTimes}).
 * Records are handed on in timestamp order within a window
 * of 4,096 records ({@link ReorderWindow}), so a file written by a clock that jumped backwards by less than that
 * still comes out in time order.
 */
public final class DayFileReader {
    private static final int REORDER_WINDOW = 4096;
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
    private long latestMillis;

    private long filesOpened, filesSkipped, lines, bytes, malformed, outsideWindow, future, otherDay;
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

    /**
     * The files of {@code dir} to read, in order: per day in the window (oldest first) its {@link DayFiles#sources}.
     * Counts the day files left out and keeps the warnings about unreadable and ignored ones.
     */
    private List<Source> sources(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        List<Source> out = new ArrayList<>();
        for (DayFiles.Day day : DayFiles.days(dir, null, null)) {
            if (!day.overlaps(from, to)) {
                filesSkipped += day.fileCount();
                continue;
            }
            DayFiles.Sources sources = DayFiles.sources(day);
            if (sources.warning() != null) warnings.add("warning: " + sources.warning());
            for (Path file : sources.files()) out.add(new Source(file, day.date(), sources.skipLinesOf(file)));
        }
        String ignored = DayFiles.ignoredWarning(dir);
        if (ignored != null) warnings.add("warning: " + ignored);
        return out;
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
     * Reads every record file of {@code dir} (days chosen by {@link DayFiles#sources}) and hands each record inside the window to {@code sink},
     * in timestamp order within the reorder window. Blocks of whole lines are parsed on up to two other threads while
     * this one hands on the results in file order, so at most a few blocks are in memory at a time.
     *
     * @throws IOException when a file cannot be read (a malformed line is not an error: it is counted and skipped)
     */
    public void read(Path dir, Consumer<CompactRecord> sink) throws IOException {
        List<Source> sources = sources(dir);
        latestMillis = times.latestMillis();
        ReorderWindow reorder = new ReorderWindow(REORDER_WINDOW, sink);
        progress.start();
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = parserPool(threads);
        ArrayDeque<Future<Block>> inFlight = new ArrayDeque<>();
        try {
            int index = 0;
            for (Source source : sources) {
                Path file = source.file();
                index++;
                filesOpened++;
                String fileName = file.getFileName().toString();
                try (InputStream in = DayFiles.openStream(file, source.skipLines())) {
                    byte[] buf = new byte[firstBlockBytes(file)];
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
                                buf = Arrays.copyOf(buf, Math.min(MAX_LINE_BYTES, buf.length * 2));
                                continue;
                            }
                            // A line longer than the limit: read on to its end without keeping it; one malformed line.
                            long[] size = {end};
                            end = skipRestOfLine(in, buf, size);
                            inFlight.add(java.util.concurrent.CompletableFuture.completedFuture(
                                    tooLongBlock(fileName, index, first, source.skipLines(), size[0])));
                            first = false;
                            if (end < 0) break; // the file ended inside the line
                            continue;
                        }
                        if (cut > 0) {
                            byte[] block = Arrays.copyOf(buf, cut);
                            boolean startsFile = first;
                            final int fileIdx = index;
                            inFlight.add(pool.submit(() -> parseBlock(block, fileName, fileIdx, startsFile, source.skipLines(), source.day())));
                            first = false;
                            buf = carryOver(buf, cut, end);
                            end -= cut;
                        }
                        while (inFlight.size() > 2 * threads) consume(inFlight.poll(), reorder, sources.size());
                        if (eof) break;
                    }
                    if (failure != null) throw failure;
                } catch (IOException e) {
                    if (e instanceof ParseFailure) throw e;
                    // A damaged file (say, a truncated gzip) costs only its own unread rest, not the page.
                    warnings.add("warning: " + DayFiles.cannotRead(file, e));
                }
            }
            while (!inFlight.isEmpty()) consume(inFlight.poll(), reorder, sources.size());
        } finally {
            pool.shutdownNow();
        }
        reorder.drain();
        progress.finish(lines);
        addTimeWarnings();
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

    /** The threads that parse blocks of lines (daemons: a failed read never keeps the JVM alive). */
    private static ExecutorService parserPool(int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "record-parser");
            t.setDaemon(true);
            return t;
        });
    }

    /** The block of one line longer than the limit: one malformed line, with its size. */
    private Block tooLongBlock(String fileName, int fileIndex, boolean startsFile, long lineBase, long size) {
        Block tooLong = new Block();
        tooLong.fileName = fileName;
        tooLong.fileIndex = fileIndex;
        tooLong.startsFile = startsFile;
        tooLong.lineBase = lineBase;
        tooLong.lines = 1;
        malformedIn(tooLong, DayFiles.tooLongText(size));
        return tooLong;
    }

    /** The warnings about records in the future or outside their file's day, once the files are read. */
    private void addTimeWarnings() {
        String futureWarning = RecordTimes.futureWarning(future, latestMillis, futureExample, futureFile);
        if (futureWarning != null) warnings.add("warning: " + futureWarning);
        String otherDayWarning = RecordTimes.otherDayWarning(otherDay, otherDayExample, otherDayFile);
        if (otherDayWarning != null) warnings.add("warning: " + otherDayWarning);
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

    private void consume(Future<Block> parsed, ReorderWindow reorder, int fileCount) throws IOException {
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
        for (CompactRecord s : b.samples) reorder.add(s);
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
