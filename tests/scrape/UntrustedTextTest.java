package scrape;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import record.ScrapeRecord;
import support.Scrapes;

/** Bytes from a server reach a record's error only as printable text, in an operator's words (red-team run of issue 14). */
class UntrustedTextTest {
    /** Scrapes a loopback server that answers every connection with {@code answer} and closes. */
    static ScrapeRecord scrapeAnswering(String answer) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> {
                try {
                    while (true) {
                        try (Socket s = server.accept()) {
                            s.getInputStream().read(new byte[8192]);
                            OutputStream out = s.getOutputStream();
                            out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                            out.flush();
                        }
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            serving.setDaemon(true);
            serving.start();
            return Scrapes.scraper("http://127.0.0.1:" + server.getLocalPort() + "/metrics", Duration.ofSeconds(20), 1 << 20).scrape();
        }
    }

    @Test
    void aBadStatusLineIsShownEscapedWithoutAJavaClassName() throws Exception {
        ScrapeRecord record = scrapeAnswering("\0\u0001garbage\r\n\r\n");
        assertThat(record.up()).isFalse();
        assertThat(record.error()).startsWith("invalid HTTP response from 127.0.0.1:").contains("\\x00\\x01garbage")
                .doesNotContain("\0").doesNotContain("\u0001").doesNotContain("Exception");
    }

    @Test
    void aServerThatClosesWithoutAnswerIsSaidSo() throws Exception {
        ScrapeRecord record = scrapeAnswering("");
        assertThat(record.up()).isFalse();
        assertThat(record.error()).doesNotContain("Exception").doesNotContain("header parser");
        assertThat(record.error()).matches("connection to 127\\.0\\.0\\.1:\\d+ closed (without sending a response|before the response was complete)");
    }

    @Test
    void aLocationWithEscapeSequencesIsShownEscaped() throws Exception {
        ScrapeRecord record = scrapeAnswering("HTTP/1.1 302 Found\r\nLocation: ftp://x/\u001b[31mRED\r\nContent-Length: 0\r\n\r\n");
        assertThat(record.error()).contains("\\x1B[31mRED").doesNotContain("\u001b");
    }
}
