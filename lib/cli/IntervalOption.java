//DEPS info.picocli:picocli:4.7.7
package cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The time between the starts of two samples ({@code --interval}; a picocli mixin of {@code watch} and {@code demo}).
 * The default is watch's 30 s, Prometheus's own default scrape interval; a command that samples faster by default
 * (the demo) says so with {@link OwnDefaults}, so the option is still declared once and its help shows the right default.
 */
public final class IntervalOption {
    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "30s", converter = Converters.DurationConverter.class,
            description = "Time between the starts of two samples (e.g. 500ms, 5s, 1m). Default: ${DEFAULT-VALUE}")
    Duration interval;

    /** The interval between the starts of two samples. */
    public Duration interval() {
        return interval;
    }
}
