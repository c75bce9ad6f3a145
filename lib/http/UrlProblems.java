package http;

import java.net.URI;

/**
 * What the JDK's HTTP client would refuse in a parsed URL with an {@code IllegalArgumentException} (whose message
 * quotes the URL), checked before any request and described in words that quote no part of the URL. Shared by
 * scrapes and remote write.
 */
public final class UrlProblems {
    private UrlProblems() {}

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
