package scrape;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable byte array that refuses to grow past {@code --max-bytes}: the one place a scrape's body is held, so an
 * endless or huge body costs at most the limit in memory. The array grows by doubling from 8 KiB, or at once to a
 * size announced beforehand ({@link #reserve}).
 */
final class LimitedBuffer {
    /** The largest body a scrape can hold, in bytes: one Java byte array (a little under 2 GiB). */
    static final int MAX_BYTES = units.Sizes.MAX_BYTES;

    private static final int READ_CHUNK_BYTES = 1 << 16;

    /** The limit as the user gave it, for the error message. */
    private final long maxBytes;
    /** The limit as one Java array can hold it. */
    private final int capacityLimit;
    private byte[] data = new byte[8192];
    private int size;

    /** @param maxBytes the most bytes the buffer takes; above {@link #MAX_BYTES}, that is the limit */
    LimitedBuffer(long maxBytes) {
        this.maxBytes = maxBytes;
        this.capacityLimit = (int) Math.min(maxBytes, MAX_BYTES);
    }

    /** Appends {@code length} bytes of {@code src} from {@code offset}; false (and nothing appended) past the limit. */
    boolean write(byte[] src, int offset, int length) {
        if (!makeRoom(length)) return false;
        System.arraycopy(src, offset, data, size, length);
        size += length;
        return true;
    }

    /** Appends the remaining bytes of {@code src}; false (and nothing appended or consumed) past the limit. */
    boolean write(ByteBuffer src) {
        int length = src.remaining();
        if (!makeRoom(length)) return false;
        src.get(data, size, length);
        size += length;
        return true;
    }

    /**
     * Appends everything {@code in} gives until its end.
     *
     * @throws TooLarge when the stream holds more than the limit; the bytes up to the last whole read are kept
     * @throws IOException as the stream throws it
     */
    void readAll(InputStream in) throws IOException {
        // Straight into the array: a separate read chunk was the largest allocation of a small scrape (issue 12).
        while (true) {
            if (size == data.length) {
                if (size >= capacityLimit) {
                    if (in.read() < 0) return;
                    throw new TooLarge(maxBytes);
                }
                data = Arrays.copyOf(data, (int) Math.min(capacityLimit, data.length * 2L));
            }
            int n = in.read(data, size, Math.min(data.length - size, READ_CHUNK_BYTES));
            if (n < 0) return;
            size += n;
        }
    }

    /** Grows the array to hold at least {@code capacity} bytes (up to the limit) before a read of a known size. */
    void reserve(int capacity) {
        if (capacity > data.length) data = Arrays.copyOf(data, (int) Math.min(capacityLimit, capacity + 1L));
    }

    /** Bytes held. */
    int size() {
        return size;
    }

    /** The backing array; only the first {@link #size()} bytes are the body. */
    byte[] bytes() {
        return data;
    }

    private boolean makeRoom(int length) {
        if ((long) size + length > capacityLimit) return false;
        if (size + length > data.length) {
            data = Arrays.copyOf(data, (int) Math.min(capacityLimit, Math.max(data.length * 2L, (long) size + length)));
        }
        return true;
    }

    /** A body larger than {@code --max-bytes}; the message is the record's error. */
    static final class TooLarge extends IOException {
        TooLarge(long maxBytes) {
            super("body exceeds --max-bytes " + maxBytes + " bytes");
        }
    }
}
