package files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files that the options name and that are small by nature (secrets, certificates, targets lists), read with a size
 * bound: a mistaken {@code /dev/zero}, a log file or a disk image costs at most the bound in memory and time,
 * and ends in a sentence instead of a hang or an OutOfMemoryError.
 */
public final class SmallFiles {
    /** Bound of a secret (token, password): far above any real token, far below anything harmful. */
    public static final int SECRET_BYTES = 64 << 10;
    /** Bound of a certificate or key file, or a targets list. */
    public static final int LIST_BYTES = 4 << 20;

    private SmallFiles() {}

    /**
     * The file's bytes, at most {@code maxBytes} of them.
     *
     * @throws IOException the JDK's, when the file cannot be read; or "larger than N bytes, more than such a file
     *                     holds" when it has more than {@code maxBytes} bytes (its content is never quoted)
     */
    public static byte[] read(Path file, int maxBytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new IOException(String.format(java.util.Locale.ROOT, "larger than %,d bytes, more than such a file holds", maxBytes));
            }
            return bytes;
        }
    }
}
