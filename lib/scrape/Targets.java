package scrape;

import http.Printable;
import http.Redaction;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import units.Durations;

/**
 * The targets that {@link TargetSettings} name: those of {@code --target} and {@code --targets} in the order given, or
 * else the one unnamed target of {@code --url}, {@code $COPPICE_METRICS_URL} or {@link #DEFAULT_URL}. The
 * authentication, TLS and limit settings apply to each; secret files are read once, whatever the number of targets.
 */
public final class Targets {
    /** Where the target is when neither {@code --url} nor {@code $COPPICE_METRICS_URL} says: the simulated gateway's default. */
    public static final String DEFAULT_URL = "http://127.0.0.1:9464/metrics";

    private Targets() {}

    /**
     * Every target the settings name.
     *
     * @param warnings where warnings go (stderr), e.g. that {@code --insecure-skip-verify} leaves a certificate unchecked
     * @throws IllegalArgumentException naming the option, file line and what is wrong; a secret (header value, token,
     *                                  password) is never part of the message
     */
    public static List<Target> of(TargetSettings settings, PrintStream warnings) {
        Map<String, String> named = new LinkedHashMap<>();
        for (String entry : settings.namedTargets()) {
            int eq = entry.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--target: expected NAME=URL, found '" + Redaction.shown(entry) + "'");
            addNamed(named, entry.substring(0, eq).trim(), entry.substring(eq + 1).trim(), "--target");
        }
        if (settings.targetsFile() != null) {
            int before = named.size();
            for (TargetsFile.Entry e : TargetsFile.read(settings.targetsFile())) addNamed(named, e.name(), e.url(), e.where());
            if (named.size() == before) {
                throw new IllegalArgumentException("--targets: no targets in " + settings.targetsFile() + " (only blank lines and # comments)");
            }
        }
        Builder builder = new Builder(settings, warnings);
        if (named.isEmpty()) return List.of(new Target(null, builder.settingsFor(unnamedUrl(settings.url()))));
        if (settings.url() != null) {
            throw new IllegalArgumentException("--url and --target/--targets exclude each other: name every target with --target NAME=URL");
        }
        if (named.values().stream().filter("-"::equals).count() > 1) {
            throw new IllegalArgumentException("standard input (-) can be read by one target only");
        }
        List<Target> targets = new ArrayList<>();
        named.forEach((name, address) -> targets.add(new Target(name, builder.settingsFor(address))));
        return targets;
    }

    /**
     * {@link #of} for a command that scrapes each target again and again ({@code watch}): standard input cannot be
     * read twice, so {@code -} is refused; a timeout given longer than the interval gets a warning (a slow target is
     * then scraped at most once per timeout, not once per interval). Prometheus 2.42 refuses such a configuration
     * (config/config.go, "scrape timeout greater than scrape interval").
     *
     * @param interval the time between two scrapes of a target
     * @param warnings where the warning goes (stderr)
     * @throws IllegalArgumentException as {@link #of}, and for standard input
     */
    public static List<Target> repeated(TargetSettings settings, Duration interval, PrintStream warnings) {
        List<Target> targets = of(settings, warnings);
        for (Target t : targets) {
            if (t.settings().target().equals("-")) {
                throw new IllegalArgumentException("standard input (-) can be read only once; watch needs a target it can scrape again"
                        + " (an http(s):// URL or file:PATH)");
            }
        }
        if (settings.timeoutGiven() && settings.timeout().compareTo(interval) > 0) {
            warnings.println("warning: --timeout " + Durations.format(settings.timeout()) + " is longer than --interval "
                    + Durations.format(interval) + ": a target that is slow to answer is scraped less often than every interval");
        }
        return targets;
    }

    /** The unnamed target: {@code --url}, else {@code $COPPICE_METRICS_URL}, else {@link #DEFAULT_URL}. */
    private static String unnamedUrl(String url) {
        if (url != null) return url;
        String fromEnv = System.getenv("COPPICE_METRICS_URL");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim() : DEFAULT_URL;
    }

    private static void addNamed(Map<String, String> named, String name, String address, String where) {
        if (!name.matches("[A-Za-z0-9_.:-]+")) {
            throw new IllegalArgumentException(where + ": target name '" + Printable.text(name, 100) + "' may hold only letters, digits and _ . : -");
        }
        if (address.isEmpty()) throw new IllegalArgumentException(where + ": no URL for target '" + name + "'");
        if (named.putIfAbsent(name, address) != null) throw new IllegalArgumentException(where + ": target name '" + name + "' is used twice");
    }

    /** Builds each target's scraper settings; the headers (secret files) and the TLS context are made once. */
    private static final class Builder {
        private final TargetSettings settings;
        private final PrintStream warnings;
        private Map<String, String> headers;
        private SSLContext tls;

        Builder(TargetSettings settings, PrintStream warnings) {
            this.settings = settings;
            this.warnings = warnings;
        }

        Scraper.Settings settingsFor(String address) {
            String unsupported = Scraper.unsupportedTarget(address);
            if (unsupported != null) throw new IllegalArgumentException(unsupported);
            if (headers == null) headers = settings.auth().requestHeaders();
            return new Scraper.Settings(address, settings.timeout(), settings.format(), settings.maxBytes(), headers,
                    tlsContext(address), settings.auth().credentialsStayOnHost());
        }

        private SSLContext tlsContext(String address) {
            TlsSettings t = settings.tls();
            if (t.any() && !address.regionMatches(true, 0, "https://", 0, 8)) {
                throw new IllegalArgumentException("--ca-cert, --client-cert, --client-key and --insecure-skip-verify apply to https://"
                        + " targets only, not " + Redaction.url(address));
            }
            if (t.insecureSkipVerify()) {
                warnings.println("warning: --insecure-skip-verify: the certificate of " + Redaction.url(address)
                        + " is not checked; anyone on the network path can read or alter the scrape");
            }
            if (tls == null) tls = Tls.context(t.caCert(), t.clientCert(), t.clientKey(), t.insecureSkipVerify());
            return tls;
        }
    }
}
