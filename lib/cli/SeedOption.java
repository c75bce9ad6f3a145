//DEPS info.picocli:picocli:4.7.7
package cli;

import picocli.CommandLine.Option;

/**
 * The seed of the simulated gateway's workload ({@code --seed}; a picocli mixin of {@code demo} and {@code gateway}).
 * Each command gives its own default through {@link OwnDefaults}: the demo a fixed one, so that its page can be
 * repeated, the gateway the current time.
 */
public final class SeedOption {
    @Option(names = "--seed", paramLabel = "N", description = "Seed of the random workload, to repeat a run. Default: ${DEFAULT-VALUE}")
    Long seed;

    /** The seed. */
    public long seed() {
        return seed;
    }
}
