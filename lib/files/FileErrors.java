package files;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * File errors in a user's words, for every file a user names or the tools write (day files, pages, exports, secret
 * and certificate files): the JDK's exceptions repeat the path, which the caller's message already names.
 */
public final class FileErrors {
    private FileErrors() {}

    /**
     * The cause of a failed file operation in words, without the path: {@code permission denied},
     * {@code no such file or directory}, {@code not valid UTF-8 text}, the operating system's reason (e.g. {@code No space left on device}), or
     * the exception's own message when it has no better one.
     *
     * @param e the exception of a file operation
     * @return one line of text, never null
     */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof FileAlreadyExistsException) return "it exists and is not a directory";
        // The JDK says "Input length = 1": the decoder's words, not the reader's.
        if (e instanceof CharacterCodingException) return "not valid UTF-8 text";
        if (e instanceof FileSystemException fse && fse.getReason() != null) return fse.getReason();
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
