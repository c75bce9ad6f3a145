package scrape;

import files.SecretFiles;
import http.Credentials;
import java.nio.file.Path;
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
     * The extra request headers ({@link Credentials#headers}), plus the Authorization of a bearer token or basic auth
     * (the secret files read now); the credential rule is {@link Credentials}'s.
     *
     * @return header name to value, in the order given
     * @throws IllegalArgumentException naming the option and what is wrong, never a header's value or a secret
     */
    public Map<String, String> requestHeaders() {
        Map<String, String> extra = Credentials.headers(headers);
        boolean authorizationHeader = extra.keySet().stream().anyMatch(n -> n.equalsIgnoreCase("Authorization"));
        if (bearerTokenFile != null && basicAuthUser != null) throw problem("--bearer-token-file and --basic-auth-user exclude each other");
        if (authorizationHeader && (bearerTokenFile != null || basicAuthUser != null)) {
            throw problem("--header Authorization excludes --bearer-token-file and --basic-auth-user");
        }
        if (bearerTokenFile != null) {
            extra.put("Authorization", Credentials.bearer(SecretFiles.read(bearerTokenFile, "--bearer-token-file"),
                    "--bearer-token-file: the token in " + bearerTokenFile));
        }
        if (basicAuthUser != null) {
            if (basicAuthPasswordFile == null) throw problem("--basic-auth-user needs --basic-auth-password-file");
            String password = SecretFiles.read(basicAuthPasswordFile, "--basic-auth-password-file");
            extra.put("Authorization", Credentials.basic(basicAuthUser, password));
        } else if (basicAuthPasswordFile != null) {
            throw problem("--basic-auth-password-file needs --basic-auth-user");
        }
        return Map.copyOf(extra);
    }

    private static IllegalArgumentException problem(String message) {
        return new IllegalArgumentException(message);
    }
}
