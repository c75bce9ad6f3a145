package files;

import secrets.KnownSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import text.Utf8;

/**
 * Secrets read from files (tokens, passwords), the only way the tools take them, so that they never show in
 * {@code ps} or a shell's history. Messages name the option and the file, never the content.
 */
public final class SecretFiles {
    private SecretFiles() {}

    /**
     * The file's text, UTF-8, without surrounding white space (a trailing newline is common and never meant),
     * remembered by {@link KnownSecrets} so that no output of the run can show it.
     *
     * @param file   the secret file
     * @param option the option that named it, e.g. {@code --bearer-token-file}
     * @return the secret, not empty
     * @throws IllegalArgumentException "OPTION: cannot read FILE: reason", "OPTION: FILE is empty" or
     *                                  "OPTION: FILE is not valid UTF-8 text"
     */
    public static String read(Path file, String option) {
        byte[] bytes;
        try {
            bytes = SmallFiles.read(file, SmallFiles.SECRET_BYTES);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot read " + file + ": " + FileErrors.reason(e));
        }
        if (!Utf8.valid(bytes, 0, bytes.length)) throw new IllegalArgumentException(option + ": cannot read " + file + ": not valid UTF-8 text");
        String secret = new String(bytes, StandardCharsets.UTF_8).strip();
        if (secret.isEmpty()) throw new IllegalArgumentException(option + ": " + file + " is empty");
        KnownSecrets.remember(secret);
        return secret;
    }
}
