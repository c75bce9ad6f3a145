package scrape;

import files.FileErrors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS side of an {@code https://} target: which certificates to trust and which client certificate to show,
 * from PEM files (the same files Prometheus's {@code tls_config} takes: ca_file, cert_file, key_file).
 */
public final class Tls {
    private Tls() {}

    /**
     * Builds the SSL context for a scrape.
     *
     * @param caCert     PEM file of the certificates to trust instead of the JDK's roots; null for the JDK's roots
     * @param clientCert PEM file of the client certificate (chain first-to-last); null for none
     * @param clientKey  PEM file of its private key, unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}); null for none
     * @param insecure   accept any server certificate and host name (the caller warns about it)
     * @return the context, or null when nothing differs from the JDK's defaults
     * @throws IllegalArgumentException naming the file and what is wrong with it (missing, not PEM, key form)
     */
    public static SSLContext context(Path caCert, Path clientCert, Path clientKey, boolean insecure) {
        if (caCert == null && clientCert == null && clientKey == null && !insecure) return null;
        if ((clientCert == null) != (clientKey == null)) {
            throw new IllegalArgumentException("--client-cert and --client-key go together: give both or neither");
        }
        try {
            TrustManager[] trust = null;
            if (insecure) {
                trust = new TrustManager[] {new TrustAnything()};
            } else if (caCert != null) {
                KeyStore roots = KeyStore.getInstance("PKCS12");
                roots.load(null, null);
                int i = 0;
                for (X509Certificate cert : certificates(caCert, "--ca-cert")) roots.setCertificateEntry("ca-" + i++, cert);
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(roots);
                trust = factory.getTrustManagers();
            }
            KeyManager[] keys = null;
            if (clientCert != null) {
                List<X509Certificate> chain = certificates(clientCert, "--client-cert");
                PrivateKey key = privateKey(clientKey);
                char[] noPassword = new char[0];
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("client", key, noPassword, chain.toArray(new Certificate[0]));
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, noPassword);
                keys = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The certificates of a PEM file, in file order; at least one. */
    static List<X509Certificate> certificates(Path file, String option) {
        byte[] pem = read(file, option);
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) throw new CertificateException("no certificate");
            return out;
        } catch (CertificateException e) {
            throw new IllegalArgumentException(option + ": " + file + " holds no PEM certificate ('-----BEGIN CERTIFICATE-----'): "
                    + e.getMessage());
        }
    }

    private static final Pattern PEM_BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    /**
     * The private key of a PEM file. Only unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}, RSA, EC or Ed25519)
     * is read; other forms get an error that says how to convert them with openssl.
     */
    static PrivateKey privateKey(Path file) {
        String text = new String(read(file, "--client-key"), StandardCharsets.US_ASCII);
        Matcher m = PEM_BLOCK.matcher(text);
        while (m.find()) {
            String kind = m.group(1);
            if (kind.equals("PRIVATE KEY")) return pkcs8(file, m.group(2));
            if (kind.endsWith("PRIVATE KEY")) {
                String form = switch (kind) {
                    case "ENCRYPTED PRIVATE KEY" -> "an encrypted PKCS#8 key";
                    case "RSA PRIVATE KEY" -> m.group(2).contains("ENCRYPTED") ? "an encrypted PKCS#1 RSA key" : "a PKCS#1 RSA key";
                    case "EC PRIVATE KEY" -> "a SEC 1 EC key";
                    case "OPENSSH PRIVATE KEY" -> "an OpenSSH key";
                    default -> "a '" + kind + "' key";
                };
                throw new IllegalArgumentException("--client-key: " + file + " is " + form + " ('-----BEGIN " + kind + "-----'); "
                        + "only unencrypted PKCS#8 ('-----BEGIN PRIVATE KEY-----') is read. Convert it with: "
                        + "openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key-pkcs8.pem");
            }
        }
        throw new IllegalArgumentException("--client-key: " + file + " holds no PEM private key ('-----BEGIN PRIVATE KEY-----')");
    }

    private static PrivateKey pkcs8(Path file, String base64) {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--client-key: " + file + ": invalid base64 in the PEM block: " + e.getMessage());
        }
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | ClassCastException e) {
                // Not this algorithm: PKCS#8 names it inside, but trying is simpler than reading the ASN.1 here.
            }
        }
        throw new IllegalArgumentException("--client-key: " + file + ": not a PKCS#8 RSA, EC or Ed25519 key the JDK can read");
    }

    private static byte[] read(Path file, String option) {
        try {
            return files.SmallFiles.read(file, files.SmallFiles.LIST_BYTES);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot read " + file + ": " + FileErrors.reason(e));
        }
    }

    /** {@code --insecure-skip-verify}: accepts every server certificate and, being an extended manager, skips the host name check too. */
    private static final class TrustAnything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
