package files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Secrets read from files (tokens, passwords), the only way the tools take them, so that they never show in
 * {@code ps} or a shell's history. Messages name the option and the file, never the content.
 */
public final class SecretFiles {
    private SecretFiles() {}

    /**
     * The file's text, UTF-8, without surrounding white space (a trailing newline is common and never meant).
     *
     * @param file   the secret file
     * @param option the option that named it, e.g. {@code --bearer-token-file}
     * @return the secret, not empty
     * @throws IllegalArgumentException "OPTION: cannot read FILE: reason", "OPTION: FILE is empty" or
     *                                  "OPTION: FILE is not valid UTF-8 text"
     */
    public static String read(Path file, String option) {
        String secret;
        try {
            secret = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(SmallFiles.read(file, SmallFiles.SECRET_BYTES))).toString().strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot read " + file + ": " + FileErrors.reason(e));
        }
        if (secret.isEmpty()) throw new IllegalArgumentException(option + ": " + file + " is empty");
        return secret;
    }
}
