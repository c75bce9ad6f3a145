package scrape;

import static org.assertj.core.api.Assertions.assertThat;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.RecordCodec;
import record.ScrapeRecord;
import support.Scrapes;

/**
 * Passwords in a target URL that hold reserved characters (red-team run of issue 14): the user info ends at the last
 * '@' of the authority, as in Go's net/url, and is sent as basic auth; no part of a password reaches a record, a
 * status line or an error; a bad port is an invalid URL in plain words; schemes are case-insensitive.
 */
class UrlPasswordsTest {
    static HttpServer server;
    static final ConcurrentLinkedQueue<String> AUTHORIZATIONS = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            AUTHORIZATIONS.add(auth == null ? "" : auth);
            byte[] body = "up_test 1\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static String base() {
        return "127.0.0.1:" + server.getAddress().getPort() + "/ok";
    }

    static ScrapeRecord scrape(String url) {
        return Scrapes.scraper(url, Duration.ofSeconds(20), 1 << 20).scrape();
    }

    @Test
    void anAtSignInThePasswordEndsAtTheLastAtAndIsSentAsBasicAuth() {
        for (String password : List.of("PW@", "PW@2", "a@b@c")) {
            AUTHORIZATIONS.clear();
            ScrapeRecord record = scrape("http://admin:" + password + "@" + base());
            assertThat(record.up()).as(record.error()).isTrue();
            assertThat(record.target()).isEqualTo("http://admin@" + base());
            assertThat(AUTHORIZATIONS.poll()).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                    ("admin:" + password).getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aSpaceOrALonePercentInThePasswordIsSentAsTyped() {
        for (String password : List.of("MARK ER", "MARK%zzER", "MARK%40ER")) {
            AUTHORIZATIONS.clear();
            ScrapeRecord record = scrape("http://admin:" + password + "@" + base());
            assertThat(record.up()).as(record.error()).isTrue();
            String sent = password.equals("MARK%40ER") ? "MARK@ER" : password;
            assertThat(AUTHORIZATIONS.poll()).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                    ("admin:" + sent).getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void noPartOfAPasswordWithAReservedCharacterIsShownAnywhere(@TempDir Path dir) {
        for (String reserved : List.of("/", "?", "#", "@", " ", "%zz", "@@")) {
            String url = "http://admin:MARKER" + reserved + "PWTAIL@" + base();
            ByteArrayOutputStream status = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            PrintStream savedErr = System.err;
            Watcher.Summary summary;
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            try {
                summary = Scrapes.watcher(Scrapes.scraper(url, Duration.ofSeconds(20), 1 << 20), Duration.ofMillis(10), 1,
                        dir.resolve("d" + reserved.hashCode()), new PrintStream(status, true, StandardCharsets.UTF_8)).run();
            } finally {
                System.setErr(savedErr);
            }
            assertThat(summary.samples()).isEqualTo(1);
            ScrapeRecord record = scrape(url);
            String everything = RecordCodec.json(record) + status.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
            assertThat(everything).as(reserved).doesNotContain("MARKER").doesNotContain("PWTAIL").doesNotContain("zz");
            if (!record.up()) {
                assertThat(record.error()).as(reserved).contains("the part after // is not a host name with an optional port"
                        + " (a password holding '/', '?', '#' or '@' must be percent-encoded, e.g. %2F)");
            }
        }
    }

    @Test
    void aPortOutOfRangeIsAnInvalidUrlInPlainWords() {
        ScrapeRecord record = scrape("http://u:SECRET@127.0.0.1:99999/");
        assertThat(record.up()).isFalse();
        assertThat(record.error()).isEqualTo("invalid URL 'http://u@127.0.0.1:99999/': port 99999 is out of range (1 to 65535)");
        assertThat(scrape("http://under_score:99999/").error())
                .isEqualTo("invalid URL 'http://under_score:99999/': port 99999 is out of range (1 to 65535)");
    }

    @Test
    void theSchemeIsCaseInsensitive() {
        ScrapeRecord record = scrape("HTTP://" + base());
        assertThat(record.up()).as(record.error()).isTrue();
        assertThat(Scraper.unsupportedTarget("HtTpS://h/")).isNull();
    }
}
