//DEPS com.google.protobuf:protobuf-java:4.32.1
//DEPS org.xerial.snappy:snappy-java:1.1.10.8
package prom;

import units.Durations;
import version.ProjectVersion;
import secrets.KnownSecrets;
import com.google.protobuf.CodedOutputStream;
import days.RecordOrder;
import http.HttpFailures;
import http.Credentials;
import http.Printable;
import http.Redaction;
import http.UrlCredentials;
import http.UrlProblems;
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
import record.CompactRecord;
import record.ScrapeRecord;
import record.SeriesKey;

/**
 * Sends records to a Prometheus remote-write endpoint (Prometheus Remote-Write 1.0 specification): each request is
 * a protobuf {@code prometheus.WriteRequest} (timeseries = 1; TimeSeries: labels = 1, samples = 2; Label: name = 1,
 * value = 2; Sample: value = 1, timestamp = 2 in epoch ms), snappy block-compressed, POSTed with
 * {@code Content-Encoding: snappy}, {@code Content-Type: application/x-protobuf} and
 * {@code X-Prometheus-Remote-Write-Version: 0.1.0}. Series carry the labels Prometheus would give them
 * ({@link PrometheusSamples}: {@code instance}, {@code job}, plus {@code up}, {@code scrape_duration_seconds} and the
 * other report series), sorted by name with {@code __name__} among them, as the specification requires. The stale
 * markers a scraping Prometheus would write go out too ({@link ScrapeLoops}: a failed scrape ends every series of
 * the target's previous scrape, a series missing from a successful scrape ends), as the value
 * {@code query.Staleness#STALE_NAN} bit for bit, so that a receiver answers as if it had scraped the target itself.
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

    /** The endpoint without user info: what goes on the request line. */
    private final URI url;
    /** The endpoint as messages show it: without the password of its user info. */
    private final String shownUrl;
    /** Each target's previous scrape, for stale markers and {@code scrape_series_added}. */
    private final ScrapeLoops loops;
    private final Map<String, String> headers;
    private final HttpClient http;
    private final PrintStream status;
    private final Object lock = new Object();
    private final ArrayDeque<PrometheusSamples.Sample> queue = new ArrayDeque<>();
    private final Thread sender;
    private int inFlight;
    private boolean closing;
    /** Set when the sender stopped on an internal error (reported once); later samples are counted as dropped quietly. */
    private boolean broken;
    /** Set by close() once it has counted what is left as dropped; a late answer must not count it again. */
    private boolean abandoned;
    private long sent, dropped;
    /** The one rule for records out of time order, live ({@link RecordOrder#live}); guarded by {@link #lock}. */
    private final RecordOrder order = RecordOrder.live(kept -> admitted = true);
    private boolean admitted;
    /** The last reason a request failed (redacted), for the closing report of a writer that sent nothing. */
    private String lastProblem;

    /**
     * Starts the sender thread.
     *
     * @param url     the endpoint, e.g. {@code http://127.0.0.1:9090/api/v1/write}, as {@link #endpoint} accepts it;
     *                user info in it is sent as basic auth ({@link UrlCredentials}), as for scrapes
     * @param job     value of the {@code job} label
     * @param headers extra request headers, e.g. {@code Authorization} (as for scrapes), already checked with
     *                {@link http.RequestHeaders}
     * @param status  where drops and give-ups are reported (stderr for {@code watch})
     * @throws IllegalArgumentException (its message without the URL's password) when {@link #endpoint} refuses the URL
     */
    public RemoteWriter(URI url, String job, Map<String, String> headers, PrintStream status) {
        url = endpoint(url.toString());
        this.url = UrlCredentials.withoutUserInfo(url);
        this.shownUrl = Redaction.url(url.toString());
        this.loops = new ScrapeLoops(job, true);
        Map<String, String> all = new LinkedHashMap<>();
        String basicAuth = UrlCredentials.basicAuthorization(url);
        if (basicAuth != null) all.put("Authorization", basicAuth);
        all.putAll(headers);
        all.forEach(Credentials::rememberHeader);
        this.headers = Map.copyOf(all);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.status = status;
        this.sender = new Thread(this::sendLoop, "remote-write " + this.url.getHost());
        sender.setDaemon(true);
        // Whatever goes wrong in the sender is reported in one line: no stack trace, whose messages could quote a secret.
        sender.setUncaughtExceptionHandler((thread, error) -> giveUp(error));
        sender.start();
    }

    /**
     * Reads a remote-write endpoint URL as the user gives it ({@code --remote-write}).
     *
     * @param text the URL, e.g. {@code http://user:password@prom:9090/api/v1/write}
     * @return the URL, an absolute {@code http://} or {@code https://} URL with a host
     * @throws IllegalArgumentException saying what is wrong, the URL in it without its password
     */
    public static URI endpoint(String text) {
        Credentials.rememberUrl(text);
        URI uri;
        String shown = "'" + Redaction.url(text) + "'";
        try {
            uri = new URI(UrlCredentials.encodeUserInfo(text));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(shown + " is not a URL: " + e.getReason().toLowerCase(java.util.Locale.ROOT));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(shown + ": expected an http:// or https:// URL, e.g. http://prometheus:9090/api/v1/write");
        }
        String problem = UrlProblems.problem(uri, text);
        if (problem != null) throw new IllegalArgumentException(shown + ": " + problem);
        if (uri.getHost() == null) {
            // A host name with '_' (UrlProblems.authority): scrapes resolve such names themselves, remote write does not.
            throw new IllegalArgumentException(shown + ": the host name has an underscore, which Java's HTTP client does not accept;"
                    + " give the host's IP address or a name without '_'");
        }
        try {
            // Exactly the request the sender builds, so that what it would refuse is refused now.
            HttpRequest.newBuilder(UrlCredentials.withoutUserInfo(uri));
        } catch (IllegalArgumentException e) {
            // Not e.getMessage(): it quotes the URL.
            throw new IllegalArgumentException(shown + ": Java's HTTP client cannot send to this URL");
        }
        return uri;
    }

    /**
     * Queues the samples of one record ({@link ScrapeLoops#next}: the report series, the series when it is up, and
     * stale markers) and returns at once; never blocks on the network. When the queue is full, the oldest queued
     * samples are dropped (reported). A record that is not later than its target's previous one sent (the target's
     * clock stepped back) is left out and reported, as every reader of records does ({@link RecordOrder}); a receiver
     * would refuse it anyway, and the scrape loops see only records in time order.
     *
     * @throws IllegalArgumentException when a series key of the record is malformed
     */
    public void offer(ScrapeRecord record) {
        if (!inOrder(record)) {
            status.println("remote-write: left out the record of " + Redaction.shown(record.targetName()) + " at " + record.ts()
                    + ": not later than one already sent (the target's clock stepped back)");
            return;
        }
        List<PrometheusSamples.Sample> samples = loops.next(record);
        long droppedNow = 0;
        boolean closed;
        synchronized (lock) {
            closed = closing;
            if (broken) {
                dropped += samples.size();
                return;
            }
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

    private boolean inOrder(ScrapeRecord record) {
        CompactRecord times = new CompactRecord(record.ts().toEpochMilli(), record.up(), new String[0], new double[0], record.instance(),
                record.target(), record.scrapeMs(), Map.of());
        synchronized (lock) {
            admitted = false;
            order.add(times);
            return admitted;
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
        long sentInAll, droppedInAll;
        String problem;
        synchronized (lock) {
            sentInAll = sent;
            droppedInAll = dropped;
            problem = lastProblem;
        }
        if (sentInAll == 0 && droppedInAll > 0) {
            status.println("remote-write: nothing could be sent to " + shownUrl + (problem == null ? "" : " (last problem: " + problem + ")"));
        }
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
            } catch (RuntimeException e) {
                giveUp(e);
                return;
            }
            synchronized (lock) {
                if (abandoned) return; // close() gave up waiting and already counted this batch as dropped
                if (delivered) sent += batch.size();
                else dropped += batch.size();
                inFlight = 0;
            }
        }
    }

    /**
     * The sender met an error no retry can mend: report it in one line (its type, not its message, which may quote a
     * header or the URL) and stop taking samples; what is queued is counted as dropped at close.
     */
    private void giveUp(Throwable error) {
        String problem = "remote write stopped by an internal error (" + error.getClass().getName() + ")";
        synchronized (lock) {
            lastProblem = problem;
            broken = true;
            closing = true;
            lock.notifyAll();
        }
        status.println("remote-write: " + shownUrl + ": " + problem + "; samples are no longer sent");
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
                // A receiver that echoes the request would show our credentials, in any form: the one filter removes them.
                String answer = Printable.text(Redaction.url(KnownSecrets.scrub(response.body().strip())), 200);
                if (code / 100 == 4) {
                    synchronized (lock) {
                        lastProblem = "HTTP " + code;
                    }
                    status.println("remote-write: dropped " + batch.size() + " samples: " + shownUrl + " answered HTTP " + code
                            + (answer.isEmpty() ? "" : ": " + answer));
                    return false;
                }
                problem = "HTTP " + code + (answer.isEmpty() ? "" : ": " + answer);
            } catch (IOException e) {
                problem = HttpFailures.describe(e, url);
            }
            synchronized (lock) {
                lastProblem = problem;
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
