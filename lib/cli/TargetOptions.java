//DEPS info.picocli:picocli:4.7.7
package cli;

import http.Printable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import scrape.Scraper;
import scrape.Target;
import scrape.TargetAuth;
import scrape.TargetSettings;
import scrape.Targets;
import scrape.TlsSettings;
import units.Sizes;

/**
 * What to scrape and how, with its authentication and TLS (a picocli mixin of {@code scrape} and {@code watch}); it
 * builds the scrape stage's {@link TargetSettings}, and {@link Targets} reads them. Secrets are only ever read from
 * files, so they never show in {@code ps} or shell history.
 */
public final class TargetOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL",
            description = "Target: http(s)://host:port/metrics, file:PATH, or - for standard input. "
                    + "Default: $COPPICE_METRICS_URL, else " + Targets.DEFAULT_URL)
    String url;

    @Option(names = "--target", paramLabel = "NAME=URL",
            description = "A named target; repeatable, to scrape several targets (concurrently in watch). "
                    + "Their records carry \"instance\":\"NAME\". Not with --url.")
    List<String> namedTargets = new ArrayList<>();

    @Option(names = "--targets", paramLabel = "FILE",
            description = "Named targets from a file: one 'NAME URL' per line; blank lines and # comments are skipped.")
    Path targetsFile;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = Converters.DurationConverter.class,
            description = "Limit for the whole scrape, body included (e.g. 500ms, 10s). Default: ${DEFAULT-VALUE}")
    Duration timeout;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto", converter = FormatConverter.class,
            description = "auto (by the response's Content-Type; text 0.0.4 when none), prometheus (text 0.0.4) or openmetrics. Default: auto")
    Scraper.FormatChoice format;

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

    /** The options as the scrape stage takes them. */
    public TargetSettings settings() {
        boolean timeoutGiven = spec.commandLine().getParseResult() != null && spec.commandLine().getParseResult().hasMatchedOption("--timeout");
        return new TargetSettings(url, List.copyOf(namedTargets), targetsFile, timeout, timeoutGiven, format, maxBytes,
                new TargetAuth(List.copyOf(headers), bearerTokenFile, basicAuthUser, basicAuthPasswordFile, noCredentialsAcrossHosts),
                new TlsSettings(caCert, clientCert, clientKey, insecureSkipVerify));
    }

    /**
     * Every target the options name ({@link Targets#of}); warnings go to stderr.
     *
     * @throws ParameterException (a usage error, exit status 2) naming the option, file line and what is wrong; a
     *                            secret (header value, token, password) is never part of the message
     */
    public List<Target> targets() {
        try {
            return Targets.of(settings(), System.err);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * The targets of a command that scrapes each again and again ({@link Targets#repeated}); warnings go to stderr.
     *
     * @param interval the time between two scrapes of a target
     * @throws ParameterException as {@link #targets()}, and for standard input
     */
    public List<Target> repeatedTargets(Duration interval) {
        try {
            return Targets.repeated(settings(), interval, System.err);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Reads sizes in bytes such as {@code 512KiB}, {@code 64MiB} (see {@link Sizes}). */
    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Sizes.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("invalid size '" + Printable.text(value, 100) + "': " + e.getMessage());
            }
        }
    }

    /** Reads {@code --format}: {@code auto}, {@code prometheus} or {@code openmetrics}, in any case. */
    static final class FormatConverter implements ITypeConverter<Scraper.FormatChoice> {
        @Override
        public Scraper.FormatChoice convert(String value) {
            try {
                return Scraper.FormatChoice.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected auto, prometheus or openmetrics, found '" + Printable.text(value, 100) + "'");
            }
        }
    }
}
