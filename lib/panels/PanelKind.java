package panels;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a panel draws its series: lines, stacked areas, or a table of each series' latest value. */
public enum PanelKind {
    LINES("lines"), STACKED("stacked area"), TABLE("table");

    private final String word;

    PanelKind(String word) {
        this.word = word;
    }

    /** The kind's name in a panel file. */
    public String word() {
        return word;
    }

    /** The kind a panel file names, or null when the word names none. */
    public static PanelKind of(String word) {
        for (PanelKind k : values()) if (k.word.equals(word.trim().toLowerCase(Locale.ROOT))) return k;
        return null;
    }

    /** Every kind's name, for an error message. */
    public static String words() {
        return Arrays.stream(values()).map(k -> "\"" + k.word + "\"").collect(Collectors.joining(", "));
    }
}
