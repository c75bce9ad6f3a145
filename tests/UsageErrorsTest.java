import static org.assertj.core.api.Assertions.assertThat;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import support.Project;
import support.ReliabilityFixtures.Scripts;

/**
 * Issue 14, section 2, as a user meets it: the scripts answer bad input with exit 2 and a sentence, never a stack
 * trace, and every script's help lists its exit codes.
 */
class UsageErrorsTest {
    static void assertUsageError(Project.Run run, String firstLine) {
        assertThat(run.exit()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr().lines().findFirst().orElse("")).isEqualTo(firstLine);
        assertThat(run.stderr()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void hugeDurationsRefusedHeadersRemoteWriteNotAUrlAndWatchOfStandardInput() throws Exception {
        Duration limit = Duration.ofSeconds(60);
        assertUsageError(Scripts.run(limit, "watch", "--interval", "999999999y", "--count", "1"),
                "watch: Invalid value for option '--interval': duration '999999999y' is too long: at most 100y");
        assertUsageError(Scripts.run(limit, "scrape", "--timeout", "999999999y", "--stdout"),
                "scrape: Invalid value for option '--timeout': duration '999999999y' is too long: at most 100y");
        assertUsageError(Scripts.run(limit, "watch", "--header", "Host: x", "--count", "1"),
                "watch: --header: the header name 'Host' is set by the HTTP client itself and cannot be given");
        assertUsageError(Scripts.run(limit, "scrape", "--header", "Connection: close", "--stdout"),
                "scrape: --header: the header name 'Connection' is set by the HTTP client itself and cannot be given");
        assertUsageError(Scripts.run(limit, "scrape", "--header", "Bad Name: v", "--stdout"),
                "scrape: --header: the header name holds a space or tab (a header name is letters, digits and !#$%&'*+-.^_`|~ only)");
        assertUsageError(Scripts.run(limit, "watch", "--remote-write", "notaurl", "--count", "1"),
                "watch: Invalid value for option '--remote-write': 'notaurl': expected an http:// or https:// URL,"
                        + " e.g. http://prometheus:9090/api/v1/write");
        assertUsageError(Scripts.run(limit, "watch", "--url", "-", "--count", "1"),
                "watch: standard input (-) can be read only once; watch needs a target it can scrape again (an http(s):// URL or file:PATH)");
        Project.Run mistyped = Scripts.run(limit, "scrape", "--ulr", "http://127.0.0.1:1/metrics");
        assertUsageError(mistyped, "scrape: unknown option '--ulr' and 1 unexpected argument (not shown)");
        assertThat(mistyped.stderr()).contains("Did you mean --url?");
    }

    @Test
    void everyScriptsHelpListsItsExitCodes() throws Exception {
        for (String script : new String[] {"render.java", "demo.java"}) {
            Project.Run help = Project.jbang(300, script, "--help");
            assertThat(help.exit()).as(help.stderr()).isZero();
            assertThat(help.stdout()).as(script).contains("Exit status:").containsPattern("\\n\\s+0\\s+the page was written")
                    .containsPattern("\\n\\s+2\\s+usage error");
        }
    }
}
