package panels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import query.Expr;
import query.LabelMatcher;
import query.SeriesSource;
import query.StoredSeries;
import prom.PrometheusSamples;

/**
 * The series every selector of a page's panels needs, read from the day files in one pass and then served from
 * memory: reading the files is the cost of a select, and a page of panels makes dozens. A select this read does not
 * cover (other matchers, or a time range beyond the one read) goes to the underlying source, so answers never differ
 * from the underlying source's.
 */
final class PrefetchedSource implements SeriesSource {
    private final SeriesSource source;
    private final Set<String> covered;
    private final List<StoredSeries> series;
    /** The series Prometheus adds for every scrape but {@code up}: read on the storage's slower path. */
    private static final List<String> REPORT_NAMES = List.of(PrometheusSamples.SCRAPE_DURATION,
            PrometheusSamples.SAMPLES_SCRAPED, PrometheusSamples.SAMPLES_POST_RELABELING, PrometheusSamples.SERIES_ADDED);
    private final long minT, maxT;

    private PrefetchedSource(SeriesSource source, Set<String> covered, List<StoredSeries> series, long minT, long maxT) {
        this.source = source;
        this.covered = covered;
        this.series = series;
        this.minT = minT;
        this.maxT = maxT;
    }

    /**
     * Reads, in one select over {@code [minT, maxT]}, every series any selector of {@code expressions} or any of the
     * extra matcher lists may select. When a selector has no metric name to narrow the read, nothing is prefetched.
     */
    static SeriesSource over(SeriesSource source, Collection<Expr> expressions, List<List<LabelMatcher>> extra, long minT, long maxT) {
        List<List<LabelMatcher>> selectors = new ArrayList<>(extra);
        for (Expr e : expressions) collect(e, selectors);
        // Two reads at most: the exposed series and up by name (the storage's fast path), and the other report series
        // (scrape_*), which need every record in full.
        Set<String> exposed = new LinkedHashSet<>(), report = new LinkedHashSet<>();
        Set<String> covered = new HashSet<>();
        for (List<LabelMatcher> matchers : selectors) {
            String alternative = nameAlternative(matchers);
            if (alternative == null) return source;
            java.util.regex.Pattern p = java.util.regex.Pattern.compile(alternative);
            (REPORT_NAMES.stream().anyMatch(n -> p.matcher(n).matches()) ? report : exposed).add(alternative);
            covered.add(key(matchers));
        }
        List<StoredSeries> all = new ArrayList<>();
        for (Set<String> names : List.of(exposed, report)) {
            if (!names.isEmpty()) all.addAll(source.select(List.of(LabelMatcher.of("__name__", LabelMatcher.Op.RE, String.join("|", names))), minT, maxT));
        }
        return new PrefetchedSource(source, covered, all, minT, maxT);
    }

    @Override
    public List<StoredSeries> select(List<LabelMatcher> matchers, long minTimeMs, long maxTimeMs) {
        if (minTimeMs < minT || maxTimeMs > maxT || !covered.contains(key(matchers))) return source.select(matchers, minTimeMs, maxTimeMs);
        List<StoredSeries> out = new ArrayList<>();
        for (StoredSeries s : series) {
            if (!matches(matchers, s)) continue;
            long[] t = s.timestampsMs();
            int from = lowerBound(t, minTimeMs), to = lowerBound(t, maxTimeMs + 1);
            if (from < to) out.add(new StoredSeries(s.labels(), Arrays.copyOfRange(t, from, to), Arrays.copyOfRange(s.values(), from, to)));
        }
        return out;
    }

    private static boolean matches(List<LabelMatcher> matchers, StoredSeries s) {
        for (LabelMatcher m : matchers) if (!m.matches(s.labels().get(m.name()))) return false;
        return true;
    }

    private static int lowerBound(long[] t, long value) {
        int i = Arrays.binarySearch(t, value);
        if (i < 0) return -i - 1;
        while (i > 0 && t[i - 1] == value) i--;
        return i;
    }

    /** The metric names a selector can match as a regex alternative, or null when it does not narrow them. */
    private static String nameAlternative(List<LabelMatcher> matchers) {
        for (LabelMatcher m : matchers) {
            if (!m.name().equals("__name__")) continue;
            if (m.op() == LabelMatcher.Op.EQ) return java.util.regex.Pattern.quote(m.value());
            if (m.op() == LabelMatcher.Op.RE) return "(?:" + m.value() + ")";
        }
        return null;
    }

    private static String key(List<LabelMatcher> matchers) {
        StringBuilder k = new StringBuilder();
        for (LabelMatcher m : matchers) k.append(m.name()).append('\u0000').append(m.op()).append('\u0000').append(m.value()).append('\u0001');
        return k.toString();
    }

    /** Adds the matchers of every selector of {@code e} to {@code out}. */
    static void collect(Expr e, List<List<LabelMatcher>> out) {
        if (e instanceof Expr.VectorSelector v) {
            out.add(v.matchers());
        } else if (e instanceof Expr.MatrixSelector m) {
            out.add(m.selector().matchers());
        } else if (e instanceof Expr.Subquery s) {
            collect(s.expr(), out);
        } else if (e instanceof Expr.Call c) {
            for (Expr a : c.args()) collect(a, out);
        } else if (e instanceof Expr.Aggregate a) {
            collect(a.expr(), out);
            if (a.param() != null) collect(a.param(), out);
        } else if (e instanceof Expr.Binary b) {
            collect(b.lhs(), out);
            collect(b.rhs(), out);
        } else if (e instanceof Expr.Unary u) {
            collect(u.expr(), out);
        } else if (e instanceof Expr.Paren p) {
            collect(p.expr(), out);
        }
    }
}
