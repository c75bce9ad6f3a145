package scrape;

import support.Generated;
import static org.assertj.core.api.Assertions.assertThat;
import version.ProjectVersion;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import record.ScrapeRecord;

/** The HTTP side of a scrape against a small server of the test's own on loopback: encodings, formats, charsets, headers. */
class ScrapeHttpTest {
    private static final String TEXT = "# TYPE up_total counter\nup_total{zone=\"caf\u00e9\"} 42\nplain 1.5\n";
    private static final String OPENMETRICS = "# TYPE up counter\nup_total{zone=\"caf\u00e9\"} 42\n# EOF\n";
    private static final Map<String, Map<String, String>> seenHeaders = new ConcurrentHashMap<>();
    private static HttpServer server;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/gzip", e -> answer(e, "text/plain; version=0.0.4", "gzip", Generated.gzip(TEXT.getBytes(StandardCharsets.UTF_8))));
        server.createContext("/deflate", e -> answer(e, "text/plain; version=0.0.4", "deflate", deflate(TEXT.getBytes(StandardCharsets.UTF_8), false)));
        server.createContext("/raw-deflate", e -> answer(e, "text/plain; version=0.0.4", "deflate", deflate(TEXT.getBytes(StandardCharsets.UTF_8), true)));
        server.createContext("/openmetrics", e -> answer(e, "application/openmetrics-text; version=1.0.0; charset=utf-8", null,
                OPENMETRICS.getBytes(StandardCharsets.UTF_8)));
        server.createContext("/latin1", e -> answer(e, "text/plain; version=0.0.4; charset=ISO-8859-1", null, TEXT.getBytes(StandardCharsets.ISO_8859_1)));
        server.createContext("/mislabelled", e -> answer(e, "application/openmetrics-text; version=1.0.0", null, TEXT.getBytes(StandardCharsets.UTF_8)));
        server.createContext("/bomb", e -> answer(e, "text/plain", "gzip", Generated.gzip(new byte[4 << 20])));
        server.createContext("/hop", e -> {
            int n = Integer.parseInt(e.getRequestURI().getQuery());
            e.getResponseHeaders().set("Location", n == 0 ? "/gzip" : "/hop?" + (n - 1));
            e.sendResponseHeaders(302, -1);
            e.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void gzipAndBothDeflateFormsAreDecoded() {
        for (String path : new String[] {"/gzip", "/deflate", "/raw-deflate"}) {
            ScrapeRecord record = scrape(path, Scraper.FormatChoice.AUTO, 64L << 20);
            assertThat(record.up()).as(path + ": " + record.error()).isTrue();
            assertThat(record.series()).as(path).containsExactly(Map.entry("up_total{zone=\"caf\u00e9\"}", 42.0), Map.entry("plain", 1.5));
            assertThat(record.bytes()).as("decompressed size of " + path).isEqualTo(TEXT.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void theContentTypePicksTheFormatButNotTheCharset() {
        ScrapeRecord openMetrics = scrape("/openmetrics", Scraper.FormatChoice.AUTO, 64L << 20);
        assertThat(openMetrics.format()).isEqualTo("openmetrics");
        assertThat(openMetrics.types()).containsEntry("up", "counter");
        assertThat(openMetrics.series()).containsEntry("up_total{zone=\"caf\u00e9\"}", 42.0);

        ScrapeRecord latin1 = scrape("/latin1", Scraper.FormatChoice.AUTO, 64L << 20);
        assertThat(latin1.up()).as("Latin-1 bytes are not UTF-8, whatever the charset says (Prometheus 2.42)").isFalse();
        assertThat(latin1.error()).isEqualTo("invalid prometheus exposition: line 2, column 19: expected valid UTF-8 in the value"
                + " of label \"zone\", found a truncated sequence");
    }

    @Test
    void aMislabelledBodyFailsInTheAnnouncedFormatUnlessTheFormatIsForced() {
        ScrapeRecord auto = scrape("/mislabelled", Scraper.FormatChoice.AUTO, 64L << 20);
        assertThat(auto.up()).isFalse();
        assertThat(auto.format()).isEqualTo("openmetrics");
        assertThat(auto.error()).startsWith("invalid openmetrics exposition: line ");

        ScrapeRecord forced = scrape("/mislabelled", Scraper.FormatChoice.PROMETHEUS, 64L << 20);
        assertThat(forced.up()).as(forced.error()).isTrue();
        assertThat(forced.format()).isEqualTo("prometheus");
    }

    @Test
    void sendsTheHeadersPrometheusSends() {
        scrape("/gzip", Scraper.FormatChoice.AUTO, 64L << 20);
        Map<String, String> headers = seenHeaders.get("/gzip");
        assertThat(headers.get("Accept")).isEqualTo(HttpFetch.ACCEPT).startsWith("application/openmetrics-text;version=1.0.0,");
        assertThat(headers.get("Accept-encoding")).contains("gzip");
        assertThat(headers.get("User-agent")).isEqualTo("coppice-metrics/" + ProjectVersion.VERSION);
        assertThat(headers.get("X-prometheus-scrape-timeout-seconds")).as("as Prometheus writes it").isEqualTo("10");
    }

    @Test
    void followsTenRedirectsAsGoDoesAndNotMore() {
        ScrapeRecord ten = scrape("/hop?9", Scraper.FormatChoice.AUTO, 64L << 20);
        assertThat(ten.up()).as(ten.error()).isTrue();
        assertThat(ten.series()).containsEntry("plain", 1.5);
        ScrapeRecord eleven = scrape("/hop?10", Scraper.FormatChoice.AUTO, 64L << 20);
        assertThat(eleven.up()).isFalse();
        assertThat(eleven.error()).isEqualTo("too many redirects: stopped after 10; http://127.0.0.1:" + server.getAddress().getPort()
                + "/hop?0 answered HTTP 302 to /gzip");
    }

    @Test
    void aSmallGzipThatUnpacksPastTheLimitIsRefused() {
        ScrapeRecord bomb = scrape("/bomb", Scraper.FormatChoice.AUTO, 1L << 20);
        assertThat(bomb.up()).isFalse();
        assertThat(bomb.error()).isEqualTo("body exceeds --max-bytes 1048576 bytes");
    }

    private static ScrapeRecord scrape(String path, Scraper.FormatChoice format, long maxBytes) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + path;
        return new Scraper(new Scraper.Settings(url, Duration.ofSeconds(10), format, maxBytes, Map.of(), null), null).scrape();
    }

    private static void answer(HttpExchange exchange, String contentType, String encoding, byte[] body) throws IOException {
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        seenHeaders.put(exchange.getRequestURI().getPath(), headers);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (encoding != null) exchange.getResponseHeaders().set("Content-Encoding", encoding);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }


    private static byte[] deflate(byte[] raw, boolean withoutZlibHeader) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, withoutZlibHeader))) {
            z.write(raw);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
