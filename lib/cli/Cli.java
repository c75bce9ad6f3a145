//DEPS info.picocli:picocli:4.7.7
package cli;

import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine;

/** How every script starts: picocli with the project's exit codes and short usage errors. */
public final class Cli {
    private Cli() {}

    /**
     * Runs a picocli command and returns its exit status: the command's own, or 2 for a usage error, which is
     * reported in one line plus a pointer to {@code --help} rather than the whole help text.
     */
    public static int run(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setParameterExceptionHandler((error, ignored) -> {
            PrintWriter err = error.getCommandLine().getErr();
            err.println(error.getCommandLine().getCommandName() + ": " + error.getMessage());
            err.println("Try '" + error.getCommandLine().getCommandName() + " --help' for more information.");
            return 2;
        });
        return cli.execute(args);
    }

    /** Reads option values such as {@code 500ms}, {@code 30s}, {@code 1m}, {@code 7d} (see {@link Durations}). */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
