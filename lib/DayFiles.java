import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The data directory: one file of records per UTC day, {@code <dir>/YYYY-MM-DD.jsonl}.
 *
 * <p>Appends are safe against concurrent writers (other {@code scrape} or {@code watch} processes) and crashes:
 * each record goes out as one write of whole bytes under an exclusive advisory lock on the file, and a record is
 * started on a fresh line when the file does not end in a newline (the torn tail of a crashed writer then stays
 * alone on its line, where {@code render} skips it).
 */
public final class DayFiles {
    private DayFiles() {}

    /** The file that holds records taken at {@code ts}: named by the UTC date. */
    public static Path fileFor(Path dataDir, Instant ts) {
        return dataDir.resolve(LocalDate.ofInstant(ts, ZoneOffset.UTC) + ".jsonl");
    }

    /**
     * Appends one record as one line to its day file, creating folders and the file as needed.
     *
     * @return the file written
     * @throws IOException with a message naming the path and the cause (missing, read-only, disk full, ...)
     */
    public static Path append(Path dataDir, ScrapeRecord record) throws IOException {
        Path file = fileFor(dataDir, record.ts());
        byte[] line = (record.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new IOException("cannot create data directory " + dataDir + ": " + reason(e), e);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
                FileLock lock = channel.lock()) {
            long size = channel.size();
            ByteBuffer out;
            if (size > 0 && !endsWithNewline(channel, size)) {
                out = ByteBuffer.allocate(line.length + 1).put((byte) '\n').put(line).flip();
            } else {
                out = ByteBuffer.wrap(line);
            }
            // Positional writes at the end we checked under the lock: every writer locks, so nobody moved it.
            long position = size;
            while (out.hasRemaining()) position += channel.write(out, position);
        } catch (IOException e) {
            throw new IOException("cannot append to " + file + ": " + reason(e), e);
        }
        return file;
    }

    private static boolean endsWithNewline(FileChannel channel, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, size - 1);
        return last.get(0) == '\n';
    }

    /** The cause in words, without repeating the path the caller already names. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof FileSystemException fse && fse.getReason() != null) return fse.getReason();
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
