package launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.Project;

/**
 * The launcher's fast path (launcher/fast-path.bash) on a tiny script of its own with a //SOURCES folder: used when
 * nothing changed, bypassed after an edit, clean stdout, concurrent first runs. Whether JBang ran is seen through
 * JBANG_JAVA_OPTIONS, which only JBang's own JVM reads: set to an unknown VM option, JBang cannot start, so a run that
 * still succeeds did not go through JBang.
 */
class FastPathTest {
    private static final String JBANG_CANNOT_START = "-XX:+CoppiceNoSuchVmOption";
    private static final String[] ARGS = {"a b", "c'd", "$HOME"};

    @TempDir
    Path temp;

    @Test
    void usesTheKeptCommandUntilASourceChangesThenJBangAgain() throws Exception {
        Path dir = script(temp.resolve("script"), "one");
        Path cache = temp.resolve("cache");

        Run first = launch(dir, cache, null, ARGS);
        assertThat(first.exit).as(first.stderr).isZero();
        assertThat(first.stdout).isEqualTo("one [a b, c'd, $HOME]\n");
        try (Stream<Path> entries = Files.list(cache)) {
            assertThat(entries.filter(p -> p.toString().endsWith(".cmd"))).hasSize(1);
        }

        // Twice more without JBang: the second run also maps the class archive the first fast-path run left.
        for (int i = 0; i < 2; i++) {
            Run fast = launch(dir, cache, JBANG_CANNOT_START, ARGS);
            assertThat(fast.exit).as(fast.stderr).isZero();
            assertThat(fast.stdout).isEqualTo("one [a b, c'd, $HOME]\n");
            assertThat(fast.stderr).isEmpty();
        }
        try (Stream<Path> entries = Files.list(cache)) {
            assertThat(entries.filter(p -> p.toString().endsWith(".jsa"))).hasSize(1);
        }

        // An edit of the //SOURCES file: the kept command is not used (JBang must run, and here cannot) ...
        Files.writeString(dir.resolve("greeting/Greeting.java"), greeting("two"));
        Run bypassed = launch(dir, cache, JBANG_CANNOT_START, ARGS);
        assertThat(bypassed.exit).isNotZero();
        assertThat(bypassed.stdout).isEmpty();
        assertThat(bypassed.stderr).contains("CoppiceNoSuchVmOption");
        // ... and through JBang the change takes effect, then the new command is kept.
        assertThat(launch(dir, cache, null, ARGS).stdout).isEqualTo("two [a b, c'd, $HOME]\n");
        assertThat(launch(dir, cache, JBANG_CANNOT_START, ARGS).stdout).isEqualTo("two [a b, c'd, $HOME]\n");

        // A new file matched by the //SOURCES glob changes what JBang compiles: bypassed too.
        Files.writeString(dir.resolve("greeting/Extra.java"), "package greeting;\npublic class Extra {}\n");
        assertThat(launch(dir, cache, JBANG_CANNOT_START, ARGS).exit).isNotZero();
        // So is a changed //JAVA_OPTIONS line in the script.
        Files.writeString(dir.resolve("hello.java"), Files.readString(dir.resolve("hello.java"))
                .replace("//JAVA_OPTIONS -Xmx64m", "//JAVA_OPTIONS -Xmx96m"));
        assertThat(launch(dir, cache, JBANG_CANNOT_START, ARGS).exit).isNotZero();

        // COPPICE_FAST_PATH=0: JBang every time.
        Run off = launch(dir, cache, JBANG_CANNOT_START, Map.of("COPPICE_FAST_PATH", "0"), ARGS);
        assertThat(off.exit).isNotZero();
        assertThat(off.stdout).isEmpty();
    }

    @Test
    void concurrentFirstRunsAllSucceedAndLeaveOneWholeEntry() throws Exception {
        Path dir = script(temp.resolve("script"), "three");
        Path cache = temp.resolve("cache");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Run>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) runs.add(pool.submit(() -> launch(dir, cache, null, ARGS)));
            for (Future<Run> run : runs) {
                Run done = run.get();
                assertThat(done.exit).as(done.stderr).isZero();
                assertThat(done.stdout).isEqualTo("three [a b, c'd, $HOME]\n");
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> entries = Files.list(cache)) {
            List<String> names = entries.map(p -> p.getFileName().toString()).filter(n -> n.contains(".cmd")).toList();
            assertThat(names).hasSize(1).allMatch(n -> n.endsWith(".cmd"));
        }
        Run fast = launch(dir, cache, JBANG_CANNOT_START, ARGS);
        assertThat(fast.stdout).isEqualTo("three [a b, c'd, $HOME]\n");
        assertThat(fast.stderr).isEmpty();
    }

    /** A script printing WORD (from a //SOURCES class) and its arguments, in a folder of its own. */
    private static Path script(Path dir, String word) throws IOException {
        Files.createDirectories(dir.resolve("greeting"));
        Files.writeString(dir.resolve("hello.java"), """
                ///usr/bin/env jbang "$0" "$@" ; exit $?
                //SOURCES greeting/*.java
                //JAVA_OPTIONS -Xmx64m
                public class hello {
                    public static void main(String[] args) {
                        System.out.println(greeting.Greeting.text() + " " + java.util.Arrays.toString(args));
                    }
                }
                """);
        Files.writeString(dir.resolve("greeting/Greeting.java"), greeting(word));
        return dir;
    }

    private static String greeting(String word) {
        return "package greeting;\npublic class Greeting {\n    public static String text() { return \"" + word + "\"; }\n}\n";
    }

    record Run(int exit, String stdout, String stderr) {}

    private static Run launch(Path dir, Path cache, String jbangJavaOptions, String... args) throws Exception {
        return launch(dir, cache, jbangJavaOptions, Map.of(), args);
    }

    /** Runs {@code <checkout>/jbang hello.java ARGS} in DIR with the fast-path cache CACHE and stdin from /dev/null. */
    private static Run launch(Path dir, Path cache, String jbangJavaOptions, Map<String, String> env, String... args)
            throws Exception {
        Path launcher = Project.testdata().getParent().getParent().resolve("jbang");
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "hello.java"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("fast-path", ".out");
        Path err = Files.createTempFile("fast-path", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("COPPICE_FAST_PATH");
            builder.environment().remove("COPPICE_APPCDS");
            builder.environment().remove("JBANG_JAVA_OPTIONS");
            builder.environment().put("COPPICE_FAST_PATH_DIR", cache.toString());
            if (jbangJavaOptions != null) builder.environment().put("JBANG_JAVA_OPTIONS", jbangJavaOptions);
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within 300 s");
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
