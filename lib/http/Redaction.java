package http;

/**
 * The one place that decides how a URL may appear in any output (records, status lines, errors, the page): a
 * password in its user info is removed ({@code user:pw@} becomes {@code user@}, {@code :pw@} disappears). Every
 * message that can hold a target or remote-write URL goes through {@link #url(String)}.
 */
public final class Redaction {
    private Redaction() {}

    /**
     * The URL without the password of its user info; any text that is not an {@code scheme://} URL comes back as it was.
     *
     * @param url a URL as the user gave it, possibly malformed
     * @return the same text with {@code :password} removed from the authority
     */
    public static String url(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) return url;
        int hostStart = scheme + 3;
        // The authority ends at the path, the query or the fragment (RFC 3986, 3.2): an '@' after it is not user info.
        int authorityEnd = url.length();
        for (char end : new char[] {'/', '?', '#'}) {
            int at = url.indexOf(end, hostStart);
            if (at >= 0 && at < authorityEnd) authorityEnd = at;
        }
        int at = url.lastIndexOf('@', authorityEnd - 1);
        if (at < hostStart) return url;
        String userInfo = url.substring(hostStart, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        return url.substring(0, hostStart) + (user.isEmpty() ? "" : user + "@") + url.substring(at + 1);
    }
}
