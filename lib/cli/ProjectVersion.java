//DEPS info.picocli:picocli:4.7.7
package cli;

import picocli.CommandLine.IVersionProvider;

/** The version every script reports with {@code --version} and in its HTTP User-Agent. */
public final class ProjectVersion implements IVersionProvider {
    /** This release of coppice-metrics. */
    public static final String VERSION = "0.1.0";

    /** The User-Agent header of every scrape, e.g. {@code coppice-metrics/0.1.0}. */
    public static final String USER_AGENT = "coppice-metrics/" + VERSION;

    @Override
    public String[] getVersion() {
        return new String[] {"coppice-metrics " + VERSION + " (Java " + Runtime.version() + ")"};
    }
}
