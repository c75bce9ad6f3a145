package cli;

import units.Durations;
import static org.assertj.core.api.Assertions.assertThat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** How every script starts and ends (issue 14, section 2): exit 2 with a sentence, never a stack trace. */
class CliTest {
    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        @Option(names = "--url") String url;
        @Option(names = "--header") List<String> headers;
        @Option(names = "--interval", converter = Converters.DurationConverter.class) Duration interval;
        @Option(names = "--timeout", converter = Converters.DurationConverter.class) Duration timeout;
        @Option(names = "--fail") String failWith;

        @Override
        public Integer call() {
            if (failWith != null) throw new IllegalArgumentException("invalid header value: \"" + failWith + "\"");
            if (interval != null) return (int) (interval.toMillis() / interval.toMillis());
            return 0;
        }
    }

    record Outcome(int exit, String stderr) {}

    static Outcome run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = Cli.run(new Probe(), args);
            System.err.flush();
            return new Outcome(exit, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void hugeDurationsAreAUsageErrorWithASentence() {
        for (String option : new String[] {"--interval", "--timeout"}) {
            Outcome out = run(option, "999999999y");
            assertThat(out.exit()).isEqualTo(2);
            assertThat(out.stderr()).startsWith("probe: Invalid value for option '" + option + "': duration '999999999y' is too long: at most 100y")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(run("--interval", "100y").exit()).isEqualTo(1);
    }

    @Test
    void anExceptionThatEscapesIsOneLineWithoutItsMessage() {
        Outcome out = run("--fail", "Bearer SECRET-marker");
        assertThat(out.exit()).isEqualTo(1);
        assertThat(out.stderr()).startsWith("probe: internal error: java.lang.IllegalArgumentException at cli.CliTest$Probe.call(")
                .doesNotContain("SECRET-marker").doesNotContain("\tat ");
        assertThat(out.stderr().lines()).hasSize(1);
    }

    @Test
    void aMistypedOptionGetsTheNearestAndItsValueIsNotEchoed() {
        Outcome out = run("--ulr", "http://admin:S3cret@h/metrics");
        assertThat(out.exit()).isEqualTo(2);
        assertThat(out.stderr()).isEqualTo("probe: unknown option '--ulr' and 1 unexpected argument (not shown)\n"
                + "Did you mean --url?\nTry 'probe --help' for more information.\n");
        Outcome header = run("--heder=Authorization: Bearer SECRET");
        assertThat(header.stderr()).contains("unknown option '--heder'").contains("Did you mean --header?").doesNotContain("SECRET");
        assertThat(run("--timout", "5s").stderr()).contains("Did you mean --timeout?");
    }

    @Command(name = "window")
    static final class Window implements Callable<Integer> {
        @picocli.CommandLine.Mixin WindowOptions window;

        @Override
        public Integer call() {
            window.window();
            return 0;
        }
    }

    @Test
    void aWindowBeforeAnyTimeIsAUsageError() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Cli.run(new Window(), "--to", "-999999999-01-01T00:00:00Z", "--since", "100y");
        } finally {
            System.setErr(saved);
        }
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("window: --since 36500d before --to -999999999-01-01T00:00:00Z"
                + " is earlier than any time can be");
    }

    @Test
    void anAtFileIsNotReadAsArguments(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path token = java.nio.file.Files.writeString(dir.resolve("token"), "--timeout SECRET-marker\n");
        Outcome out = run("@" + token);
        assertThat(out.exit()).isEqualTo(2);
        assertThat(out.stderr()).startsWith("probe: 1 unexpected argument (not shown)").doesNotContain("SECRET-marker");
    }

    @Test
    void editDistanceCountsASwapOfNeighboursAsOne() {
        assertThat(Cli.editDistance("--ulr", "--url")).isEqualTo(1);
        assertThat(Cli.editDistance("--url", "--url")).isZero();
        assertThat(Cli.editDistance("--tiemout", "--timeout")).isEqualTo(1);
        assertThat(Cli.editDistance("--x", "--url")).isEqualTo(3);
    }

    @Test
    void durationsLongerThanTheLimitAreRefusedAlsoWhenSplitInParts() {
        Supplier<String> max = () -> Durations.MAX.toDays() + "d";
        assertThat(Durations.parse(max.get())).isEqualTo(Durations.MAX);
        assertThat(Durations.parse("100y")).isEqualTo(Durations.MAX);
        for (String tooLong : new String[] {"101y", "999999999y", "100y1ms", "999999999w999999999w999999999w", "999999999d"}) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Durations.parse(tooLong))).as(tooLong)
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("duration '" + tooLong + "' is too long: at most 100y");
        }
    }
}
