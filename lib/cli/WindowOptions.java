//DEPS info.picocli:picocli:4.7.7
package cli;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import days.Window;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The time window of {@code render} and {@code export} (a picocli mixin): {@code --since}, or {@code --from} and
 * {@code --to} as RFC 3339 times. Day files outside the window are not opened.
 */
public final class WindowOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--since", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Only the last DURATION (e.g. 24h, 7d), counted back from --to or now. Default: everything.")
    Duration since;

    @Option(names = "--from", paramLabel = "TIME", description = "Only records at or after TIME (RFC 3339, e.g. 2026-11-29T00:00:00Z).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Only records at or before TIME (RFC 3339).")
    String to;

    /**
     * The window the options describe.
     *
     * @throws ParameterException (usage error, exit status 2) when a time is not RFC 3339, --since meets --from,
     *                            or --from is after --to
     */
    public Window window() {
        if (since != null && from != null) throw new ParameterException(spec.commandLine(), "--since and --from exclude each other");
        Instant end = to == null ? null : instant("--to", to);
        Instant start;
        try {
            start = from != null ? instant("--from", from) : since != null ? (end != null ? end : Instant.now()).minus(since) : null;
        } catch (java.time.DateTimeException e) {
            throw new ParameterException(spec.commandLine(), "--since " + units.Durations.format(since) + " before --to " + end
                    + " is earlier than any time can be");
        }
        if (start != null && end != null && start.isAfter(end)) {
            throw new ParameterException(spec.commandLine(), "--from " + start + " is after --to " + end);
        }
        return new Window(start, end);
    }

    private Instant instant(String option, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), option + ": expected an RFC 3339 time such as 2026-11-29T10:00:00Z, found '" + text + "'");
        }
    }
}
