//DEPS info.picocli:picocli:4.7.7
package scrape;

import cli.Cli;
import cli.FileErrors;
import cli.KnownSecrets;
import http.Credentials;
import http.Printable;
import http.Redaction;
import http.RequestHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    // 16 MiB and not unlimited (Prometheus's default): one record of a body this large must fit the default heaps of
    // watch, render and export (bench/max-record.sh: a worst-case 16 MiB body renders and exports within -Xmx512m,
    // 32 MiB does not). Ten times the largest exporters seen here (node_exporter: 57 KB).
    @Option(names = "--max-bytes", paramLabel = "SIZE", defaultValue = "16MiB", converter = SizeConverter.class,
            description = "Largest body accepted, after decompression (e.g. 512KiB, 64MiB). Default: 16MiB, the largest that watch, "
                    + "render and export all hold with their default heaps; raise it together with their heaps (-R-Xmx).")
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
     * @throws ParameterException (a usage error, exit status 2) naming the option, file line and what is wrong; a
     *                            secret (header value, token, password) is never part of the message
     */
    public List<Target> toTargets() {
        Map<String, String> named = new LinkedHashMap<>();
        Credentials.rememberUrl(url);
        namedTargets.forEach(entry -> Credentials.rememberUrl(entry.substring(entry.indexOf('=') + 1)));
        for (String entry : namedTargets) {
            int eq = entry.indexOf('=');
            if (eq <= 0) throw usage("--target: expected NAME=URL, found '" + Redaction.shown(entry) + "'");
            addNamed(named, entry.substring(0, eq).trim(), entry.substring(eq + 1).trim(), "--target");
        }
        if (targetsFile != null) {
            List<String> lines = targetsFileLines();
            int before = named.size();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                for (String word : line.split("\\s+")) Credentials.rememberUrl(word);
                String[] parts = line.split("\\s+");
                if (parts.length != 2) {
                    throw usage("--targets: " + targetsFile + ", line " + (i + 1) + ": expected 'NAME URL', found '" + Redaction.shown(line) + "'");
                }
                addNamed(named, parts[0], parts[1], "--targets: " + targetsFile + ", line " + (i + 1));
            }
            if (named.size() == before) throw usage("--targets: no targets in " + targetsFile + " (only blank lines and # comments)");
        }
        if (named.isEmpty()) return List.of(new Target(null, settingsFor(target())));
        if (url != null) throw usage("--url and --target/--targets exclude each other: name every target with --target NAME=URL");
        if (named.values().stream().filter("-"::equals).count() > 1) {
            throw usage("standard input (-) can be read by one target only");
        }
        List<Target> targets = new ArrayList<>();
        named.forEach((name, address) -> targets.add(new Target(name, settingsFor(address))));
        return targets;
    }

    /**
     * {@link #toTargets()} for a command that scrapes each target again and again ({@code watch}): standard input
     * cannot be read twice, so {@code -} is a usage error; a {@code --timeout} given longer than the interval gets a
     * warning (a slow target is then scraped at most once per timeout, not once per interval). Prometheus 2.42 refuses
     * such a configuration (config/config.go, "scrape timeout greater than scrape interval").
     *
     * @param interval the time between two scrapes of a target
     * @param warnings where the warning goes (stderr)
     */
    public List<Target> toRepeatedTargets(Duration interval, java.io.PrintStream warnings) {
        List<Target> targets = toTargets();
        for (Target t : targets) {
            if (t.settings().target().equals("-")) {
                throw usage("standard input (-) can be read only once; watch needs a target it can scrape again"
                        + " (an http(s):// URL or file:PATH)");
            }
        }
        boolean timeoutGiven = spec.commandLine().getParseResult() != null && spec.commandLine().getParseResult().hasMatchedOption("--timeout");
        if (timeoutGiven && timeout.compareTo(interval) > 0) {
            warnings.println("warning: --timeout " + cli.Durations.format(timeout) + " is longer than --interval "
                    + cli.Durations.format(interval) + ": a target that is slow to answer is scraped less often than every interval");
        }
        return targets;
    }

    /** The lines of --targets, read as UTF-8; invalid UTF-8 is a usage error that names the line and byte. */
    private List<String> targetsFileLines() {
        byte[] bytes;
        try {
            bytes = cli.SmallFiles.read(targetsFile, cli.SmallFiles.LIST_BYTES);
        } catch (IOException e) {
            throw usage("--targets: cannot read " + targetsFile + ": " + FileErrors.reason(e));
        }
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer text = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult result = StandardCharsets.UTF_8.newDecoder().decode(in, text, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1, lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw usage("--targets: " + targetsFile + ", line " + line + ": not valid UTF-8 (byte " + (at - lineStart + 1)
                    + " of the line, byte " + at + " of the file)");
        }
        text.flip();
        return text.toString().lines().toList();
    }

    private void addNamed(Map<String, String> named, String name, String address, String where) {
        if (!name.matches("[A-Za-z0-9_.:-]+")) {
            throw usage(where + ": target name '" + Printable.text(name, 100) + "' may hold only letters, digits and _ . : -");
        }
        if (address.isEmpty()) throw usage(where + ": no URL for target '" + name + "'");
        if (named.putIfAbsent(name, address) != null) throw usage(where + ": target name '" + name + "' is used twice");
    }

    /** Checks the options together and builds the scraper settings of one target, reading secret files (once). */
    private Scraper.Settings settingsFor(String address) {
        Credentials.rememberUrl(address);
        String unsupported = Scraper.unsupportedTarget(address);
        if (unsupported != null) throw usage(unsupported);
        Scraper.FormatChoice choice;
        try {
            choice = Scraper.FormatChoice.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--format: expected auto, prometheus or openmetrics, found '" + Printable.text(format, 100) + "'");
        }
        return new Scraper.Settings(address, timeout, choice, maxBytes, requestHeaders(), tlsContext(address), noCredentialsAcrossHosts);
    }

    /**
     * The extra request headers of every target (secret files are read once, whatever the number of targets), each
     * checked by {@link RequestHeaders} so that the HTTP client never refuses one with a message that quotes it.
     */
    private Map<String, String> requestHeaders() {
        if (requestHeaders != null) return requestHeaders;
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            String header = headers.get(i);
            String which = headers.size() == 1 ? "--header" : "--header (" + ordinal(i + 1) + ")";
            int colon = header.indexOf(':');
            // The value is never shown, nor is a "name" without a colon: it may be the value alone.
            if (colon < 0) KnownSecrets.remember(header.strip());
            if (colon < 0) throw usage(which + ": expected 'Name: value' (no colon found; the text is not shown, it may be a secret)");
            String name = header.substring(0, colon).trim();
            String nameProblem = RequestHeaders.nameProblem(name);
            if (nameProblem != null) {
                // A name that is no token may be a secret typed in the wrong place: shown only when it is one (e.g. Host).
                throw usage(which + ": the header name " + (RequestHeaders.isToken(name) ? "'" + name + "' " : "") + nameProblem);
            }
            String value = header.substring(colon + 1).trim();
            Credentials.rememberHeader(name, value);
            String valueProblem = RequestHeaders.valueProblem(value);
            if (valueProblem != null) throw usage(which + ": the value of " + name + " " + valueProblem);
            extra.put(name, value);
        }
        boolean authorizationHeader = extra.keySet().stream().anyMatch(n -> n.equalsIgnoreCase("Authorization"));
        if (bearerTokenFile != null && basicAuthUser != null) throw usage("--bearer-token-file and --basic-auth-user exclude each other");
        if (authorizationHeader && (bearerTokenFile != null || basicAuthUser != null)) {
            throw usage("--header Authorization excludes --bearer-token-file and --basic-auth-user");
        }
        if (bearerTokenFile != null) {
            try {
                extra.put("Authorization", Credentials.bearer(bearerTokenFile, "--bearer-token-file"));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        if (basicAuthUser != null) {
            if (basicAuthPasswordFile == null) throw usage("--basic-auth-user needs --basic-auth-password-file");
            try {
                extra.put("Authorization", Credentials.basic(basicAuthUser, basicAuthPasswordFile, "--basic-auth-password-file"));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        } else if (basicAuthPasswordFile != null) {
            throw usage("--basic-auth-password-file needs --basic-auth-user");
        }
        requestHeaders = Map.copyOf(extra);
        return requestHeaders;
    }

    private static String ordinal(int n) {
        return n + (n % 100 / 10 == 1 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        });
    }

    private javax.net.ssl.SSLContext tlsContext(String address) {
        boolean anyTls = caCert != null || clientCert != null || clientKey != null || insecureSkipVerify;
        if (anyTls && !address.regionMatches(true, 0, "https://", 0, 8)) {
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

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Reads sizes in bytes: a whole number with an optional unit B, KB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024). */
    public static final class SizeConverter implements ITypeConverter<Long> {
        private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KB|MB|GB|KiB|MiB|GiB)?");

        @Override
        public Long convert(String value) {
            Matcher m = SIZE.matcher(value.trim());
            if (!m.matches()) throw new TypeConversionException("invalid size '" + Printable.text(value, 100) + "': expected e.g. 1048576, 512KiB, 64MiB");
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
