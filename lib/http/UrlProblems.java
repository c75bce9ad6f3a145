package http;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * What the JDK's HTTP client would refuse in a parsed URL with an {@code IllegalArgumentException} (whose message
 * quotes the URL), checked before any request and described in words that quote no part of the URL. Shared by
 * scrapes and remote write.
 */
public final class UrlProblems {
    /** Host names as Go accepts them, underscores included (RFC 1123 names plus '_'). */
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_.])?");

    private UrlProblems() {}

    /**
     * The authority of a URL that {@link URI} read without a host (a name with '_', which Go resolves): its parts.
     *
     * @param userInfo the user info with its {@code @}, or empty
     * @param host     the host name
     * @param port     the port's digits, or empty
     */
    public record Authority(String userInfo, String host, String port) {}

    /**
     * The one rule for which URLs the HTTP stages (scrape and remote write) can send to: why {@code uri} cannot be
     * used, or null when it can. A URL that {@link URI} reads without a host can be used when its authority is a
     * host name as Go accepts it ({@code my_host}) with an optional port: {@link #authority} gives its parts, and
     * the caller decides (a scrape resolves such a name itself). Words only, quoting no part of the URL.
     *
     * @param uri   the URL as parsed (after {@code UrlCredentials.encodeUserInfo})
     * @param typed the URL as typed, for the hint about a password holding a reserved character
     * @return e.g. {@code "no host name the HTTP client can use"}, {@code "the part after // is not a host name with an
     *         optional port"}, a port out of range; null when usable
     */
    public static String problem(URI uri, String typed) {
        if (uri.getHost() != null) return port(uri);
        Authority authority = authority(uri);
        if (authority == null) return "no host name the HTTP client can use";
        if (!HOST_NAME.matcher(authority.host()).matches() || !authority.port().matches("\\d*")) {
            // Described, never quoted: an unencoded '/', '?' or '#' in a password ends the authority inside the password.
            return "the part after // is not a host name with an optional port" + (authority.userInfo().isEmpty() && typed.contains("@")
                    ? " (a password holding '/', '?', '#' or '@' must be percent-encoded, e.g. %2F)" : "");
        }
        return port(authority.port());
    }

    /**
     * The parts of the authority of a URL that {@link URI} read without a host; null when it has no authority.
     * The user info ends at the last {@code @}; the port starts after the last {@code :}.
     */
    public static Authority authority(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) return null;
        int at = authority.lastIndexOf('@');
        String hostPort = authority.substring(at + 1);
        int colon = hostPort.lastIndexOf(':');
        return new Authority(authority.substring(0, at + 1), colon < 0 ? hostPort : hostPort.substring(0, colon),
                colon < 0 ? "" : hostPort.substring(colon + 1));
    }

    /**
     * Why the URL's port cannot be used, or null when it can.
     *
     * @param uri a parsed URL
     * @return e.g. {@code "port 99999 is out of range (1 to 65535)"}, or null when the port is absent or in range
     */
    public static String port(URI uri) {
        int port = uri.getPort();
        if (port == -1 || (port >= 1 && port <= 65535)) return null;
        return "port " + port + " is out of range (1 to 65535)";
    }

    /**
     * Why a port written in a URL cannot be used, or null when it can (empty means none).
     *
     * @param digits the port's text, digits only
     * @return as {@link #port(URI)}
     */
    public static String port(String digits) {
        if (digits.isEmpty()) return null;
        if (digits.length() > 5 || Integer.parseInt(digits) > 65535 || Integer.parseInt(digits) < 1) {
            return "port " + (digits.length() > 5 ? digits.length() + " digits long" : digits) + " is out of range (1 to 65535)";
        }
        return null;
    }
}
