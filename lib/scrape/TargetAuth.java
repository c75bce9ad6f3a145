package scrape;

import files.SecretFiles;
import http.RequestHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scrape sends to prove who it is: extra headers, a bearer token or basic auth, the secrets read from files
 * (never from the command line, so that they never show in {@code ps} or a shell's history).
 *
 * @param headers               extra headers as typed, {@code 'Name: value'}
 * @param bearerTokenFile       file of a bearer token, or null
 * @param basicAuthUser         basic auth user, or null
 * @param basicAuthPasswordFile file of the basic auth password, or null
 * @param credentialsStayOnHost whether a redirect to another host or port goes without the credentials
 */
public record TargetAuth(List<String> headers, Path bearerTokenFile, String basicAuthUser, Path basicAuthPasswordFile,
        boolean credentialsStayOnHost) {

    /**
     * The extra request headers, each checked by {@link RequestHeaders} so that the HTTP client never refuses one with
     * a message that quotes it, plus the Authorization of a bearer token or basic auth (the secret files read now).
     *
     * @return header name to value, in the order given
     * @throws IllegalArgumentException naming the option and what is wrong, never a header's value or a secret
     */
    public Map<String, String> requestHeaders() {
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            String which = headers.size() == 1 ? "--header" : "--header (" + ordinal(i + 1) + ")";
            addHeader(extra, headers.get(i), which);
        }
        boolean authorizationHeader = extra.keySet().stream().anyMatch(n -> n.equalsIgnoreCase("Authorization"));
        if (bearerTokenFile != null && basicAuthUser != null) throw problem("--bearer-token-file and --basic-auth-user exclude each other");
        if (authorizationHeader && (bearerTokenFile != null || basicAuthUser != null)) {
            throw problem("--header Authorization excludes --bearer-token-file and --basic-auth-user");
        }
        if (bearerTokenFile != null) extra.put("Authorization", bearerAuthorization(bearerTokenFile, "--bearer-token-file"));
        if (basicAuthUser != null) {
            if (basicAuthPasswordFile == null) throw problem("--basic-auth-user needs --basic-auth-password-file");
            String password = SecretFiles.read(basicAuthPasswordFile, "--basic-auth-password-file");
            extra.put("Authorization", "Basic " + Base64.getEncoder().encodeToString((basicAuthUser + ":" + password).getBytes(StandardCharsets.UTF_8)));
        } else if (basicAuthPasswordFile != null) {
            throw problem("--basic-auth-password-file needs --basic-auth-user");
        }
        return Map.copyOf(extra);
    }

    /** Checks one {@code 'Name: value'} and adds it; the value is never shown, nor is a "name" without a colon (it may be the value alone). */
    private static void addHeader(Map<String, String> extra, String header, String which) {
        int colon = header.indexOf(':');
        if (colon < 0) throw problem(which + ": expected 'Name: value' (no colon found; the text is not shown, it may be a secret)");
        String name = header.substring(0, colon).trim();
        String nameProblem = RequestHeaders.nameProblem(name);
        if (nameProblem != null) {
            // A name that is no token may be a secret typed in the wrong place: shown only when it is one (e.g. Host).
            throw problem(which + ": the header name " + (RequestHeaders.isToken(name) ? "'" + name + "' " : "") + nameProblem);
        }
        String value = header.substring(colon + 1).trim();
        String valueProblem = RequestHeaders.valueProblem(value);
        if (valueProblem != null) throw problem(which + ": the value of " + name + " " + valueProblem);
        extra.put(name, value);
    }

    /**
     * {@code Bearer <token>} from a token file (scrapes' {@code --bearer-token-file}, remote write's
     * {@code --remote-write-bearer-token-file}): the file's text without surrounding white space, checked to be
     * sendable in a header.
     *
     * @param file   the token file
     * @param option the option that named it, for the message
     * @return the Authorization header's value
     * @throws IllegalArgumentException naming the option, the file and what is wrong (unreadable, empty, not UTF-8,
     *                                  or a character a header cannot carry), never the token
     */
    public static String bearerAuthorization(Path file, String option) {
        String token = SecretFiles.read(file, option);
        String problem = RequestHeaders.valueProblem(token);
        if (problem != null) throw new IllegalArgumentException(option + ": the token in " + file + " " + problem);
        return "Bearer " + token;
    }

    private static String ordinal(int n) {
        return n + (n % 100 / 10 == 1 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        });
    }

    private static IllegalArgumentException problem(String message) {
        return new IllegalArgumentException(message);
    }
}
