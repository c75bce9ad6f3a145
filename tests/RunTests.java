///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Runs every JUnit test of the project and ends with a line "N passed, N failed, N skipped".
//DEPS org.junit.jupiter:junit-jupiter:5.14.1
//DEPS org.junit.platform:junit-platform-launcher:1.14.1
//DEPS org.assertj:assertj-core:3.27.6
//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
//SOURCES ../lib/secrets/*.java
//SOURCES ../lib/text/*.java
//SOURCES ../lib/units/*.java
//SOURCES ../lib/files/*.java
//SOURCES ../lib/version/*.java
//SOURCES ../lib/record/*.java
//SOURCES ../lib/parse/*.java
//SOURCES ../lib/days/*.java
//SOURCES ../lib/http/*.java
//SOURCES ../lib/scrape/*.java
//SOURCES ../lib/page/*.java
//SOURCES ../lib/prom/*.java
//SOURCES ../lib/query/*.java
//SOURCES ../lib/queryio/*.java
//SOURCES ../lib/sim/*.java
//SOURCES ../lib/cli/*.java
//SOURCES *Test.java
//SOURCES cli/*Test.java
//SOURCES units/*Test.java
//SOURCES text/*Test.java
//SOURCES files/*Test.java
//SOURCES record/*Test.java
//SOURCES http/*Test.java
//SOURCES parse/*Test.java
//SOURCES days/*Test.java
//SOURCES scrape/*Test.java
//SOURCES page/*Test.java
//SOURCES prom/*Test.java
//SOURCES queryio/*Test.java
//SOURCES sim/*Test.java
//SOURCES query/*Test.java
//SOURCES launcher/*Test.java
//SOURCES support/*.java
//FILES page/page.js=../lib/page/page.js
//FILES page/page.css=../lib/page/page.css
//FILES page/page.html=../lib/page/page.html
import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The project's test command. Arguments: optional regular expressions on test class names
 * (e.g. {@code ./jbang test 'parse\..*'} or {@code ./jbang test '.*ParserTest'}); none runs every {@code *Test} class.
 * Prints a line per failed or skipped test, a failed test's stack trace and everything it printed, and, last,
 * {@code N passed, N failed, N skipped}; a passing test's output is dropped. Exit status 0 when nothing failed, 1 otherwise.
 */
public class RunTests {
    public static void main(String[] args) throws Exception {
        PrintStream console = System.out;
        // Before anything else runs, so that loggers which keep the stream they found (java.util.logging) get the capture too.
        Capture capture = new Capture(System.out, System.err);
        System.setOut(new PrintStream(capture.stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capture.stderr, true, StandardCharsets.UTF_8));

        Path classes = Path.of(RunTests.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        int slowest = 0;
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        int at = rest.indexOf("--slowest");
        if (at >= 0) {
            if (at + 1 >= rest.size() || !rest.get(at + 1).matches("\\d{1,6}")) {
                console.println("test: --slowest needs a number of test classes, e.g. --slowest 10");
                System.exit(2);
            }
            slowest = Integer.parseInt(rest.get(at + 1));
            rest.subList(at, at + 2).clear();
        }
        String[] patterns = rest.isEmpty() ? new String[] {".*Test"} : rest.toArray(new String[0]);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(Set.of(classes)))
                .filters(includeClassNamePatterns(patterns))
                .configurationParameter("junit.jupiter.execution.timeout.default", "5m")
                .build();
        Tally tally = new Tally(console, capture);
        LauncherFactory.create().execute(request, tally);
        if (slowest > 0) tally.printSlowest(slowest);
        console.println(tally.passed + " passed, " + tally.failed + " failed, " + tally.skipped + " skipped");
        System.exit(tally.failed == 0 ? 0 : 1);
    }

    /**
     * Counts test methods (not containers) and prints the failed and skipped ones as they happen, each failure with
     * what it printed.
     */
    static final class Tally implements TestExecutionListener {
        private final PrintStream console;
        private final Capture capture;
        int passed, failed, skipped;
        /** The test classes running, innermost first (nested classes run inside their outer class). */
        private final Deque<ClassTally> classes = new ArrayDeque<>();
        private final List<ClassTally> finished = new ArrayList<>();

        /** One test class's counts and wall time. */
        static final class ClassTally {
            final String name;
            final long startNanos = System.nanoTime();
            long nanos;
            int passed, failed, skipped;

            ClassTally(String name) {
                this.name = name;
            }
        }

        Tally(PrintStream console, Capture capture) {
            this.console = console;
            this.capture = capture;
        }

        @Override
        public void executionStarted(TestIdentifier test) {
            // One JVM plays many runs here: the secrets one test's run learnt must not scrub another test's texts.
            secrets.KnownSecrets.forgetAll();
            capture.begin();
            className(test).ifPresent(name -> classes.push(new ClassTally(name)));
        }

        @Override
        public void executionSkipped(TestIdentifier test, String reason) {
            skipped++;
            if (!classes.isEmpty()) classes.peek().skipped++;
            console.println("SKIPPED " + test.getDisplayName() + ": " + reason);
        }

        private static java.util.Optional<String> className(TestIdentifier test) {
            return test.getSource().filter(ClassSource.class::isInstance).map(source -> ((ClassSource) source).getClassName());
        }

        /** The progress line of a finished class: its name, counts and time. */
        private void classFinished() {
            ClassTally done = classes.pop();
            done.nanos = System.nanoTime() - done.startNanos;
            finished.add(done);
            console.printf(Locale.ROOT, "%-45s %3d passed, %d failed, %d skipped  %6.1f s%n", done.name, done.passed, done.failed,
                    done.skipped, done.nanos / 1e9);
        }

        /** The {@code n} slowest test classes, slowest first. */
        void printSlowest(int n) {
            console.println("Slowest test classes:");
            finished.stream().sorted(Comparator.comparingLong((ClassTally c) -> c.nanos).reversed()).limit(n)
                    .forEach(c -> console.printf(Locale.ROOT, "  %7.1f s  %s%n", c.nanos / 1e9, c.name));
        }

        /**
         * Counts test methods; a container (class, factory) counts only when it fails. An aborted test or container
         * (an unmet assumption, e.g. a tool absent) is a skip with its message, not a failure. What the test or
         * container printed itself (its children's output aside) is shown only when it failed.
         */
        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            String output = capture.end();
            String reason = result.getThrowable().map(Throwable::getMessage).orElse("");
            ClassTally current = classes.peek();
            switch (result.getStatus()) {
                case SUCCESSFUL -> {
                    if (test.isTest()) passed++;
                    if (test.isTest() && current != null) current.passed++;
                }
                case ABORTED -> {
                    skipped++;
                    if (current != null) current.skipped++;
                    console.println("SKIPPED " + test.getDisplayName() + ": " + reason);
                }
                default -> {
                    failed++;
                    if (current != null) current.failed++;
                    console.println("FAILED  " + test.getUniqueId());
                    result.getThrowable().ifPresent(t -> t.printStackTrace(console));
                    if (!output.isEmpty()) {
                        console.println("--- output of " + test.getDisplayName() + " (stdout and stderr) ---");
                        console.print(output.endsWith("\n") ? output : output + "\n");
                        console.println("--- end of output ---");
                    }
                }
            }
            if (className(test).isPresent() && !classes.isEmpty()) classFinished();
        }
    }

    /**
     * System.out and System.err while tests run: what is written, from any thread, goes to the buffer of the innermost
     * test or container running (tests run one at a time), and outside any of them to the real stream.
     */
    static final class Capture {
        private final Deque<ByteArrayOutputStream> running = new ArrayDeque<>();
        final OutputStream stdout, stderr;

        Capture(PrintStream realStdout, PrintStream realStderr) {
            stdout = new Switch(realStdout);
            stderr = new Switch(realStderr);
        }

        /** A test or container starts: its output goes to a new buffer. */
        synchronized void begin() {
            running.push(new ByteArrayOutputStream());
        }

        /** The innermost test or container ended: its buffer as text; output goes back to the one around it. */
        synchronized String end() {
            ByteArrayOutputStream buffer = running.poll();
            return buffer == null ? "" : buffer.toString(StandardCharsets.UTF_8);
        }

        private final class Switch extends OutputStream {
            private final PrintStream real;

            Switch(PrintStream real) {
                this.real = real;
            }

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (Capture.this) {
                    ByteArrayOutputStream buffer = running.peek();
                    if (buffer != null) buffer.write(b, off, len);
                    else real.write(b, off, len);
                }
            }

            @Override
            public void flush() {
                synchronized (Capture.this) {
                    if (running.isEmpty()) real.flush();
                }
            }
        }
    }
}
