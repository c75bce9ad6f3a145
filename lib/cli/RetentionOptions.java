//DEPS info.picocli:picocli:4.7.7
package cli;

import days.Retention;
import days.RetentionPolicy;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Retention and compression of the day files (a picocli mixin of {@code scrape} and {@code watch}): {@code --retain}
 * and {@code --no-compress}; it builds the days stage's {@link RetentionPolicy}.
 */
public final class RetentionOptions {
    @Option(names = {"--retain", "--prune"}, paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Delete day files whose day ended longer ago than this (e.g. 90d): scrape after its scrape (and then "
                    + "gzips closed days too), watch at start and hourly. Default: keep all.")
    Duration retain;

    @Option(names = "--no-compress",
            description = "Leave closed days plain. Default: gzip each day to YYYY-MM-DD.jsonl.gz once it ended over an hour ago "
                    + "(render and export read both).")
    boolean noCompress;

    /** Whether {@code --retain} was given. */
    public boolean retains() {
        return retain != null;
    }

    /** The policy: delete past {@code --retain} (null keeps all), gzip closed days unless {@code --no-compress}. */
    public RetentionPolicy policy() {
        return new RetentionPolicy(retain, noCompress ? null : Retention.DEFAULT_GRACE);
    }
}
