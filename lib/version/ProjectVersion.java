package version;

/** The version every script reports with {@code --version} and in its HTTP User-Agent. */
public final class ProjectVersion {
    /** This release of coppice-metrics. */
    public static final String VERSION = "0.1.0";

    /** The User-Agent header of every scrape and remote write, e.g. {@code coppice-metrics/0.1.0}. */
    public static final String USER_AGENT = "coppice-metrics/" + VERSION;

    private ProjectVersion() {}

    /** The line {@code --version} prints, e.g. {@code coppice-metrics 0.1.0 (Java 17.0.12+7)}. */
    public static String describe() {
        return "coppice-metrics " + VERSION + " (Java " + Runtime.version() + ")";
    }
}
