package prom;

import days.DayFileReader;
import days.DayFiles;
import days.RecordTimes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import parse.MetricTypes;
import parse.Names;
import record.CompactRecord;
import record.ValueText;
import record.SeriesKey;

/**
 * Turns day files into one OpenMetrics 1.0 text exposition with a timestamp on every sample, the input of
 * {@code promtool tsdb create-blocks-from openmetrics} (Prometheus docs, "Backfilling from OpenMetrics format").
 *
 * <p>OpenMetrics wants all samples of a metric family together (OpenMetrics 1.0, "MetricFamily": families MUST NOT
 * be interleaved), while the day files hold every family in every record. So the records are read once, in time
 * order, and each sample line is appended to a temporary file ({@link FamilySpool}: at most
 * {@link FamilySpool#FILES} of them, however many families); the families are then copied out one after the other.
 * Memory stays flat: a bounded number of temp files and one record at a time; disk use is
 * about the size of the output. Within a family the lines stay in time order, so every series is in time order as
 * promtool requires.
 *
 * <p>Families and types (the record's {@code "types"} map, family to TYPE):
 * <ul>
 *   <li>a text-0.0.4 counter is declared with its sample name ({@code # TYPE x_total counter}); OpenMetrics names the
 *       family without the suffix: family {@code x}, TYPE counter, sample {@code x_total};</li>
 *   <li>a counter whose sample name does not end in {@code _total} (e.g. {@code coppice_execute_ns_sum} from a real
 *       gateway in text 0.0.4) cannot be an OpenMetrics counter without renaming it; it is exported under its own
 *       name as TYPE {@code unknown}, so PromQL queries by that name, and {@code rate()} on it, keep working;</li>
 *   <li>histogram, summary, gaugehistogram and info samples join their family by the OpenMetrics suffixes
 *       ({@code _bucket _count _sum _created _gcount _gsum _info});</li>
 *   <li>{@code untyped} becomes {@code unknown}; samples of families without a TYPE are {@code unknown};</li>
 *   <li>if two sample names would land in one family name with different types, the later one keeps its own name
 *       as an {@code unknown} family.</li>
 * </ul>
 *
 * <p>Only valid OpenMetrics is written, since promtool rejects a whole file for one bad line: a series whose metric
 * name or a label name breaks the parsers' rules ({@link Names}; say {@code bad name{x="1"}} from an older or
 * hand-edited day file), whose labels include {@code __name__}, or whose label value is not valid Unicode (a lone
 * surrogate escaped in the JSON) is left out, and counted in one warning.
 *
 * <p>Records dated later than now (plus {@link RecordTimes#DEFAULT_ALLOWANCE}) or outside their file's UTC day are
 * left out as the page leaves them out ({@link RecordTimes}), and counted in one warning each. For the export it
 * matters even more than for the page: Prometheus's time-based retention counts from the newest block's end, so
 * one block from 2099 would have a Prometheus delete every real block at its next compaction; and a record outside
 * its file's day breaks the per-target time order the export relies on.
 */
public final class OpenMetricsExport {
    private static final int MAX_WARNINGS = 20;

    private OpenMetricsExport() {}

    /**
     * What an export wrote and left out.
     *
     * @param days       day files read
     * @param records    records exported
     * @param samples    sample lines written
     * @param families   metric families written
     * @param badLines   lines that were not records (torn tails, garbage), skipped
     * @param outOfOrder records left out by the rule for records out of time order ({@link days.RecordOrder})
     * @param unreadFiles day files left out or not read to their end (a damaged gzip), each named in a warning
     * @param invalidSeries samples left out because their series' name or labels are not valid OpenMetrics
     * @param future     records left out because they are dated later than now plus the allowance
     * @param otherDay   records left out because they are dated outside their file's UTC day
     */
    public record Summary(int days, long records, long samples, int families, long badLines, long outOfOrder, int unreadFiles,
            long invalidSeries, long future, long otherDay) {}

    /** A metric family of the export: its name, TYPE and number in the {@link FamilySpool}. */
    private record Family(String name, String type, int id) {}

    /**
     * Exports the records with {@code from <= ts <= to} from the given days (oldest first) to {@code out}, ending
     * with {@code # EOF}. The days are read by the page's own reader ({@link DayFileReader}): the same files
     * ({@link DayFiles#sources}), the same malformed lines skipped and named, the same records left out for their
     * dates ({@link RecordTimes}) and the same rule for records out of time order ({@link days.RecordOrder}), so
     * page and export agree record for record. Each day's files are named just before they are read, so a day that
     * retention compressed meanwhile is read from its new file. A file that cannot be read to its end is read up to
     * there, with a warning naming it. The samples are {@link ScrapeLoops}'s (the report series; no stale markers,
     * which backfilled data cannot carry). Invalid series are left out (see the class comment).
     *
     * @param days     the day files, oldest first (see {@link DayFiles#days})
     * @param from     earliest record timestamp, or null
     * @param to       latest record timestamp, or null
     * @param job      value of the {@code job} label
     * @param out      where the exposition goes (not closed)
     * @param tempDir  folder for the temp files (a fresh subfolder is made and removed)
     * @param warnings where warnings go (stderr for the script)
     * @throws IOException when the output or temp files cannot be written
     */
    public static Summary write(List<DayFiles.Day> days, Instant from, Instant to, String job, OutputStream out,
            Path tempDir, PrintStream warnings) throws IOException {
        return write(days, from, to, job, out, tempDir, warnings, RecordTimes.system());
    }

    /**
     * As {@link #write(List, Instant, Instant, String, OutputStream, Path, PrintStream)}, with the clock and allowance
     * for records in the future given.
     */
    public static Summary write(List<DayFiles.Day> days, Instant from, Instant to, String job, OutputStream out,
            Path tempDir, PrintStream warnings, RecordTimes times) throws IOException {
        Path work = Files.createTempDirectory(tempDir, "coppice-export-");
        FamilyFiles families = new FamilyFiles(work);
        try {
            DayFileReader reader = new DayFileReader(from, to, null, times);
            Exporter exporter = new Exporter(job, families, warnings);
            try {
                reader.read(days, exporter);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            printWarnings(reader, exporter, warnings);
            int written = families.copyOut(out);
            return new Summary(days.size(), exporter.records, exporter.samples, written, reader.malformed(),
                    reader.order().ahead() + reader.order().behind(), (int) reader.unreadFiles(), exporter.invalid, reader.future(),
                    reader.otherDay());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            families.delete();
        }
    }

    /** The reader's warnings (files, malformed lines, dates, order) and the export's own, each prefixed {@code export: }. */
    private static void printWarnings(DayFileReader reader, Exporter exporter, PrintStream warnings) {
        for (String w : reader.warnings()) warnings.println("export: " + (w.startsWith("warning: cannot read") ? w.substring("warning: ".length()) : w));
        String malformed = reader.malformedWarning();
        if (malformed != null) warnings.println("export: " + malformed);
        if (exporter.invalid > 0) {
            warnings.println("export: warning: left out " + exporter.invalid + (exporter.invalid == 1 ? " sample" : " samples")
                    + " of series that are not valid OpenMetrics, e.g. " + exporter.invalidExample);
        }
    }

    /** Turns each record the reader hands on into sample lines of their families' temp files. */
    private static final class Exporter implements Consumer<CompactRecord> {
        private final ScrapeLoops loops;
        private final FamilyFiles families;
        private final PrintStream warnings;
        private final Map<String, Family> bySampleName = new HashMap<>();
        private final StringBuilder line = new StringBuilder(256);
        long records, samples, invalid;
        String invalidExample;

        Exporter(String job, FamilyFiles families, PrintStream warnings) {
            // Backfilled data cannot carry stale markers (OpenMetrics has no such value): none are written.
            this.loops = new ScrapeLoops(job, false);
            this.families = families;
            this.warnings = warnings;
        }

        @Override
        public void accept(CompactRecord record) {
            List<PrometheusSamples.Sample> recordSamples;
            try {
                recordSamples = loops.next(record);
            } catch (IllegalArgumentException e) {
                invalidSample("a malformed series key: " + e.getMessage());
                return;
            }
            records++;
            for (PrometheusSamples.Sample sample : recordSamples) {
                Family f = familyOf(sample, record.types());
                if (f == null) continue;
                line.setLength(0);
                appendSample(line, sample);
                families.append(f, line);
                samples++;
            }
        }

        /** The family a sample goes to, or null (counted) when its series is not valid OpenMetrics. */
        private Family familyOf(PrometheusSamples.Sample sample, Map<String, String> types) {
            String why = invalidBecause(sample);
            if (why != null) {
                invalidSample(why);
                return null;
            }
            Family f = bySampleName.get(sample.name());
            if (f != null) return f;
            try {
                f = families.assign(sample.name(), types);
            } catch (IllegalArgumentException e) {
                invalidSample(e.getMessage());
                return null;
            }
            bySampleName.put(sample.name(), f);
            return f;
        }

        private void invalidSample(String why) {
            if (invalid++ == 0) invalidExample = why;
        }
    }

    /**
     * The metric families, in the order they were first seen (the report series first, as in a Prometheus scrape's
     * report), and their lines waiting in the {@link FamilySpool}.
     */
    private static final class FamilyFiles {
        private final Path work;
        private final FamilySpool spool;
        private final LinkedHashMap<String, Family> families = new LinkedHashMap<>();

        FamilyFiles(Path work) {
            this.work = work;
            this.spool = new FamilySpool(work);
            family(PrometheusSamples.UP, "gauge");
            family(PrometheusSamples.SCRAPE_DURATION, "gauge");
            family(PrometheusSamples.SAMPLES_SCRAPED, "gauge");
            family(PrometheusSamples.SAMPLES_POST_RELABELING, "gauge");
            family(PrometheusSamples.SERIES_ADDED, "gauge");
        }

        /** The family of a sample name not seen before, made on first use. */
        Family assign(String sampleName, Map<String, String> types) {
            String[] chosen = familyOf(sampleName, types);
            if (!Names.isMetricName(chosen[0])) chosen = new String[] {sampleName, "unknown"};
            Family f = families.get(chosen[0]);
            if (f == null) return family(chosen[0], chosen[1]);
            if (f.type().equals(chosen[1])) return f;
            Family own = families.get(sampleName);
            if (own == null) return family(sampleName, "unknown");
            if (own.type().equals("unknown") || own.type().equals("gauge")) return own;
            throw new IllegalArgumentException("sample " + sampleName + " fits no metric family: " + chosen[0] + " is a " + f.type()
                    + " and " + sampleName + " a " + own.type());
        }

        private Family family(String name, String type) {
            Family f = new Family(name, type, families.size());
            families.put(name, f);
            return f;
        }

        void append(Family f, CharSequence line) {
            try {
                spool.append(f.id(), line);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write temp file in " + work + ": " + e.getMessage(), e);
            }
        }

        /** Writes every family that has samples, each under its TYPE line, then {@code # EOF}; returns how many. */
        int copyOut(OutputStream out) throws IOException {
            List<Family> byId = new ArrayList<>(families.values());
            int written = spool.copyOut((id, o) -> o.write(("# TYPE " + byId.get(id).name() + " " + byId.get(id).type() + "\n")
                    .getBytes(StandardCharsets.UTF_8)), out);
            out.write("# EOF\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            return written;
        }

        /** Removes the temp files and their folder; after a failure (a full disk) the first failure is the one reported. */
        void delete() throws IOException {
            try {
                spool.closeAll();
            } catch (UncheckedIOException alreadyFailing) {
                // the temp files go with their folder below
            }
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Why a sample's series cannot be written as OpenMetrics (metric name, label names by {@link Names}, no
     * {@code __name__} label, label values of valid Unicode), in words with the offending name shown escaped; null
     * when it can.
     */
    static String invalidBecause(PrometheusSamples.Sample sample) {
        if (!Names.isMetricName(sample.name())) return "metric name \"" + printable(sample.name()) + "\"";
        for (Map.Entry<String, String> label : sample.labels().entrySet()) {
            if (!Names.isLabelName(label.getKey()) || label.getKey().equals("__name__")) {
                return "label name \"" + printable(label.getKey()) + "\" of " + sample.name();
            }
            if (!isValidUnicode(label.getValue())) return "label " + label.getKey() + " of " + sample.name() + ": a value that is not valid Unicode";
        }
        return null;
    }

    private static boolean isValidUnicode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            else if (Character.isSurrogate(c)) return false;
        }
        return true;
    }

    /** A name for a message: control characters and quotes escaped, at most 80 characters. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < 80; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || Character.isSurrogate(c)) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        if (out.length() >= 80) out.append("...");
        return out.toString();
    }

    /**
     * The OpenMetrics family and TYPE a sample is exported under: {@link MetricTypes#familyOf}, except that a counter
     * declared under a sample name without {@code _total} (text 0.0.4, e.g. {@code coppice_execute_ns_sum}) is
     * exported as {@code unknown} under its own name, since an OpenMetrics counter's samples are {@code _total} and
     * {@code _created} (OpenMetrics 1.0, "Counter").
     *
     * @return {@code [family, type]}
     */
    public static String[] familyOf(String sampleName, Map<String, String> types) {
        MetricTypes.Family family = MetricTypes.familyOf(sampleName, types);
        if (family.type().equals("counter") && family.name().equals(sampleName)) return new String[] {sampleName, "unknown"};
        return new String[] {family.name(), family.type()};
    }

    /** {@code name{label="value",...} value timestamp\n} with labels in name order. */
    static void appendSample(StringBuilder line, PrometheusSamples.Sample sample) {
        SeriesKey.append(line, sample.name(), sample.labels());
        line.append(' ').append(formatValue(sample.value())).append(' ').append(formatTimestamp(sample.timestampMs())).append('\n');
    }

    /** A sample value as OpenMetrics writes it: integers without a fraction, NaN, +Inf, -Inf. */
    static String formatValue(double v) {
        return ValueText.of(v);
    }

    /**
     * Epoch milliseconds as OpenMetrics seconds, {@code 1764411510.123}. Prometheus reads a timestamp as a float64
     * and truncates {@code ts * 1000} to an integer (model/textparse/openmetricsparse.go), which for about one
     * timestamp in 160 lands a millisecond early; those get the few more digits of the next doubles up that read
     * back to the exact millisecond (still within it, less than a microsecond later).
     */
    public static String formatTimestamp(long epochMs) {
        String plain = Math.floorDiv(epochMs, 1000) + "." + String.format(Locale.ROOT, "%03d", Math.floorMod(epochMs, 1000));
        double d = Double.parseDouble(plain);
        if ((long) (d * 1000) == epochMs) return plain;
        for (int i = 0; i < 16; i++) {
            d = Math.nextUp(d);
            if ((long) (d * 1000) == epochMs) return new BigDecimal(Double.toString(d)).toPlainString();
        }
        return plain;
    }
}
