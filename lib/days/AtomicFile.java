package days;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file all at once (the page, an export, a gzipped day): readers see the old content or the new, never
 * part of it, and a crash or a failed write leaves the old file as it was.
 *
 * <p>The new content goes to a temp file in the target's folder under a hidden name no listing of day or record
 * files matches ({@code .NAME.tmp-RANDOM}), is forced to disk, renamed over the target in one step
 * ({@code ATOMIC_MOVE}), and the folder is forced to disk where the file system allows, so the rename survives a
 * power loss. On any failure the temp file is deleted.
 */
public final class AtomicFile {
    /** {@code rw-r--r--}: for pages and exports, which are meant to be served or shared. */
    public static final Set<PosixFilePermission> SHARED = PosixFilePermissions.fromString("rw-r--r--");
    private static final String TEMP_INFIX = ".tmp";

    private AtomicFile() {}

    /** Writes the new content of a file; returns whatever the caller wants back (a summary, or null). */
    @FunctionalInterface
    public interface Content<T> {
        /**
         * @param out buffered; closing it only flushes it, so writers wrapped around it may be closed
         */
        T writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} anew through a temp file, as described in the class comment.
     *
     * @param target      the file to create or replace; its folder must exist
     * @param permissions the file's POSIX permissions (e.g. {@link #SHARED}), or null for those a new file of the
     *                    folder gets (the umask's); ignored where the file system has none
     * @param content     writes the content
     * @return what {@code content} returned
     * @throws IOException from {@code content} or the file system; {@code target} is then as it was, and no temp
     *                     file is left (RuntimeExceptions of {@code content} pass through the same way)
     */
    public static <T> T write(Path target, Set<PosixFilePermission> permissions, Content<T> content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temp = createTemp(dir, absolute.getFileName().toString());
        T result;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16) {
                    @Override
                    public void close() throws IOException {
                        flush(); // the channel stays open for the force below
                    }
                };
                result = content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            if (permissions != null) {
                try {
                    Files.setPosixFilePermissions(temp, permissions);
                } catch (UnsupportedOperationException notPosix) {
                    // Windows: the folder's ACL applies.
                }
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException notDeleted) {
                e.addSuppressed(notDeleted);
            }
            throw e;
        }
        forceFolder(dir);
        return result;
    }

    /**
     * Deletes the temp files that writers of {@code target} left behind when they died mid-write. Only for a caller
     * that knows no other writer of {@code target} is at work (as {@link Retention} knows under its lock).
     *
     * @throws IOException when the folder cannot be listed or a temp file cannot be deleted
     */
    public static void deleteLeftovers(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        String prefix = tempPrefix(absolute.getFileName().toString());
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(absolute.getParent(), p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path temp : temps) Files.deleteIfExists(temp);
        }
    }

    /**
     * Makes a rename or delete in {@code dir} durable (fsync of the folder, as on Linux); does nothing where the
     * file system cannot open a folder for that: the rename is still atomic there, only maybe not yet on disk.
     */
    public static void forceFolder(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // See above: not possible on this file system.
        }
    }

    private static String tempPrefix(String targetName) {
        return "." + targetName + TEMP_INFIX;
    }

    /** A new empty file beside the target, with the folder's default permissions. */
    private static Path createTemp(Path dir, String targetName) throws IOException {
        while (true) {
            String unique = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
            try {
                return Files.createFile(dir.resolve(tempPrefix(targetName) + "-" + unique));
            } catch (FileAlreadyExistsException taken) {
                // Another writer drew the same name: draw again.
            }
        }
    }
}
