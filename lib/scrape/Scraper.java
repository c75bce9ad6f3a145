package scrape;

import http.Printable;
import http.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import parse.Exposition;
import parse.ExpositionException;
import parse.ExpositionFormat;
import parse.ExpositionParser;
import record.ScrapeRecord;

/**
 * One scrape of one target: fetch the exposition, parse it with {@link ExpositionParser}, and turn the outcome
 * into a {@link ScrapeRecord}. Never throws for a failing target: every failure becomes an {@code up=0} record
 * whose error a person can act on.
 *
 * <p>Targets: {@code http://} and {@code https://} URLs (fetched by {@link HttpFetch}, as Prometheus 2.x does),
 * {@code file:PATH}, and {@code -} (standard input). Every body is held to {@code --max-bytes}, after decompression,
 * and read as the bytes it is, in UTF-8, whatever charset a Content-Type names: Prometheus 2.42 does not transcode
 * (scrape/scrape.go hands the bytes to its parser), so a body that is not UTF-8 fails as it does there.
 */
public final class Scraper {
    /** How the body is to be read: by its Content-Type ({@code AUTO}) or always as one format. */
    public enum FormatChoice { AUTO, PROMETHEUS, OPENMETRICS }

    /**
     * What to scrape and how.
     *
     * @param target   http(s) URL, {@code file:PATH} or {@code -}; may carry {@code user:password@}, used as basic auth
     * @param timeout  limit for the whole scrape (connect, headers, body)
     * @param format   how to pick the text format
     * @param maxBytes largest body accepted, in bytes after decompression
     * @param headers  extra request headers (name to value), e.g. Authorization
     * @param tls      TLS context for https:// targets (see {@link Tls#context}); null for the JDK's defaults
     * @param credentialsStayOnHost whether a redirect to another host or port goes without the credentials (user
     *                 info, Authorization and the extra headers); false sends them on, as Prometheus 2.42 does
     */
    public record Settings(String target, Duration timeout, FormatChoice format, long maxBytes, Map<String, String> headers,
            SSLContext tls, boolean credentialsStayOnHost) {
        /** Settings whose credentials follow redirects to any host, as Prometheus 2.42's do. */
        public Settings(String target, Duration timeout, FormatChoice format, long maxBytes, Map<String, String> headers,
                SSLContext tls) {
            this(target, timeout, format, maxBytes, headers, tls, false);
        }
    }

    private final Settings settings;
    private final String instance;
    private final HttpFetch http;

    /**
     * A scraper for one target. Over HTTP, the client (and its connection pool) is built on the first scrape and
     * reused by the later ones.
     *
     * @param settings what to scrape and how
     * @param instance the target's name, carried by every record as {@code "instance":NAME}; null for an unnamed target
     */
    public Scraper(Settings settings, String instance) {
        this.settings = settings;
        this.instance = instance;
        this.http = new HttpFetch(settings);
    }

    /**
     * Scrapes once.
     *
     * @return the record: its timestamp is the start of the scrape, in UTC, to the millisecond; its target has no
     *         password ({@link Redaction}); {@code up=0} with an error for any failure
     */
    public ScrapeRecord scrape() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long t0 = System.nanoTime();
        String target = Redaction.url(settings.target());
        ScrapeRecord record;
        try {
            record = scrapeOnce(start, t0, target);
        } catch (RuntimeException e) {
            // A bug or a JDK refusal not foreseen: still a record of this target. The type only: a message can quote the URL.
            record = ScrapeRecord.failed(start, target, elapsedMs(t0), null, -1,
                    "internal error (" + e.getClass().getSimpleName() + "); the scrape is tried again at the next interval");
        }
        return shown(instance == null ? record : record.withInstance(instance));
    }

    /**
     * The record as it may be stored and shown: its target and error through the one filter of the run's known
     * secrets ({@link Redaction#shown}), whatever route the text came by (a server's status line, a Location, a
     * Content-Encoding, a file's line).
     */
    private static ScrapeRecord shown(ScrapeRecord record) {
        String target = Redaction.shown(record.target());
        String error = Redaction.shown(record.error());
        if (target.equals(record.target()) && java.util.Objects.equals(error, record.error())) return record;
        return new ScrapeRecord(record.ts(), target, record.up(), record.scrapeMs(), record.format(), record.bytes(), error,
                record.series(), record.types(), record.timestamps(), record.instance());
    }

    private ScrapeRecord scrapeOnce(Instant start, long t0, String target) {
        FetchedBody body;
        try {
            body = fetch();
        } catch (ScrapeFailure failure) {
            // The JDK's messages may quote the whole URL (URISyntaxException does): redact every error, not only ours.
            // Printable: a message can quote a server's bytes (a Location, a status line) or a line of a file.
            return ScrapeRecord.failed(start, target, elapsedMs(t0), null, failure.bytesRead,
                    Redaction.shown(failure.getMessage()));
        }
        String html = htmlInsteadOfMetrics(body);
        if (html != null) return ScrapeRecord.failed(start, target, elapsedMs(t0), null, body.length(), html);
        ExpositionFormat format = switch (settings.format()) {
            case PROMETHEUS -> ExpositionFormat.PROMETHEUS;
            case OPENMETRICS -> ExpositionFormat.OPENMETRICS;
            case AUTO -> ExpositionFormat.fromContentType(body.contentType());
        };
        try {
            Exposition exposition = ExpositionParser.parse(body.bytes(), body.length(), format);
            String tooMany = tooLarge(exposition.series().keySet(), settings.maxBytes());
            if (tooMany != null) return ScrapeRecord.failed(start, target, elapsedMs(t0), format.id(), body.length(), tooMany);
            // A warning can quote the exposition (a label value): printed as every other untrusted text is.
            for (String warning : exposition.warnings()) System.err.println("scrape: " + Redaction.shown(target) + ": " + Printable.text(warning));
            return new ScrapeRecord(start, target, true, elapsedMs(t0), format.id(), body.length(), null,
                    exposition.series(), exposition.types(), exposition.timestamps());
        } catch (ExpositionException e) {
            return ScrapeRecord.failed(start, target, elapsedMs(t0), format.id(), body.length(),
                    Printable.text("invalid " + format.id() + " exposition: " + e.getMessage()));
        } catch (RuntimeException e) {
            return ScrapeRecord.failed(start, target, elapsedMs(t0), format.id(), body.length(), "parser failure: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Bytes of {@code --max-bytes} per series a scrape may hold: a body of many tiny series costs the page, the export
     * and watch memory by its series, not by its bytes, so their number is bounded with the bytes: 16 MiB allow
     * 524,288 series (bench/max-record.sh measures each tool on the worst shapes at their default heaps).
     */
    public static final int BYTES_PER_SERIES = 32;

    /**
     * Bytes of {@code --max-bytes} per metric name a scrape may hold: each name is a chart of the page, which costs
     * far more than a series (524,288 one-series names in 5 MiB made render run out of its 512 MiB heap), so 16 MiB
     * allow 16,384 metric names (a histogram's _bucket, _sum and _count are three); node_exporter has about 300.
     */
    public static final int BYTES_PER_METRIC_NAME = 1024;

    /**
     * Why an exposition is refused under {@code maxBytes} for its shape, or null when it is not: more series than
     * one per {@link #BYTES_PER_SERIES} bytes of the limit, or more metric names than one per
     * {@link #BYTES_PER_METRIC_NAME}.
     *
     * @param seriesKeys the exposition's series keys ({@code name} or <code>name{labels}</code>)
     * @param maxBytes   the scrape's {@code --max-bytes}
     */
    static String tooLarge(java.util.Collection<String> seriesKeys, long maxBytes) {
        String tooMany = tooMany(seriesKeys.size(), maxBytes / BYTES_PER_SERIES, "series", maxBytes, BYTES_PER_SERIES);
        if (tooMany != null) return tooMany;
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String key : seriesKeys) {
            int brace = key.indexOf('{');
            names.add(brace < 0 ? key : key.substring(0, brace));
        }
        return tooMany(names.size(), maxBytes / BYTES_PER_METRIC_NAME, "metric names", maxBytes, BYTES_PER_METRIC_NAME);
    }

    private static String tooMany(long count, long limit, String what, long maxBytes, int bytesEach) {
        if (count <= limit) return null;
        return String.format(Locale.ROOT, "the exposition holds %,d %s, more than the %,d a scrape may hold with --max-bytes of %,d bytes"
                + " (one per %d bytes: what render, export and watch hold at their default heaps); raise --max-bytes,"
                + " and the heaps of the tools with it (-R-Xmx), to take it", count, what, limit, maxBytes, bytesEach);
    }

    /** The body of the target, by its kind: standard input, a file, or an HTTP(S) URL. */
    private FetchedBody fetch() throws ScrapeFailure {
        String target = settings.target();
        if (target.equals("-")) return readLocalWithin(() -> readLocal(System.in, "standard input"), "standard input");
        if (target.startsWith("file:")) {
            String path = target.substring("file:".length());
            String file = path.startsWith("//") ? URI.create(target).getPath() : path;
            // Within the timeout: a FIFO blocks its opening and reading thread until a writer comes, maybe never.
            return readLocalWithin(() -> {
                try (InputStream in = Files.newInputStream(Path.of(file))) {
                    return readLocal(in, file);
                } catch (NoSuchFileException e) {
                    throw new ScrapeFailure("no such file: " + file);
                } catch (IOException e) {
                    throw new ScrapeFailure("cannot read " + file + ": " + e.getMessage());
                }
            }, file);
        }
        String unsupported = unsupportedTarget(target);
        if (unsupported != null) throw new ScrapeFailure(unsupported);
        return http.fetch();
    }

    /**
     * Why a target cannot be scraped, or null when it is of a kind the scraper knows: {@code http://}, {@code https://},
     * {@code file:PATH} or {@code -}. The target in the reason has no password.
     */
    static String unsupportedTarget(String target) {
        // Schemes are case-insensitive (RFC 3986, 3.1): HTTP:// is http://.
        boolean known = startsWithIgnoringCase(target, "http://") || startsWithIgnoringCase(target, "https://")
                || target.startsWith("file:") || target.equals("-");
        return known ? null : "unsupported target '" + Redaction.shown(target) + "': expected http://, https://, file:PATH or -";
    }

    private static boolean startsWithIgnoringCase(String text, String prefix) {
        return text.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** A read of a local source that may block (standard input, a file), as the scrape's one bound: {@code --timeout}. */
    private interface LocalRead {
        FetchedBody read() throws ScrapeFailure;
    }

    /**
     * Runs {@code read} on a thread of its own and waits for it at most the scrape's timeout, as an HTTP exchange is
     * bounded: standard input or a FIFO that never ends costs one scrape, not the process.
     *
     * @throws ScrapeFailure the read's own, or "timeout: WHAT did not end within T"
     */
    private FetchedBody readLocalWithin(LocalRead read, String what) throws ScrapeFailure {
        java.util.concurrent.CompletableFuture<FetchedBody> done = new java.util.concurrent.CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                done.complete(read.read());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "read " + Printable.text(what, 100));
        reader.setDaemon(true);
        reader.start();
        try {
            return done.get(settings.timeout().toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            reader.interrupt();
            throw new ScrapeFailure("timeout: " + what + " did not end within " + units.Durations.format(settings.timeout()) + " (--timeout)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScrapeFailure("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ScrapeFailure failure) throw failure;
            throw new ScrapeFailure("cannot read " + what + " (" + e.getCause().getClass().getSimpleName() + ")");
        }
    }

    private FetchedBody readLocal(InputStream in, String what) throws ScrapeFailure {
        LimitedBuffer buffer = new LimitedBuffer(settings.maxBytes());
        try {
            // A file says its size: one array of the right size instead of doubling from 8 KB (less copying, less peak memory).
            buffer.reserve(in.available());
            buffer.readAll(in);
            return new FetchedBody(buffer.bytes(), buffer.size(), null);
        } catch (LimitedBuffer.TooLarge e) {
            throw new ScrapeFailure(e.getMessage(), buffer.size());
        } catch (IOException e) {
            throw new ScrapeFailure("cannot read " + what + ": " + e.getMessage());
        }
    }

    /**
     * A login page, error page or dashboard is the most common wrong answer (a URL without {@code /metrics}): say so
     * rather than report a parse error at line 1. Null when the body does not look like HTML.
     */
    private static String htmlInsteadOfMetrics(FetchedBody body) {
        String type = body.contentType() == null ? "" : body.contentType().toLowerCase(Locale.ROOT).trim();
        String head = new String(body.bytes(), 0, Math.min(body.length(), 256), StandardCharsets.ISO_8859_1).stripLeading()
                .toLowerCase(Locale.ROOT);
        boolean looksLikeHtml = head.startsWith("<!doctype html") || head.startsWith("<html");
        if (!type.startsWith("text/html") && !looksLikeHtml) return null;
        String page = "an HTML page, not a metrics exposition" + (type.isEmpty() ? "" : " (Content-Type: " + body.contentType() + ")");
        if (body.redirectedTo() != null) {
            // A redirect to a sign-in page: the path was right, the target wants a login first.
            return Printable.text(body.redirectedFrom() + " redirected to " + body.redirectedTo() + ", which answered with " + page
                    + "; a sign-in page? The target may need credentials (--basic-auth-user, --bearer-token-file)");
        }
        return "the target answered with " + page + "; check the URL's path (usually /metrics)";
    }

    private static long elapsedMs(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
