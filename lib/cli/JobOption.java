//DEPS info.picocli:picocli:4.7.7
package cli;

import picocli.CommandLine.Option;

/** The job label of the series Prometheus gets ({@code --job}; a picocli mixin of {@code export} and {@code watch}). */
public final class JobOption {
    @Option(names = "--job", paramLabel = "NAME", defaultValue = "coppice",
            description = "The job label of the exported or remote-written series. Default: ${DEFAULT-VALUE}")
    String job;

    /** The job label's value. */
    public String job() {
        return job;
    }
}
