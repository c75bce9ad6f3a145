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
        int colon = userInfo.indexOf(':');
        secrets.KnownSecrets.rememberBasic(colon < 0 ? userInfo : userInfo.substring(0, colon), colon < 0 ? "" : userInfo.substring(colon + 1));
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

    /**
     * The URL with its user info percent-encoded where RFC 3986 (3.2.1) requires it, so that {@link URI} reads it as
     * user info and the password still reaches {@link #basicAuthorization} as it was typed. The authority ends at the
     * first {@code /}, {@code ?} or {@code #}; the user info ends at the LAST {@code @} of the authority, as Go's
     * net/url (Prometheus 2.42) reads it, so {@code http://admin:pa@ss@host/} has the password {@code pa@ss}. A
     * {@code %} followed by two hex digits is kept as an escape; any other character outside RFC 3986's user info set
     * ({@code @}, a space, a lone {@code %}, non-ASCII) is encoded as UTF-8 {@code %XX}. Text without {@code ://} or
     * without user info comes back unchanged; applying it twice changes nothing more.
     *
     * @param url a URL as the user gave it, possibly malformed
     * @return the same URL with its user info encoded
     */
    public static String encodeUserInfo(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) return url;
        int start = scheme + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
        int at = url.lastIndexOf('@', end - 1);
        if (at < start) return url;
        StringBuilder out = new StringBuilder(url.length() + 16).append(url, 0, start);
        for (int i = start; i < at; ) {
            int c = url.codePointAt(i);
            boolean escape = c == '%' && i + 2 < at && isHex(url.charAt(i + 1)) && isHex(url.charAt(i + 2));
            if (escape || (c < 128 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:".indexOf(c) >= 0))) {
                out.appendCodePoint(c);
            } else {
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            }
            i += Character.charCount(c);
        }
        return out.append(url, at, url.length()).toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }
}
