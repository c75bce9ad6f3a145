package scrape;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What to scrape and how, as the options say it; {@link Targets} turns it into the targets.
 *
 * @param url          the one unnamed target ({@code --url}), or null for {@code $COPPICE_METRICS_URL} or the default
 * @param namedTargets {@code NAME=URL} entries as typed, in order
 * @param targetsFile  a file of {@code NAME URL} lines, or null
 * @param timeout      limit of each scrape
 * @param timeoutGiven whether the timeout was given rather than defaulted (a watch warns about one over its interval)
 * @param format       how to pick the exposition format
 * @param maxBytes     largest body accepted, in bytes after decompression
 * @param auth         headers and credentials
 * @param tls          TLS of https:// targets
 */
public record TargetSettings(String url, List<String> namedTargets, Path targetsFile, Duration timeout, boolean timeoutGiven,
        Scraper.FormatChoice format, long maxBytes, TargetAuth auth, TlsSettings tls) {}
