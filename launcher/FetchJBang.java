import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Downloads the jars listed in {@code jbang-jars.txt} from a Maven repository into a folder and checks
 * each one's SHA-256, so that {@code ./jbang} works on a machine that has only a JDK (no curl, no Maven).
 *
 * <p>Run with the JDK's source launcher: {@code java FetchJBang.java LIST DEST}. The repository is
 * {@code $MAVEN_REPO_URL}, else Maven Central. Each jar is written under a temporary name and renamed
 * when its checksum matches; the file {@code DEST/.complete} is written last, so an interrupted fetch
 * is simply redone. Exit status 0 on success, 1 on any failure (with one line on stderr).
 */
public class FetchJBang {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java FetchJBang.java JARS_LIST DEST_DIR");
            System.exit(2);
        }
        Path list = Path.of(args[0]);
        Path dest = Path.of(args[1]);
        String repo = System.getenv().getOrDefault("MAVEN_REPO_URL", "https://repo1.maven.org/maven2");
        Files.createDirectories(dest);
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20))
                .build();
        List<String> lines = Files.readAllLines(list);
        int fetched = 0;
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] parts = line.trim().split("\\s+");
            String[] gav = parts[0].split(":");
            String expectedSha = parts[1];
            String file = gav[1] + "-" + gav[2] + ".jar";
            Path target = dest.resolve(file);
            if (Files.exists(target) && sha256(target).equals(expectedSha)) continue;
            URI uri = URI.create(repo + "/" + gav[0].replace('.', '/') + "/" + gav[1] + "/" + gav[2] + "/" + file);
            Path partial = dest.resolve(file + ".part");
            try {
                HttpResponse<InputStream> response = http.send(
                        HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    fail("HTTP " + response.statusCode() + " for " + uri);
                }
                try (InputStream body = response.body()) {
                    Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                fail("cannot download " + uri + ": " + e);
            }
            String actualSha = sha256(partial);
            if (!actualSha.equals(expectedSha)) {
                Files.deleteIfExists(partial);
                fail("checksum mismatch for " + uri + ": expected " + expectedSha + ", got " + actualSha);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            fetched++;
        }
        Files.writeString(dest.resolve(".complete"), "ok\n");
        System.err.println("jbang: fetched " + fetched + " jars into " + dest);
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void fail(String message) {
        System.err.println("jbang: " + message);
        System.exit(1);
    }
}
