package scrape;

import cli.Durations;
import cli.ProjectVersion;
import http.HttpFailures;
import http.Redaction;
import http.UrlCredentials;
import java.io.EOFException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP exchange of a scrape of an {@code http://} or {@code https://} target, as Prometheus 2.42 makes it
 * (scrape/scrape.go): its Accept header, {@code Accept-Encoding: gzip, deflate},
 * {@code X-Prometheus-Scrape-Timeout-Seconds}, basic auth from the URL's user info, redirects followed, and one
 * timeout over the whole exchange, body included. Redirects stop at the JDK client's limit
 * ({@link HttpFailures#MAX_REDIRECTS}). Every way it can fail becomes a {@link ScrapeFailure} that says how far the
 * exchange got (refused, no response, cut short, body not complete within the timeout, HTTP status).
 *
 * <p>The HTTP client, and with it the connection pool, is built on the first fetch and then reused: it costs about
 * 0.3 s (TLS set-up), which a scrape of a file need not pay.
 */
final class HttpFetch {
    /** Accept header as Prometheus 2.42 sends it (scrape/scrape.go, acceptHeader). */
    static final String ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    /** Accept header with {@code --format prometheus}: the text format only. */
    private static final String ACCEPT_TEXT_ONLY = "text/plain;version=0.0.4";

    /**
     * How long, after the scrape timeout, to wait for the HTTP client's own verdict when no response has arrived:
     * its connect timer ends at about the same moment, and its exception tells a dropped connect from a silent server.
     */
    private static final long VERDICT_GRACE_MS = 100;

    private final Scraper.Settings settings;
    private HttpClient client;

    /** @param settings the target (an http:// or https:// URL), timeout, body limit, extra headers and TLS context */
    HttpFetch(Scraper.Settings settings) {
        this.settings = settings;
    }

    /**
     * One exchange with the target.
     *
     * @return the body, decompressed, with its Content-Type
     * @throws ScrapeFailure for an invalid URL, a failed or timed-out exchange, a status of 300 or more, or a body that
     *                       cannot be decompressed or is larger than {@code --max-bytes}
     */
    FetchedBody fetch() throws ScrapeFailure {
        URI uri;
        try {
            uri = URI.create(settings.target());
        } catch (IllegalArgumentException e) {
            throw new ScrapeFailure("invalid URL '" + Redaction.url(settings.target()) + "': " + e.getMessage());
        }
        if (uri.getHost() == null) throw new ScrapeFailure("invalid URL '" + Redaction.url(settings.target()) + "': no host");

        LimitingBodySubscriber subscriber = new LimitingBodySubscriber(settings.maxBytes());
        if (client == null) client = newClient(settings);
        CompletableFuture<HttpResponse<LimitedBuffer>> pending = client.sendAsync(request(uri), subscriber.handler());
        HttpResponse<LimitedBuffer> response = await(pending, subscriber, uri);

        int status = response.statusCode();
        Optional<String> location = response.headers().firstValue("Location");
        if (status >= 300 && status < 400 && location.isPresent()) {
            throw new ScrapeFailure("too many redirects (more than " + HttpFailures.MAX_REDIRECTS + "): "
                    + Redaction.url(response.uri().toString()) + " answered HTTP " + status + " to " + Redaction.url(location.get()),
                    response.body().size());
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
        LimitedBuffer body = Decompression.decode(response.body(), response.headers().firstValue("Content-Encoding").orElse(null),
                settings.maxBytes());
        return new FetchedBody(body.bytes(), body.size(), response.headers().firstValue("Content-Type").orElse(null));
    }

    /** An HTTP client with the scrape's connect timeout, redirects followed (up to {@link HttpFailures#MAX_REDIRECTS}) and the TLS context, if any. */
    private static HttpClient newClient(Scraper.Settings settings) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (settings.tls() != null) builder.sslContext(settings.tls());
        return builder.build();
    }

    private HttpRequest request(URI uri) {
        // No HttpRequest.timeout: it would race the client's connect timer; await() bounds the whole exchange.
        HttpRequest.Builder request = HttpRequest.newBuilder(UrlCredentials.withoutUserInfo(uri))
                .header("Accept", settings.format() == Scraper.FormatChoice.PROMETHEUS ? ACCEPT_TEXT_ONLY : ACCEPT)
                .header("Accept-Encoding", "gzip, deflate")
                .header("User-Agent", ProjectVersion.USER_AGENT)
                .header("X-Prometheus-Scrape-Timeout-Seconds", timeoutSeconds(settings.timeout()))
                .GET();
        String basicAuth = UrlCredentials.basicAuthorization(uri);
        if (basicAuth != null) request.header("Authorization", basicAuth);
        settings.headers().forEach(request::header);
        return request.build();
    }

    /** Seconds as Prometheus writes them in the header: a plain decimal without trailing zeros, e.g. {@code 10}, {@code 0.5}. */
    private static String timeoutSeconds(Duration timeout) {
        return BigDecimal.valueOf(timeout.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    /** Waits for the whole exchange, body included, for at most the scrape timeout; a failure says how far it got. */
    private HttpResponse<LimitedBuffer> await(CompletableFuture<HttpResponse<LimitedBuffer>> pending, LimitingBodySubscriber subscriber,
            URI uri) throws ScrapeFailure {
        Duration timeout = settings.timeout();
        String where = hostAndPort(uri);
        try {
            return pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            String verdict = subscriber.headersReceived() ? null : clientVerdict(pending, uri);
            subscriber.abort();
            pending.cancel(true);
            if (verdict != null) throw new ScrapeFailure(verdict + " (--timeout " + Durations.format(timeout) + ")");
            if (!subscriber.headersReceived()) {
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
            if (subscriber.headersReceived() && cutShort(e.getCause())) {
                String expected = subscriber.contentLength() < 0 ? "" : " of " + subscriber.contentLength();
                throw new ScrapeFailure("connection to " + where + " closed after " + subscriber.size() + expected
                        + " bytes of the body, before the whole body was sent", subscriber.size());
            }
            throw new ScrapeFailure(failure(e.getCause(), uri), subscriber.size() > 0 ? subscriber.size() : -1);
        }
    }

    private static String hostAndPort(URI uri) {
        return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
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
            if (t instanceof EOFException) return true;
            String message = t.getMessage();
            if (message != null && (message.startsWith("fixed content-length") || message.contains("EOF reached"))) return true;
        }
        return false;
    }

    /** The reason for a failed exchange: the body limit in the scraper's own words, anything else as {@link HttpFailures} says. */
    private static String failure(Throwable error, URI uri) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof LimitedBuffer.TooLarge tooLarge) return tooLarge.getMessage();
        }
        return HttpFailures.describe(error, uri);
    }
}
