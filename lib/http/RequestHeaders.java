package http;

import java.util.Locale;
import java.util.Set;

/**
 * The one check of every request header a user supplies ({@code --header}, token files, remote-write tokens), made
 * before the first request: what the JDK's HTTP client would refuse with an {@code IllegalArgumentException} that
 * quotes the value (and so a secret), and what would break the request's framing. Problems are described by kind,
 * never by content, so a message that names them may be printed.
 *
 * <p>Rules: a name is an RFC 9110 token (5.1, {@code tchar}); a value holds visible ASCII, spaces and tabs only
 * (RFC 9110, 5.5, without obs-text: the JDK would send a character from U+0080 to U+00FF as one Latin-1 byte, not
 * as the UTF-8 the file holds, and refuses anything above). The names the JDK reserves ({@code Connection},
 * {@code Content-Length}, {@code Expect}, {@code Host}, {@code Upgrade}, JDK 17's {@code jdk.internal.net.http.common.Utils})
 * and the other hop-by-hop ones ({@code Keep-Alive}, {@code TE}, {@code Trailer}, {@code Transfer-Encoding}) are the
 * client's own.
 */
public final class RequestHeaders {
    private static final Set<String> CLIENT_OWNED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "keep-alive", "te", "trailer", "transfer-encoding");
    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

    private RequestHeaders() {}

    /**
     * Why a header name cannot be sent, or null when it can.
     *
     * @param name the name as given (not trimmed here)
     * @return e.g. {@code "is set by the HTTP client itself and cannot be given"}, {@code "holds a space or tab (...)"};
     *         never quotes the name
     */
    public static String nameProblem(String name) {
        if (name.isEmpty()) return "is empty";
        if (CLIENT_OWNED.contains(name.toLowerCase(Locale.ROOT))) return "is set by the HTTP client itself and cannot be given";
        if (isToken(name)) return null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isToken(String.valueOf(c))) return "holds " + kind(c) + " (a header name is letters, digits and !#$%&'*+-.^_`|~ only)";
        }
        return null;
    }

    /** Whether the text is an RFC 9110 token (what a header name must be), so that it may be shown as a name. */
    public static boolean isToken(String text) {
        if (text.isEmpty()) return false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || TCHAR_SYMBOLS.indexOf(c) >= 0))) return false;
        }
        return true;
    }

    /**
     * Why a header value (perhaps a secret) cannot be sent, or null when it can. The answer names the kind of the
     * first character that cannot be sent and its position, never the value.
     *
     * @param value the value, already trimmed of surrounding white space as it is sent
     * @return e.g. {@code "holds a line break (CR or LF) at character 12"}, or null
     */
    public static String valueProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\t' || (c >= 0x20 && c < 0x7f)) continue;
            return "holds " + kind(c) + " at character " + (i + 1) + ", which a header cannot carry";
        }
        return null;
    }

    /** The kind of a character, in words that do not show it. */
    private static String kind(char c) {
        if (c == '\r' || c == '\n') return "a line break (CR or LF)";
        if (c == 0) return "a NUL character";
        if (c == ' ' || c == '\t') return "a space or tab";
        if (c < 0x20 || c == 0x7f) return "a control character (U+" + String.format("%04X", (int) c) + ")";
        if (c >= 0x80) return "a non-ASCII character";
        return "a separator character";
    }
}
