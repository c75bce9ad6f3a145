package days;

import cli.Durations;
import cli.FileErrors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Keeps the data directory small: deletes the days older than a retention window and gzips closed days
 * ({@code YYYY-MM-DD.jsonl} becomes {@code YYYY-MM-DD.jsonl.gz}). Readers open both forms through {@link DayFiles}.
 *
 * <p>Compressing never loses a day, whenever the process dies: the gzipped copy is written by {@link AtomicFile}
 * (a hidden temp file, forced to disk, renamed over the final name, the folder forced to disk), and only then is
 * the plain file deleted. A crash before the rename leaves the plain file as it was (the temp file is deleted by
 * the next run); a crash after it leaves both, which {@link DayFiles} reads correctly and the next run compresses
 * again from the plain file. Records appended to a day after it was compressed (a writer that caught up late) land
 * in a new plain file and are merged into the gzipped one by the next run. A day whose gzipped file cannot be read
 * is not compressed again (an error names it), so what can still be read of it stays.
 *
 * <p>Only one retention run works on a folder at a time ({@code .retention.lock}); a run that finds it taken does
 * nothing. While a day is compressed its plain file is locked as {@link DayFileAppender#append} locks it, so no append is
 * half-copied.
 */
public final class Retention {
    /** Default time a day stays plain after it ended (UTC midnight), for scrapes that started before midnight. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

    private Retention() {}

    /**
     * What one run did.
     *
     * @param deleted    day files deleted because their day is older than the retention window
     * @param compressed days gzipped (the {@code .jsonl.gz} files written)
     * @param skipped    true when another run held the folder's lock and nothing was done
     */
    public record Result(List<Path> deleted, List<Path> compressed, boolean skipped) {}

    /**
     * Applies retention to a data directory.
     *
     * @param dataDir folder of the day files; nothing happens when it does not exist
     * @param retain  days that ended more than this long before {@code now} are deleted; null keeps every day
     * @param grace   days that ended at least this long before {@code now} are gzipped; null compresses nothing.
     *                Today's file (UTC) is never compressed, whatever the grace.
     * @param now     the current time
     * @param status  where one line per deleted or compressed day goes (e.g. stderr), or null
     * @throws IOException naming the file when a day cannot be deleted or compressed; days done before stay done
     */
    public static Result apply(Path dataDir, Duration retain, Duration grace, Instant now, PrintStream status) throws IOException {
        List<Path> deleted = new ArrayList<>(), compressed = new ArrayList<>();
        if (!Files.isDirectory(dataDir)) return new Result(deleted, compressed, false);
        try (FileChannel lockFile = FileChannel.open(dataDir.resolve(".retention.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.tryLock()) {
            if (lock == null) return new Result(deleted, compressed, true);
            for (DayFiles.Day day : DayFiles.days(dataDir, null, null)) {
                Instant dayEnd = day.date().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                if (retain != null && !dayEnd.isAfter(now.minus(retain))) {
                    for (Path file : new Path[] {day.plain(), day.gz()}) {
                        if (file != null && Files.deleteIfExists(file)) {
                            deleted.add(file);
                            if (status != null) status.println("retention: deleted " + file + " (older than " + Durations.format(retain) + ")");
                        }
                    }
                    continue;
                }
                boolean closed = !dayEnd.isAfter(now.minus(grace == null ? Duration.ZERO : grace)) && dayEnd.isBefore(now);
                if (grace != null && closed && day.plain() != null) {
                    Path gz = compress(day);
                    compressed.add(gz);
                    if (status != null) status.println("retention: compressed " + day.describe() + " -> " + gz);
                }
            }
        }
        return new Result(deleted, compressed, false);
    }

    /**
     * Gzips one day that has a plain file, as described in the class comment, and returns the {@code .jsonl.gz} file.
     *
     * @throws IOException naming the file; the day is then still readable as it was
     */
    private static Path compress(DayFiles.Day day) throws IOException {
        // This JVM's own appends (watch) wait meanwhile: two locks on one file in one JVM would be an error, not a wait.
        return DayFileAppender.withAppendsPaused(() -> compressLocked(day));
    }

    private static Path compressLocked(DayFiles.Day day) throws IOException {
        Path plain = day.plain();
        Path dir = plain.toAbsolutePath().getParent();
        Path gz = DayFiles.gzFileFor(dir, day.date());
        // Earlier records (already gzipped) go first when the plain file holds only late appends. Decided before
        // locking: closing any other handle on the plain file would drop this process's lock on it (POSIX locks).
        DayFiles.Sources sources = DayFiles.sources(day);
        if (sources.leftOut() != null) {
            throw new IOException("cannot compress " + plain + ": cannot read " + sources.leftOut() + ": " + sources.reason()
                    + "; left the day as it is");
        }
        boolean keepOld = day.gz() != null && sources.files().contains(day.gz());
        try (FileChannel plainChannel = FileChannel.open(plain, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock appendLock = plainChannel.lock()) {
            AtomicFile.deleteLeftovers(gz); // of a run that died mid-write; this one holds the retention lock
            AtomicFile.write(gz, null, out -> {
                GZIPOutputStream zip = new GZIPOutputStream(out, 1 << 16);
                if (keepOld) {
                    try (BufferedReader old = DayFiles.open(day.gz())) {
                        copyLines(old, zip);
                    }
                }
                copyWholeLines(plainChannel, zip); // through the locked channel: closing another handle would unlock it
                zip.finish();
                return null;
            });
            Files.delete(plain);
            AtomicFile.forceFolder(dir);
        } catch (IOException e) {
            throw new IOException("cannot compress " + plain + ": " + FileErrors.reason(e), e);
        }
        return gz;
    }

    private static void copyLines(BufferedReader in, OutputStream out) throws IOException {
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isEmpty()) continue;
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
    }

    /** Copies bytes, adding a newline at the end when the last line was torn, so the next file starts on a line of its own. */
    private static void copyWholeLines(FileChannel in, OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        int last = '\n';
        long position = 0;
        for (int n; (n = in.read(buffer.clear(), position)) > 0; position += n) {
            out.write(buffer.array(), 0, n);
            last = buffer.array()[n - 1];
        }
        if (last != '\n') out.write('\n');
    }
}
