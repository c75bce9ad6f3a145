package days;

import files.FileErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import record.RecordCodec;
import record.ScrapeRecord;

/**
 * Appends records to the data directory: one file of records per UTC day, {@code <dir>/YYYY-MM-DD.jsonl}
 * ({@link DayFiles#fileFor}), one line per record ({@link RecordCodec#line}).
 *
 * <p>Appends are safe against concurrent writers (other {@code scrape} or {@code watch} processes) and crashes:
 * each record goes out as one write of whole bytes under an exclusive advisory lock on the file, and a record is
 * started on a fresh line when the file does not end in a newline (the torn tail of a crashed writer then stays
 * alone on its line, where {@code render} skips it). A write that fails half-way (disk full, file size limit) is
 * cut back to where it started, so it leaves no torn line either.
 *
 * <p>The file is opened for appending only ({@code O_APPEND}), so a day file made append-only
 * ({@code chattr +a}) takes records too. Every repair is then an append: a torn last line is ended by the newline
 * written before the next record; where the cut-back of a failed write is refused (an append-only file cannot be
 * truncated), the part written stays as a torn line, which the next append ends the same way.
 *
 * <p>Within one JVM appends are serialised (an advisory lock is held per process, not per thread), and the JVM's
 * shutdown waits for an append in flight, so SIGTERM or {@code System.exit} never cut a record in half; an immediate
 * exit goes through {@link #haltBetweenAppends(int)}. Not covered: power loss (records are not fsync'ed) and
 * {@code kill -9} in the middle of the write system call, which can leave one torn last line.
 */
public final class DayFileAppender {
    /** Held for the whole of an append in this JVM. */
    private static final ReentrantLock APPENDING = new ReentrantLock();
    /** How long an exit waits for an append in flight; an append is one small write, so this is only a bound. */
    private static final long EXIT_WAIT_MS = 5_000;

    static {
        // Taken and never given back: once the JVM is shutting down, no append starts and none is cut short.
        Runtime.getRuntime().addShutdownHook(new Thread(DayFileAppender::blockAppends, "day-files-shutdown"));
    }

    private DayFileAppender() {}

    /**
     * Appends one record as one line to its day file, creating folders and the file as needed.
     *
     * @return the file written
     * @throws IOException with a message naming the path and the cause (missing, read-only, disk full, ...)
     */
    public static Path append(Path dataDir, ScrapeRecord record) throws IOException {
        Path file = DayFiles.fileFor(dataDir, record.ts());
        byte[] line = RecordCodec.line(record);
        if (line.length > DayFiles.MAX_LINE_BYTES) line = RecordCodec.line(tooLong(record, line.length));
        APPENDING.lock();
        try {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new IOException("cannot create data directory " + dataDir + ": " + FileErrors.reason(e), e);
            }
            appendLocked(file, line);
        } finally {
            APPENDING.unlock();
        }
        return file;
    }

    /**
     * What is written instead of a record whose line no reader would take (only when {@code --max-bytes} was raised
     * far above its default): the same scrape as {@code up=0}, saying why, so the sample is not silently lost later.
     */
    static ScrapeRecord tooLong(ScrapeRecord record, long lineBytes) {
        String error = String.format(java.util.Locale.ROOT, "the record of this scrape would be a line of %,d bytes, longer than the %d MiB "
                + "that render and export read; lower --max-bytes", lineBytes, DayFiles.MAX_LINE_BYTES >> 20);
        return ScrapeRecord.failed(record.ts(), record.target(), record.scrapeMs(), record.format(), record.bytes(), error)
                .withInstance(record.instance());
    }

    /** Something to run while no append of this JVM is in progress; see {@link #withAppendsPaused}. */
    public interface IoAction<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code action} while appends of this JVM wait: for {@link Retention}, which locks and replaces a day file
     * that {@code watch}'s own appends may also want (two locks on one file in one JVM are an error, not a wait).
     */
    public static <T> T withAppendsPaused(IoAction<T> action) throws IOException {
        APPENDING.lock();
        try {
            return action.run();
        } finally {
            APPENDING.unlock();
        }
    }

    private static void appendLocked(Path file, byte[] line) throws IOException {
        // Another process may compress and delete the day file while we wait for its lock: then our channel points
        // at a deleted file, and the append must go to the new file under that name instead.
        for (int attempt = 0; attempt < 3; attempt++) {
            if (appendIfStillThere(file, line)) return;
        }
        throw new IOException("cannot append to " + file + ": it was replaced three times while waiting for its lock");
    }

    /** Appends under the file's lock; false (nothing written) when the file was replaced while we waited for the lock. */
    private static boolean appendIfStillThere(Path file, byte[] line) throws IOException {
        // Two channels, since the JDK opens none for both reading and appending; both stay open until the lock is
        // given back (closing any handle on the file would drop this process's lock on it).
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
            Object opened = fileKey(file);
            FileLock lock = channel.lock();
            Object now = fileKey(file);
            if (opened == null || !opened.equals(now) || Files.size(file) != channel.size()) {
                lock.release();
                return false;
            }
            long size = channel.size();
            ByteBuffer out;
            if (size > 0 && !endsWithNewline(reader, size)) {
                out = ByteBuffer.allocate(line.length + 1).put((byte) '\n').put(line).flip();
            } else {
                out = ByteBuffer.wrap(line);
            }
            // Every writer locks, so the end we checked under the lock is where O_APPEND writes.
            try {
                while (out.hasRemaining()) channel.write(out);
            } catch (IOException e) {
                // A full disk or a file size limit can let part of the line through: take it back, so that no
                // torn line stays behind and the retried record is the only copy.
                if (out.position() > 0) {
                    try {
                        channel.truncate(size);
                    } catch (IOException truncateFailed) {
                        e.addSuppressed(truncateFailed);
                    }
                }
                throw e;
            }
            return true;
        } catch (IOException e) {
            throw new IOException("cannot append to " + file + ": " + FileErrors.reason(e), e);
        } catch (java.nio.channels.OverlappingFileLockException e) {
            throw new IOException("cannot append to " + file + ": locked by another thread of this process", e);
        }
    }

    /** The file a path names now (its inode, on POSIX), or null when there is none. */
    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    /**
     * Ends the JVM at once with {@code status} (no shutdown hooks), but not in the middle of an append: waits for an
     * append in flight in this JVM to finish (at most a few seconds). For a second Ctrl-C.
     */
    public static void haltBetweenAppends(int status) {
        blockAppends();
        Runtime.getRuntime().halt(status);
    }

    private static void blockAppends() {
        try {
            APPENDING.tryLock(EXIT_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean endsWithNewline(FileChannel channel, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, size - 1);
        return last.get(0) == '\n';
    }
}
