package days;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;

/**
 * The one rule for the entries of a data folder that the tools open, write or delete (day files, the retention lock,
 * the files retention writes): each must be a regular file, and is never reached through a symbolic link. A link
 * (to a file outside the folder, a root-only file) or anything else (a FIFO, which would block the opening thread
 * for ever, a folder, a device) is refused with a sentence naming it, before it is opened; the open itself does not
 * follow a link either ({@code O_NOFOLLOW}), so a link put in place between the check and the open is refused too.
 */
public final class RegularFiles {
    private RegularFiles() {}

    /**
     * Checks that {@code file} is a regular file and no link.
     *
     * @param file        the entry to check
     * @param mayBeAbsent true when a missing file is fine (it is about to be created)
     * @throws IOException "FILE is a symbolic link: ..." or "FILE is not a regular file (a FIFO): ...", or
     *                     {@link NoSuchFileException} when it is missing and must not be
     */
    public static void check(Path file, boolean mayBeAbsent) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            if (mayBeAbsent) return;
            throw e;
        }
        if (attributes.isSymbolicLink()) {
            throw new IOException(file + " is a symbolic link: files of a data folder are never followed through a link"
                    + " (replace it with the file itself)");
        }
        if (!attributes.isRegularFile()) {
            throw new IOException(file + " is not a regular file (" + kind(attributes) + "): it was neither opened nor changed"
                    + " (remove it, or move it out of the data folder)");
        }
    }

    /**
     * {@link FileChannel#open} of a regular file, never through a link ({@link #check} first, then
     * {@link LinkOption#NOFOLLOW_LINKS}).
     *
     * @param file    the file
     * @param options as for {@link FileChannel#open}; with {@code CREATE} a missing file is fine
     * @throws IOException as {@link #check}, or from the open
     */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        boolean create = Arrays.asList(options).contains(java.nio.file.StandardOpenOption.CREATE);
        check(file, create);
        OpenOption[] all = Arrays.copyOf(options, options.length + 1);
        all[options.length] = LinkOption.NOFOLLOW_LINKS;
        return FileChannel.open(file, all);
    }

    /**
     * An input stream of a regular file, never through a link.
     *
     * @throws IOException as {@link #check}, or from the open
     */
    public static InputStream newInputStream(Path file) throws IOException {
        check(file, false);
        return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Deletes a regular file (never a link's target, nor anything that is not a regular file); false when it was gone.
     *
     * @throws IOException as {@link #check}, or from the delete
     */
    public static boolean deleteIfExists(Path file) throws IOException {
        check(file, true);
        return Files.deleteIfExists(file);
    }

    /**
     * The POSIX permissions of a file itself (not of a link's target), for a file written in its place to keep them
     * (a day file's 0600 stays 0600 when it is gzipped); null where the file system has none.
     */
    public static Set<PosixFilePermission> permissions(Path file) throws IOException {
        try {
            return Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException notPosix) {
            return null;
        }
    }

    private static String kind(BasicFileAttributes attributes) {
        return attributes.isDirectory() ? "a folder" : "a FIFO, socket or device";
    }
}
