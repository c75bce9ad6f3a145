package panels;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a panel's values measure, as a panel file names it, and how an axis writes them: bytes with binary prefixes
 * (KiB, MiB, GiB, as Grafana's "bytes(IEC)"), bits/s and counts with decimal ones (k, M, G), ratios as percent.
 */
public enum PanelUnit {
    SECONDS("seconds"), BYTES("bytes"), BYTES_PER_SECOND("bytes/s"), BITS_PER_SECOND("bits/s"), PERCENT("percent"),
    RATIO("ratio"), PER_SECOND("per second"), COUNT("count");

    private final String word;

    PanelUnit(String word) {
        this.word = word;
    }

    /** The unit's name in a panel file. */
    public String word() {
        return word;
    }

    /** The unit a panel file names, or null when the word names none. */
    public static PanelUnit of(String word) {
        for (PanelUnit u : values()) if (u.word.equals(word.trim().toLowerCase(Locale.ROOT))) return u;
        return null;
    }

    /** Every unit's name, for an error message. */
    public static String words() {
        return Arrays.stream(values()).map(u -> "\"" + u.word + "\"").collect(Collectors.joining(", "));
    }

    /**
     * A value written for an axis or a table cell with a readable prefix and three significant digits, e.g.
     * {@code 1.50 GiB}, {@code 12.5 k/s}, {@code 87.3 %} (a ratio of 0.873), {@code 250 ms}; NaN as {@code NaN}.
     */
    public String format(double value) {
        if (Double.isNaN(value)) return "NaN";
        if (Double.isInfinite(value)) return value > 0 ? "+Inf" : "-Inf";
        return switch (this) {
            case BYTES -> binary(value, "B");
            case BYTES_PER_SECOND -> binary(value, "B/s");
            case BITS_PER_SECOND -> decimal(value, "bit/s");
            case PER_SECOND -> decimal(value, "/s");
            case COUNT -> decimal(value, "");
            case PERCENT -> significant(value) + " %";
            case RATIO -> significant(value * 100) + " %";
            case SECONDS -> seconds(value);
        };
    }

    /** The factor from a stored value to what the axis shows (100 for a ratio shown as percent, otherwise 1). */
    public double displayFactor() {
        return this == RATIO ? 100 : 1;
    }

    /**
     * An axis for values up to {@code maxAbs}: the divisor applied to every value drawn and the axis title naming the
     * prefixed unit, e.g. {@code (1073741824, "GiB")} for bytes up to some GiB, {@code (0.01, "%")} for a ratio.
     */
    public record Axis(double divisor, String title) {}

    /** The axis for values up to {@code maxAbs} (NaN or 0 for none: the unit without a prefix). */
    public Axis axis(double maxAbs) {
        double a = Double.isFinite(maxAbs) ? Math.abs(maxAbs) : 0;
        return switch (this) {
            case BYTES -> prefixed(a, 1024, BINARY, "B");
            case BYTES_PER_SECOND -> prefixed(a, 1024, BINARY, "B/s");
            case BITS_PER_SECOND -> prefixed(a, 1000, DECIMAL, "bit/s");
            case PER_SECOND -> prefixed(a, 1000, DECIMAL, "/s");
            case COUNT -> {
                Axis x = prefixed(a, 1000, DECIMAL, "");
                yield x.title().isEmpty() ? new Axis(1, "count") : new Axis(x.divisor(), "count (" + x.title() + ")");
            }
            case PERCENT -> new Axis(1, "%");
            case RATIO -> new Axis(0.01, "%");
            case SECONDS -> a == 0 || a >= 1 ? new Axis(1, "s") : a >= 1e-3 ? new Axis(1e-3, "ms") : a >= 1e-6 ? new Axis(1e-6, "µs") : new Axis(1e-9, "ns");
        };
    }

    private static Axis prefixed(double a, double base, String[] prefixes, String unit) {
        int i = 0;
        double divisor = 1;
        while (a >= base && i < prefixes.length - 1) {
            a /= base;
            divisor *= base;
            i++;
        }
        return new Axis(divisor, prefixes[i] + unit);
    }

    private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final String[] DECIMAL = {"", "k", "M", "G", "T", "P", "E"};

    private static String binary(double v, String unit) {
        return scaled(v, unit, 1024, BINARY);
    }

    private static String decimal(double v, String unit) {
        return scaled(v, unit, 1000, DECIMAL);
    }

    /** {@code v} divided by {@code base} while it is that large, with the prefix of the times divided. */
    private static String scaled(double v, String unit, double base, String[] prefixes) {
        int i = 0;
        while (Math.abs(v) >= base && i < prefixes.length - 1) {
            v /= base;
            i++;
        }
        String suffix = prefixes[i] + unit;
        return suffix.isEmpty() ? significant(v) : significant(v) + " " + suffix;
    }

    private static String seconds(double v) {
        double a = Math.abs(v);
        if (a == 0 || a >= 1) return significant(v) + " s";
        if (a >= 1e-3) return significant(v * 1e3) + " ms";
        if (a >= 1e-6) return significant(v * 1e6) + " µs";
        return significant(v * 1e9) + " ns";
    }

    /** Three significant digits, no exponent, trailing zeros after the point kept (as an axis writes them). */
    static String significant(double v) {
        if (v == 0) return "0";
        double a = Math.abs(v);
        int decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : Math.min(9, 2 - (int) Math.floor(Math.log10(a)));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
