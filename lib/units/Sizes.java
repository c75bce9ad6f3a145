package units;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in bytes as written on the command line: a whole number with an optional unit B, KB, MB, GB (powers of 1000)
 * or KiB, MiB, GiB (powers of 1024), e.g. {@code 1048576}, {@code 512KiB}, {@code 64MiB}.
 */
public final class Sizes {
    /** The largest size accepted: what one Java array can hold, where a scrape keeps its body. */
    public static final int MAX_BYTES = Integer.MAX_VALUE - 16;
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KB|MB|GB|KiB|MiB|GiB)?");

    private Sizes() {}

    /**
     * Parses a size.
     *
     * @param text the size as written
     * @return the size in bytes, from 1 to {@link #MAX_BYTES}
     * @throws IllegalArgumentException saying what is wrong, without quoting {@code text} (the caller names it):
     *                                  "expected e.g. ...", "must be positive" or "at most ..."
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) throw new IllegalArgumentException("expected e.g. 1048576, 512KiB, 64MiB");
        long n = Long.parseLong(m.group(1));
        long factor = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KB" -> 1000L;
            case "MB" -> 1000L * 1000;
            case "GB" -> 1000L * 1000 * 1000;
            case "KiB" -> 1024L;
            case "MiB" -> 1024L * 1024;
            case "GiB" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        if (n <= 0) throw new IllegalArgumentException("must be positive");
        if (n > MAX_BYTES / factor) throw new IllegalArgumentException("at most 2GiB - 16 bytes (" + MAX_BYTES + ")");
        return n * factor;
    }
}
