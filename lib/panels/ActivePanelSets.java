package panels;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import query.LabelMatcher;
import query.SeriesSource;
import query.StoredSeries;

/**
 * Which panel sets a page shows, and why: a set with {@code detect} metrics is shown when one of them has a series in
 * the page's window; a set without (a user's file) always is.
 */
public final class ActivePanelSets {
    private ActivePanelSets() {}

    /** A set with the decision and its reason in words ({@code render --list-panels} prints them). */
    public record Choice(PanelSet set, boolean active, String reason) {}

    /**
     * Decides for each set, in order, with one read of the source (all detect metrics in one selector).
     *
     * @param fromMs, toMs the page's window, Unix ms
     */
    public static List<Choice> choose(List<PanelSet> sets, SeriesSource source, long fromMs, long toMs) {
        Set<String> wanted = new LinkedHashSet<>();
        for (PanelSet s : sets) wanted.addAll(s.detect());
        Set<String> present = new HashSet<>();
        if (!wanted.isEmpty()) {
            String regex = String.join("|", wanted); // metric names hold no regex syntax (checked when read)
            for (StoredSeries s : source.select(List.of(LabelMatcher.of("__name__", LabelMatcher.Op.RE, regex)), fromMs, toMs)) {
                if (hasValue(s)) present.add(s.labels().get("__name__"));
            }
        }
        return choose(sets, present);
    }

    /**
     * Decides for each set, in order, from the metric names that have a sample in the page's window (what the page's
     * own read of the day files found), without reading the files again.
     */
    public static List<Choice> choose(List<PanelSet> sets, Set<String> present) {
        List<Choice> choices = new ArrayList<>();
        for (PanelSet set : sets) {
            if (set.detect().isEmpty()) {
                choices.add(new Choice(set, true, "always shown (no \"detect\" metrics)"));
                continue;
            }
            String found = set.detect().stream().filter(present::contains).findFirst().orElse(null);
            choices.add(found != null
                    ? new Choice(set, true, found + " has series in the window")
                    : new Choice(set, false, "none of " + set.detect() + " has a series in the window"));
        }
        return List.copyOf(choices);
    }

    private static boolean hasValue(StoredSeries s) {
        for (double v : s.values()) if (!query.Staleness.isStale(v)) return true;
        return false;
    }
}
