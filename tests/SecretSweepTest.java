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
import java.util.Collections;
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
    static final String QUERY_TOKEN = "MARKquerytoken" + System.nanoTime();
    static final List<String> MARKERS = List.of(TOKEN, RW_TOKEN, URL_PASSWORD, RW_PASSWORD, HEADER, QUERY_TOKEN);

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
            runs.put("500 query token", scrape("--url", "http://127.0.0.1:" + port + "/500?access_token=" + QUERY_TOKEN, "--data-dir", d));
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

    static final String BASIC_PASSWORD = "MARKbasicpassword" + System.nanoTime();

    /**
     * Issue 22: a target and a remote-write receiver that echo the request's credentials (raw, the basic-auth pair
     * decoded, upper- and lower-cased, percent-encoded) into every text a server sends that reaches a message: an
     * invalid status line, the Location of a redirect to ftp:, to an invalid URL, to an invalid port, a redirect loop,
     * an unsupported Content-Encoding, a TLS failure, a remote-write answer. Also a URL with one slash (usage error)
     * and a password with a line break (the record's target). No form of any marker reaches stdout, stderr, a day
     * file or the live page.
     */
    @Test
    void noEchoOfACredentialInAnyFormReachesAnyOutput() throws Exception {
        Path data = dir.resolve("echo-data");
        Path token = Files.writeString(dir.resolve("echo-token"), TOKEN + "\n");
        Path rwToken = Files.writeString(dir.resolve("echo-rw-token"), RW_TOKEN + "\n");
        Path basicPassword = Files.writeString(dir.resolve("echo-basic-password"), BASIC_PASSWORD + "\n");
        List<Path> secretFiles = List.of(token, rwToken, basicPassword);
        List<String> routes = List.of("status", "ftp", "badurl", "port", "loop", "encoding");
        Map<String, Project.Run> runs = new LinkedHashMap<>();
        String d = data.toString();
        try (EchoServer server = new EchoServer()) {
            int port = server.port();
            List<String> bearer = new ArrayList<>(List.of("--bearer-token-file", token.toString(), "--header", "X-Custom: " + HEADER,
                    "--timeout", "5s", "--data-dir", d, "--target", "tls=https://127.0.0.1:" + port + "/tls"));
            List<String> basic = new ArrayList<>(List.of("--basic-auth-user", "scraper", "--basic-auth-password-file", basicPassword.toString(),
                    "--timeout", "5s", "--data-dir", d));
            List<String> inUrl = new ArrayList<>(List.of("--timeout", "5s", "--data-dir", d));
            for (String route : routes) {
                for (List<String> args : List.of(bearer, basic)) Collections.addAll(args, "--target", route + "=http://127.0.0.1:" + port + "/" + route);
                Collections.addAll(inUrl, "--target", route + "=http://scraper:" + URL_PASSWORD + "@127.0.0.1:" + port + "/" + route);
            }
            runs.put("bearer and header", scrape(bearer.toArray(String[]::new)));
            runs.put("basic auth", scrape(basic.toArray(String[]::new)));
            runs.put("url password", scrape(inUrl.toArray(String[]::new)));
            runs.put("one slash", scrape("--url", "http:/scraper:" + URL_PASSWORD + "@127.0.0.1:" + port + "/status", "--data-dir", d));
            runs.put("line break", scrape("--url", "http://scraper:" + URL_PASSWORD + "\nX@127.0.0.1:" + port + "/status", "--data-dir", d));
            runs.put("watch", Scripts.run(Duration.ofSeconds(90), "watch", "--url", "http://127.0.0.1:" + port + "/status",
                    "--bearer-token-file", token.toString(), "--header", "X-Custom: " + HEADER, "--count", "1",
                    "--render", dir.resolve("live.html").toString(),
                    "--remote-write", "http://writer:" + RW_PASSWORD + "@127.0.0.1:" + port + "/rw",
                    "--remote-write-bearer-token-file", rwToken.toString(), "--data-dir", d));
        }

        assertThat(runs.get("one slash").exit()).as(runs.get("one slash").stderr()).isEqualTo(2);
        assertThat(runs.get("watch").stderr()).contains("answered HTTP 400: ").contains(KnownSecretsText.REPLACEMENT);
        List<ScrapeRecord> records = ReliabilityFixtures.lines(data).stream().map(RecordCodec::parse).toList();
        List<String> errors = records.stream().map(ScrapeRecord::error).toList();
        for (String route : List.of("invalid HTTP response", "non-HTTP URL", "redirect to an invalid URL", "out of range",
                "too many redirects", "unsupported Content-Encoding", "TLS")) {
            assertThat(errors).as(route).anyMatch(e -> e.contains(route));
        }
        assertThat(errors).as("the echo reached the errors, scrubbed").anyMatch(e -> e.contains(KnownSecretsText.REPLACEMENT));
        assertThat(records).anyMatch(r -> r.target().startsWith("http://scraper@127.0.0.1:"));
        // The live page's data (beside the page, in live_files/) carries the newest scrape's error.
        assertThat(Files.readString(dir.resolve("live_files/data.js"))).contains("invalid HTTP response");

        List<String> forbidden = new ArrayList<>(List.of(TOKEN, RW_TOKEN, URL_PASSWORD, RW_PASSWORD, HEADER, BASIC_PASSWORD));
        for (String[] pair : List.of(new String[] {"scraper", BASIC_PASSWORD}, new String[] {"scraper", URL_PASSWORD},
                new String[] {"writer", RW_PASSWORD})) {
            forbidden.add(java.util.Base64.getEncoder().encodeToString((pair[0] + ":" + pair[1]).getBytes(StandardCharsets.UTF_8)));
        }
        for (String marker : forbidden) {
            String folded = marker.toLowerCase(java.util.Locale.ROOT);
            runs.forEach((name, run) -> assertThat((run.stdout() + run.stderr()).toLowerCase(java.util.Locale.ROOT))
                    .as(name + " printed a form of " + marker + ":\n" + run.stdout() + run.stderr()).doesNotContain(folded));
            try (var files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).filter(f -> !secretFiles.contains(f)).toList()) {
                    assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT))
                            .as(f + " holds a form of " + marker).doesNotContain(folded);
                }
            }
        }
    }

    /** The replacement of a secret, as the filter writes it. */
    static final class KnownSecretsText {
        static final String REPLACEMENT = secrets.KnownSecrets.REPLACEMENT;
    }

    /**
     * A target and remote-write receiver that sends back every credential of the request it got, in several forms,
     * in the text of the route asked for (see {@link #noEchoOfACredentialInAnyFormReachesAnyOutput}).
     */
    static final class EchoServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        private final Thread acceptor = new Thread(this::acceptAll, "echo-server");

        EchoServer() throws java.io.IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void acceptAll() {
            while (!socket.isClosed()) {
                try {
                    java.net.Socket client = socket.accept();
                    Thread t = new Thread(() -> answer(client));
                    t.setDaemon(true);
                    t.start();
                } catch (java.io.IOException e) {
                    return;
                }
            }
        }

        private void answer(java.net.Socket client) {
            try (client) {
                client.setSoTimeout(10_000);
                var in = new java.io.BufferedInputStream(client.getInputStream());
                var out = client.getOutputStream();
                in.mark(1);
                if (in.read() == 0x16) { // a TLS ClientHello: answer in plain text
                    out.write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                in.reset();
                StringBuilder head = new StringBuilder();
                for (int b; !head.toString().endsWith("\r\n\r\n") && (b = in.read()) >= 0; ) head.append((char) b);
                String echo = echo(head.toString());
                String path = head.toString().split(" ")[1];
                String query = echo.replace(' ', '+');
                String response = switch (path.replaceAll("\\?.*", "")) {
                    case "/status" -> "HTTP/1.1 2x0 " + echo + "\r\n\r\n";
                    case "/ftp" -> redirect("ftp://127.0.0.1/?" + query);
                    case "/badurl" -> redirect("http://[" + echo);
                    case "/port" -> redirect("http://127.0.0.1:99999/?" + query);
                    case "/loop" -> redirect("/loop?" + query);
                    case "/encoding" -> "HTTP/1.1 200 OK\r\nContent-Encoding: x-" + query + "\r\nContent-Length: 4\r\n\r\na 1\n";
                    case "/rw" -> {
                        long length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head).results()
                                .mapToLong(m -> Long.parseLong(m.group(1))).findFirst().orElse(0);
                        in.readNBytes((int) length);
                        yield "HTTP/1.1 400 Bad Request\r\nContent-Length: " + echo.length() + "\r\n\r\n" + echo;
                    }
                    default -> "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
                };
                out.write(response.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (java.io.IOException | RuntimeException e) {
                // The client gave up first: nothing to answer.
            }
        }

        private static String redirect(String location) {
            return "HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n";
        }

        /** Every credential of the request (Authorization and X-Custom values, a basic pair decoded) in five forms. */
        private static String echo(String head) {
            List<String> values = new ArrayList<>();
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) continue;
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (!name.equalsIgnoreCase("Authorization") && !name.equalsIgnoreCase("X-Custom")) continue;
                values.add(value);
                if (value.startsWith("Basic ")) {
                    values.add(new String(java.util.Base64.getDecoder().decode(value.substring(6)), StandardCharsets.UTF_8)
                            .replaceAll("[\\r\\n]", " "));
                }
            }
            String all = String.join(" ", values);
            return all + " " + all.toUpperCase(java.util.Locale.ROOT) + " " + all.toLowerCase(java.util.Locale.ROOT) + " "
                    + java.net.URLEncoder.encode(all, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    static Project.Run scrape(String... args) throws Exception {
        return Scripts.run(Duration.ofSeconds(60), "scrape", args);
    }

}
