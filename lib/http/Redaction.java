package http;

import secrets.KnownSecrets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that decides how a URL may appear in any output (records, status lines, errors, the page): a
 * password in its user info is removed ({@code user:pw@} becomes {@code user@}, {@code :pw@} disappears). Every
 * message that can hold a target or remote-write URL goes through {@link #url(String)}, also messages that merely
 * quote one (the JDK's {@code URISyntaxException} quotes the whole URL it refused).
 */
public final class Redaction {
    private Redaction() {}

    /**
     * Untrusted text that may quote a URL (a JDK error, a target as typed, a line of a targets file), as it may be
     * printed or stored: without the run's known secrets ({@link KnownSecrets#scrub}), {@link #url} without
     * passwords, then {@link Printable#text} without control characters.
     *
     * @param text any text, possibly from a server or a file
     * @return text safe to print, cut as {@link Printable#text} cuts it
     */
    public static String shown(String text) {
        return Printable.text(url(KnownSecrets.scrub(text)));
    }

    /**
     * The text with the password of every {@code scheme://} URL in it removed; text without one comes back as it was.
     * Works on any text, not only valid URIs: a message that quotes a URL, or a URL that does not parse.
     *
     * <p>The user info ends at the last {@code @} of the authority, which ends at the first {@code /}, {@code ?},
     * {@code #} or line break (RFC 3986, 3.2, as Go's net/url and the JDK read it). When the authority holds no
     * {@code @} but a "port" that is not a number, and an {@code @} follows later on the same word, the text between
     * is taken to be a password holding one of those characters unencoded ({@code http://u:pa/ss@h}) and removed too.
     * A word without {@code ://} of the form {@code user:password@host...} loses its password as well.
     *
     * @param text a URL as the user gave it, possibly malformed, or any message that may quote one
     * @return the same text with {@code :password} removed from each authority
     */
    public static String url(String text) {
        if (text == null) return null;
        return withoutSchemeSlashes(withSchemeSlashes(text));
    }

    private static String withSchemeSlashes(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int done = 0;
        int scheme;
        while ((scheme = text.indexOf("://", done)) >= 0) {
            int start = scheme + 3;
            out.append(text, done, start);
            done = start + redactAuthority(text, start, out);
        }
        return out.append(text, done, text.length()).toString();
    }

    /** A scheme followed by one slash or more than two ({@code http:/user:pw@host}): a URL typed with a slash too few. */
    private static final Pattern SCHEME_AND_SLASHES = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:/+");

    /**
     * A word without {@code ://} that still reads as {@code user:password@host} (a scheme's slashes forgotten,
     * {@code writer:pw@prom:9090/api/v1/write}, one slash {@code http:/u:pw@host}, or no scheme at all): the {@code @} comes before any {@code /} and a
     * {@code :} before it; everything from that colon to the {@code @} goes.
     */
    private static String withoutSchemeSlashes(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int end = i;
            while (end < text.length() && !isWordEnd(text.charAt(end))) end++;
            String word = text.substring(i, end);
            Matcher schemeSlashes = SCHEME_AND_SLASHES.matcher(word);
            int begin = schemeSlashes.lookingAt() ? schemeSlashes.end() : 0;
            int slash = word.indexOf('/', begin);
            int at = word.lastIndexOf('@', slash < 0 ? word.length() - 1 : slash);
            int colon = word.indexOf(':', begin);
            if (!word.contains("://") && at > begin && colon >= begin && colon < at) {
                out.append(word, 0, colon).append(colon > begin ? "@" : "").append(word, at + 1, word.length());
            } else {
                out.append(word);
            }
            if (end < text.length()) out.append(text.charAt(end));
            i = end + 1;
        }
        return out.toString();
    }

    private static boolean isWordEnd(char c) {
        return Character.isWhitespace(c) || "'\"<>()[],;".indexOf(c) >= 0;
    }

    /** Appends the authority starting at {@code start}, without its password; returns how many characters it consumed. */
    private static int redactAuthority(String text, int start, StringBuilder out) {
        int end = start;
        while (end < text.length() && "/?#\r\n".indexOf(text.charAt(end)) < 0) end++;
        int at = text.lastIndexOf('@', end - 1);
        if (at < start) at = passwordWithReservedCharacters(text, start, end);
        if (at < start) return 0;
        String userInfo = text.substring(start, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        out.append(user.isEmpty() ? "" : user + "@");
        return at + 1 - start;
    }

    /**
     * The {@code @} that ends {@code user:pa/ss@}, an unencoded reserved character in a password making the authority
     * {@code user:pa}: a "port" that is no number, then an {@code @} before the next blank. -1 when there is none.
     */
    private static int passwordWithReservedCharacters(String text, int start, int authorityEnd) {
        int hostEnd = start;
        if (hostEnd < authorityEnd && text.charAt(hostEnd) == '[') {
            int close = text.indexOf(']', hostEnd);
            if (close < 0 || close >= authorityEnd) return -1;
            hostEnd = close;
        }
        int colon = text.indexOf(':', hostEnd);
        if (colon < 0 || colon >= authorityEnd) return -1;
        String port = text.substring(colon + 1, authorityEnd);
        if (port.isEmpty() || port.chars().allMatch(Character::isDigit)) return -1;
        int wordEnd = authorityEnd;
        while (wordEnd < text.length() && !Character.isWhitespace(text.charAt(wordEnd))) wordEnd++;
        return text.lastIndexOf('@', wordEnd - 1) >= authorityEnd ? text.lastIndexOf('@', wordEnd - 1) : -1;
    }
}
