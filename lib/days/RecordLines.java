package days;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The lines of one day file as text, one at a time, for readers that take a record per line (the OpenMetrics
 * export). A file that cannot be opened or breaks off part-way (a damaged gzip) ends early, after its last whole
 * line, with the reason in {@link #failure()}; a line longer than {@link DayFiles#MAX_LINE_BYTES} is read past
 * without being held and returned as {@link #TOO_LONG}, its size in {@link #tooLongBytes()}. Invalid UTF-8 reads
 * as U+FFFD; a line's ending {@code \r} is dropped.
 */
public final class RecordLines implements AutoCloseable {
    /** What {@link #next()} returns for an over-long line (compare with {@code ==}). */
    public static final String TOO_LONG = new String("<too long>");

    private InputStream in;
    private IOException failure;
    private long lineNo;
    private long tooLongBytes;
    private byte[] buf = new byte[1 << 12];
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos, chunkEnd;

    /**
     * @param file      the day file
     * @param skipLines lines at its start to pass over ({@link DayFiles.Sources#skipLinesOf}); they count in
     *                  {@link #lineNo()}
     */
    public RecordLines(Path file, long skipLines) {
        try {
            in = DayFiles.openStream(file, skipLines);
            lineNo = skipLines;
        } catch (IOException e) {
            failure = e;
        }
    }

    /** What {@link #nextBytes()} returns at the end or on a failure. */
    public static final int END = -1;
    /** What {@link #nextBytes()} returns for an over-long line. */
    public static final int TOO_LONG_BYTES = -2;

    /** The next line, {@link #TOO_LONG}, or null at the end or on a failure. */
    public String next() {
        int length = nextBytes();
        if (length == END) return null;
        if (length == TOO_LONG_BYTES) return TOO_LONG;
        return new String(buf, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * The next line's bytes, held in {@link #bytes()} from 0, without its newline or a carriage return before it:
     * its length, {@link #TOO_LONG_BYTES}, or {@link #END} at the end or on a failure. The same lines as {@link #next()},
     * for callers that parse bytes.
     */
    public int nextBytes() {
        if (in == null || failure != null) return END;
        try {
            int length = 0;
            long size = 0;
            if (chunkPos == chunkEnd && !fill()) return END;
            while (true) {
                if (chunkPos == chunkEnd && !fill()) break; // the last line, without a newline
                int start = chunkPos, stop = start;
                while (stop < chunkEnd && chunk[stop] != '\n') stop++;
                int n = stop - start;
                if (size + n <= DayFiles.MAX_LINE_BYTES) {
                    if (length + n > buf.length) buf = Arrays.copyOf(buf, Math.max(length + n, Math.min(DayFiles.MAX_LINE_BYTES, buf.length * 2)));
                    System.arraycopy(chunk, start, buf, length, n);
                    length += n;
                }
                size += n;
                chunkPos = stop;
                if (stop < chunkEnd) {
                    chunkPos++; // past the newline
                    break;
                }
            }
            lineNo++;
            if (size > DayFiles.MAX_LINE_BYTES) {
                tooLongBytes = size;
                if (buf.length > 1 << 20) buf = new byte[1 << 12]; // do not keep the big buffer
                return TOO_LONG_BYTES;
            }
            if (length > 0 && buf[length - 1] == '\r') length--;
            return length;
        } catch (IOException e) {
            failure = e;
            return END;
        }
    }

    /** The buffer {@link #nextBytes()} filled; valid until the next call. */
    public byte[] bytes() {
        return buf;
    }

    private boolean fill() throws IOException {
        int n = in.read(chunk, 0, chunk.length);
        if (n <= 0) return false;
        chunkPos = 0;
        chunkEnd = n;
        return true;
    }

    /** The size in bytes of the over-long line {@link #next()} returned last. */
    public long tooLongBytes() {
        return tooLongBytes;
    }

    /** The number of the line {@link #next()} returned last, from 1. */
    public long lineNo() {
        return lineNo;
    }

    /** Why the file ended early, or null. */
    public IOException failure() {
        return failure;
    }

    @Override
    public void close() throws IOException {
        if (in != null) in.close();
    }
}
