//DEPS info.picocli:picocli:4.7.7
package scrape;

import cli.Cli;
import cli.FileErrors;
import http.Redaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The command-line options that say what to scrape and how, shared by {@code scrape} and {@code watch}
 * (a picocli mixin). Secrets are only ever read from files, so they never show in {@code ps} or shell history.
 */
public final class TargetOptions {
    /** Where the target is when neither {@code --url} nor {@code $COPPICE_METRICS_URL} says: the simulated gateway's default. */
    public static final String DEFAULT_URL = "http://127.0.0.1:9464/metrics";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private Map<String, String> requestHeaders;
    private javax.net.ssl.SSLContext tls;

    @Option(names = "--url", paramLabel = "URL",
            description = "Target: http(s)://host:port/metrics, file:PATH, or - for standard input. "
                    + "Default: $COPPICE_METRICS_URL, else " + DEFAULT_URL)
    String url;

    @Option(names = "--target", paramLabel = "NAME=URL",
            description = "A named target; repeatable, to scrape several targets (concurrently in watch). "
                    + "Their records carry \"instance\":\"NAME\". Not with --url.")
    List<String> namedTargets = new ArrayList<>();

    @Option(names = "--targets", paramLabel = "FILE",
            description = "Named targets from a file: one 'NAME URL' per line; blank lines and # comments are skipped.")
    Path targetsFile;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = Cli.DurationConverter.class,
            description = "Limit for the whole scrape, body included (e.g. 500ms, 10s). Default: ${DEFAULT-VALUE}")
    Duration timeout;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "auto (by the response's Content-Type; text 0.0.4 when none), prometheus (text 0.0.4) or openmetrics. Default: ${DEFAULT-VALUE}")
    String format;

    @Option(names = "--max-bytes", paramLabel = "SIZE", defaultValue = "64MiB", converter = SizeConverter.class,
            description = "Largest body accepted, after decompression (e.g. 512KiB, 64MiB). Default: 64MiB")
    long maxBytes;

    @Option(names = "--header", paramLabel = "'NAME: VALUE'",
            description = "Extra request header; repeatable. Its value is never written anywhere.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--bearer-token-file", paramLabel = "FILE", description = "Send 'Authorization: Bearer <contents of FILE>'.")
    Path bearerTokenFile;

    @Option(names = "--basic-auth-user", paramLabel = "USER", description = "HTTP basic auth user; the password comes from --basic-auth-password-file.")
    String basicAuthUser;

    @Option(names = "--basic-auth-password-file", paramLabel = "FILE", description = "File holding the basic auth password.")
    Path basicAuthPasswordFile;

    @Option(names = "--no-credentials-across-hosts",
            description = "On a redirect to another host or port, send no credentials (user info, bearer token, basic auth, "
                    + "--header). Default: they follow the redirect, as in Prometheus 2.42.")
    boolean noCredentialsAcrossHosts;

    @Option(names = "--ca-cert", paramLabel = "FILE",
            description = "PEM certificate(s) to trust for an https:// target, instead of the JDK's roots.")
    Path caCert;

    @Option(names = "--client-cert", paramLabel = "FILE", description = "PEM client certificate for an https:// target (with --client-key).")
    Path clientCert;

    @Option(names = "--client-key", paramLabel = "FILE",
            description = "PEM private key of --client-cert, unencrypted PKCS#8 ('BEGIN PRIVATE KEY').")
    Path clientKey;

    @Option(names = "--insecure-skip-verify",
            description = "Accept any certificate and host name from an HTTPS target (prints a warning at every start).")
    boolean insecureSkipVerify;

    /** The target URL in effect: {@code --url}, else {@code $COPPICE_METRICS_URL}, else {@link #DEFAULT_URL}. */
    private String target() {
        if (url != null) return url;
        String fromEnv = System.getenv("COPPICE_METRICS_URL");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim() : DEFAULT_URL;
    }

    /** A target to scrape: its name (null for the single unnamed target of --url) and how to scrape it. */
    public record Target(String instance, Scraper.Settings settings) {}

    /**
     * Every target the options name: those of {@code --target} and {@code --targets} in the order given, or else the
     * one unnamed target of {@link #target()}. The authentication, TLS and limit options apply to each.
     *
     * @throws ParameterException (a usage error, exit status 2) naming the option, file line and what is wrong
     */
    public List<Target> toTargets() {
        Map<String, String> named = new LinkedHashMap<>();
        for (String entry : namedTargets) {
            int eq = entry.indexOf('=');
            if (eq <= 0) throw usage("--target: expected NAME=URL, found '" + Redaction.url(entry) + "'");
            addNamed(named, entry.substring(0, eq).trim(), entry.substring(eq + 1).trim(), "--target");
        }
        if (targetsFile != null) {
            List<String> lines;
            try {
                lines = Files.readAllLines(targetsFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw usage("--targets: cannot read " + targetsFile + ": " + FileErrors.reason(e));
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] parts = line.split("\\s+");
                if (parts.length != 2) {
                    throw usage("--targets: " + targetsFile + ", line " + (i + 1) + ": expected 'NAME URL', found '" + Redaction.url(line) + "'");
                }
                addNamed(named, parts[0], parts[1], "--targets: " + targetsFile + ", line " + (i + 1));
            }
        }
        if (named.isEmpty()) return List.of(new Target(null, settingsFor(target())));
        if (url != null) throw usage("--url and --target/--targets exclude each other: name every target with --target NAME=URL");
        List<Target> targets = new ArrayList<>();
        named.forEach((name, address) -> targets.add(new Target(name, settingsFor(address))));
        return targets;
    }

    private void addNamed(Map<String, String> named, String name, String address, String where) {
        if (!name.matches("[A-Za-z0-9_.:-]+")) {
            throw usage(where + ": target name '" + name + "' may hold only letters, digits and _ . : -");
        }
        if (address.isEmpty()) throw usage(where + ": no URL for target '" + name + "'");
        if (named.putIfAbsent(name, address) != null) throw usage(where + ": target name '" + name + "' is used twice");
    }

    /** Checks the options together and builds the scraper settings of one target, reading secret files (once). */
    private Scraper.Settings settingsFor(String address) {
        String unsupported = Scraper.unsupportedTarget(address);
        if (unsupported != null) throw usage(unsupported);
        Scraper.FormatChoice choice;
        try {
            choice = Scraper.FormatChoice.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--format: expected auto, prometheus or openmetrics, found '" + format + "'");
        }
        return new Scraper.Settings(address, timeout, choice, maxBytes, requestHeaders(), tlsContext(address), noCredentialsAcrossHosts);
    }

    /** The extra request headers of every target (secret files are read once, whatever the number of targets). */
    private Map<String, String> requestHeaders() {
        if (requestHeaders != null) return requestHeaders;
        Map<String, String> extra = new LinkedHashMap<>();
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0) throw usage("--header: expected 'Name: value', found '" + header.split(":")[0] + "...'");
            extra.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        if (bearerTokenFile != null && basicAuthUser != null) throw usage("--bearer-token-file and --basic-auth-user exclude each other");
        if (bearerTokenFile != null) extra.put("Authorization", "Bearer " + readSecret(bearerTokenFile, "--bearer-token-file"));
        if (basicAuthUser != null) {
            if (basicAuthPasswordFile == null) throw usage("--basic-auth-user needs --basic-auth-password-file");
            String password = readSecret(basicAuthPasswordFile, "--basic-auth-password-file");
            extra.put("Authorization", "Basic " + Base64.getEncoder().encodeToString((basicAuthUser + ":" + password).getBytes(StandardCharsets.UTF_8)));
        } else if (basicAuthPasswordFile != null) {
            throw usage("--basic-auth-password-file needs --basic-auth-user");
        }
        requestHeaders = Map.copyOf(extra);
        return requestHeaders;
    }

    private javax.net.ssl.SSLContext tlsContext(String address) {
        boolean anyTls = caCert != null || clientCert != null || clientKey != null || insecureSkipVerify;
        if (anyTls && !address.startsWith("https://")) {
            throw usage("--ca-cert, --client-cert, --client-key and --insecure-skip-verify apply to https:// targets only, not "
                    + Redaction.url(address));
        }
        if (insecureSkipVerify) {
            System.err.println("warning: --insecure-skip-verify: the certificate of " + Redaction.url(address)
                    + " is not checked; anyone on the network path can read or alter the scrape");
        }
        if (tls == null) {
            try {
                tls = Tls.context(caCert, clientCert, clientKey, insecureSkipVerify);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        return tls;
    }

    private String readSecret(Path file, String option) {
        try {
            String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (secret.isEmpty()) throw usage(option + ": " + file + " is empty");
            return secret;
        } catch (IOException e) {
            throw usage(option + ": cannot read " + file + ": " + FileErrors.reason(e));
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Reads sizes in bytes: a whole number with an optional unit B, KB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024). */
    public static final class SizeConverter implements ITypeConverter<Long> {
        private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KB|MB|GB|KiB|MiB|GiB)?");

        @Override
        public Long convert(String value) {
            Matcher m = SIZE.matcher(value.trim());
            if (!m.matches()) throw new TypeConversionException("invalid size '" + value + "': expected e.g. 1048576, 512KiB, 64MiB");
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "B" : m.group(2);
            long factor = switch (unit) {
                case "KB" -> 1000L;
                case "MB" -> 1000L * 1000;
                case "GB" -> 1000L * 1000 * 1000;
                case "KiB" -> 1024L;
                case "MiB" -> 1024L * 1024;
                case "GiB" -> 1024L * 1024 * 1024;
                default -> 1L;
            };
            if (n <= 0) throw new TypeConversionException("invalid size '" + value + "': must be positive");
            // Bodies are held in one Java array, so 2 GiB is the most a scrape can take in.
            if (n > LimitedBuffer.MAX_BYTES / factor) {
                throw new TypeConversionException("invalid size '" + value + "': at most 2GiB - 16 bytes (" + LimitedBuffer.MAX_BYTES + ")");
            }
            return n * factor;
        }
    }
}
