package scrape;

import units.Durations;
import version.ProjectVersion;
import http.HttpFailures;
import http.Redaction;
import http.UrlCredentials;
import http.UrlProblems;
import java.math.BigDecimal;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP exchange of a scrape of an {@code http://} or {@code https://} target, as Prometheus 2.42 makes it
 * (scrape/scrape.go, with Go's net/http client): its Accept header, {@code Accept-Encoding: gzip, deflate},
 * {@code X-Prometheus-Scrape-Timeout-Seconds}, basic auth from the URL's user info, and one timeout over the whole
 * exchange, redirects and body included. Every way it can fail becomes a {@link ScrapeFailure} that says how far the
 * exchange got (refused, no response, cut short, body not complete within the timeout, HTTP status).
 *
 * <p>What counts as a scrape, as in Prometheus 2.42:
 * <ul>
 * <li>only HTTP 200 is up; any other status (204, 206, a 3xx that is not followed, 4xx, 5xx) is down
 *     (scrape.go: "server returned HTTP status ...");
 * <li>the body is taken as the bytes it is: a {@code charset} in the Content-Type is not used to transcode it (the
 *     text formats are UTF-8; the parser rejects invalid UTF-8 in label values and HELP text);
 * <li>repeated {@code Content-Length} headers are accepted when they all hold the same value and make the scrape
 *     down when they differ (Go's net/http, transfer.go, fixLength);
 * <li>redirects (301, 302, 303, 307, 308 with a Location) are followed, up to {@link #MAX_REDIRECTS} of them (Go's
 *     client stops after 10); the credentials (user info, bearer token, basic auth, {@code --header}) go with each
 *     hop, also to another host, as Prometheus's round trippers send them (prometheus/common config/http_config.go),
 *     unless {@link Scraper.Settings#credentialsStayOnHost()}.
 * </ul>
 * Where this tool differs, and why: a redirect from {@code https://} to {@code http://} is not followed (Go follows
 * it; here the credentials and the body would then cross the network in clear text, though the target was given
 * as https). A host name with an underscore ({@code my_host}), which Go resolves and the JDK's {@link URI} does not
 * accept as a host, is resolved here first and the request is sent to its address (so the Host header holds the
 * address, not the name: the JDK's client sets Host itself unless the JVM-wide
 * {@code jdk.httpclient.allowRestrictedHeaders} says otherwise). Over https such a name is refused with that reason:
 * the JDK takes no '_' in a TLS server name ({@code SNIHostName}), so no certificate could be checked for it.
 *
 * <p>The HTTP client, and with it the connection pool, is built on the first fetch and then reused: it costs about
 * 0.3 s (TLS set-up), which a scrape of a file need not pay. Redirects are followed here, not by the client, so that
 * each hop is checked and worded.
 */
final class HttpFetch {
    /** Accept header as Prometheus 2.42 sends it (scrape/scrape.go, acceptHeader). */
    static final String ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    /** Redirects followed before a scrape fails: Go's http.Client stops after 10 (net/http, client.go, defaultCheckRedirect). */
    static final int MAX_REDIRECTS = 10;

    /** Accept header with {@code --format prometheus}: the text format only. */
    private static final String ACCEPT_TEXT_ONLY = "text/plain;version=0.0.4";

    /** The statuses Go's client follows when they carry a Location (net/http, client.go, redirectBehavior). */
    private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);

    /**
     * How long, after the scrape timeout, to wait for the HTTP client's own verdict when no response has arrived:
     * its connect timer ends at about the same moment, and its exception tells a dropped connect from a silent server.
     */
    private static final long VERDICT_GRACE_MS = 100;

    private final Scraper.Settings settings;
    private final Resolver resolver;
    private HttpClient client;

    /** Looks up a host name's address; the JDK's resolver outside tests. */
    interface Resolver {
        /** @throws UnknownHostException when the name has no address */
        InetAddress resolve(String host) throws UnknownHostException;
    }

    /** @param settings the target (an http:// or https:// URL), timeout, body limit, extra headers and TLS context */
    HttpFetch(Scraper.Settings settings) {
        this(settings, InetAddress::getByName);
    }

    /** As {@link #HttpFetch(Scraper.Settings)}, with the resolver used for host names that {@link URI} does not accept. */
    HttpFetch(Scraper.Settings settings, Resolver resolver) {
        this.settings = settings;
        this.resolver = resolver;
    }

    /**
     * One scrape's exchange with the target, redirects included.
     *
     * @return the body (bytes as received, decompressed), with its Content-Type
     * @throws ScrapeFailure for an invalid URL, a failed or timed-out exchange, a redirect that is not followed, a
     *                       status other than 200, conflicting Content-Length headers, or a body that cannot be
     *                       decompressed or is larger than {@code --max-bytes}
     */
    FetchedBody fetch() throws ScrapeFailure {
        URI target = requestUri(settings.target());
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        if (client == null) client = newClient(settings);
        URI uri = target;
        for (int redirects = 0; ; redirects++) {
            boolean credentials = !settings.credentialsStayOnHost() || sameHost(uri, target);
            LimitingBodySubscriber subscriber = new LimitingBodySubscriber(settings.maxBytes());
            CompletableFuture<HttpResponse<LimitedBuffer>> pending =
                    client.sendAsync(request(uri, target, credentials), subscriber.handler());
            HttpResponse<LimitedBuffer> response = await(pending, subscriber, uri, deadline);
            int status = response.statusCode();
            // An empty Location is none, as in Go's client: the response is then taken as it is.
            Optional<String> location = response.headers().firstValue("Location").filter(l -> !l.isBlank());
            if (REDIRECT_STATUSES.contains(status) && location.isPresent()) {
                if (redirects == MAX_REDIRECTS) {
                    throw new ScrapeFailure("too many redirects: stopped after " + MAX_REDIRECTS + "; " + shown(uri)
                            + " answered HTTP " + status + " to " + Redaction.url(location.get()), response.body().size());
                }
                uri = redirectTarget(uri, status, location.get(), response.body().size());
                continue;
            }
            if (status != 200) {
                throw new ScrapeFailure("HTTP " + status + statusHint(status) + " from " + shown(uri)
                        + (status < 400 ? " (only 200 is a successful scrape)" : ""), response.body().size());
            }
            LimitedBuffer body = Decompression.decode(response.body(), response.headers().firstValue("Content-Encoding").orElse(null),
                    settings.maxBytes());
            return new FetchedBody(body.bytes(), body.size(), response.headers().firstValue("Content-Type").orElse(null),
                    redirects == 0 ? null : shown(target), redirects == 0 ? null : shown(uri));
        }
    }

    private static String statusHint(int status) {
        return switch (status) {
            case 204 -> " No Content";
            case 206 -> " Partial Content";
            case 401 -> " Unauthorized (check --bearer-token-file or --basic-auth-user/--basic-auth-password-file)";
            case 403 -> " Forbidden";
            case 404 -> " Not Found (check the URL's path, usually /metrics)";
            default -> REDIRECT_STATUSES.contains(status) ? " (a redirect without a Location)"
                    : status >= 500 ? " (server error)" : "";
        };
    }

    /**
     * The next URL of a redirect, checked: resolved against the URL that answered, http or https only, never from
     * https to http.
     */
    private URI redirectTarget(URI from, int status, String location, long bytesRead) throws ScrapeFailure {
        String hop = shown(from) + " answered HTTP " + status + " to " + Redaction.url(location);
        URI next;
        try {
            next = from.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ScrapeFailure("redirect to an invalid URL, not followed: " + hop, bytesRead);
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ScrapeFailure("redirect to a non-HTTP URL (" + scheme + ":), not followed (only http and https are scraped): "
                    + hop, bytesRead);
        }
        if (from.getScheme().equalsIgnoreCase("https") && scheme.equals("http")) {
            throw new ScrapeFailure("redirect from https to plain http, not followed (it would send the request and its"
                    + " credentials unencrypted): " + hop, bytesRead);
        }
        if (next.getHost() != null && UrlProblems.port(next) != null) {
            throw new ScrapeFailure("redirect to an invalid URL (" + UrlProblems.port(next) + "), not followed: " + hop, bytesRead);
        }
        return next.getHost() != null ? next : requestUri(next.toString());
    }

    /** Whether two URLs name the same host and port (the port by its scheme's default when none is given). */
    private static boolean sameHost(URI a, URI b) {
        return a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) return uri.getPort();
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** A URL as any message may show it: without its password. */
    private static String shown(URI uri) {
        return Redaction.url(uri.toString());
    }

    /**
     * The target as a URI the JDK's client accepts. A host name with an underscore is not a host to {@link URI} (it
     * reads the authority as a "registry" name): such a name is resolved here, and the URI names its address.
     */
    private URI requestUri(String target) throws ScrapeFailure {
        URI uri;
        try {
            uri = new URI(UrlCredentials.encodeUserInfo(target));
        } catch (URISyntaxException e) {
            // Not e.getMessage(): it quotes the URL, password included.
            throw invalidUrl(target, e.getReason());
        }
        String problem = UrlProblems.problem(uri, target);
        if (problem != null) throw invalidUrl(target, problem);
        if (uri.getHost() != null) return uri;
        UrlProblems.Authority authority = UrlProblems.authority(uri);
        String host = authority.host();
        String port = authority.port();
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            throw new ScrapeFailure("host name '" + host + "' " + (host.contains("_") ? "has an underscore, which" : "is a name that")
                    + " the JDK does not accept as a TLS server name (SNI), so the certificate cannot be checked for it:"
                    + " use a name without '_' for an https:// target");
        }
        InetAddress address;
        try {
            address = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new ScrapeFailure("unknown host " + host);
        }
        String literal = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        try {
            return new URI(uri.getScheme() + "://" + authority.userInfo() + literal
                    + (port.isEmpty() ? "" : ":" + port) + (uri.getRawPath() == null ? "" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        } catch (URISyntaxException e) {
            throw invalidUrl(target, e.getReason());
        }
    }

    /** "invalid URL 'URL': reason", the URL without its password ({@link Redaction}); the reason must quote no part of it. */
    private static ScrapeFailure invalidUrl(String target, String reason) {
        return new ScrapeFailure("invalid URL '" + Redaction.url(target) + "': " + reason);
    }

    /** An HTTP client with the scrape's connect timeout and the TLS context, if any; redirects are {@link #fetch}'s. */
    private static HttpClient newClient(Scraper.Settings settings) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.tls() != null) builder.sslContext(settings.tls());
        return builder.build();
    }

    /**
     * The GET of one hop. With {@code credentials}, the user info of {@code uri} (else of the target) as basic auth
     * and the extra headers; without, neither.
     */
    private HttpRequest request(URI uri, URI target, boolean credentials) {
        // No HttpRequest.timeout: it would race the client's connect timer; await() bounds the whole exchange.
        HttpRequest.Builder request = HttpRequest.newBuilder(UrlCredentials.withoutUserInfo(uri))
                .header("Accept", settings.format() == Scraper.FormatChoice.PROMETHEUS ? ACCEPT_TEXT_ONLY : ACCEPT)
                .header("Accept-Encoding", "gzip, deflate")
                .header("User-Agent", ProjectVersion.USER_AGENT)
                .header("X-Prometheus-Scrape-Timeout-Seconds", timeoutSeconds(settings.timeout()))
                .GET();
        if (!credentials) return request.build();
        String basicAuth = UrlCredentials.basicAuthorization(uri.getRawUserInfo() != null ? uri : target);
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
            URI uri, long deadline) throws ScrapeFailure {
        Duration timeout = settings.timeout();
        String where = hostAndPort(uri);
        try {
            return pending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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
            if (subscriber.cutShort()) {
                String expected = subscriber.contentLength() < 0 ? "" : " of " + subscriber.contentLength();
                throw new ScrapeFailure("connection to " + where + " closed after " + subscriber.size() + expected
                        + " bytes of the body, before the whole body was sent", subscriber.size());
            }
            throw new ScrapeFailure(failure(e.getCause(), uri, subscriber.headersReceived()), subscriber.size() > 0 ? subscriber.size() : -1);
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
            return failure(e.getCause(), uri, false);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The reason for a failed exchange: the body limit in the scraper's own words, anything else as {@link HttpFailures} says. */
    private static String failure(Throwable error, URI uri, boolean responseStarted) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof LimitedBuffer.TooLarge tooLarge) return tooLarge.getMessage();
            if (t instanceof LimitingBodySubscriber.ConflictingLength conflicting) {
                return "invalid response from " + hostAndPort(uri) + ": " + conflicting.getMessage();
            }
            // The JDK's parse of a Content-Length such as "5, 5"; Go's client also refuses it ("bad Content-Length").
            if (t instanceof NumberFormatException) return "invalid response from " + hostAndPort(uri) + ": a Content-Length that is not a number";
        }
        return HttpFailures.describe(error, uri, responseStarted);
    }
}
