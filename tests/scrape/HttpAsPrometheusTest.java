package scrape;

import support.Generated;
import static org.assertj.core.api.Assertions.assertThat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.ScrapeRecord;

/**
 * HTTP as Prometheus 2.42 reads it (issue 14, section 7, and the redirect items of sections 1 and 2): only 200 is
 * up, the charset of a Content-Type never transcodes the body, repeated Content-Length headers as Go's net/http takes
 * them, redirects followed and refused with their own words, credentials on redirects, and host names with an
 * underscore. The servers are the test's own, on loopback: the JDK's HttpServer, and a raw socket server for the
 * responses the JDK's server cannot send (two Content-Length headers).
 */
class HttpAsPrometheusTest {
    private static final String ASCII = "# TYPE requests_total counter\nrequests_total{code=\"200\"} 7\n";
    private static final String CAFE = "zone_info{zone=\"caf\u00e9\"} 1\n";
    private static final Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();
    private static HttpServer server;
    private static HttpServer otherHost;
    private static RawServer raw;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        otherHost = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        for (int status : new int[] {201, 204, 206, 304, 404}) {
            server.createContext("/status" + status, e -> answer(e, status, "text/plain; version=0.0.4", null,
                    status == 204 || status == 304 ? new byte[0] : ASCII.getBytes(StandardCharsets.UTF_8)));
        }
        server.createContext("/metrics", e -> answer(e, 200, "text/plain; version=0.0.4", null, ASCII.getBytes(StandardCharsets.UTF_8)));
        server.createContext("/moved-nowhere", e -> answer(e, 301, "text/plain", null, new byte[0]));
        server.createContext("/moved-to-empty", e -> redirect(e, 302, ""));
        server.createContext("/utf32", e -> answer(e, 200, "text/plain; version=0.0.4; charset=UTF-32", null, ASCII.getBytes(StandardCharsets.US_ASCII)));
        server.createContext("/latin1", e -> answer(e, 200, "text/plain; version=0.0.4; charset=iso-8859-1", null,
                CAFE.getBytes(StandardCharsets.ISO_8859_1)));
        server.createContext("/quoted-latin1-utf8-body", e -> answer(e, 200, "text/plain; charset=\"ISO-8859-1\"; version=0.0.4", null,
                CAFE.getBytes(StandardCharsets.UTF_8)));
        server.createContext("/gzip-latin1-utf8-body", e -> answer(e, 200, "text/plain; version=0.0.4; charset=iso-8859-1", "gzip",
                Generated.gzip(CAFE.getBytes(StandardCharsets.UTF_8))));
        server.createContext("/unknown-charset", e -> answer(e, 200, "text/plain; version=0.0.4; charset=x-no-such-charset", null,
                CAFE.getBytes(StandardCharsets.UTF_8)));
        for (String to : new String[] {"file:///etc/passwd", "ftp://user:S3cretFtp@files.example/metrics", "http://bad host/metrics",
                "/metrics", "http://localhost:" + otherHost.getAddress().getPort() + "/metrics"}) {
            String name = to.startsWith("file") ? "/to-file" : to.startsWith("ftp") ? "/to-ftp" : to.contains("bad host") ? "/to-invalid"
                    : to.startsWith("/") ? "/to-same-host" : "/to-other-host";
            server.createContext(name, e -> redirect(e, 302, to));
        }
        for (int status : new int[] {301, 303, 307, 308}) server.createContext("/r" + status, e -> redirect(e, status, "/metrics"));
        otherHost.createContext("/metrics", e -> answer(e, 200, "text/plain; version=0.0.4", null, ASCII.getBytes(StandardCharsets.UTF_8)));
        server.start();
        otherHost.start();
        raw = new RawServer(Map.of(
                "/two-lengths-differ", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\nContent-Length: 8\r\n\r\nup 1\nx 2\n",
                "/two-lengths-same", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\ncontent-length:  5 \r\n\r\nup 1\n",
                "/length-list", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5, 5\r\n\r\nup 1\n",
                "/one-length", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nup 1\n"));
    }

    @AfterAll
    static void stop() throws IOException {
        server.stop(0);
        otherHost.stop(0);
        raw.close();
    }

    @Test
    void onlyStatus200IsUpAsInPrometheus() {
        ScrapeRecord noContent = scrape("/status204");
        assertThat(noContent.up()).isFalse();
        assertThat(noContent.error()).isEqualTo("HTTP 204 No Content from " + url("/status204") + " (only 200 is a successful scrape)");

        ScrapeRecord partial = scrape("/status206");
        assertThat(partial.up()).as("206 with a valid exposition").isFalse();
        assertThat(partial.error()).isEqualTo("HTTP 206 Partial Content from " + url("/status206") + " (only 200 is a successful scrape)");
        assertThat(partial.series()).isEmpty();

        assertThat(scrape("/status201").error()).isEqualTo("HTTP 201 from " + url("/status201") + " (only 200 is a successful scrape)");
        assertThat(scrape("/status304").error()).isEqualTo("HTTP 304 from " + url("/status304") + " (only 200 is a successful scrape)");
        assertThat(scrape("/moved-nowhere").error())
                .isEqualTo("HTTP 301 (a redirect without a Location) from " + url("/moved-nowhere") + " (only 200 is a successful scrape)");
        assertThat(scrape("/moved-to-empty").error())
                .isEqualTo("HTTP 302 (a redirect without a Location) from " + url("/moved-to-empty") + " (only 200 is a successful scrape)");
        assertThat(scrape("/status404").error()).isEqualTo("HTTP 404 Not Found (check the URL's path, usually /metrics) from " + url("/status404"));
        assertThat(scrape("/metrics").up()).isTrue();
    }

    @Test
    void theCharsetParameterNeverTranscodes() {
        ScrapeRecord utf32 = scrape("/utf32");
        assertThat(utf32.up()).as("an ASCII body labelled UTF-32: %s", utf32.error()).isTrue();
        assertThat(utf32.series()).containsExactly(Map.entry("requests_total{code=\"200\"}", 7.0));

        ScrapeRecord latin1 = scrape("/latin1");
        assertThat(latin1.up()).as("Latin-1 bytes of a non-ASCII label value").isFalse();
        assertThat(latin1.error()).startsWith("invalid prometheus exposition: line 1, column ")
                .contains("expected valid UTF-8 in the value of label \"zone\"");

        for (String path : new String[] {"/quoted-latin1-utf8-body", "/gzip-latin1-utf8-body", "/unknown-charset"}) {
            ScrapeRecord utf8 = scrape(path);
            assertThat(utf8.up()).as(path + ": " + utf8.error()).isTrue();
            assertThat(utf8.series()).as(path + ": the UTF-8 bytes as they are, not read as Latin-1")
                    .containsExactly(Map.entry("zone_info{zone=\"caf\u00e9\"}", 1.0));
        }
    }

    @Test
    void filesAndStandardInputAreUtf8Too(@TempDir Path dir) throws IOException {
        Path latin1 = dir.resolve("latin1.prom");
        Files.write(latin1, CAFE.getBytes(StandardCharsets.ISO_8859_1));
        ScrapeRecord r = scrapeTarget("file:" + latin1, Map.of(), false);
        assertThat(r.up()).isFalse();
        assertThat(r.error()).contains("expected valid UTF-8 in the value of label \"zone\"");

        Path utf8 = dir.resolve("utf8.prom");
        Files.write(utf8, CAFE.getBytes(StandardCharsets.UTF_8));
        assertThat(scrapeTarget("file:" + utf8, Map.of(), false).series()).containsExactly(Map.entry("zone_info{zone=\"caf\u00e9\"}", 1.0));
    }

    @Test
    void repeatedContentLengthHeadersAsGoReadsThem() {
        ScrapeRecord differ = scrapeTarget(raw.url("/two-lengths-differ"), Map.of(), false);
        assertThat(differ.up()).isFalse();
        assertThat(differ.error()).isEqualTo("invalid response from 127.0.0.1:" + raw.port()
                + ": 2 Content-Length headers with different values (4, 8), so the body's length is unknown");

        ScrapeRecord same = scrapeTarget(raw.url("/two-lengths-same"), Map.of(), false);
        assertThat(same.up()).as("equal values are one length, as in Go: %s", same.error()).isTrue();
        assertThat(same.series()).containsExactly(Map.entry("up", 1.0));

        ScrapeRecord list = scrapeTarget(raw.url("/length-list"), Map.of(), false);
        assertThat(list.up()).isFalse();
        assertThat(list.error()).isEqualTo("invalid response from 127.0.0.1:" + raw.port() + ": a Content-Length that is not a number");

        assertThat(scrapeTarget(raw.url("/one-length"), Map.of(), false).up()).isTrue();
    }

    @Test
    void aConnectionWithConflictingLengthsIsNotUsedAgain() throws Exception {
        // One connection serves every request in turn: the first answer leaves "x 2\n" beyond its first length, which
        // would be read as the next status line if the connection went back to the pool.
        try (ServerSocket keepAlive = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!keepAlive.isClosed()) {
                    try {
                        Socket s = keepAlive.accept();
                        Thread connection = new Thread(() -> serveInTurn(s, requests), "keep-alive-connection");
                        connection.setDaemon(true);
                        connection.start();
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "keep-alive-server");
            acceptor.setDaemon(true);
            acceptor.start();
            Scraper scraper = new Scraper(settings("http://127.0.0.1:" + keepAlive.getLocalPort() + "/metrics", Map.of(), false), null);
            assertThat(scraper.scrape().error()).contains("2 Content-Length headers with different values (4, 8)");
            for (int i = 0; i < 2; i++) {
                ScrapeRecord next = scraper.scrape();
                assertThat(next.up()).as(next.error()).isTrue();
                assertThat(next.series()).containsExactly(Map.entry("up", 1.0));
            }
        }
    }

    private static void serveInTurn(Socket s, java.util.concurrent.atomic.AtomicInteger requests) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            while (in.readLine() != null) {
                for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                    // headers not needed
                }
                String response = requests.incrementAndGet() == 1
                        ? "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\nContent-Length: 8\r\n\r\nup 1\nx 2\n"
                        : "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nup 1\n";
                s.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
            }
        } catch (IOException e) {
            // the client closed the connection
        }
    }

    @Test
    void everyRedirectStatusGoFollowsIsFollowed() {
        for (int status : new int[] {301, 303, 307, 308}) {
            ScrapeRecord r = scrape("/r" + status);
            assertThat(r.up()).as(status + ": " + r.error()).isTrue();
            assertThat(r.series()).containsEntry("requests_total{code=\"200\"}", 7.0);
        }
    }

    @Test
    void aRedirectThatIsNotFollowedSaysWhy() {
        assertThat(scrape("/to-file").error()).isEqualTo("redirect to a non-HTTP URL (file:), not followed (only http and https are scraped): "
                + url("/to-file") + " answered HTTP 302 to file:///etc/passwd");
        ScrapeRecord ftp = scrape("/to-ftp");
        assertThat(ftp.error()).isEqualTo("redirect to a non-HTTP URL (ftp:), not followed (only http and https are scraped): "
                + url("/to-ftp") + " answered HTTP 302 to ftp://user@files.example/metrics");
        assertThat(ftp.error()).doesNotContain("S3cretFtp");
        assertThat(scrape("/to-invalid").error()).isEqualTo("redirect to an invalid URL, not followed: "
                + url("/to-invalid") + " answered HTTP 302 to http://bad host/metrics");
    }

    @Test
    void aRedirectFromHttpsToHttpIsRefused(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        ScrapeAuthTest.keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", ScrapeAuthTest.PASS, "-keypass", ScrapeAuthTest.PASS);
        javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keys.init(ScrapeAuthTest.load(store), ScrapeAuthTest.PASS.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        String plain = url("/metrics");
        https.createContext("/down", e -> redirect(e, 302, plain));
        https.createContext("/metrics", e -> answer(e, 200, "text/plain", null, ASCII.getBytes(StandardCharsets.UTF_8)));
        https.createContext("/up", e -> redirect(e, 302, "/metrics"));
        https.start();
        try {
            String base = "https://127.0.0.1:" + https.getAddress().getPort();
            Scraper.Settings settings = new Scraper.Settings(base + "/down", Duration.ofSeconds(10), Scraper.FormatChoice.AUTO, 1 << 20,
                    Map.of("Authorization", "Bearer T0kenMarker"), Tls.context(null, null, null, true));
            ScrapeRecord down = new Scraper(settings, null).scrape();
            assertThat(down.up()).isFalse();
            assertThat(down.error()).isEqualTo("redirect from https to plain http, not followed (it would send the request and its"
                    + " credentials unencrypted): " + base + "/down answered HTTP 302 to " + plain);

            Scraper.Settings within = new Scraper.Settings(base + "/up", Duration.ofSeconds(10), Scraper.FormatChoice.AUTO, 1 << 20,
                    Map.of(), Tls.context(null, null, null, true));
            assertThat(new Scraper(within, null).scrape().up()).as("https to https is followed").isTrue();
        } finally {
            https.stop(0);
        }
    }

    @Test
    void credentialsFollowARedirectToAnotherHostAsInPrometheusUnlessTold() {
        Map<String, String> credentials = Map.of("Authorization", "Bearer T0kenMarker", "X-Api-Key", "K3yMarker");
        seen.remove("other:/metrics");
        ScrapeRecord followed = scrapeTarget(url("/to-other-host"), credentials, false);
        assertThat(followed.up()).as(followed.error()).isTrue();
        assertThat(seen.get("other:/metrics")).containsEntry("Authorization", "Bearer T0kenMarker").containsEntry("X-api-key", "K3yMarker");

        seen.remove("other:/metrics");
        seen.remove("/to-other-host");
        ScrapeRecord kept = scrapeTarget(url("/to-other-host"), credentials, true);
        assertThat(kept.up()).as(kept.error()).isTrue();
        assertThat(seen.get("/to-other-host")).as("the target itself still gets them").containsEntry("Authorization", "Bearer T0kenMarker");
        assertThat(seen.get("other:/metrics")).doesNotContainKeys("Authorization", "X-api-key");

        seen.remove("/metrics");
        assertThat(scrapeTarget(url("/to-same-host"), credentials, true).up()).isTrue();
        assertThat(seen.get("/metrics")).as("same host and port").containsEntry("Authorization", "Bearer T0kenMarker");
    }

    @Test
    void theScrapeOptionKeepsTheBearerTokenOnTheTargetsHost(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "T0kenFileMarker\n");
        for (boolean option : new boolean[] {false, true}) {
            seen.remove("other:/metrics");
            List<String> args = new java.util.ArrayList<>(List.of("--url", url("/to-other-host"), "--bearer-token-file", token.toString(), "--stdout"));
            if (option) args.add("--no-credentials-across-hosts");
            support.Project.Run run = support.ReliabilityFixtures.Scripts.run(Duration.ofSeconds(60), "scrape", args.toArray(String[]::new));
            assertThat(run.exit()).as(run.stderr()).isZero();
            assertThat(run.stdout() + run.stderr()).doesNotContain("T0kenFileMarker");
            if (option) assertThat(seen.get("other:/metrics")).doesNotContainKey("Authorization");
            else assertThat(seen.get("other:/metrics")).containsEntry("Authorization", "Bearer T0kenFileMarker");
        }
    }

    @Test
    void userInfoIsACredentialToo() {
        String withUser = url("/to-other-host").replace("http://", "http://scraper:Pa55Marker@");
        seen.remove("other:/metrics");
        assertThat(scrapeTarget(withUser, Map.of(), false).up()).isTrue();
        assertThat(seen.get("other:/metrics")).containsEntry("Authorization", basic("scraper:Pa55Marker"));

        seen.remove("other:/metrics");
        assertThat(scrapeTarget(withUser, Map.of(), true).up()).isTrue();
        assertThat(seen.get("other:/metrics")).doesNotContainKey("Authorization");
        assertThat(seen.get("/to-other-host")).containsEntry("Authorization", basic("scraper:Pa55Marker"));
    }

    @Test
    void aHostNameWithAnUnderscoreIsLookedUp() throws Exception {
        ScrapeRecord unknown = scrapeTarget("http://no_such_host.invalid:9464/metrics", Map.of(), false);
        assertThat(unknown.up()).isFalse();
        assertThat(unknown.error()).as("the name reached the resolver").isEqualTo("unknown host no_such_host.invalid");

        int port = server.getAddress().getPort();
        HttpFetch.Resolver myHost = host -> {
            if (host.equals("my_host")) return InetAddress.getByName("127.0.0.1");
            throw new UnknownHostException(host);
        };
        seen.remove("/metrics");
        FetchedBody body = new HttpFetch(settings("http://scraper:Pa55Marker@my_host:" + port + "/metrics", Map.of(), false), myHost).fetch();
        assertThat(new String(body.bytes(), 0, body.length(), StandardCharsets.UTF_8)).isEqualTo(ASCII);
        assertThat(seen.get("/metrics")).containsEntry("Authorization", basic("scraper:Pa55Marker"));

        ScrapeRecord https = scrapeTarget("https://my_host:" + port + "/metrics", Map.of(), false);
        assertThat(https.error()).isEqualTo("host name 'my_host' has an underscore, which the JDK does not accept as a TLS server"
                + " name (SNI), so the certificate cannot be checked for it: use a name without '_' for an https:// target");

        assertThat(scrapeTarget("http://my_host:12x/metrics", Map.of(), false).error())
                .isEqualTo("invalid URL 'http://my_host:12x/metrics': the part after // is not a host name with an optional port");
        assertThat(scrapeTarget("http://:S3cretMarker@/metrics", Map.of(), false).error()).doesNotContain("S3cretMarker");
    }

    @Test
    void aHostNameWithAnUnderscoreResolvesThroughTheJdksResolver(@TempDir Path dir) throws Exception {
        // The JDK reads host names from this file instead of the system's resolver: no root, no DNS needed.
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 my_host\n");
        List<String> command = new java.util.ArrayList<>(support.ReliabilityFixtures.Scripts.command("scrape",
                "--url", "http://my_host:" + server.getAddress().getPort() + "/metrics", "--stdout"));
        command.add(1, "-Djdk.net.hosts.file=" + hosts);
        support.Project.Run run = support.ReliabilityFixtures.Scripts.finish(support.ReliabilityFixtures.Scripts.start(command),
                Duration.ofSeconds(60));
        assertThat(run.exit()).as(run.stderr()).isZero();
        ScrapeRecord scraped = record.RecordCodec.parse(run.stdout().strip());
        assertThat(scraped.up()).as(scraped.error()).isTrue();
        assertThat(scraped.target()).isEqualTo("http://my_host:" + server.getAddress().getPort() + "/metrics");
        assertThat(scraped.series()).containsEntry("requests_total{code=\"200\"}", 7.0);
    }

    @Test
    void aSyntaxErrorInTheUrlDoesNotQuoteThePassword() {
        ScrapeRecord r = scrapeTarget("http://admin:S3cretMarker@127.0.0.1:9464/met|rics", Map.of(), false);
        assertThat(r.up()).isFalse();
        assertThat(r.error()).isEqualTo("invalid URL 'http://admin@127.0.0.1:9464/met|rics': Illegal character in path");
        assertThat(r.target()).doesNotContain("S3cretMarker");
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static ScrapeRecord scrape(String path) {
        return scrapeTarget(url(path), Map.of(), false);
    }

    private static Scraper.Settings settings(String target, Map<String, String> headers, boolean credentialsStayOnHost) {
        return new Scraper.Settings(target, Duration.ofSeconds(10), Scraper.FormatChoice.AUTO, 1 << 20, headers, null, credentialsStayOnHost);
    }

    private static ScrapeRecord scrapeTarget(String target, Map<String, String> headers, boolean credentialsStayOnHost) {
        return new Scraper(settings(target, headers, credentialsStayOnHost), null).scrape();
    }

    private static void note(HttpExchange exchange) {
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        boolean other = exchange.getLocalAddress().getPort() == otherHost.getAddress().getPort();
        seen.put((other ? "other:" : "") + exchange.getRequestURI().getPath(), headers);
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String encoding, byte[] body) throws IOException {
        note(exchange);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (encoding != null) exchange.getResponseHeaders().set("Content-Encoding", encoding);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        note(exchange);
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }


    /**
     * A server of raw responses, one per path, written byte for byte as given (the JDK's HttpServer sets
     * Content-Length itself and would not repeat it); each connection serves one request and is closed.
     */
    static final class RawServer implements AutoCloseable {
        private final ServerSocket socket;
        private final Map<String, String> responses;

        RawServer(Map<String, String> responses) throws IOException {
            this.responses = responses;
            socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            Thread acceptor = new Thread(this::serve, "raw-http-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        String url(String path) {
            return "http://127.0.0.1:" + port() + path;
        }

        private void serve() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    Thread one = new Thread(() -> answer(s), "raw-http-connection");
                    one.setDaemon(true);
                    one.start();
                } catch (IOException e) {
                    // closed
                }
            }
        }

        private void answer(Socket s) {
            try (s) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                List<String> requestLine = List.of(in.readLine().split(" "));
                for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                    // the request's headers are not needed; a GET has no body, so nothing is left unread at close
                }
                String response = responses.getOrDefault(requestLine.get(1), "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                s.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
            } catch (IOException | RuntimeException e) {
                // a client that went away
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
