//DEPS info.picocli:picocli:4.7.7
package cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import units.Durations;

/** Option values of the project's own kinds that several scripts take, each read by the floor that owns its syntax. */
public final class Converters {
    private Converters() {}

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
