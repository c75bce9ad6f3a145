package http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The one rule for credentials in a URL's user info ({@code http://user:password@host/...}), shared by scrapes and
 * remote write: they are sent as HTTP basic auth, as Prometheus 2.42 does (Go's net/http takes a request URL's user
 * info as basic auth), and never on the request line. How they may be shown is {@link Redaction}'s rule.
 */
public final class UrlCredentials {
    private UrlCredentials() {}

    /**
     * The {@code Authorization} value for the URL's user info, or null when it has none.
     *
     * @param uri a parsed URL; its user info is percent-decoded (a {@code +} stays a {@code +})
     * @return {@code Basic base64(user:password)} of the decoded user info, UTF-8
     */
    public static String basicAuthorization(URI uri) {
        String userInfo = uri.getUserInfo();
        if (userInfo == null) return null;
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The URL without {@code user:password@}: what goes on the request line.
     *
     * @param uri a parsed URL with a server-based authority
     * @return the same URL without user info (the same object when it has none)
     */
    public static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) return uri;
        String authority = uri.getRawAuthority();
        return URI.create(uri.getScheme() + "://" + authority.substring(authority.lastIndexOf('@') + 1)
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment()));
    }
}
