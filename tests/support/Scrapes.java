package support;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import scrape.Scraper;
import scrape.Watcher;

/** Scrapers and watches as most tests want them: format by Content-Type, no extra headers, the JDK's TLS defaults. */
public final class Scrapes {
    private Scrapes() {}

    /**
     * Settings for {@code target} (an http(s) URL, {@code file:PATH} or {@code -}).
     *
     * @param timeout  limit for the whole scrape
     * @param maxBytes largest body accepted, in bytes after decompression
     */
    public static Scraper.Settings settings(String target, Duration timeout, long maxBytes) {
        return new Scraper.Settings(target, timeout, Scraper.FormatChoice.AUTO, maxBytes, Map.of(), null);
    }

    /** An unnamed scraper of {@link #settings}. */
    public static Scraper scraper(String target, Duration timeout, long maxBytes) {
        return new Scraper(settings(target, timeout, maxBytes), null);
    }

    /** A watch of one target whose records go nowhere else than the day files under {@code dataDir}. */
    public static Watcher watcher(Scraper scraper, Duration interval, long count, Path dataDir, PrintStream status) {
        return new Watcher(List.of(scraper), interval, count, dataDir, status, record -> {});
    }

    /**
     * A successful scrape as the page reads it, at {@code seconds} after the epoch, of the given series and values:
     * {@code compactUp(30, "a_total", 5, "b", 1.5)}.
     */
    public static record.CompactRecord compactUp(long seconds, Object... keyValues) {
        String[] keys = new String[keyValues.length / 2];
        double[] values = new double[keys.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = (String) keyValues[2 * i];
            values[i] = ((Number) keyValues[2 * i + 1]).doubleValue();
        }
        return new record.CompactRecord(seconds * 1000, true, keys, values, null);
    }
}
