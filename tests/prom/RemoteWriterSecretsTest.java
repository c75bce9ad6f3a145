package prom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import record.ScrapeRecord;
import support.Generated;

/**
 * Remote write and secrets (issue 14, sections 1 and 2): user info is sent as basic auth and shown nowhere, a URL
 * that cannot be written to is refused before the start, and the sender thread never prints a stack trace.
 */
class RemoteWriterSecretsTest {
    static final String SECRET = "RW-SECRET-" + System.nanoTime();
    static final List<ScrapeRecord> RECORDS = Generated.coppiceDay(Instant.parse("2026-11-29T10:00:00Z"), 2, Duration.ofSeconds(30), 1,
            RemoteWriterTest.TARGET);

    @Test
    void userInfoIsSentAsBasicAuthAndNeverShown() throws Exception {
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        try (RemoteWriterTest.FakeReceiver receiver = new RemoteWriterTest.FakeReceiver(500, 200)) {
            URI url = URI.create(receiver.url().toString().replace("http://", "http://writer:" + SECRET + "@"));
            RemoteWriter writer = new RemoteWriter(url, "coppice", Map.of(), new PrintStream(status, true, StandardCharsets.UTF_8));
            writer.offer(RECORDS.get(0));
            assertThat(writer.close(Duration.ofSeconds(20))).isTrue();
            assertThat(receiver.headers.peek()).containsEntry("authorization",
                    "Basic " + Base64.getEncoder().encodeToString(("writer:" + SECRET).getBytes(StandardCharsets.UTF_8)));
            assertThat(status.toString(StandardCharsets.UTF_8)).contains("http://writer@127.0.0.1:").contains("HTTP 500")
                    .doesNotContain(SECRET);
        }
    }

    @Test
    void aReceiverThatEchoesTheRequestDoesNotGetItsCredentialsPrinted() throws Exception {
        com.sun.net.httpserver.HttpServer echo = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        echo.createContext("/", exchange -> {
            byte[] answer = ("bad request from " + exchange.getRequestHeaders().getFirst("Authorization")).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        echo.start();
        try {
            ByteArrayOutputStream status = new ByteArrayOutputStream();
            URI url = URI.create("http://127.0.0.1:" + echo.getAddress().getPort() + "/api/v1/write");
            RemoteWriter writer = new RemoteWriter(url, "coppice", Map.of("Authorization", "Bearer " + SECRET),
                    new PrintStream(status, true, StandardCharsets.UTF_8));
            writer.offer(RECORDS.get(0));
            writer.close(Duration.ofSeconds(10));
            assertThat(status.toString(StandardCharsets.UTF_8)).contains("HTTP 400: bad request from <redacted>").doesNotContain(SECRET);
        } finally {
            echo.stop(0);
        }
    }

    @Test
    void aReceiversAnswerReachesTheTerminalOnlyAsPrintableText() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] answer = "\u001b[31mRED\u001b]0;title\u0007".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            ByteArrayOutputStream status = new ByteArrayOutputStream();
            RemoteWriter writer = new RemoteWriter(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/w"), "coppice",
                    Map.of(), new PrintStream(status, true, StandardCharsets.UTF_8));
            writer.offer(RECORDS.get(0));
            writer.close(Duration.ofSeconds(10));
            assertThat(status.toString(StandardCharsets.UTF_8)).contains("HTTP 400: \\x1B[31mRED\\x1B]0;title\\x07")
                    .doesNotContain("\u001b").doesNotContain("\u0007");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aClosedPortIsReportedAsNothingSentWithoutThePassword() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        RemoteWriter writer = new RemoteWriter(URI.create("http://writer:" + SECRET + "@127.0.0.1:" + port + "/api/v1/write"), "coppice",
                Map.of(), new PrintStream(status, true, StandardCharsets.UTF_8));
        writer.offer(RECORDS.get(0));
        // Close once the first try has failed (on a busy machine the first connect can take a while).
        for (int i = 0; i < 600 && !status.toString(StandardCharsets.UTF_8).contains("connection refused"); i++) Thread.sleep(50);
        assertThat(writer.close(Duration.ofMillis(500))).isFalse();
        String said = status.toString(StandardCharsets.UTF_8);
        assertThat(said).doesNotContain(SECRET)
                .contains("remote-write: http://writer@127.0.0.1:" + port + "/api/v1/write: connection refused by 127.0.0.1:" + port)
                .contains("remote-write: nothing could be sent to http://writer@127.0.0.1:" + port
                        + "/api/v1/write (last problem: connection refused by 127.0.0.1:" + port + ")");
    }

    @Test
    void urlsThatCannotBeWrittenToAreRefusedWithoutThePassword() {
        assertThat(catchThrowable(() -> RemoteWriter.endpoint("notaurl"))).hasMessage(
                "'notaurl': expected an http:// or https:// URL, e.g. http://prometheus:9090/api/v1/write");
        assertThat(catchThrowable(() -> RemoteWriter.endpoint("ftp://u:" + SECRET + "@h/x"))).hasMessage(
                "'ftp://u@h/x': expected an http:// or https:// URL, e.g. http://prometheus:9090/api/v1/write");
        assertThat(catchThrowable(() -> RemoteWriter.endpoint("http://u:" + SECRET + "@h/a b"))).hasMessage(
                "'http://u@h/a b' is not a URL: illegal character in path");
        assertThat(catchThrowable(() -> RemoteWriter.endpoint("http:///api/v1/write"))).hasMessage(
                "'http:///api/v1/write': no host name the HTTP client can use");
        assertThat(RemoteWriter.endpoint("https://u:p@prom:9090/api/v1/write")).hasToString("https://u:p@prom:9090/api/v1/write");
    }

    @Test
    void urlsTheSenderWouldRefuseAreRefusedAtStartInPlainWords() {
        assertThat(catchThrowable(() -> RemoteWriter.endpoint("http://rw:" + SECRET + "@127.0.0.1:99999/w"))).hasMessage(
                "'http://rw@127.0.0.1:99999/w': port 99999 is out of range (1 to 65535)");
        assertThat(catchThrowable(() -> RemoteWriter.endpoint("http://rw:" + SECRET + "@prom_1:9090/w"))).hasMessage(
                "'http://rw@prom_1:9090/w': the host name has an underscore, which Java's HTTP client does not accept;"
                        + " give the host's IP address or a name without '_'");
        for (String reserved : List.of("/", "?", "#")) {
            assertThat(catchThrowable(() -> RemoteWriter.endpoint("http://rw:MARKER" + reserved + "PWTAIL@127.0.0.1:9090/w")))
                    .as(reserved).hasMessageNotContaining("MARKER").hasMessageNotContaining("PWTAIL")
                    .hasMessageContaining("the part after // is not a host name with an optional port");
        }
        assertThat(RemoteWriter.endpoint("HTTP://rw:a@b@prom:9090/w").getUserInfo()).isEqualTo("rw:a@b");
    }

    @Test
    void anAtSignInThePasswordIsSentAsBasicAuth() throws Exception {
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        try (RemoteWriterTest.FakeReceiver receiver = new RemoteWriterTest.FakeReceiver(200)) {
            String password = SECRET + "@x y";
            URI url = RemoteWriter.endpoint(receiver.url().toString().replace("http://", "http://writer:" + password + "@"));
            RemoteWriter writer = new RemoteWriter(url, "coppice", Map.of(), new PrintStream(status, true, StandardCharsets.UTF_8));
            writer.offer(RECORDS.get(0));
            assertThat(writer.close(Duration.ofSeconds(20))).isTrue();
            assertThat(receiver.headers.peek()).containsEntry("authorization",
                    "Basic " + Base64.getEncoder().encodeToString(("writer:" + password).getBytes(StandardCharsets.UTF_8)));
            assertThat(status.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET);
        }
    }

    @Test
    void theSenderThreadReportsAnInternalErrorInOneLineAndSendsNothingMore() throws Exception {
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        try (RemoteWriterTest.FakeReceiver receiver = new RemoteWriterTest.FakeReceiver()) {
            // Headers are checked before a writer is made; one that was not makes the JDK throw in the sender thread.
            RemoteWriter writer = new RemoteWriter(receiver.url(), "coppice", Map.of("X-Token", SECRET + "\r\nX: y"),
                    new PrintStream(status, true, StandardCharsets.UTF_8));
            writer.offer(RECORDS.get(0));
            writer.close(Duration.ofSeconds(10));
            writer.offer(RECORDS.get(1));
            String said = status.toString(StandardCharsets.UTF_8);
            assertThat(said).doesNotContain(SECRET).doesNotContain("\tat ")
                    .contains("remote-write: " + receiver.url() + ": remote write stopped by an internal error"
                            + " (java.lang.IllegalArgumentException); samples are no longer sent")
                    .contains("remote-write: nothing could be sent to " + receiver.url());
            assertThat(writer.sent()).isZero();
            assertThat(writer.dropped()).isEqualTo(2 * 19); // 5 report series and 14 exposed per record
        }
    }
}
