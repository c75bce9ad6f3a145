package scrape;

import cli.Durations;
import cli.ProjectVersion;
import http.HttpFailures;
import http.Redaction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
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
 * <p>Targets: {@code http://} and {@code https://} URLs, {@code file:PATH}, and {@code -} (standard input).
 * Over HTTP it behaves like a Prometheus 2.x scraper: the same Accept header (OpenMetrics 1.0.0 first, text 0.0.4
 * next), gzip and deflate bodies, {@code X-Prometheus-Scrape-Timeout-Seconds}, up to 5 redirects, and one timeout
 * that covers the whole request, body included.
 */
public final class Scraper {
    /** Accept header as Prometheus 2.42 sends it (scrape/scrape.go, acceptHeader). */
    public static final String ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

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
     */
    public record Settings(String target, Duration timeout, FormatChoice format, long maxBytes, Map<String, String> headers,
            SSLContext tls) {
        /** Settings with the JDK's default TLS context. */
        public Settings(String target, Duration timeout, FormatChoice format, long maxBytes, Map<String, String> headers) {
            this(target, timeout, format, maxBytes, headers, null);
        }
    }

    /**
     * How long, after the scrape timeout, to wait for the HTTP client's own verdict when no response has arrived:
     * its connect timer ends at about the same moment, and its exception tells a dropped connect from a silent server.
     */
    private static final long VERDICT_GRACE_MS = 100;

    private final Settings settings;
    private HttpClient http;
    private final String instance;

    /** A scraper for one target; the HTTP client (and its connection pool) is reused across scrapes. */
    public Scraper(Settings settings, HttpClient http) {
        this(settings, http, null);
    }

    /**
     * A scraper that builds its HTTP client ({@link #defaultClient(Settings)}) on the first HTTP scrape: a client
     * costs about 0.3 s to build (TLS set-up), which a one-shot scrape of a file need not pay.
     *
     * @param instance the target's name, or null for an unnamed target
     */
    public Scraper(Settings settings, String instance) {
        this(settings, null, instance);
    }

    /**
     * A scraper whose records carry {@code "instance":NAME}, for one of several watched targets.
     *
     * @param http     the client to use, or null to build one on the first HTTP scrape
     * @param instance the target's name, or null for an unnamed target
     */
    public Scraper(Settings settings, HttpClient http, String instance) {
        this.settings = settings;
        this.http = http;
        this.instance = instance;
    }

    /** An HTTP client with the scrape's connect timeout and redirects followed (the JDK stops after 5). */
    public static HttpClient defaultClient(Duration timeout) {
        return HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** An HTTP client for these settings: {@link #defaultClient(Duration)} plus the settings' TLS context, if any. */
    public static HttpClient defaultClient(Settings settings) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (settings.tls() != null) builder.sslContext(settings.tls());
        return builder.build();
    }

    /** Scrapes once. The record's timestamp is the start of the scrape, in UTC, to the millisecond. */
    public ScrapeRecord scrape() {
        ScrapeRecord record = scrapeOnce();
        return instance == null ? record : record.withInstance(instance);
    }

    private ScrapeRecord scrapeOnce() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long t0 = System.nanoTime();
        String target = Redaction.url(settings.target());
        Body body;
        try {
            body = fetch();
        } catch (ScrapeFailure failure) {
            return ScrapeRecord.failed(start, target, elapsedMs(t0), null, failure.bytesRead, failure.getMessage());
        }
        String html = htmlInsteadOfMetrics(body);
        if (html != null) return ScrapeRecord.failed(start, target, elapsedMs(t0), null, body.length, html);
        ExpositionFormat format = switch (settings.format()) {
            case PROMETHEUS -> ExpositionFormat.PROMETHEUS;
            case OPENMETRICS -> ExpositionFormat.OPENMETRICS;
            case AUTO -> ExpositionFormat.fromContentType(body.contentType);
        };
        try {
            Exposition exposition = ExpositionParser.parse(body.bytes, body.length, body.charset, format);
            for (String warning : exposition.warnings()) System.err.println("scrape: " + target + ": " + warning);
            return new ScrapeRecord(start, target, true, elapsedMs(t0), format.id(), body.length, null,
                    exposition.series(), exposition.types(), exposition.timestamps());
        } catch (ExpositionException e) {
            return ScrapeRecord.failed(start, target, elapsedMs(t0), format.id(), body.length,
                    "invalid " + format.id() + " exposition: " + e.getMessage());
        } catch (RuntimeException e) {
            return ScrapeRecord.failed(start, target, elapsedMs(t0), format.id(), body.length, "parser failure: " + e);
        }
    }

    /**
     * A login page, error page or dashboard is the most common wrong answer (a URL without {@code /metrics}): say so
     * rather than report a parse error at line 1. Null when the body does not look like HTML.
     */
    private static String htmlInsteadOfMetrics(Body body) {
        String type = body.contentType == null ? "" : body.contentType.toLowerCase(Locale.ROOT).trim();
        String head = new String(body.bytes, 0, Math.min(body.length, 256), StandardCharsets.ISO_8859_1).stripLeading()
                .toLowerCase(Locale.ROOT);
        boolean looksLikeHtml = head.startsWith("<!doctype html") || head.startsWith("<html");
        if (!type.startsWith("text/html") && !looksLikeHtml) return null;
        return "the target answered with an HTML page, not a metrics exposition"
                + (type.isEmpty() ? "" : " (Content-Type: " + body.contentType + ")")
                + "; check the URL's path (usually /metrics)";
    }

    private static long elapsedMs(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private record Body(byte[] bytes, int length, String contentType, Charset charset) {}

    /** A scrape that ended without a body to parse; the message is what the record's error says. */
    private static final class ScrapeFailure extends Exception {
        final long bytesRead;

        ScrapeFailure(String message) {
            this(message, -1);
        }

        ScrapeFailure(String message, long bytesRead) {
            super(message, null, false, false);
            this.bytesRead = bytesRead;
        }
    }

    private Body fetch() throws ScrapeFailure {
        String target = settings.target();
        if (target.equals("-")) return readLocal(System.in, "standard input");
        if (target.startsWith("file:")) {
            String path = target.substring("file:".length());
            if (path.startsWith("//")) path = URI.create(target).getPath();
            try (InputStream in = Files.newInputStream(Path.of(path))) {
                return readLocal(in, path);
            } catch (NoSuchFileException e) {
                throw new ScrapeFailure("no such file: " + path);
            } catch (IOException e) {
                throw new ScrapeFailure("cannot read " + path + ": " + e.getMessage());
            }
        }
        if (!target.startsWith("http://") && !target.startsWith("https://")) {
            throw new ScrapeFailure("unsupported target '" + Redaction.url(target) + "': expected http://, https://, file:PATH or -");
        }
        return fetchHttp();
    }

    private Body readLocal(InputStream in, String what) throws ScrapeFailure {
        try {
            LimitedBuffer buffer = new LimitedBuffer(settings.maxBytes());
            // A file says its size: one array of the right size instead of doubling from 8 KB (less copying, less peak memory).
            buffer.reserve(in.available());
            byte[] chunk = new byte[1 << 16];
            for (int n; (n = in.read(chunk)) > 0; ) {
                if (!buffer.write(chunk, 0, n)) throw tooLarge(buffer.size());
            }
            return new Body(buffer.bytes(), buffer.size(), null, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScrapeFailure("cannot read " + what + ": " + e.getMessage());
        }
    }

    private ScrapeFailure tooLarge(long read) {
        return new ScrapeFailure("body exceeds --max-bytes " + settings.maxBytes() + " bytes", read);
    }

    private Body fetchHttp() throws ScrapeFailure {
        URI uri;
        try {
            uri = URI.create(settings.target());
        } catch (IllegalArgumentException e) {
            throw new ScrapeFailure("invalid URL '" + Redaction.url(settings.target()) + "': " + e.getMessage());
        }
        if (uri.getHost() == null) throw new ScrapeFailure("invalid URL '" + Redaction.url(settings.target()) + "': no host");
        Duration timeout = settings.timeout();
        // No HttpRequest.timeout: it would race the client's connect timer; the wait below bounds the whole exchange.
        HttpRequest.Builder request = HttpRequest.newBuilder(stripUserInfo(uri))
                .header("Accept", settings.format() == FormatChoice.PROMETHEUS ? "text/plain;version=0.0.4" : ACCEPT)
                .header("Accept-Encoding", "gzip, deflate")
                .header("User-Agent", ProjectVersion.USER_AGENT)
                .header("X-Prometheus-Scrape-Timeout-Seconds", java.math.BigDecimal.valueOf(timeout.toMillis(), 3).stripTrailingZeros().toPlainString())
                .GET();
        if (uri.getRawUserInfo() != null) {
            String userInfo = java.net.URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
            request.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
        settings.headers().forEach(request::header);

        LimitingSubscriber subscriber = new LimitingSubscriber(settings.maxBytes());
        if (http == null) http = defaultClient(settings);
        CompletableFuture<HttpResponse<LimitedBuffer>> pending = http.sendAsync(request.build(), info -> {
            subscriber.contentLength = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            subscriber.headersReceived = true;
            return subscriber;
        });
        String where = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        HttpResponse<LimitedBuffer> response;
        try {
            response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            String verdict = subscriber.headersReceived ? null : clientVerdict(pending, uri);
            subscriber.abort();
            pending.cancel(true);
            if (verdict != null) throw new ScrapeFailure(verdict + " (--timeout " + Durations.format(timeout) + ")");
            if (!subscriber.headersReceived) {
                throw new ScrapeFailure("timeout: " + where + " accepted the connection but sent no response within "
                        + Durations.format(timeout));
            }
            throw new ScrapeFailure("timeout: the response from " + where + " was not complete within " + Durations.format(timeout)
                    + " (" + subscriber.size() + " bytes of body received)", subscriber.size());
        } catch (InterruptedException e) {
            subscriber.abort();
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new ScrapeFailure("interrupted");
        } catch (ExecutionException e) {
            if (subscriber.headersReceived && cutShort(e.getCause())) {
                String expected = subscriber.contentLength < 0 ? "" : " of " + subscriber.contentLength;
                throw new ScrapeFailure("connection to " + where + " closed after " + subscriber.size() + expected
                        + " bytes of the body, before the whole body was sent", subscriber.size());
            }
            throw new ScrapeFailure(failure(e.getCause(), uri), subscriber.size() > 0 ? subscriber.size() : -1);
        }
        int status = response.statusCode();
        java.util.Optional<String> location = response.headers().firstValue("Location");
        if (status >= 300 && status < 400 && location.isPresent()) {
            // The client follows 5 redirects and then hands over the sixth response as it is.
            throw new ScrapeFailure("too many redirects (more than 5): " + Redaction.url(response.uri().toString()) + " answered HTTP "
                    + status + " to " + Redaction.url(location.get()), response.body().size());
        }
        if (status >= 300) {
            String hint = switch (status) {
                case 401 -> " Unauthorized (check --bearer-token-file or --basic-auth-user/--basic-auth-password-file)";
                case 403 -> " Forbidden";
                case 404 -> " Not Found (check the URL's path, usually /metrics)";
                default -> status < 400 ? " (a redirect without a Location)" : status >= 500 ? " (server error)" : "";
            };
            throw new ScrapeFailure("HTTP " + status + hint + " from " + Redaction.url(response.uri().toString()), response.body().size());
        }
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        String encoding = response.headers().firstValue("Content-Encoding").orElse("identity").trim().toLowerCase(Locale.ROOT);
        LimitedBuffer raw = response.body();
        LimitedBuffer decoded = switch (encoding) {
            case "identity", "" -> raw;
            case "gzip", "x-gzip", "deflate" -> decompress(raw, encoding);
            default -> throw new ScrapeFailure("unsupported Content-Encoding '" + encoding + "'", raw.size());
        };
        return new Body(decoded.bytes(), decoded.size(), contentType, charsetOf(contentType));
    }

    /** The client's own reason for a request that ran out of time before any response, when it gives one within a moment. */
    private static String clientVerdict(CompletableFuture<?> pending, URI uri) {
        try {
            pending.get(VERDICT_GRACE_MS, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return failure(e.getCause(), uri);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Whether the exchange failed because the peer closed the connection in the middle of the body. */
    private static boolean cutShort(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof java.io.EOFException) return true;
            String message = t.getMessage();
            if (message != null && (message.startsWith("fixed content-length") || message.contains("EOF reached"))) return true;
        }
        return false;
    }

    private static URI stripUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) return uri;
        return URI.create(Redaction.url(uri.toString()).replaceFirst("://[^@/]*@", "://"));
    }

    private LimitedBuffer decompress(LimitedBuffer raw, String encoding) throws ScrapeFailure {
        LimitedBuffer out = new LimitedBuffer(settings.maxBytes());
        try (InputStream in = encoding.equals("deflate") ? inflater(raw) : new GZIPInputStream(new ByteArrayInputStream(raw.bytes(), 0, raw.size()))) {
            byte[] chunk = new byte[1 << 16];
            for (int n; (n = in.read(chunk)) > 0; ) {
                if (!out.write(chunk, 0, n)) throw tooLarge(out.size());
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new ScrapeFailure("invalid " + encoding + " body: " + (e.getMessage() == null ? "truncated" : e.getMessage()), raw.size());
        } catch (IOException e) {
            throw new ScrapeFailure("cannot decompress " + encoding + " body: " + e.getMessage(), raw.size());
        }
        return out;
    }

    /** HTTP "deflate" is meant to be zlib-wrapped (RFC 9110, 8.4.1.2), but some servers send raw deflate. */
    private static InputStream inflater(LimitedBuffer raw) {
        byte[] b = raw.bytes();
        boolean zlibHeader = raw.size() >= 2 && (b[0] & 0x0f) == 8 && ((b[0] & 0xff) * 256 + (b[1] & 0xff)) % 31 == 0;
        return new InflaterInputStream(new ByteArrayInputStream(b, 0, raw.size()), new Inflater(!zlibHeader));
    }

    private static Charset charsetOf(String contentType) {
        if (contentType == null) return StandardCharsets.UTF_8;
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                try {
                    return Charset.forName(p.substring(8).replace("\"", "").trim());
                } catch (IllegalArgumentException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** The reason for a failed exchange: the body limit in the scraper's own words, anything else as {@link HttpFailures} says. */
    private static String failure(Throwable error, URI uri) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLarge tooLarge) return tooLarge.getMessage();
        }
        return HttpFailures.describe(error, uri);
    }

    /** A growable byte array that refuses to grow past a limit. */
    static final class LimitedBuffer {
        private final long limit;
        private byte[] data = new byte[8192];
        private int size;

        LimitedBuffer(long limit) {
            this.limit = Math.min(limit, Integer.MAX_VALUE - 16);
        }

        /** Appends; false (and nothing appended) when the limit would be exceeded. */
        boolean write(byte[] src, int offset, int length) {
            if ((long) size + length > limit) return false;
            if (size + length > data.length) {
                data = java.util.Arrays.copyOf(data, (int) Math.min(limit, Math.max(data.length * 2L, (long) size + length)));
            }
            System.arraycopy(src, offset, data, size, length);
            size += length;
            return true;
        }

        boolean write(ByteBuffer src) {
            int length = src.remaining();
            if ((long) size + length > limit) return false;
            if (size + length > data.length) {
                data = java.util.Arrays.copyOf(data, (int) Math.min(limit, Math.max(data.length * 2L, (long) size + length)));
            }
            src.get(data, size, length);
            size += length;
            return true;
        }

        int size() {
            return size;
        }

        /** Grows the array to hold at least {@code capacity} bytes (up to the limit) before a read. */
        void reserve(int capacity) {
            if (capacity > data.length) data = java.util.Arrays.copyOf(data, (int) Math.min(limit, capacity + 1L));
        }

        byte[] bytes() {
            return data;
        }
    }

    private static final class BodyTooLarge extends IOException {
        BodyTooLarge(long limit) {
            super("body exceeds --max-bytes " + limit + " bytes");
        }
    }

    /**
     * Collects the raw body while counting it, and cancels the exchange as soon as it passes the limit, so an endless
     * body costs at most {@code maxBytes} of memory. {@link #abort()} lets a timeout close the connection.
     */
    private static final class LimitingSubscriber implements HttpResponse.BodySubscriber<LimitedBuffer> {
        private final long maxBytes;
        private final LimitedBuffer buffer;
        private final CompletableFuture<LimitedBuffer> result = new CompletableFuture<>();
        private volatile Flow.Subscription subscription;
        private volatile boolean aborted;
        /** Set when the status line and headers have arrived and the body is about to be read. */
        volatile boolean headersReceived;
        /** The announced body length in bytes, -1 when none (chunked, or read to the end of the connection). */
        volatile long contentLength = -1;

        LimitingSubscriber(long maxBytes) {
            this.maxBytes = maxBytes;
            // Compressed bodies are limited again after decompression; the raw limit guards the transfer itself.
            this.buffer = new LimitedBuffer(maxBytes);
        }

        int size() {
            return buffer.size();
        }

        void abort() {
            aborted = true;
            Flow.Subscription s = subscription;
            if (s != null) s.cancel();
        }

        @Override
        public CompletionStage<LimitedBuffer> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (aborted) s.cancel();
            else s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            synchronized (buffer) {
                for (ByteBuffer item : items) {
                    if (!buffer.write(item)) {
                        subscription.cancel();
                        result.completeExceptionally(new BodyTooLarge(maxBytes));
                        return;
                    }
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(buffer);
        }
    }
}
