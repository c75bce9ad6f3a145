package days;

import units.Durations;
import files.FileErrors;
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
 * the next run); a crash after it leaves both, which {@link DayFiles#sources} reads as the gzipped file plus the
 * plain file's lines it does not hold yet, and which the next run compresses again the same way. Records appended
 * to a day after it was compressed (a writer that caught up late) land in a new plain file and are merged into the
 * gzipped one by the next run; a crash after that merge's rename again leaves both, read and merged again the same
 * way, so neither the earlier gzipped records are lost nor the plain ones doubled.
 *
 * <p>A day that cannot be deleted or compressed (a damaged gzipped file, an append-only plain file) costs only
 * itself: it is left as it is, named in a warning, counted in {@link Result#failed()}, and the other days go on.
 * A damaged gzipped file is never compressed again, so what can still be read of it stays.
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
     * @param failed     one message per day left as it was because it could not be deleted or compressed, naming
     *                   the file and the reason
     */
    public record Result(List<Path> deleted, List<Path> compressed, boolean skipped, List<String> failed) {}

    /**
     * Applies a retention policy to a data directory ({@link #apply(Path, Duration, Duration, Instant, PrintStream)}
     * with the policy's retention and compression).
     */
    public static Result apply(Path dataDir, RetentionPolicy policy, Instant now, PrintStream status) throws IOException {
        return apply(dataDir, policy.retain(), policy.compressAfter(), now, status);
    }

    /**
     * Applies retention to a data directory.
     *
     * @param dataDir folder of the day files; nothing happens when it does not exist
     * @param retain  days that ended more than this long before {@code now} are deleted; null keeps every day
     * @param grace   days that ended at least this long before {@code now} are gzipped; null compresses nothing.
     *                Today's file (UTC) is never compressed, whatever the grace.
     * @param now     the current time
     * @param status  where one line per deleted or compressed day, and one warning per day that failed, goes (e.g.
     *                stderr), or null
     * @throws IOException when the folder or its lock cannot be opened; a day that cannot be deleted or compressed is
     *                     not an error but a warning ({@link Result#failed()})
     */
    public static Result apply(Path dataDir, Duration retain, Duration grace, Instant now, PrintStream status) throws IOException {
        List<Path> deleted = new ArrayList<>(), compressed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        if (!Files.isDirectory(dataDir)) return new Result(deleted, compressed, false, failed);
        try (FileChannel lockFile = FileChannel.open(dataDir.resolve(".retention.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.tryLock()) {
            if (lock == null) return new Result(deleted, compressed, true, failed);
            for (DayFiles.Day day : DayFiles.days(dataDir, null, null)) {
                Instant dayEnd = day.date().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                try {
                    if (retain != null && !dayEnd.isAfter(now.minus(retain))) {
                        for (Path file : new Path[] {day.plain(), day.gz()}) {
                            if (file != null && deleteIfExists(file)) {
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
                } catch (IOException e) {
                    failed.add(e.getMessage());
                    if (status != null) status.println("retention: warning: " + e.getMessage() + "; other days go on");
                }
            }
        }
        return new Result(deleted, compressed, false, failed);
    }

    private static boolean deleteIfExists(Path file) throws IOException {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new IOException("cannot delete " + file + ": " + FileErrors.reason(e) + "; left the day as it is", e);
        }
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
        long skipLines = sources.skipLinesOf(plain);
        try (FileChannel plainChannel = FileChannel.open(plain, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock appendLock = plainChannel.lock()) {
            AtomicFile.deleteLeftovers(gz); // of a run that died mid-write; this one holds the retention lock
            AtomicFile.write(gz, null, out -> {
                GZIPOutputStream zip = new GZIPOutputStream(out, 1 << 16);
                if (keepOld) {
                    try (BufferedReader old = DayFiles.open(day.gz())) {
                        copyLines(old, zip);
                    } catch (IOException e) {
                        throw new IOException("cannot read " + day.gz() + ": " + FileErrors.reason(e) + "; left the day as it is", e);
                    }
                }
                copyWholeLines(plainChannel, skipLines, zip); // through the locked channel: closing another handle would unlock it
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

    /**
     * Copies bytes after the first {@code skipLines} lines (which the gzipped file holds already), adding a newline at
     * the end when the last line was torn, so the next file starts on a line of its own.
     */
    private static void copyWholeLines(FileChannel in, long skipLines, OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        int last = '\n';
        long position = 0;
        for (int n; (n = in.read(buffer.clear(), position)) > 0; position += n) {
            int from = 0;
            while (skipLines > 0 && from < n) {
                if (buffer.array()[from++] == '\n') skipLines--;
            }
            if (from == n) continue;
            out.write(buffer.array(), from, n - from);
            last = buffer.array()[n - 1];
        }
        if (last != '\n') out.write('\n');
    }
}
