package support;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import prom.OpenMetricsExport;

/**
 * Test support: Debian's Prometheus server on loopback for one test, and its HTTP API; closing it kills the process.
 * The server runs with a configuration of the test's own (by default none that scrapes) over a TSDB folder of the
 * test's own, so nothing of the machine's Prometheus set-up is read or written.
 */
public final class PromServer implements AutoCloseable {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** A configuration that scrapes nothing (for a TSDB filled by promtool or remote write). */
    private static final String NO_SCRAPES = "global:\n  scrape_interval: 1h\n";
    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PromServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** A Prometheus tool ({@code prometheus}, {@code promtool}) on PATH; see {@link Project#toolOrSkip}. */
    public static Path toolOrSkip(String name) {
        return Project.toolOrSkip(name, "apt-get install -y prometheus");
    }

    /** A TCP port on loopback that was free a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Runs a command to completion within {@code seconds}; fails with its output when it exits non-zero. */
    public static String run(List<String> command, long seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[][] output = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                output[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                output[0] = new byte[0];
            }
        });
        reader.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + seconds + " s");
        }
        reader.join(5000);
        String text = new String(output[0] == null ? new byte[0] : output[0], StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join(" ", command) + " printed:\n" + text).isZero();
        return text;
    }

    /** Starts {@code prometheus} on 127.0.0.1 over {@code tsdb}, scraping nothing, waiting (at most 60 s) until it is ready. */
    public static PromServer start(Path tsdb, boolean remoteWriteReceiver) throws IOException, InterruptedException {
        return start(tsdb, remoteWriteReceiver, freePort());
    }

    /** As {@link #start(Path, boolean)}, on a given port (to start a second server on the same address). */
    public static PromServer start(Path tsdb, boolean remoteWriteReceiver, int port) throws IOException, InterruptedException {
        return start(tsdb, NO_SCRAPES, remoteWriteReceiver ? List.of("--web.enable-remote-write-receiver") : List.of(), port);
    }

    /**
     * Starts {@code prometheus} on {@code 127.0.0.1:port} over {@code tsdb} with the configuration {@code configYaml}
     * (written beside the TSDB folder, as is the server's log) and extra command-line flags, and waits (at most 60 s)
     * until {@code /-/ready} answers 200.
     *
     * @throws AssertionError when the process exits or is not ready in time (with its log)
     */
    public static PromServer start(Path tsdb, String configYaml, List<String> extraFlags, int port) throws IOException, InterruptedException {
        Path config = tsdb.resolveSibling("prometheus-" + port + ".yml");
        Files.writeString(config, configYaml);
        Path log = tsdb.resolveSibling("prometheus-" + port + ".log");
        List<String> command = new ArrayList<>(List.of(toolOrSkip("prometheus").toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + tsdb, "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.retention.time=30d"));
        command.addAll(extraFlags);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PromServer server = new PromServer(process, port, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (true) {
                if (!process.isAlive()) throw new AssertionError("prometheus exited: " + Files.readString(log));
                try {
                    HttpResponse<String> ready = server.http.send(HttpRequest.newBuilder(server.uri("/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (ready.statusCode() == 200) return server;
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) throw new AssertionError("prometheus not ready within 60 s: " + Files.readString(log));
                Thread.sleep(200);
            }
        } catch (Throwable t) {
            server.close();
            throw t;
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** The raw samples (epoch ms to value) of a range-vector selector evaluated at {@code at}; one series expected. */
    public Map<Long, Double> raw(String rangeSelector, Instant at) throws IOException, InterruptedException {
        List<Map<Long, Double>> series = query("/api/v1/query?query=" + encode(rangeSelector) + "&time=" + seconds(at));
        assertThat(series).as(rangeSelector).hasSizeLessThanOrEqualTo(1);
        return series.isEmpty() ? Map.of() : series.get(0);
    }

    /**
     * The value of an instant query at {@code at} (to the millisecond), which must yield at most one series.
     *
     * @return the value, or NaN when the result is empty (e.g. {@code irate} with fewer than two samples in its range)
     */
    public double instant(String expression, Instant at) throws IOException, InterruptedException {
        List<Map<Long, Double>> series = query("/api/v1/query?query=" + encode(expression) + "&time=" + seconds(at));
        assertThat(series).as(expression).hasSizeLessThanOrEqualTo(1);
        return series.isEmpty() ? Double.NaN : series.get(0).values().iterator().next();
    }

    /** The value of an expression at {@code at}, through /api/v1/query_range with start = end (one point, one series). */
    public double rangeOnePoint(String expression, Instant at) throws IOException, InterruptedException {
        List<Map<Long, Double>> series = query("/api/v1/query_range?query=" + encode(expression) + "&start=" + seconds(at)
                + "&end=" + seconds(at) + "&step=1");
        assertThat(series).as(expression).hasSize(1);
        assertThat(series.get(0)).as(expression).hasSize(1);
        return series.get(0).values().iterator().next();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String seconds(Instant at) {
        return OpenMetricsExport.formatTimestamp(at.toEpochMilli());
    }

    /** Series of a matrix or vector answer, each as epoch ms to value. */
    private List<Map<Long, Double>> query(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(pathAndQuery + ": " + response.body()).isEqualTo(200);
        List<Map<Long, Double>> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(response.body())) {
            for (JsonToken t; (t = p.nextToken()) != null; ) {
                if (t != JsonToken.FIELD_NAME) continue;
                String field = p.currentName();
                if (field.equals("values")) {
                    p.nextToken();
                    Map<Long, Double> points = new TreeMap<>();
                    while (p.nextToken() == JsonToken.START_ARRAY) readPoint(p, points);
                    out.add(points);
                } else if (field.equals("value")) {
                    p.nextToken();
                    Map<Long, Double> points = new TreeMap<>();
                    readPoint(p, points);
                    out.add(points);
                }
            }
        }
        return out;
    }

    private static void readPoint(JsonParser p, Map<Long, Double> points) throws IOException {
        p.nextToken();
        long ms = Math.round(p.getDoubleValue() * 1000);
        p.nextToken();
        points.put(ms, Double.parseDouble(p.getText().replace("+Inf", "Infinity").replace("-Inf", "-Infinity")));
        p.nextToken(); // END_ARRAY
    }

    /**
     * The body of an API answer as the server sent it, whatever its status ({@code /api/v1/query} or
     * {@code /api/v1/query_range}, with the parameters given unencoded and encoded here).
     *
     * @param params name, value, name, value, ...
     */
    public String api(String path, String... params) throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder(path);
        for (int i = 0; i < params.length; i += 2) query.append(i == 0 ? '?' : '&').append(params[i]).append('=').append(encode(params[i + 1]));
        return http.send(HttpRequest.newBuilder(uri(query.toString())).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The server's log so far (for failure messages); empty when it cannot be read. */
    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
