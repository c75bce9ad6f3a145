package files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Red-team finding: --bearer-token-file /dev/zero (and other options' files) hung or filled the heap. */
class SmallFilesTest {
    @TempDir
    Path dir;

    @Test
    void anEndlessFileEndsInASentenceAtTheBound() {
        assertThatThrownBy(() -> SmallFiles.read(Path.of("/dev/zero"), SmallFiles.SECRET_BYTES))
                .isInstanceOf(IOException.class).hasMessage("larger than 65,536 bytes, more than such a file holds");
        assertThatThrownBy(() -> SecretFiles.read(Path.of("/dev/zero"), "--bearer-token-file"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--bearer-token-file: cannot read /dev/zero: larger than 65,536 bytes, more than such a file holds");
    }

    @Test
    void aSecretUpToTheBoundIsReadWholeAndALargerOneNamedNotQuoted() throws IOException {
        Path token = dir.resolve("token");
        Files.writeString(token, "t".repeat(SmallFiles.SECRET_BYTES - 1) + "\n");
        assertThat(SecretFiles.read(token, "--bearer-token-file")).hasSize(SmallFiles.SECRET_BYTES - 1);

        Files.writeString(token, "MARKER" + "t".repeat(SmallFiles.SECRET_BYTES));
        assertThatThrownBy(() -> SecretFiles.read(token, "--bearer-token-file"))
                .hasMessage("--bearer-token-file: cannot read " + token + ": larger than 65,536 bytes, more than such a file holds")
                .hasMessageNotContaining("MARKER");
    }

    @Test
    void aSecretThatIsNotUtf8IsSaidSo() throws IOException {
        Path token = dir.resolve("token");
        Files.write(token, new byte[] {'a', (byte) 0xC3, '(', 'b'});
        assertThatThrownBy(() -> SecretFiles.read(token, "--bearer-token-file"))
                .hasMessage("--bearer-token-file: cannot read " + token + ": not valid UTF-8 text");
    }
}
