///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Runs every JUnit test of the project and ends with a line "N passed, N failed, N skipped".
//DEPS org.junit.jupiter:junit-jupiter:5.14.1
//DEPS org.junit.platform:junit-platform-launcher:1.14.1
//DEPS org.assertj:assertj-core:3.27.6
//SOURCES ../lib/cli/*.java
//SOURCES ../lib/record/*.java
//SOURCES ../lib/parse/*.java
//SOURCES ../lib/days/*.java
//SOURCES ../lib/http/*.java
//SOURCES ../lib/scrape/*.java
//SOURCES ../lib/page/*.java
//SOURCES ../lib/prom/*.java
//SOURCES ../lib/sim/*.java
//SOURCES *Test.java
//SOURCES cli/*Test.java
//SOURCES record/*Test.java
//SOURCES parse/*Test.java
//SOURCES days/*Test.java
//SOURCES scrape/*Test.java
//SOURCES page/*Test.java
//SOURCES prom/*Test.java
//SOURCES sim/*Test.java
//SOURCES support/*.java
//FILES page/page.js=../lib/page/page.js
//FILES page/page.css=../lib/page/page.css
import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import java.nio.file.Path;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The project's test command. Arguments: optional regular expressions on test class names
 * (e.g. {@code ./jbang test ParserTest}); none runs every {@code *Test} class.
 * Prints a line per failed or skipped test and, last, {@code N passed, N failed, N skipped}.
 * Exit status 0 when nothing failed, 1 otherwise.
 */
public class RunTests {
    public static void main(String[] args) throws Exception {
        Path classes = Path.of(RunTests.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String[] patterns = args.length == 0 ? new String[] {".*Test"} : args;
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(Set.of(classes)))
                .filters(includeClassNamePatterns(patterns))
                .configurationParameter("junit.jupiter.execution.timeout.default", "5m")
                .build();
        Tally tally = new Tally();
        LauncherFactory.create().execute(request, tally);
        System.out.println(tally.passed + " passed, " + tally.failed + " failed, " + tally.skipped + " skipped");
        System.exit(tally.failed == 0 ? 0 : 1);
    }

    /** Counts test methods (not containers) and prints the failed and skipped ones as they happen. */
    static final class Tally implements TestExecutionListener {
        int passed, failed, skipped;

        @Override
        public void executionSkipped(TestIdentifier test, String reason) {
            skipped++;
            System.out.println("SKIPPED " + test.getDisplayName() + ": " + reason);
        }

        /**
         * Counts test methods; a container (class, factory) counts only when it fails. An aborted test or container
         * (an unmet assumption: ../shared or a tool absent) is a skip with its message, not a failure.
         */
        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            String reason = result.getThrowable().map(Throwable::getMessage).orElse("");
            switch (result.getStatus()) {
                case SUCCESSFUL -> {
                    if (test.isTest()) passed++;
                }
                case ABORTED -> {
                    skipped++;
                    System.out.println("SKIPPED " + test.getDisplayName() + ": " + reason);
                }
                default -> {
                    failed++;
                    System.out.println("FAILED  " + test.getUniqueId());
                    result.getThrowable().ifPresent(t -> t.printStackTrace(System.out));
                }
            }
        }
    }
}
