package scrape;

import static org.assertj.core.api.Assertions.assertThat;
import days.DayFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.RecordCodec;
import record.ScrapeRecord;
import support.Project;
import support.ReliabilityFixtures;
import support.Scrapes;

/**
 * Every way a target can fail ends in an up=0 record whose error says what happened, within --timeout; {@code scrape}
 * then exits 1 and {@code watch} carries on (issue "Nothing lost, nothing torn, nobody let in", target faults).
 * All servers are on 127.0.0.1.
 */
class ScrapeFaultsTest {
    static ReliabilityFixtures.FaultyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new ReliabilityFixtures.FaultyServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static ScrapeRecord scrape(String url, Duration timeout, long maxBytes) {
        return Scrapes.scraper(url, timeout, maxBytes).scrape();
    }

    static ScrapeRecord scrape(String path) {
        return scrape(server.uri(path).toString(), Duration.ofSeconds(5), 1 << 20);
    }

    @Test
    void healthyTargetIsUp() {
        ScrapeRecord r = scrape("/metrics");
        assertThat(r.error()).isNull();
        assertThat(r.up()).isTrue();
        assertThat(r.series()).containsEntry("coppice_sandboxes_alive", 3.0);
    }

    @Test
    void connectionRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        ScrapeRecord r = scrape("http://127.0.0.1:" + port + "/metrics", Duration.ofSeconds(5), 1 << 20);
        assertThat(r.up()).isFalse();
        assertThat(r.error()).isEqualTo("connection refused by 127.0.0.1:" + port);
    }

    @Test
    void unknownHost() {
        ScrapeRecord r = scrape("http://no-such-target.invalid:9090/metrics", Duration.ofSeconds(5), 1 << 20);
        assertThat(r.up()).isFalse();
        assertThat(r.error()).isEqualTo("unknown host no-such-target.invalid");
    }

    @Test
    void connectTimeoutOnAFullAcceptQueue() throws Exception {
        try (ReliabilityFixtures.FullBacklog full = new ReliabilityFixtures.FullBacklog()) {
            ScrapeRecord r = scrape("http://127.0.0.1:" + full.port() + "/metrics", Duration.ofMillis(800), 1 << 20);
            assertThat(r.up()).isFalse();
            assertThat(r.error()).isEqualTo("connect timeout to 127.0.0.1:" + full.port() + " (--timeout 800ms)");
        }
    }

    @Test
    void serverThatAcceptsAndNeverAnswersIsCutAtTheTimeout() throws Exception {
        ScrapeRecord r = scrape(server.uri("/never").toString(), Duration.ofMillis(800), 1 << 20);
        assertThat(r.up()).isFalse();
        assertThat(r.error()).isEqualTo("timeout: 127.0.0.1:" + server.uri("/").getPort() + " accepted the connection but sent no response within 800ms");
        // The abandoned exchange must not keep its connection (1,000 of them would in a long watch).
        waitFor(() -> server.openConnections() == 0, Duration.ofSeconds(10));
    }

    @Test
    void drippingBodyIsCutAtTheTimeoutBodyIncluded() {
        // The headers come at once and the body would take 100 s: the timeout covers the body too.
        ScrapeRecord r = scrape(server.uri("/drip").toString(), Duration.ofMillis(2500), 1 << 20);
        assertThat(r.up()).isFalse();
        assertThat(r.error()).matches("timeout: the response from 127\\.0\\.0\\.1:\\d+ was not complete within 2s500ms \\((\\d+) bytes of body received\\)");
        assertThat(r.bytes()).as("part of the 100-byte body, as the error says").isLessThan(100)
                .isEqualTo(Long.parseLong(r.error().replaceAll(".*\\((\\d+) bytes of body received\\)", "$1")));
    }

    @Test
    void http500And404() {
        ScrapeRecord r500 = scrape("/500");
        assertThat(r500.up()).isFalse();
        assertThat(r500.error()).isEqualTo("HTTP 500 (server error) from " + server.uri("/500"));
        ScrapeRecord r404 = scrape("/404");
        assertThat(r404.up()).isFalse();
        assertThat(r404.error()).isEqualTo("HTTP 404 Not Found (check the URL's path, usually /metrics) from " + server.uri("/404"));
    }

    @Test
    void redirectLoop() {
        ScrapeRecord r = scrape("/loop");
        assertThat(r.up()).isFalse();
        assertThat(r.error()).isEqualTo("too many redirects: stopped after 10; " + server.uri("/loop") + " answered HTTP 302 to /loop");
    }

    @Test
    void bodyOverMaxBytes() {
        ScrapeRecord r = scrape(server.uri("/big").toString(), Duration.ofSeconds(5), 64 * 1024);
        assertThat(r.up()).isFalse();
        assertThat(r.error()).isEqualTo("body exceeds --max-bytes 65536 bytes");
    }

    @Test
    void invalidGzip() {
        ScrapeRecord r = scrape("/badgzip");
        assertThat(r.up()).isFalse();
        assertThat(r.error()).isEqualTo("invalid gzip body: Not in GZIP format");
    }

    @Test
    void bodyCutOffMidLine() {
        ScrapeRecord r = scrape("/cut");
        assertThat(r.up()).isFalse();
        assertThat(r.error()).startsWith("connection to 127.0.0.1:" + server.uri("/").getPort() + " closed after 38 of 1000 bytes of the body");
        assertThat(r.series()).isEmpty();
    }

    @Test
    void htmlInsteadOfMetrics() {
        ScrapeRecord r = scrape("/html");
        assertThat(r.up()).isFalse();
        assertThat(r.error()).isEqualTo("the target answered with an HTML page, not a metrics exposition "
                + "(Content-Type: text/html; charset=utf-8); check the URL's path (usually /metrics)");
    }

    @Test
    void aRedirectToASignInPageNamesTheRedirectAndWhereItLed() {
        ScrapeRecord r = scrape("/signin");
        assertThat(r.up()).isFalse();
        assertThat(r.error()).isEqualTo(server.uri("/signin") + " redirected to " + server.uri("/login?next=%2Fmetrics")
                + ", which answered with an HTML page, not a metrics exposition (Content-Type: text/html; charset=utf-8); a sign-in page? "
                + "The target may need credentials (--basic-auth-user, --bearer-token-file)");
    }

    @Test
    void parserWarningsReachTheTerminalOnlyAsPrintableText(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics.txt");
        String key = "x{a=\"\u001b]0;pwned\u0007\"}";
        java.nio.file.Files.writeString(file, "# TYPE x gauge\n" + key + " 1\n" + key + " 2\n");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        ScrapeRecord r;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            r = scrape("file:" + file, Duration.ofSeconds(5), 1 << 20);
        } finally {
            System.setErr(saved);
        }
        assertThat(r.up()).isTrue();
        String printed = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(printed).contains("duplicate series").contains("\\x1B]0;pwned\\x07").doesNotContain("\u001b").doesNotContain("\u0007");
    }

    @Test
    void scrapeScriptRecordsTheFailureAndExits1(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Project.Run run = ReliabilityFixtures.Scripts.run(Duration.ofSeconds(60), "scrape",
                "--url", server.uri("/500").toString(), "--data-dir", data.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stderr()).contains("is down: HTTP 500 (server error)");
        List<String> lines = ReliabilityFixtures.lines(data);
        assertThat(lines).hasSize(1);
        ScrapeRecord r = RecordCodec.parse(lines.get(0));
        assertThat(r.up()).isFalse();
        assertThat(r.error()).startsWith("HTTP 500");
    }

    /**
     * Soak: watch through 1,000 consecutive failures (the fast faults in turn), then the target heals and the next
     * sample is up; every sample is written and has its status line, in order. The heap growth and the fixed-rate
     * lateness of such a run are measured by bench/WatchBench.java, which prints them.
     */
    @Test
    void watchSurvivesAThousandFailuresAndRecovers(@TempDir Path dir) throws Exception {
        int failures = 1000;
        try (ReliabilityFixtures.FaultyServer flaky = new ReliabilityFixtures.FaultyServer()) {
            flaky.failFirst = failures;
            ByteArrayOutputStream status = new ByteArrayOutputStream();
            Watcher watcher = Scrapes.watcher(Scrapes.scraper(flaky.uri("/flaky").toString(), Duration.ofSeconds(2), 1 << 20),
                    Duration.ofMillis(20), 0, dir, new PrintStream(status, true, StandardCharsets.UTF_8));
            Watcher.Summary[] summary = new Watcher.Summary[1];
            Thread loop = new Thread(() -> summary[0] = watcher.run(), "watch-soak");
            loop.start();
            waitFor(() -> upRecords(dir) > 0, Duration.ofSeconds(300));
            watcher.stop();
            loop.join(10_000);
            assertThat(loop.isAlive()).isFalse();

            List<ScrapeRecord> records = ReliabilityFixtures.lines(dir).stream().map(RecordCodec::parse).toList();
            assertThat(records.size()).isGreaterThan(failures);
            assertThat(records.subList(0, failures)).allSatisfy(r -> {
                assertThat(r.up()).isFalse();
                assertThat(r.error()).isNotBlank();
            });
            assertThat(records.subList(failures, records.size())).as("samples after the target healed").allSatisfy(r -> assertThat(r.up()).isTrue());
            assertThat(summary[0].samples()).isEqualTo(records.size());
            assertThat(summary[0].down()).isEqualTo(failures);
            assertThat(summary[0].recordsLost()).isZero();
            assertThat(summary[0].pending()).isZero();

            List<String> statusLines = status.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(statusLines).hasSameSizeAs(records);
            long skippedInStatus = 0;
            for (int i = 0; i < records.size(); i++) {
                ScrapeRecord r = records.get(i);
                String line = statusLines.get(i);
                assertThat(line).as("status line of sample " + i).startsWith(r.ts() + " up=" + (r.up() ? 1 : 0) + " ")
                        .endsWith(" -> " + DayFiles.fileFor(dir, r.ts()));
                if (!r.up()) assertThat(line).contains(" error=\"" + r.error() + "\"");
                Matcher skipped = SKIPPED.matcher(line);
                if (skipped.find()) skippedInStatus += Long.parseLong(skipped.group(1));
            }
            assertThat(summary[0].skippedTicks()).isEqualTo(skippedInStatus);
        }
    }

    static final Pattern SKIPPED = Pattern.compile(" skipped=(\\d+)");

    static long upRecords(Path dir) {
        try {
            return ReliabilityFixtures.lines(dir).stream().filter(l -> l.contains("\"up\":1")).count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within " + limit);
            Thread.sleep(20);
        }
    }
}
