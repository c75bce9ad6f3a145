import static org.assertj.core.api.Assertions.assertThat;
import days.DayFiles;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import page.Renderer;
import prom.OpenMetricsExport;
import record.RecordCodec;
import record.ScrapeRecord;
import support.Project;
import support.ReliabilityFixtures;
import support.ReliabilityFixtures.FaultyServer;
import support.ReliabilityFixtures.Scripts;

/**
 * The secret-marker sweep of issue 14 (section 1): a distinct marker in every way a secret comes in (token file,
 * remote-write token file, target URL password, remote-write URL password, {@code --header} value), every failure
 * path the scripts have, then every byte they printed, the day files, a rendered page and an export searched for
 * the markers. Also: no run printed a stack trace.
 */
class SecretSweepTest {
    static final String TOKEN = "MARKtokenfile" + System.nanoTime();
    static final String RW_TOKEN = "MARKrwtokenfile" + System.nanoTime();
    static final String URL_PASSWORD = "MARKurlpassword" + System.nanoTime();
    static final String RW_PASSWORD = "MARKrwpassword" + System.nanoTime();
    static final String HEADER = "MARKheadervalue" + System.nanoTime();
    static final List<String> MARKERS = List.of(TOKEN, RW_TOKEN, URL_PASSWORD, RW_PASSWORD, HEADER);

    @TempDir
    Path dir;

    @Test
    void noMarkerReachesAnyOutputRecordPageOrExport() throws Exception {
        Path data = dir.resolve("data");
        Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Path rwToken = Files.writeString(dir.resolve("rw-token"), RW_TOKEN + "\n");
        Path badToken = Files.writeString(dir.resolve("bad-token"), TOKEN + "\r\nX-Injected: 1\n");
        Path euroToken = Files.writeString(dir.resolve("euro-token"), TOKEN + "\u20ac\n", StandardCharsets.UTF_8);
        Path nulToken = Files.writeString(dir.resolve("nul-token"), TOKEN + "\u0000\n");
        Path badRwToken = Files.writeString(dir.resolve("bad-rw-token"), RW_TOKEN + "\u20ac\n", StandardCharsets.UTF_8);
        List<Path> secretFiles = List.of(token, rwToken, badToken, euroToken, nulToken, badRwToken);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String header = "X-Custom: " + HEADER;
        Map<String, Project.Run> runs = new LinkedHashMap<>();
        try (FaultyServer server = new FaultyServer()) {
            server.requireToken("not-any-marker");
            int port = server.uri("/").getPort();
            String withPassword = "http://scraper:" + URL_PASSWORD + "@127.0.0.1:";
            String rwWithPassword = "http://writer:" + RW_PASSWORD + "@127.0.0.1:";
            String d = data.toString();

            // Failures of the exchange: each is recorded (up=0) and printed.
            runs.put("401", scrape("--url", withPassword + port + "/auth", "--header", header, "--data-dir", d));
            runs.put("401 token", scrape("--url", "http://127.0.0.1:" + port + "/auth", "--bearer-token-file", token.toString(), "--data-dir", d));
            runs.put("500", scrape("--url", withPassword + port + "/500", "--header", header, "--data-dir", d));
            runs.put("timeout", scrape("--url", withPassword + port + "/never", "--timeout", "300ms", "--header", header, "--data-dir", d));
            runs.put("refused", scrape("--url", withPassword + closed + "/metrics", "--bearer-token-file", token.toString(), "--data-dir", d));
            runs.put("loop", scrape("--url", withPassword + port + "/loop", "--data-dir", d));
            runs.put("pipe", scrape("--url", withPassword + port + "/met|rics", "--data-dir", d));
            runs.put("space", scrape("--url", withPassword + port + "/metrics?a=b c", "--data-dir", d));
            runs.put("escape", scrape("--url", withPassword + port + "/metrics%zz", "--data-dir", d));
            runs.put("slash", scrape("--url", "http://scraper:x/" + URL_PASSWORD + "@127.0.0.1:" + port + "/metrics", "--data-dir", d));
            runs.put("targets", scrape("--target", "a=" + withPassword + port + "/500", "--target", "b=" + withPassword + port + "/met|rics",
                    "--data-dir", d));
            // Usage errors: nothing is scraped, nothing is shown.
            runs.put("crlf token", scrape("--url", server.uri("/metrics").toString(), "--bearer-token-file", badToken.toString(), "--data-dir", d));
            runs.put("euro token", scrape("--url", server.uri("/metrics").toString(), "--bearer-token-file", euroToken.toString(), "--data-dir", d));
            runs.put("nul token", scrape("--url", server.uri("/metrics").toString(), "--bearer-token-file", nulToken.toString(), "--data-dir", d));
            runs.put("euro header", scrape("--url", server.uri("/metrics").toString(), "--header", header + "\u20ac", "--data-dir", d));
            runs.put("crlf header", scrape("--url", server.uri("/metrics").toString(), "--header", header + "\r\nX: y", "--data-dir", d));
            runs.put("no colon", scrape("--url", server.uri("/metrics").toString(), "--header", HEADER, "--data-dir", d));
            runs.put("host header", scrape("--url", server.uri("/metrics").toString(), "--header", "Host: " + HEADER, "--data-dir", d));
            runs.put("mistyped", scrape("--url", server.uri("/metrics").toString(), "--heder", header, "--data-dir", d));
            runs.put("bad target", scrape("--target", withPassword + port + "/metrics", "--data-dir", d));
            runs.put("rw usage", Scripts.run(Duration.ofSeconds(60), "watch", "--url", server.uri("/metrics").toString(), "--count", "1",
                    "--remote-write", rwWithPassword + port + "/a b", "--data-dir", d));
            runs.put("rw bad token", Scripts.run(Duration.ofSeconds(60), "watch", "--url", server.uri("/metrics").toString(), "--count", "1",
                    "--remote-write", rwWithPassword + port + "/500", "--remote-write-bearer-token-file", badRwToken.toString(), "--data-dir", d));
            runs.put("rw not a url", Scripts.run(Duration.ofSeconds(60), "watch", "--url", server.uri("/metrics").toString(), "--count", "1",
                    "--remote-write", "writer:" + RW_PASSWORD + "@nowhere", "--data-dir", d));
            runs.put("rw bad port", Scripts.run(Duration.ofSeconds(60), "watch", "--url", server.uri("/metrics").toString(), "--count", "1",
                    "--remote-write", rwWithPassword + "99999/w", "--data-dir", d));

            // watch: every tick of a failing target, remote write to a server answering 500 and to a closed port.
            Process to500 = Scripts.start(Scripts.command("watch", "--url", withPassword + port + "/met|rics", "--header", header,
                    "--count", "2", "--interval", "200ms", "--remote-write", rwWithPassword + port + "/500",
                    "--remote-write-bearer-token-file", rwToken.toString(), "--data-dir", d));
            Process toClosed = Scripts.start(Scripts.command("watch", "--url", withPassword + port + "/500", "--bearer-token-file", token.toString(),
                    "--count", "2", "--interval", "200ms", "--remote-write", rwWithPassword + closed + "/api/v1/write",
                    "--remote-write-bearer-token-file", rwToken.toString(), "--data-dir", d));
            runs.put("watch rw 500", Scripts.finish(to500, Duration.ofSeconds(90)));
            runs.put("watch rw closed", Scripts.finish(toClosed, Duration.ofSeconds(90)));
        }

        for (var run : runs.entrySet()) {
            String said = run.getValue().stdout() + run.getValue().stderr();
            assertThat(said).as(run.getKey() + ":\n" + said).doesNotContain("\tat ").doesNotContain("Exception in thread");
        }
        for (String usage : List.of("crlf token", "euro token", "nul token", "euro header", "crlf header", "no colon", "host header", "mistyped",
                "bad target", "rw usage", "rw bad token", "rw not a url", "rw bad port")) {
            assertThat(runs.get(usage).exit()).as(usage + ": " + runs.get(usage).stderr()).isEqualTo(2);
        }
        assertThat(runs.get("watch rw 500").stderr()).contains("remote-write: nothing could be sent to http://writer@127.0.0.1:");
        assertThat(runs.get("watch rw 500").stderr()).contains("remote write sent NOTHING during this watch");
        assertThat(runs.get("watch rw 500").exit()).as("remote write sent nothing: exit 1").isEqualTo(1);
        assertThat(runs.get("rw bad port").stderr()).contains("port 99999 is out of range (1 to 65535)");
        assertThat(runs.get("watch rw closed").stderr()).contains("connection refused by 127.0.0.1:" + closed);

        List<ScrapeRecord> records = ReliabilityFixtures.lines(data).stream().map(RecordCodec::parse).toList();
        assertThat(records).hasSizeGreaterThanOrEqualTo(14).noneMatch(ScrapeRecord::up);
        assertThat(records).filteredOn(r -> r.error().startsWith("invalid URL")).hasSizeGreaterThanOrEqualTo(6);

        Path page = dir.resolve("page.html");
        Renderer.render(new Renderer.Settings(data, page, 2000, 100, null, null, "https://cdn.example/plotly.js"), null);
        Path export = dir.resolve("export.om");
        try (OutputStream out = Files.newOutputStream(export)) {
            OpenMetricsExport.write(DayFiles.days(data, null, null), null, null, "coppice", out, dir,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        }
        assertThat(Files.readString(export)).contains("up{");

        List<String> outputs = new ArrayList<>();
        runs.forEach((name, run) -> outputs.add(name + ": " + run.stdout() + run.stderr()));
        for (String marker : MARKERS) {
            assertThat(outputs).as(marker).noneMatch(o -> o.contains(marker));
            assertThat(Project.filesContaining(dir, marker)).as(marker).isSubsetOf(secretFiles);
        }
    }

    static Project.Run scrape(String... args) throws Exception {
        return Scripts.run(Duration.ofSeconds(60), "scrape", args);
    }

}
