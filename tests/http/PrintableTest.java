package http;

import static org.assertj.core.api.Assertions.assertThat;
import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void controlCharactersAndEscapeSequencesAreShownAsEscapes() {
        assertThat(Printable.text("\u001b[31mRED\u001b]0;title\u0007")).isEqualTo("\\x1B[31mRED\\x1B]0;title\\x07");
        assertThat(Printable.text("\0\u0001garbage\r\n\t\u007f\u009b")).isEqualTo("\\x00\\x01garbage\\x0D\\x0A\\x09\\x7F\\x9B");
        assertThat(Printable.text("a\u202eb\u2028c")).isEqualTo("a\\u202Eb\\u2028c");
        assertThat(Printable.text("caf\u00e9 \u20ac 1")).isEqualTo("caf\u00e9 \u20ac 1");
        assertThat(Printable.text(null)).isNull();
    }

    @Test
    void longTextIsCutWithACount() {
        assertThat(Printable.text("abcdefghij", 4)).isEqualTo("abcd... (6 more characters)");
        assertThat(Printable.text("abcd", 4)).isEqualTo("abcd");
        assertThat(Printable.text("a\ud83d\ude00b", 2)).isEqualTo("a... (3 more characters)");
    }

    @Test
    void httpFailuresNameNoJavaClass() {
        assertThat(HttpFailures.withoutClassNames("PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException:"
                + " unable to find valid certification path to requested target"))
                .isEqualTo("PKIX path building failed: unable to find valid certification path to requested target");
        assertThat(HttpFailures.describe(new java.io.IOException("HTTP/1.1 header parser received no bytes"), java.net.URI.create("http://h:1/")))
                .isEqualTo("connection to h:1 closed without sending a response");
        // Classified by type and state, not by the JDK's words: any I/O failure before a response is a closed connection.
        assertThat(HttpFailures.describe(new java.io.IOException("odd"), java.net.URI.create("http://h:1/"), true))
                .isEqualTo("connection to h:1 closed before the response was complete");
        assertThat(HttpFailures.describe(new IllegalStateException("odd \u001b[31m"), java.net.URI.create("http://h:1/")))
                .isEqualTo("HTTP exchange with h:1 failed: odd \\x1B[31m");
    }

    @Test
    void textShownLosesPasswordsAndControlCharactersBoth() {
        assertThat(Redaction.shown("cannot reach http://admin:S3cret@host:9464/met\u0007rics\n"))
                .isEqualTo("cannot reach http://admin@host:9464/met\\x07rics\\x0A");
    }
}
