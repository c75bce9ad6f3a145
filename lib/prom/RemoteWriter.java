//DEPS com.google.protobuf:protobuf-java:4.32.1
//DEPS org.xerial.snappy:snappy-java:1.1.10.8
package prom;

import cli.Durations;
import cli.ProjectVersion;
import com.google.protobuf.CodedOutputStream;
import http.HttpFailures;
import http.Redaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xerial.snappy.Snappy;
import record.ScrapeRecord;
import record.SeriesKey;

/**
 * Sends records to a Prometheus remote-write endpoint (Prometheus Remote-Write 1.0 specification): each request is
 * a protobuf {@code prometheus.WriteRequest} (timeseries = 1; TimeSeries: labels = 1, samples = 2; Label: name = 1,
 * value = 2; Sample: value = 1, timestamp = 2 in epoch ms), snappy block-compressed, POSTed with
 * {@code Content-Encoding: snappy}, {@code Content-Type: application/x-protobuf} and
 * {@code X-Prometheus-Remote-Write-Version: 0.1.0}. Series carry the labels Prometheus would give them
 * ({@link PrometheusSamples}: {@code instance}, {@code job}, plus {@code up} and {@code scrape_duration_seconds}),
 * sorted by name with {@code __name__} among them, as the specification requires.
 *
 * <p>{@link #offer} never waits for the network: samples go to a bounded in-memory queue ({@link #MAX_QUEUED_SAMPLES},
 * the batch in flight included) that one sender thread drains, oldest first, up to {@link #MAX_SAMPLES_PER_SEND}
 * samples per request. A request that fails with a 5xx status or a connection error is retried, the same batch, with
 * exponential backoff from {@link #MIN_BACKOFF} to {@link #MAX_BACKOFF}, until it succeeds (so samples taken during an
 * outage arrive when the receiver is back, as long as they fit in the queue); a 4xx answer is final for its batch
 * (the receiver refused the data; sending it again would not help). When the queue is full the oldest queued
 * samples are dropped. Every drop is reported on the status stream.
 *
 * <p>Thread-safe: {@link #offer} may be called from any thread.
 */
public final class RemoteWriter implements AutoCloseable {
    /** Most samples held in memory (queued and in flight); older ones are dropped first. */
    public static final int MAX_QUEUED_SAMPLES = 10_000;
    /** Most samples in one request. */
    public static final int MAX_SAMPLES_PER_SEND = 2_000;
    /** First wait before a retry; doubled each time up to {@link #MAX_BACKOFF}. */
    public static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    /** Longest wait between two tries of one batch. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI url;
    /** The endpoint as messages show it: without the password of its user info. */
    private final String shownUrl;
    private final String job;
    private final Map<String, String> headers;
    private final HttpClient http;
    private final PrintStream status;
    private final Object lock = new Object();
    private final ArrayDeque<PrometheusSamples.Sample> queue = new ArrayDeque<>();
    private final Thread sender;
    private int inFlight;
    private boolean closing;
    /** Set by close() once it has counted what is left as dropped; a late answer must not count it again. */
    private boolean abandoned;
    private long sent, dropped;

    /**
     * Starts the sender thread.
     *
     * @param url     the endpoint, e.g. {@code http://127.0.0.1:9090/api/v1/write}
     * @param job     value of the {@code job} label
     * @param headers extra request headers, e.g. {@code Authorization} (as for scrapes)
     * @param status  where drops and give-ups are reported (stderr for {@code watch})
     */
    public RemoteWriter(URI url, String job, Map<String, String> headers, PrintStream status) {
        this.url = url;
        this.shownUrl = Redaction.url(url.toString());
        this.job = job;
        this.headers = Map.copyOf(headers);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.status = status;
        this.sender = new Thread(this::sendLoop, "remote-write " + url.getHost());
        sender.setDaemon(true);
        sender.start();
    }

    /**
     * Queues the samples of one record (up, scrape_duration_seconds, and the series when it is up) and returns at
     * once; never blocks on the network. When the queue is full, the oldest queued samples are dropped (reported).
     *
     * @throws IllegalArgumentException when a series key of the record is malformed
     */
    public void offer(ScrapeRecord record) {
        List<PrometheusSamples.Sample> samples = PrometheusSamples.of(record, job);
        long droppedNow = 0;
        boolean closed;
        synchronized (lock) {
            closed = closing;
            if (closing) {
                droppedNow = samples.size();
            } else {
                queue.addAll(samples);
                while (queue.size() + inFlight > MAX_QUEUED_SAMPLES && !queue.isEmpty()) {
                    queue.removeFirst();
                    droppedNow++;
                }
                lock.notifyAll();
            }
            dropped += droppedNow;
        }
        if (droppedNow > 0) {
            status.println("remote-write: dropped " + droppedNow + " samples (" + (closed ? "writer closed" : "queue full: "
                    + MAX_QUEUED_SAMPLES + " samples waiting for " + shownUrl) + ")");
        }
    }

    /** Samples the receiver accepted so far. */
    public long sent() {
        synchronized (lock) {
            return sent;
        }
    }

    /** Samples given up so far (queue full, refused with 4xx, or left at close). */
    public long dropped() {
        synchronized (lock) {
            return dropped;
        }
    }

    /** Samples queued or in flight. */
    public int pending() {
        synchronized (lock) {
            return queue.size() + inFlight;
        }
    }

    /**
     * Stops taking samples, sends what is queued for at most {@code timeout}, then stops the sender; what is left is
     * dropped (reported).
     *
     * @return true when everything queued was sent
     */
    public boolean close(Duration timeout) {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        try {
            sender.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sender.isAlive()) {
            sender.interrupt();
            try {
                sender.join(REQUEST_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int left;
        synchronized (lock) {
            left = queue.size() + inFlight;
            queue.clear();
            inFlight = 0;
            dropped += left;
            abandoned = true;
        }
        if (left > 0) status.println("remote-write: dropped " + left + " samples not sent to " + shownUrl + " within " + Durations.format(timeout));
        return left == 0;
    }

    /** {@link #close(Duration)} with 10 seconds. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private void sendLoop() {
        while (true) {
            List<PrometheusSamples.Sample> batch = new ArrayList<>();
            synchronized (lock) {
                while (queue.isEmpty() && !closing) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (queue.isEmpty()) return; // closing and drained
                while (!queue.isEmpty() && batch.size() < MAX_SAMPLES_PER_SEND) batch.add(queue.removeFirst());
                inFlight = batch.size();
            }
            boolean delivered;
            try {
                delivered = sendWithRetries(batch);
            } catch (InterruptedException e) {
                return; // close() counts the batch as dropped
            }
            synchronized (lock) {
                if (abandoned) return; // close() gave up waiting and already counted this batch as dropped
                if (delivered) sent += batch.size();
                else dropped += batch.size();
                inFlight = 0;
            }
        }
    }

    /** True when the receiver took the batch; false when it refused it (4xx). Retries everything else. */
    private boolean sendWithRetries(List<PrometheusSamples.Sample> batch) throws InterruptedException {
        byte[] body;
        try {
            body = Snappy.compress(encode(batch));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT)
                .header("Content-Encoding", "snappy")
                .header("Content-Type", "application/x-protobuf")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .header("User-Agent", ProjectVersion.USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        long backoff = MIN_BACKOFF.toMillis();
        boolean reportedOutage = false;
        while (true) {
            String problem;
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int code = response.statusCode();
                if (code / 100 == 2) {
                    if (reportedOutage) status.println("remote-write: " + shownUrl + " accepts samples again");
                    return true;
                }
                String answer = response.body().strip();
                if (answer.length() > 200) answer = answer.substring(0, 200) + "...";
                if (code / 100 == 4) {
                    status.println("remote-write: dropped " + batch.size() + " samples: " + shownUrl + " answered HTTP " + code
                            + (answer.isEmpty() ? "" : ": " + answer));
                    return false;
                }
                problem = "HTTP " + code + (answer.isEmpty() ? "" : ": " + answer);
            } catch (IOException e) {
                problem = HttpFailures.describe(e, url);
            }
            if (!reportedOutage) {
                status.println("remote-write: " + shownUrl + ": " + problem + "; retrying with backoff up to " + Durations.format(MAX_BACKOFF));
                reportedOutage = true;
            }
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
        }
    }

    /**
     * A WriteRequest for samples in time order: one TimeSeries per distinct label set, its samples in the order given.
     * Labels sorted by name (byte order; names are ASCII) with {@code __name__} among them.
     */
    static byte[] encode(List<PrometheusSamples.Sample> samples) throws IOException {
        Map<String, List<PrometheusSamples.Sample>> bySeries = new LinkedHashMap<>();
        for (PrometheusSamples.Sample s : samples) {
            bySeries.computeIfAbsent(SeriesKey.of(s.name(), s.labels()), k -> new ArrayList<>()).add(s);
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream(samples.size() * 64);
        CodedOutputStream requestOut = CodedOutputStream.newInstance(request);
        for (List<PrometheusSamples.Sample> series : bySeries.values()) {
            PrometheusSamples.Sample first = series.get(0);
            TreeMap<String, String> labels = new TreeMap<>(first.labels());
            labels.put("__name__", first.name());
            ByteArrayOutputStream timeSeries = new ByteArrayOutputStream(256);
            CodedOutputStream out = CodedOutputStream.newInstance(timeSeries);
            for (Map.Entry<String, String> label : labels.entrySet()) {
                out.writeTag(1, 2); // labels, length-delimited
                out.writeUInt32NoTag(CodedOutputStream.computeStringSize(1, label.getKey()) + CodedOutputStream.computeStringSize(2, label.getValue()));
                out.writeString(1, label.getKey());
                out.writeString(2, label.getValue());
            }
            for (PrometheusSamples.Sample s : series) {
                out.writeTag(2, 2); // samples, length-delimited
                out.writeUInt32NoTag(CodedOutputStream.computeDoubleSize(1, s.value()) + CodedOutputStream.computeInt64Size(2, s.timestampMs()));
                out.writeDouble(1, s.value());
                out.writeInt64(2, s.timestampMs());
            }
            out.flush();
            requestOut.writeByteArray(1, timeSeries.toByteArray());
        }
        requestOut.flush();
        return request.toByteArray();
    }
}
