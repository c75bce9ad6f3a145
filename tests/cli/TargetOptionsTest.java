package cli;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The target options' usage errors (issue 14, sections 1 and 2): exit 2 with a sentence that names the option or
 * file and what is wrong, never a secret's content, never a stack trace.
 */
class TargetOptionsTest {
    static final String SECRET = "SECRET-marker-" + System.nanoTime();

    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        @Mixin TargetOptions target;
        @Option(names = "--repeat", converter = Converters.DurationConverter.class) Duration repeat;
        List<scrape.Target> targets;

        @Override
        public Integer call() {
            targets = repeat == null ? target.targets() : target.repeatedTargets(repeat);
            return 0;
        }
    }

    record Outcome(int exit, String stderr, Probe probe) {}

    static Outcome run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            Probe probe = new Probe();
            int exit = Cli.run(probe, args);
            return new Outcome(exit, err.toString(StandardCharsets.UTF_8), probe);
        } finally {
            System.setErr(saved);
        }
    }

    static void assertUsageError(Outcome out, String firstLine) {
        assertThat(out.exit()).as(out.stderr()).isEqualTo(2);
        assertThat(out.stderr().lines().findFirst().orElse("")).isEqualTo(firstLine);
        assertThat(out.stderr()).doesNotContain(SECRET).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void headersTheHttpClientRefusesAreUsageErrors() {
        assertUsageError(run("--header", "Host: x"), "probe: --header: the header name 'Host' is set by the HTTP client itself and cannot be given");
        assertUsageError(run("--header", "Connection: close"),
                "probe: --header: the header name 'Connection' is set by the HTTP client itself and cannot be given");
        assertUsageError(run("--header", "Bad Name: v"),
                "probe: --header: the header name holds a space or tab (a header name is letters, digits and !#$%&'*+-.^_`|~ only)");
        assertUsageError(run("--header", "X-Ok: 1", "--header", "X-Token: " + SECRET + "\u20ac"),
                "probe: --header (2nd): the value of X-Token holds a non-ASCII character at character " + (SECRET.length() + 1)
                        + ", which a header cannot carry");
        assertUsageError(run("--header", "X-Token: a\r\n" + SECRET), "probe: --header: the value of X-Token holds a line break (CR or LF)"
                + " at character 2, which a header cannot carry");
        assertUsageError(run("--header", "Bearer " + SECRET), "probe: --header: expected 'Name: value' (no colon found; the text is not shown, it may be a secret)");
        // A secret typed where the name goes is not shown either.
        assertUsageError(run("--header", "Bearer " + SECRET + ": x"), "probe: --header: the header name holds a space or tab"
                + " (a header name is letters, digits and !#$%&'*+-.^_`|~ only)");
    }

    @Test
    void tokenFilesThatCannotBeSentAreUsageErrorsNamingTheFileAndTheProblem(@TempDir Path dir) throws Exception {
        String[][] cases = {
                {"crlf", SECRET + "\r\nX-Injected: 1", "holds a line break (CR or LF) at character " + (SECRET.length() + 1)},
                {"nul", SECRET + "\u0000", "holds a NUL character at character " + (SECRET.length() + 1)},
                {"euro", "\u20ac" + SECRET, "holds a non-ASCII character at character 1"},
        };
        for (String[] c : cases) {
            Path file = Files.writeString(dir.resolve(c[0]), c[1] + "\n", StandardCharsets.UTF_8);
            assertUsageError(run("--bearer-token-file", file.toString()),
                    "probe: --bearer-token-file: the token in " + file + " " + c[2] + ", which a header cannot carry");
        }
        Path latin1 = Files.write(dir.resolve("latin1"), (SECRET + "\u00e9").getBytes(StandardCharsets.ISO_8859_1));
        assertUsageError(run("--bearer-token-file", latin1.toString()), "probe: --bearer-token-file: cannot read " + latin1 + ": not valid UTF-8 text");
        Path ok = Files.writeString(dir.resolve("ok"), SECRET + "\n");
        Outcome both = run("--bearer-token-file", ok.toString(), "--header", "Authorization: Bearer x");
        assertUsageError(both, "probe: --header Authorization excludes --bearer-token-file and --basic-auth-user");
        Outcome good = run("--bearer-token-file", ok.toString());
        assertThat(good.exit()).isZero();
        assertThat(good.probe().targets.get(0).settings().headers()).containsEntry("Authorization", "Bearer " + SECRET);
    }

    @Test
    void targetsFilesThatAreNotUtf8OrHoldNoTargetAreUsageErrors(@TempDir Path dir) throws Exception {
        Path bad = Files.write(dir.resolve("bad"), "a http://h:1/metrics\nb http://x\u00ff:1/\n".getBytes(StandardCharsets.ISO_8859_1));
        assertUsageError(run("--targets", bad.toString()),
                "probe: --targets: " + bad + ", line 2: not valid UTF-8 (byte 11 of the line, byte 31 of the file)");
        Path empty = Files.writeString(dir.resolve("empty"), "# nothing yet\n\n");
        assertUsageError(run("--targets", empty.toString()), "probe: --targets: no targets in " + empty + " (only blank lines and # comments)");
        Path zero = Files.writeString(dir.resolve("zero"), "");
        assertUsageError(run("--targets", zero.toString()), "probe: --targets: no targets in " + zero + " (only blank lines and # comments)");
    }

    @Test
    void controlCharactersOfATargetsFileOrATargetAreShownEscapedInUsageErrors(@TempDir Path dir) throws Exception {
        Path nul = Files.writeString(dir.resolve("nul"), "a\u0000\u001b[2Jb\n");
        assertUsageError(run("--targets", nul.toString()),
                "probe: --targets: " + nul + ", line 1: expected 'NAME URL', found 'a\\x00\\x1B[2Jb'");
        Path name = Files.writeString(dir.resolve("name"), "a\u0007b http://h:1/metrics\n");
        assertUsageError(run("--targets", name.toString()),
                "probe: --targets: " + name + ", line 1: target name 'a\\x07b' may hold only letters, digits and _ . : -");
        assertUsageError(run("--target", "x\u0000y"), "probe: --target: expected NAME=URL, found 'x\\x00y'");
    }

    @Test
    void repeatedScrapesRefuseStandardInputAndWarnOfATimeoutLongerThanTheInterval() {
        assertUsageError(run("--url", "-", "--repeat", "1s"), "probe: standard input (-) can be read only once; watch needs a target"
                + " it can scrape again (an http(s):// URL or file:PATH)");
        assertUsageError(run("--target", "a=-", "--target", "b=-"), "probe: standard input (-) can be read by one target only");
        Outcome slow = run("--url", "http://127.0.0.1:1/metrics", "--repeat", "1s", "--timeout", "5s");
        assertThat(slow.exit()).isZero();
        assertThat(slow.stderr()).isEqualTo("warning: --timeout 5s is longer than --interval 1s: a target that is slow to answer"
                + " is scraped less often than every interval\n");
        assertThat(run("--url", "http://127.0.0.1:1/metrics", "--repeat", "1s").stderr()).as("default timeout").isEmpty();
        assertThat(run("--url", "-").exit()).as("one scrape may read standard input").isZero();
    }

    @Test
    void aTargetUrlWithAPasswordAndASyntaxErrorIsRecordedWithoutThePassword() {
        for (String url : new String[] {"http://admin:" + SECRET + "@127.0.0.1:9464/met|rics",
                "http://admin:" + SECRET + "@127.0.0.1:9464/metrics?a=b c", "http://admin:" + SECRET + "@127.0.0.1:9464/metrics%zz"}) {
            record.ScrapeRecord r = new scrape.Scraper(support.Scrapes.settings(url, Duration.ofSeconds(2), 1 << 20), null).scrape();
            assertThat(r.up()).isFalse();
            assertThat(r.error()).startsWith("invalid URL 'http://admin@127.0.0.1:9464/met").doesNotContain(SECRET);
            assertThat(r.target()).doesNotContain(SECRET);
        }
    }
}
