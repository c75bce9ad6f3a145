package prom;

import static org.assertj.core.api.Assertions.assertThat;
import version.ProjectVersion;
import com.google.protobuf.CodedInputStream;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;
import record.ScrapeRecord;
import support.Generated;
import support.PromServer;

public class RemoteWriterTest {
    @TempDir
    Path temp;

    static final String TARGET = "http://127.0.0.1:9464/metrics";

    /** A decoded TimeSeries: labels in wire order, then samples as [timestamp ms, value]. */
    record Decoded(List<String[]> labels, List<double[]> samples) {
        String label(String name) {
            return labels.stream().filter(l -> l[0].equals(name)).map(l -> l[1]).findFirst().orElse(null);
        }
    }

    /** Reads a WriteRequest with protobuf's own decoder, independently of the encoder under test. */
    static List<Decoded> decode(byte[] request) throws IOException {
        List<Decoded> out = new ArrayList<>();
        CodedInputStream in = CodedInputStream.newInstance(request);
        for (int tag; (tag = in.readTag()) != 0; ) {
            assertThat(tag >>> 3).isEqualTo(1);
            CodedInputStream ts = CodedInputStream.newInstance(in.readByteArray());
            Decoded series = new Decoded(new ArrayList<>(), new ArrayList<>());
            for (int t; (t = ts.readTag()) != 0; ) {
                CodedInputStream msg = CodedInputStream.newInstance(ts.readByteArray());
                if (t >>> 3 == 1) {
                    String[] label = new String[2];
                    for (int f; (f = msg.readTag()) != 0; ) label[(f >>> 3) - 1] = msg.readString();
                    series.labels().add(label);
                } else {
                    double value = 0;
                    long ms = 0;
                    for (int f; (f = msg.readTag()) != 0; ) {
                        if (f >>> 3 == 1) value = msg.readDouble();
                        else ms = msg.readInt64();
                    }
                    series.samples().add(new double[] {ms, value});
                }
            }
            out.add(series);
        }
        return out;
    }

    @Test
    void encodesOneTimeSeriesPerSeriesWithSortedLabelsAndAllSamples() throws IOException {
        Instant t0 = Instant.parse("2026-11-29T10:00:00.123Z");
        List<ScrapeRecord> records = Generated.coppiceDay(t0, 3, Duration.ofSeconds(30), 2, TARGET);
        List<PrometheusSamples.Sample> samples = new ArrayList<>();
        for (ScrapeRecord r : records) samples.addAll(PrometheusSamples.of(r, "coppice"));

        List<Decoded> series = decode(RemoteWriter.encode(samples));

        assertThat(series).hasSize(5 + 15); // 5 report series, 13 metrics + 2 cpu series
        for (Decoded s : series) {
            List<String> names = s.labels().stream().map(l -> l[0]).toList();
            assertThat(names).isSorted().contains("__name__", "instance", "job");
            assertThat(s.label("instance")).isEqualTo("http://127.0.0.1:9464/metrics");
            assertThat(s.samples()).hasSize(3);
            assertThat(s.samples().get(0)[0]).isEqualTo(t0.toEpochMilli());
        }
        Decoded alive = series.stream().filter(s -> "coppice_sandboxes_alive".equals(s.label("__name__"))).findFirst().orElseThrow();
        for (int i = 0; i < 3; i++) assertThat(alive.samples().get(i)[1]).isEqualTo(records.get(i).series().get("coppice_sandboxes_alive"));
    }

    /** Series as {@code name{label="value",...}} with their samples' values, from a decoded request. */
    static Map<String, List<Double>> valuesBySeries(List<Decoded> series) {
        Map<String, List<Double>> out = new TreeMap<>();
        for (Decoded d : series) {
            StringBuilder key = new StringBuilder(d.label("__name__")).append('{');
            for (String[] l : d.labels()) if (!l[0].equals("__name__")) key.append(l[0]).append("=\"").append(l[1]).append("\",");
            key.setLength(key.length() - 1);
            List<Double> values = new ArrayList<>();
            for (double[] sample : d.samples()) values.add(sample[1]);
            out.computeIfAbsent(key.append('}').toString(), k -> new ArrayList<>()).addAll(values); // over every request
        }
        return out;
    }

    static ScrapeRecord emptyLabelRecord(Instant ts, double first, double twin, double batch) {
        Map<String, Double> series = new java.util.LinkedHashMap<>();
        series.put("job_queue_depth{host=\"host-a\",queue=\"\"}", first);
        series.put("job_queue_depth{host=\"host-a\"}", twin);
        series.put("job_queue_depth{host=\"host-a\",queue=\"batch\"}", batch);
        series.put("m{a=\"\",b=\"\"}", first + 1);
        return new ScrapeRecord(ts, TARGET, true, 4, "prometheus", 10, null, series, Map.of(), Map.of());
    }

    @Test
    void seriesThatDifferOnlyByEmptyLabelsAreOneTimeSeriesWithTheFirstSampleOfEachRecord() throws IOException {
        Instant t0 = Instant.parse("2026-11-29T10:00:00Z");
        List<PrometheusSamples.Sample> samples = new ArrayList<>();
        samples.addAll(PrometheusSamples.of(emptyLabelRecord(t0, 4, 9, 2), "coppice"));
        samples.addAll(PrometheusSamples.of(emptyLabelRecord(t0.plusSeconds(15), 5, 8, 3), "coppice"));

        Map<String, List<Double>> series = valuesBySeries(decode(RemoteWriter.encode(samples)));

        assertThat(series).containsOnly(
                Map.entry("job_queue_depth{host=\"host-a\",instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"}", List.of(4.0, 5.0)),
                Map.entry("job_queue_depth{host=\"host-a\",instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\",queue=\"batch\"}", List.of(2.0, 3.0)),
                Map.entry("m{instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"}", List.of(5.0, 6.0)),
                Map.entry("scrape_duration_seconds{instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"}", List.of(0.004, 0.004)),
                Map.entry("scrape_samples_scraped{instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"}", List.of(4.0, 4.0)),
                Map.entry("scrape_samples_post_metric_relabeling{instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"}", List.of(4.0, 4.0)),
                Map.entry("scrape_series_added{instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"}", List.of(3.0, 3.0)),
                Map.entry("up{instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"}", List.of(1.0, 1.0)));
    }

    @Test
    void theReceiverGetsNoEmptyLabel() throws IOException {
        try (FakeReceiver receiver = new FakeReceiver()) {
            RemoteWriter writer = new RemoteWriter(receiver.url(), "coppice", Map.of(), new PrintStream(new ByteArrayOutputStream(),
                    true, StandardCharsets.UTF_8));
            writer.offer(emptyLabelRecord(Instant.parse("2026-11-29T10:00:00Z"), 4, 9, 2));
            assertThat(writer.close(Duration.ofSeconds(20))).isTrue();
            assertThat(receiver.samplesReceived()).isEqualTo(5 + 3);
            List<Decoded> received = new ArrayList<>();
            for (byte[] body : receiver.bodies) received.addAll(decode(Snappy.uncompress(body)));
            assertThat(received).allSatisfy(d -> assertThat(d.labels()).allSatisfy(l -> assertThat(l[1]).isNotEmpty()));
            assertThat(valuesBySeries(received)).containsEntry(
                    "job_queue_depth{host=\"host-a\",instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"}", List.of(4.0));
        }
    }

    @Test
    void aFailedScrapeAndAVanishedSeriesGoOutAsStaleMarkersWithPrometheusBits() throws IOException {
        try (FakeReceiver receiver = new FakeReceiver()) {
            RemoteWriter writer = new RemoteWriter(receiver.url(), "coppice", Map.of(), new PrintStream(new ByteArrayOutputStream(),
                    true, StandardCharsets.UTF_8));
            Instant t0 = Instant.parse("2026-11-29T10:00:00Z");
            writer.offer(new ScrapeRecord(t0, TARGET, true, 4, "prometheus", 10, null, Map.of("a", 1.0, "b", 2.0), Map.of(), Map.of()));
            writer.offer(new ScrapeRecord(t0.plusSeconds(15), TARGET, true, 4, "prometheus", 10, null, Map.of("a", 3.0), Map.of(), Map.of()));
            writer.offer(ScrapeRecord.failed(t0.plusSeconds(30), TARGET, 4, null, -1, "refused"));
            assertThat(writer.close(Duration.ofSeconds(20))).isTrue();
            Map<String, List<String>> samples = new TreeMap<>();
            for (byte[] body : receiver.bodies) {
                for (Decoded d : decode(Snappy.uncompress(body))) {
                    List<String> points = samples.computeIfAbsent(d.label("__name__"), k -> new ArrayList<>());
                    for (double[] p : d.samples()) {
                        long bits = Double.doubleToRawLongBits(p[1]);
                        points.add((long) (p[0] - t0.toEpochMilli()) / 1000 + "=" + (bits == 0x7ff0000000000002L ? "STALE" : p[1]));
                    }
                }
            }
            assertThat(samples.get("a")).containsExactly("0=1.0", "15=3.0", "30=STALE");
            assertThat(samples.get("b")).containsExactly("0=2.0", "15=STALE");
            assertThat(samples.get("up")).containsExactly("0=1.0", "15=1.0", "30=0.0");
        }
    }

    @Test
    void aRecordNotLaterThanOneSentIsLeftOutAndNamedByTheRuleEveryReaderUses() throws IOException {
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        try (FakeReceiver receiver = new FakeReceiver()) {
            RemoteWriter writer = new RemoteWriter(receiver.url(), "coppice", Map.of(), new PrintStream(status, true, StandardCharsets.UTF_8));
            Instant t0 = Instant.parse("2026-11-29T10:00:00Z");
            writer.offer(emptyLabelRecord(t0, 1, 1, 1));
            writer.offer(emptyLabelRecord(t0.plusSeconds(30), 2, 2, 2));
            writer.offer(emptyLabelRecord(t0.plusSeconds(10), 3, 3, 3)); // the clock stepped back 20 s
            writer.offer(emptyLabelRecord(t0.plusSeconds(40), 4, 4, 4));
            assertThat(writer.close(Duration.ofSeconds(20))).isTrue();
            List<Decoded> received = new ArrayList<>();
            for (byte[] body : receiver.bodies) received.addAll(decode(Snappy.uncompress(body)));
            assertThat(valuesBySeries(received)).containsEntry(
                    "job_queue_depth{host=\"host-a\",instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"}", List.of(1.0, 2.0, 4.0));
        }
        assertThat(status.toString(StandardCharsets.UTF_8))
                .contains("remote-write: left out the record of http://127.0.0.1:9464/metrics at 2026-11-29T10:00:10Z: not later than one already sent");
    }

    /** A fake receiver answering with the status codes of {@code answers} in turn (200 after the list). */
    public static final class FakeReceiver implements AutoCloseable {
        final HttpServer server;
        final ConcurrentLinkedQueue<byte[]> bodies = new ConcurrentLinkedQueue<>();
        public final ConcurrentLinkedQueue<Map<String, String>> headers = new ConcurrentLinkedQueue<>();
        final AtomicInteger calls = new AtomicInteger();
        volatile CountDownLatch hold = new CountDownLatch(0);

        public FakeReceiver(int... answers) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/v1/write", exchange -> {
                int call = calls.getAndIncrement();
                try {
                    hold.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] body = exchange.getRequestBody().readAllBytes();
                Map<String, String> h = new TreeMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), v.get(0)));
                int code = call < answers.length ? answers[call] : 200;
                if (code == 200 || code == 204) {
                    bodies.add(body);
                    headers.add(h);
                }
                byte[] answer = code / 100 == 2 ? new byte[0] : ("answer " + code).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(code, answer.length == 0 ? -1 : answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
        }

        public URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
        }

        public long samplesReceived() throws IOException {
            long n = 0;
            for (byte[] body : bodies) for (Decoded s : decode(Snappy.uncompress(body))) n += s.samples().size();
            return n;
        }

        @Override
        public void close() {
            hold.countDown();
            server.stop(0);
        }
    }

    @Test
    void sendsTheProtocolHeadersAndRetries5xxButNot4xx() throws IOException {
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        Instant t0 = Instant.parse("2026-11-29T10:00:00Z");
        List<ScrapeRecord> records = Generated.coppiceDay(t0, 2, Duration.ofSeconds(30), 1, TARGET);
        try (FakeReceiver receiver = new FakeReceiver(503, 500, 200, 400)) {
            RemoteWriter writer = new RemoteWriter(receiver.url(), "coppice", Map.of("Authorization", "Bearer s3cret"),
                    new PrintStream(status, true, StandardCharsets.UTF_8));
            writer.offer(records.get(0)); // 503, 500, then 200
            assertThat(writer.close(Duration.ofSeconds(20))).isTrue();
            assertThat(receiver.calls.get()).isEqualTo(3);
            assertThat(receiver.samplesReceived()).isEqualTo(5 + 14);
            Map<String, String> h = receiver.headers.peek();
            assertThat(h).containsEntry("content-encoding", "snappy").containsEntry("content-type", "application/x-protobuf")
                    .containsEntry("x-prometheus-remote-write-version", "0.1.0").containsEntry("user-agent", ProjectVersion.USER_AGENT)
                    .containsEntry("authorization", "Bearer s3cret");
            assertThat(status.toString(StandardCharsets.UTF_8)).contains("HTTP 503").contains("retrying");

            RemoteWriter second = new RemoteWriter(receiver.url(), "coppice", Map.of(), new PrintStream(status, true, StandardCharsets.UTF_8));
            second.offer(records.get(1));
            second.close(Duration.ofSeconds(20));
            assertThat(receiver.calls.get()).isEqualTo(4); // one try: no retry after 400
            assertThat(second.dropped()).as(status.toString(StandardCharsets.UTF_8)).isEqualTo(5 + 14);
            assertThat(status.toString(StandardCharsets.UTF_8)).contains("dropped 19 samples").contains("HTTP 400: answer 400");
        }
    }

    @Test
    void offerNeverWaitsForTheReceiverAndDropsTheOldestWhenTheQueueIsFull() throws IOException {
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        try (FakeReceiver receiver = new FakeReceiver()) {
            receiver.hold = new CountDownLatch(1); // the receiver hangs
            RemoteWriter writer = new RemoteWriter(receiver.url(), "coppice", Map.of(), new PrintStream(status, true, StandardCharsets.UTF_8));
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            List<ScrapeRecord> records = Generated.coppiceDay(t0, 1000, Duration.ofSeconds(1), 5, TARGET); // 1000 × 23 samples
            for (ScrapeRecord r : records) writer.offer(r); // would hang here if offer waited for the network
            assertThat(writer.pending()).isEqualTo(RemoteWriter.MAX_QUEUED_SAMPLES);
            assertThat(writer.dropped()).isEqualTo(1000 * 23 - RemoteWriter.MAX_QUEUED_SAMPLES);
            assertThat(status.toString(StandardCharsets.UTF_8)).contains("queue full");
            receiver.hold.countDown();
            assertThat(writer.close(Duration.ofSeconds(30))).isTrue();
            assertThat(receiver.samplesReceived()).isEqualTo(RemoteWriter.MAX_QUEUED_SAMPLES);
        }
    }

    @Test
    void prometheusReceivesTheSamplesIncludingThoseSentDuringAnOutage() throws Exception {
        PromServer.toolOrSkip("prometheus");
        Path tsdb = temp.resolve("tsdb");
        int port = PromServer.freePort();
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        Instant t0 = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        List<ScrapeRecord> records = new ArrayList<>(Generated.coppiceDay(t0, 20, Duration.ofSeconds(15), 3, TARGET));
        records.set(5, ScrapeRecord.failed(records.get(5).ts(), TARGET, 2000, null, -1, "connection refused"));
        URI url = URI.create("http://127.0.0.1:" + port + "/api/v1/write");
        RemoteWriter writer = new RemoteWriter(url, "coppice", Map.of(), new PrintStream(status, true, StandardCharsets.UTF_8));
        try {
            try (PromServer prometheus = PromServer.start(tsdb, true, port)) {
                for (ScrapeRecord r : records.subList(0, 10)) writer.offer(r);
                waitUntil(() -> writer.pending() == 0, 30);
            }
            // Receiver down: these are queued and retried.
            for (ScrapeRecord r : records.subList(10, 20)) writer.offer(r);
            Thread.sleep(1500);
            assertThat(writer.pending()).isPositive();
            try (PromServer prometheus = PromServer.start(tsdb, true, port)) {
                waitUntil(() -> writer.pending() == 0, 60);
                Instant last = records.get(19).ts();
                String selector = "{instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"}[" + (last.toEpochMilli() - t0.toEpochMilli() + 1) + "ms]";
                Map<Long, Double> expected = new TreeMap<>();
                for (ScrapeRecord r : records) if (r.up()) expected.put(r.ts().toEpochMilli(), r.series().get("coppice_execute_requests_total"));
                assertThat(prometheus.raw("coppice_execute_requests_total" + selector, last)).isEqualTo(expected);
                Map<Long, Double> up = prometheus.raw("up" + selector, last);
                assertThat(up).hasSize(20).containsEntry(records.get(5).ts().toEpochMilli(), 0.0);
                assertThat(prometheus.raw("scrape_duration_seconds" + selector, last)).containsEntry(records.get(5).ts().toEpochMilli(), 2.0);
            }
            assertThat(writer.dropped()).isZero();
            assertThat(status.toString(StandardCharsets.UTF_8)).contains("retrying").contains("accepts samples again");
        } finally {
            writer.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void prometheusEndsTheSeriesAtAFailedScrapeAndAtAVanishedSeriesAsIfItHadScrapedTheTarget() throws Exception {
        PromServer.toolOrSkip("prometheus");
        Path tsdb = temp.resolve("tsdb");
        int port = PromServer.freePort();
        Instant t0 = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
        List<ScrapeRecord> records = new ArrayList<>(Generated.coppiceDay(t0, 12, Duration.ofSeconds(30), 2, TARGET));
        records.set(4, ScrapeRecord.failed(records.get(4).ts(), TARGET, 10, null, -1, "connection refused"));
        // From record 8 on, the target no longer exposes coppice_execute_requests_total.
        for (int i = 8; i < 12; i++) {
            ScrapeRecord r = records.get(i);
            Map<String, Double> series = new java.util.LinkedHashMap<>(r.series());
            series.remove("coppice_execute_requests_total");
            records.set(i, new ScrapeRecord(r.ts(), TARGET, true, r.scrapeMs(), r.format(), r.bytes(), null, series, r.types(), Map.of()));
        }
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        RemoteWriter writer = new RemoteWriter(URI.create("http://127.0.0.1:" + port + "/api/v1/write"), "coppice", Map.of(),
                new PrintStream(status, true, StandardCharsets.UTF_8));
        try (PromServer prometheus = PromServer.start(tsdb, true, port)) {
            for (ScrapeRecord r : records) writer.offer(r);
            assertThat(writer.close(Duration.ofSeconds(30))).as(status.toString(StandardCharsets.UTF_8)).isTrue();
            String counter = "coppice_execute_requests_total";
            Instant failed = records.get(4).ts();
            assertThat(prometheus.instant(counter, failed.minusMillis(1))).isEqualTo(records.get(3).series().get(counter));
            // Backfilled data would keep the last value for 5 minutes; the stale marker ends it at once.
            assertThat(prometheus.instant(counter, failed)).isNaN();
            assertThat(prometheus.instant(counter, failed.plusSeconds(20))).isNaN();
            assertThat(prometheus.instant(counter, records.get(5).ts())).isEqualTo(records.get(5).series().get(counter));
            Instant vanished = records.get(8).ts();
            assertThat(prometheus.instant(counter, vanished.minusMillis(1))).isEqualTo(records.get(7).series().get(counter));
            assertThat(prometheus.instant(counter, vanished.plusSeconds(60))).isNaN();
            // The report series are never marked stale.
            assertThat(prometheus.instant("up", failed.plusSeconds(20))).isEqualTo(0.0);
            assertThat(prometheus.instant("scrape_series_added", records.get(5).ts())).isEqualTo(0.0);
            assertThat(prometheus.instant("scrape_samples_scraped", failed)).isEqualTo(0.0);
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void waitUntil(Condition condition, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within " + seconds + " s");
            Thread.sleep(100);
        }
    }
}
