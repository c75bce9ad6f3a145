package scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.RecordCodec;
import record.ScrapeRecord;
import support.Project;
import support.ReliabilityFixtures;

/**
 * Authentication and TLS against loopback servers of the test's own, with self-signed certificates made by the
 * JDK's keytool (issue "Nothing lost, nothing torn, nobody let in", Authentication and TLS). Secrets must never reach
 * a record, a status line, an error or any file the run wrote.
 */
class ScrapeAuthTest {
    static final String PASS = "changeit";
    @TempDir
    static Path pki;
    static Path serverStore, serverCertPem, clientStore, clientCertPem, clientKeyPem;

    @BeforeAll
    static void makeCertificates() throws Exception {
        serverStore = pki.resolve("server.p12");
        clientStore = pki.resolve("client.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", serverStore.toString(),
                "-storepass", PASS, "-keypass", PASS);
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=coppice-scraper",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", clientStore.toString(), "-storepass", PASS, "-keypass", PASS);
        serverCertPem = pki.resolve("server.pem");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", serverStore.toString(), "-storepass", PASS, "-file", serverCertPem.toString());
        clientCertPem = pki.resolve("client.pem");
        keytool("-exportcert", "-rfc", "-alias", "client", "-keystore", clientStore.toString(), "-storepass", PASS, "-file", clientCertPem.toString());
        KeyStore client = load(clientStore);
        byte[] pkcs8 = client.getKey("client", PASS.toCharArray()).getEncoded();
        clientKeyPem = pki.resolve("client-key.pem");
        Files.writeString(clientKeyPem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n");
    }

    static void keytool(String... args) throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        List<String> cmd = new ArrayList<>(List.of(java.resolveSibling("keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("keytool " + String.join(" ", args) + ": " + out).isZero();
    }

    static KeyStore load(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(p12.toFile())) {
            ks.load(in, PASS.toCharArray());
        }
        return ks;
    }

    /** The server's TLS context; when {@code trustClient}, it trusts (only) the client certificate. */
    static SSLContext serverContext(boolean trustClient) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(serverStore), PASS.toCharArray());
        TrustManagerFactory trust = null;
        if (trustClient) {
            KeyStore roots = KeyStore.getInstance("PKCS12");
            roots.load(null, null);
            roots.setCertificateEntry("client", (X509Certificate) load(clientStore).getCertificate("client"));
            trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(roots);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
        return context;
    }

    static ScrapeRecord scrape(String url, SSLContext tls) {
        return new Scraper(new Scraper.Settings(url, Duration.ofSeconds(5), Scraper.FormatChoice.AUTO, 1 << 20, Map.of(), tls), null).scrape();
    }

    @Test
    void httpsWithTheCaCertIsUpAndWithoutItSaysWhatToDo() throws Exception {
        try (var server = new ReliabilityFixtures.FaultyServer(serverContext(false), false)) {
            String url = server.uri("/metrics").toString();
            ScrapeRecord trusted = scrape(url, Tls.context(serverCertPem, null, null, false));
            assertThat(trusted.error()).isNull();
            assertThat(trusted.up()).isTrue();

            ScrapeRecord untrusted = scrape(url, null);
            assertThat(untrusted.up()).isFalse();
            assertThat(untrusted.error()).startsWith("TLS: the certificate of 127.0.0.1:" + server.uri("/").getPort()
                    + " is not trusted; give its CA with --ca-cert FILE (or --insecure-skip-verify)");
        }
    }

    @Test
    void insecureSkipVerifyScrapesAndWarnsAtStart(@TempDir Path dir) throws Exception {
        try (var server = new ReliabilityFixtures.FaultyServer(serverContext(false), false)) {
            Project.Run run = ReliabilityFixtures.Scripts.run(Duration.ofSeconds(60), "scrape",
                    "--url", server.uri("/metrics").toString(), "--insecure-skip-verify", "--stdout");
            assertThat(run.exit()).as(run.stderr()).isZero();
            assertThat(run.stderr()).startsWith("warning: --insecure-skip-verify: the certificate of " + server.uri("/metrics") + " is not checked");
            assertThat(RecordCodec.parse(run.stdout().strip()).up()).isTrue();
        }
    }

    @Test
    void serverThatDemandsAClientCertificate() throws Exception {
        try (var server = new ReliabilityFixtures.FaultyServer(serverContext(true), true)) {
            String url = server.uri("/metrics").toString();
            ScrapeRecord without = scrape(url, Tls.context(serverCertPem, null, null, false));
            assertThat(without.up()).isFalse();
            assertThat(without.error()).startsWith("TLS");

            ScrapeRecord with = scrape(url, Tls.context(serverCertPem, clientCertPem, clientKeyPem, false));
            assertThat(with.error()).isNull();
            assertThat(with.up()).isTrue();
        }
    }

    @Test
    void keysInOtherFormsAreRefusedWithTheConversionCommand(@TempDir Path dir) throws Exception {
        Path pkcs1 = Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");
        assertThat(catchThrowable(() -> Tls.context(serverCertPem, clientCertPem, pkcs1, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--client-key: " + pkcs1 + " is a PKCS#1 RSA key ('-----BEGIN RSA PRIVATE KEY-----'); only unencrypted"
                        + " PKCS#8 ('-----BEGIN PRIVATE KEY-----') is read. Convert it with: openssl pkcs8 -topk8 -nocrypt -in "
                        + pkcs1 + " -out key-pkcs8.pem");
        Path encrypted = Files.writeString(dir.resolve("enc.pem"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
        Project.Run run = ReliabilityFixtures.Scripts.run(Duration.ofSeconds(60), "scrape",
                "--url", "https://127.0.0.1:1/metrics", "--client-cert", clientCertPem.toString(), "--client-key", encrypted.toString(), "--stdout");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.stderr()).contains("is an encrypted PKCS#8 key").contains("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void bearerTokenRightWrongAndMissingAndTheTokenIsWrittenNowhere(@TempDir Path dir) throws Exception {
        String token = "s3cr3t-token-" + System.nanoTime();
        Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
        Path wrongFile = Files.writeString(dir.resolve("wrong"), "not-the-token\n");
        Path data = dir.resolve("data");
        List<String> outputs = new ArrayList<>();
        try (var server = new ReliabilityFixtures.FaultyServer()) {
            server.requireToken(token);
            String url = server.uri("/auth").toString();
            Project.Run right = ReliabilityFixtures.Scripts.run(Duration.ofSeconds(60), "scrape",
                    "--url", url, "--bearer-token-file", tokenFile.toString(), "--data-dir", data.toString());
            assertThat(right.exit()).as(right.stderr()).isZero();
            Project.Run wrong = ReliabilityFixtures.Scripts.run(Duration.ofSeconds(60), "scrape",
                    "--url", url, "--bearer-token-file", wrongFile.toString(), "--data-dir", data.toString());
            assertThat(wrong.exit()).isEqualTo(1);
            Project.Run missing = ReliabilityFixtures.Scripts.run(Duration.ofSeconds(60), "scrape",
                    "--url", url, "--data-dir", data.toString());
            assertThat(missing.exit()).isEqualTo(1);
            for (var run : List.of(right, wrong, missing)) outputs.add(run.stdout() + run.stderr());
        }
        List<ScrapeRecord> records = ReliabilityFixtures.lines(data).stream().map(RecordCodec::parse).toList();
        assertThat(records).extracting(ScrapeRecord::up).containsExactly(true, false, false);
        assertThat(records.get(1).error()).contains("401");
        assertThat(records.get(2).error()).contains("401");
        assertThat(outputs).noneMatch(o -> o.contains(token));
        assertThat(Project.filesContaining(dir, token)).containsExactly(tokenFile);
    }

    @Test
    void passwordsInTheUrlOrAFileAreSentButNeverWritten(@TempDir Path dir) throws Exception {
        String password = "pw-" + System.nanoTime();
        Path passwordFile = Files.writeString(dir.resolve("password"), password);
        Path data = dir.resolve("data");
        try (var server = new ReliabilityFixtures.FaultyServer()) {
            String expected = "Basic " + Base64.getEncoder().encodeToString(("scraper:" + password).getBytes(StandardCharsets.UTF_8));
            String inUrl = "http://scraper:" + password + "@127.0.0.1:" + server.uri("/").getPort();
            Project.Run fromUrl = ReliabilityFixtures.Scripts.run(Duration.ofSeconds(60), "scrape",
                    "--url", inUrl + "/500", "--data-dir", data.toString());
            assertThat(server.lastHeaders()).containsEntry("authorization", expected);
            Project.Run fromFile = ReliabilityFixtures.Scripts.run(Duration.ofSeconds(60), "scrape",
                    "--url", server.uri("/metrics").toString(), "--basic-auth-user", "scraper",
                    "--basic-auth-password-file", passwordFile.toString(), "--data-dir", data.toString());
            assertThat(server.lastHeaders()).containsEntry("authorization", expected);
            assertThat(fromFile.exit()).as(fromFile.stderr()).isZero();

            assertThat(fromUrl.exit()).isEqualTo(1);
            assertThat(fromUrl.stderr()).contains("http://scraper@127.0.0.1:").doesNotContain(password);
            List<ScrapeRecord> records = ReliabilityFixtures.lines(data).stream().map(RecordCodec::parse).toList();
            assertThat(records.get(0).target()).isEqualTo("http://scraper@127.0.0.1:" + server.uri("/").getPort() + "/500");
            assertThat(Project.filesContaining(dir, password)).containsExactly(passwordFile);
        }
    }

}
