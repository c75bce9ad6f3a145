package panels;

import days.DayFiles;
import days.RecordLines;
import http.Redaction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import record.RecordCodec;
import record.ScrapeRecord;

/**
 * The error of each outage's first failed scrape, read from the records themselves (the {@code up} series carries
 * only 0 or 1). Only the days of failed stretches are read, and of their lines only those of failed scrapes are
 * parsed. The text is shown as untrusted text that may quote a URL ({@link Redaction#shown}).
 */
public final class ScrapeErrors {
    private ScrapeErrors() {}

    /** The outages with the error of their first failed scrape, where a record has one; others unchanged. */
    public static List<Outages.Outage> attach(Path dataDir, List<Outages.Outage> outages) {
        Map<Long, String> wanted = new HashMap<>();
        long from = Long.MAX_VALUE, to = Long.MIN_VALUE;
        for (Outages.Outage o : outages) {
            if (!o.failed()) continue;
            wanted.put(o.fromMs(), null);
            from = Math.min(from, o.fromMs());
            to = Math.max(to, o.fromMs());
        }
        if (wanted.isEmpty()) return outages;
        Map<String, String> errors = new HashMap<>(); // instance + time -> error
        try {
            for (DayFiles.Day day : DayFiles.days(dataDir, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to))) {
                for (Path file : DayFiles.sources(day).files()) read(file, wanted, errors);
            }
        } catch (IOException e) {
            return outages; // the outages stay drawn, without their errors
        }
        List<Outages.Outage> out = new ArrayList<>(outages.size());
        for (Outages.Outage o : outages) {
            String error = o.failed() ? errors.get(o.instance() + "\u0000" + o.fromMs()) : null;
            out.add(error == null ? o : o.withError(error));
        }
        return out;
    }

    private static void read(Path file, Map<Long, String> wanted, Map<String, String> errors) {
        try (RecordLines in = new RecordLines(file, 0)) {
            for (String text; (text = in.next()) != null; ) {
                if (text == RecordLines.TOO_LONG || !text.contains("\"up\":0")) continue;
                try {
                    ScrapeRecord r = RecordCodec.parse(text);
                    long ts = r.ts().toEpochMilli();
                    if (r.up() || !wanted.containsKey(ts) || r.error() == null) continue;
                    errors.put(r.targetName() + "\u0000" + ts, Redaction.shown(r.error()));
                } catch (IllegalArgumentException e) {
                    // not a record: the page's reader reports it
                }
            }
        } catch (IOException e) {
            // unreadable: the page's reader reports it
        }
    }
}
