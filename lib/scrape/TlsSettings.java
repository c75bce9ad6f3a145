package scrape;

import java.nio.file.Path;

/**
 * The TLS options of {@code https://} targets (see {@link Tls#context}).
 *
 * @param caCert             PEM certificates to trust instead of the JDK's roots, or null
 * @param clientCert         PEM client certificate, or null
 * @param clientKey          its PEM private key, or null
 * @param insecureSkipVerify accept any certificate and host name
 */
public record TlsSettings(Path caCert, Path clientCert, Path clientKey, boolean insecureSkipVerify) {
    /** Whether any TLS option was given. */
    public boolean any() {
        return caCert != null || clientCert != null || clientKey != null || insecureSkipVerify;
    }
}
