package http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import secrets.KnownSecrets;

/**
 * The one rule for credentials of every kind, for scrapes and remote write alike: a bearer token from a file, basic
 * auth from a user and a password file, {@code --header} values, and the user info and credential-named query
 * parameters of a target or remote-write URL.
 * Each builds what is sent, checked to be sendable ({@link RequestHeaders}), and each secret is remembered by
 * {@link KnownSecrets} the moment it is known, so that no text a server sends back can show it. Plain Java, no
 * files: the secrets come read ({@code files.SecretFiles}); the command-line options of each script build their
 * credentials here.
 */
public final class Credentials {
    private Credentials() {}

    /**
     * {@code Bearer <token>}, the token remembered as a secret and checked to be sendable in a header. The same for a
     * scrape's {@code --bearer-token-file} and remote write's {@code --remote-write-bearer-token-file}.
     *
     * @param token the token, as read from its file ({@code files.SecretFiles})
     * @param where what names the token in a message, e.g. {@code "--bearer-token-file: the token in FILE"}
     * @return the {@code Authorization} header's value
     * @throws IllegalArgumentException "WHERE holds a character ...", never quoting the token
     */
    public static String bearer(String token, String where) {
        KnownSecrets.remember(token);
        String problem = RequestHeaders.valueProblem(token);
        if (problem != null) throw new IllegalArgumentException(where + " " + problem);
        return "Bearer " + token;
    }

    /**
     * Extra request headers as typed ({@code --header 'Name: value'}, repeatable), each checked by
     * {@link RequestHeaders} so that the HTTP client never refuses one with a message that quotes it; every value
     * (and a text without a colon, which may be a value alone) is remembered as a secret first.
     *
     * @param typed the headers as typed
     * @return header name to value, in the order given
     * @throws IllegalArgumentException naming the option ({@code --header}, {@code --header (2nd)}) and what is
     *                                  wrong, never a value
     */
    public static Map<String, String> headers(List<String> typed) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < typed.size(); i++) {
            String which = typed.size() == 1 ? "--header" : "--header (" + ordinal(i + 1) + ")";
            String header = typed.get(i);
            int colon = header.indexOf(':');
            if (colon < 0) {
                KnownSecrets.remember(header.strip());
                throw new IllegalArgumentException(which + ": expected 'Name: value' (no colon found; the text is not shown, it may be a secret)");
            }
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            rememberHeader(name, value);
            String nameProblem = RequestHeaders.nameProblem(name);
            if (nameProblem != null) {
                // A name that is no token may be a secret typed in the wrong place: shown only when it is one (e.g. Host).
                if (!RequestHeaders.isToken(name)) KnownSecrets.remember(name);
                throw new IllegalArgumentException(which + ": the header name " + (RequestHeaders.isToken(name) ? "'" + name + "' " : "")
                        + nameProblem);
            }
            String valueProblem = RequestHeaders.valueProblem(value);
            if (valueProblem != null) throw new IllegalArgumentException(which + ": the value of " + name + " " + valueProblem);
            out.put(name, value);
        }
        return out;
    }

    private static String ordinal(int n) {
        return n + (n % 100 / 10 == 1 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        });
    }

    /**
     * {@code Basic base64(user:password)} (RFC 7617, UTF-8); the password and the pair are remembered as secrets.
     *
     * @param user     the user name, possibly empty
     * @param password the password, possibly empty
     * @return the {@code Authorization} header's value
     */
    public static String basic(String user, String password) {
        KnownSecrets.rememberBasic(user, password);
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Remembers an extra header's value (every {@code --header} value is taken to be a secret); for an
     * {@code Authorization} value, also the credentials inside it (the token of {@code Bearer}, the user and
     * password of {@code Basic}).
     *
     * @param name  the header's name
     * @param value the header's value, as it will be sent
     */
    public static void rememberHeader(String name, String value) {
        KnownSecrets.remember(value);
        int space = value.indexOf(' ');
        if (space <= 0) return;
        String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
        String rest = value.substring(space + 1).strip();
        KnownSecrets.remember(rest);
        if (name.equalsIgnoreCase("Authorization") && scheme.equals("basic")) {
            try {
                String pair = new String(Base64.getDecoder().decode(rest), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon >= 0) KnownSecrets.rememberBasic(pair.substring(0, colon), pair.substring(colon + 1));
            } catch (IllegalArgumentException notBase64) {
                // Sent as it is; its raw form is remembered above.
            }
        }
    }

    /**
     * Remembers the password of a URL's user info as the user typed it, before the URL is checked, so that no
     * message about it (a usage error, a scrape failure) can show it: also when the URL is malformed (one slash
     * after the scheme, {@code http:/user:pw@host}; no scheme; a password holding {@code /} or a line break). The
     * user info ends at the last {@code @} before the first {@code /}, {@code ?} or {@code #} of the authority, as
     * {@link UrlCredentials} reads it; when no {@code @} comes before such a character, the last {@code @} of the
     * word is taken.
     *
     * @param url a URL as the user gave it; null is ignored
     */
    public static void rememberUrl(String url) {
        if (url == null) return;
        rememberQuerySecrets(url);
        int start = authorityStart(url);
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
        int at = url.lastIndexOf('@', end - 1);
        if (at < start) at = url.lastIndexOf('@');
        if (at < start) return;
        String userInfo = url.substring(start, at);
        int colon = userInfo.indexOf(':');
        if (colon < 0) return;
        String user = userInfo.substring(0, colon);
        String password = userInfo.substring(colon + 1);
        KnownSecrets.rememberBasic(user, password);
        KnownSecrets.rememberBasic(percentDecoded(user), percentDecoded(password));
    }

    /**
     * Query parameter names whose values are credentials: an exporter behind a proxy is often reached with
     * {@code ?access_token=...}, {@code ?api_key=...} or a signed URL ({@code X-Amz-Signature}). Matched anywhere in
     * the name, in any case; a harmless parameter caught by it (snmp_exporter's {@code auth=} module name) is only
     * hidden from outputs, never changed on the request.
     */
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i).*(token|key|secret|passw|pwd|auth|signature|sig|credential|session).*");

    /** Remembers the value of each query parameter of {@code url} whose name is {@link #SECRET_PARAMETER}'s, as typed and decoded. */
    private static void rememberQuerySecrets(String url) {
        int query = url.indexOf('?');
        if (query < 0) return;
        int fragment = url.indexOf('#', query);
        for (String pair : url.substring(query + 1, fragment < 0 ? url.length() : fragment).split("[&;]")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || !SECRET_PARAMETER.matcher(percentDecoded(pair.substring(0, eq))).matches()) continue;
            String value = pair.substring(eq + 1);
            KnownSecrets.remember(value);
            KnownSecrets.remember(percentDecoded(value));
        }
    }

    /** Where the authority starts: after {@code scheme:} and any number of slashes (none, one, two or more). */
    private static int authorityStart(String url) {
        int i = 0;
        int colon = url.indexOf(':');
        if (colon > 0 && url.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*") && url.startsWith("/", colon + 1)) {
            i = colon + 1;
        }
        while (i < url.length() && url.charAt(i) == '/') i++;
        return i;
    }

    private static String percentDecoded(String text) {
        try {
            return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
