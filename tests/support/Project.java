package support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Test support: where the checkout and its test data are, running the project's scripts, and optional tools. */
public final class Project {
    private Project() {}

    /** The checkout's root: the first folder up from the working directory that holds jbang-catalog.json. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("jbang-catalog.json")) && Files.isRegularFile(dir.resolve("jbang"))) return dir;
        }
        throw new IllegalStateException("run the tests from inside the checkout (no jbang-catalog.json found above " + Path.of("").toAbsolutePath() + ")");
    }

    /**
     * {@code tests/testdata} of the checkout: the conformance cases and real expositions the tests read (see its
     * README for where each came from).
     */
    public static Path testdata() {
        return root().resolve("tests").resolve("testdata");
    }

    /**
     * A tool the test needs: skipped with a message when absent, unless COPPICE_REQUIRE_TOOLS=1 (CI), where
     * its absence fails the test.
     */
    public static Path toolOrSkip(String name, String installHint) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) return candidate;
        }
        String message = name + " is not installed (" + installHint + ")";
        if ("1".equals(System.getenv("COPPICE_REQUIRE_TOOLS"))) throw new AssertionError(message + " and COPPICE_REQUIRE_TOOLS=1");
        Assumptions.abort("skipped: " + message);
        return null;
    }

    /** What a finished process left: its exit status and everything it printed. */
    public record Run(int exit, String stdout, String stderr) {}

    /** Runs {@code ./jbang ARGS} in the root folder, with at most {@code timeoutSeconds} before it is killed. */
    public static Run jbang(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(root().resolve("jbang").toString());
        command.addAll(List.of(args));
        return run(command, timeoutSeconds);
    }

    /** Runs a command in the root folder and collects its output (through temp files, so big outputs cannot block it). */
    private static Run run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("coppice-test", ".out");
        Path err = Files.createTempFile("coppice-test", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(root().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s; stderr:\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Every regular file under {@code dir} whose bytes hold {@code secret} (read as ISO-8859-1, so any byte sequence
     * matches as it is; gzipped files are not unpacked).
     */
    public static List<Path> filesContaining(Path dir, String secret) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(secret);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
