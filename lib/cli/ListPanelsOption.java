//DEPS info.picocli:picocli:4.7.7
package cli;

import picocli.CommandLine.Option;

/** {@code --list-panels} (a picocli mixin of {@code render}): print the panel sets instead of writing the page. */
public final class ListPanelsOption {
    @Option(names = "--list-panels",
            description = "Print which panel sets and panels the page shows and why, and write no page.")
    boolean list;

    /** Whether only the list of panel sets is wanted. */
    public boolean list() {
        return list;
    }
}
