//DEPS info.picocli:picocli:4.7.7
package cli;

import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's own defaults for options of shared mixins (picocli asks a command's {@code defaultValueProvider} before an
 * option's {@code defaultValue}), so that an option is declared once and each command's help shows its own default.
 */
public final class OwnDefaults {
    private OwnDefaults() {}

    /**
     * {@code value} when {@code arg} is the option {@code longName} (e.g. {@code "--interval"}), else null (no opinion).
     */
    public static String of(ArgSpec arg, String longName, String value) {
        return arg instanceof OptionSpec option && option.longestName().equals(longName) ? value : null;
    }
}
