//DEPS com.fasterxml.jackson.core:jackson-core:2.20.1
package page;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import record.ValueText;

/**
 * Writes the page's chart data, the JSON inside {@code <script type="application/json" id="chart-data">} that
 * page.js draws:
 * <pre>{"perTarget":true (only with one small chart per target: page.js splits the charts of Other metrics and the
 *  panels whose lines come from several targets),
 *  "restarts":[{"target":name, "at":[epoch ms, ...]}, ...],
 *  "outages":[{"target":name, "from":epoch ms, "to":epoch ms, "why":"scrapes failed"|"no records", "error":text or absent,
 *               "ongoing":true when still failing at the target's last record (absent otherwise)}, ...],
 *  "charts":[{"id":..., "title":..., "yTitle":..., "traces":[{"name":..., "target":name, "right":true, "x0":epoch ms, "dx":[ms, ...], "y":[value or null, ...]}]}]}</pre>
 * {@code "right"} (only when true) puts a trace on the right-hand axis (a histogram's rate of {@code _count}). Only the
 * drawn traces are written ({@link Chart#drawnTraces()}): unchanged series are in the page's tables.
 * A restart entry's target is the name its lines carry as {@code "target"} (on a page of several targets), or
 * {@code ""} for every line (a page of one target, whose traces carry no target). An outage's target is always named
 * ({@link MultiTargetCharts#displayName}, the {@code instance} of the PromQL panels' series); on a page of one target
 * it covers every line. Its error is the record's own, already redacted.
 * Only charts with data are written. A trace's times are its first time and then the differences to the one before,
 * all in ms: about a third of the size of date strings. A value is written in full: the shortest decimal that reads
 * back to the same double (README, "render": every number on the page is the number computed), null for a break
 * (NaN) or an infinity. The page stays small by downsampling ({@link Downsampler}), never by rounding.
 *
 * <p>Every string is escaped so that no label value can end the element or change the script around it:
 * {@code < > &}, U+2028 and U+2029 as {@code \\uXXXX} (besides JSON's own {@code " \\} and control characters, and
 * DEL), and a lone surrogate becomes U+FFFD. Sources: RFC 8259 section 7; HTML Living Standard 4.12.1.3,
 * "Restrictions for contents of script elements".
 */
final class ChartDataJson {
    /** Jackson, set up for the data element: the escapes above, lower-case hex, the page's writer left open. */
    static final JsonFactory JSON = new JsonFactoryBuilder()
            .characterEscapes(new HtmlSafeEscapes())
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            // Jackson's Schubfach writer: the shortest digits that read back to the same double. The JDK 17
            // Double.toString also reads back exactly but is sometimes a digit longer (1.0E23 as 9.999999999999999E22).
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private ChartDataJson() {}

    /**
     * Writes how fresh the page is, the JSON inside {@code <script type="application/json" id="live-data">}:
     * <pre>{"writtenAt":epoch ms, "intervalMs":ms (0: not live), "newestSample":epoch ms (0: none),
     *  "targets":[{"name":..., "ts":epoch ms, "up":true|false, "error":text or absent}],
     *  "stoppedAt":epoch ms when watch stopped (absent while it runs)}</pre>
     * Errors are the records' own, already redacted; they are escaped as every string here.
     *
     * @throws IOException from the writer
     */
    static void writeFreshness(Writer out, Page.Freshness f, long newestSample) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("writtenAt", f.writtenAt());
            g.writeNumberField("intervalMs", f.intervalMs());
            g.writeNumberField("newestSample", newestSample);
            if (f.stoppedAt() > 0) g.writeNumberField("stoppedAt", f.stoppedAt());
            g.writeArrayFieldStart("targets");
            for (Page.TargetStatus t : f.targets()) {
                g.writeStartObject();
                g.writeStringField("name", wellFormed(t.name()));
                g.writeNumberField("ts", t.ts());
                g.writeBooleanField("up", t.up());
                if (t.error() != null) g.writeStringField("error", wellFormed(t.error()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** Writes {@code text} as one JSON string, escaped as every string here (see the class comment). */
    static void writeString(Writer out, String text) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeString(wellFormed(text));
        }
    }

    /**
     * Writes the data of {@code charts} (those with data) and the gateway restarts (epoch ms) of each target
     * (see {@link MultiTargetCharts#restartsByTarget()}) to {@code out}.
     *
     * @throws IOException from the writer
     */
    static void write(Writer out, Map<String, List<Long>> restarts, List<Outages.Outage> outages, List<Chart> charts) throws IOException {
        write(out, restarts, outages, charts, false);
    }

    /** {@link #write(Writer, Map, List, List)}, saying whether the page draws one small chart per target. */
    static void write(Writer out, Map<String, List<Long>> restarts, List<Outages.Outage> outages, List<Chart> charts, boolean perTarget)
            throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            if (perTarget) g.writeBooleanField("perTarget", true);
            g.writeArrayFieldStart("restarts");
            for (Map.Entry<String, List<Long>> e : restarts.entrySet()) {
                if (e.getValue().isEmpty()) continue;
                g.writeStartObject();
                g.writeStringField("target", wellFormed(e.getKey()));
                g.writeArrayFieldStart("at");
                for (long restart : e.getValue()) g.writeNumber(restart);
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("outages");
            for (Outages.Outage o : outages) {
                g.writeStartObject();
                g.writeStringField("target", wellFormed(o.target()));
                g.writeNumberField("from", o.fromMs());
                g.writeNumberField("to", o.toMs());
                g.writeStringField("why", o.why());
                if (o.error() != null) g.writeStringField("error", wellFormed(o.error()));
                if (o.ongoing()) g.writeBooleanField("ongoing", true);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("charts");
            for (Chart chart : charts) {
                if (!chart.hasData()) continue;
                g.writeStartObject();
                g.writeStringField("id", wellFormed(chart.id));
                g.writeStringField("title", wellFormed(chart.title));
                g.writeStringField("yTitle", wellFormed(chart.yTitle));
                g.writeArrayFieldStart("traces");
                for (Trace trace : chart.drawnTraces()) writeTrace(g, trace);
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void writeTrace(JsonGenerator g, Trace trace) throws IOException {
        Downsampler p = trace.points;
        g.writeStartObject();
        g.writeStringField("name", wellFormed(trace.name));
        if (trace.target != null) g.writeStringField("target", wellFormed(trace.target));
        if (trace.right) g.writeBooleanField("right", true);
        g.writeNumberField("x0", p.size() == 0 ? 0 : p.time(0));
        g.writeArrayFieldStart("dx");
        for (int i = 1; i < p.size(); i++) g.writeNumber(p.time(i) - p.time(i - 1));
        g.writeEndArray();
        g.writeArrayFieldStart("y");
        for (int i = 0; i < p.size(); i++) writeValue(g, p.value(i));
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * A value in the one spelling ({@link ValueText}, which JavaScript's {@code JSON.parse} reads back to the same
     * double, -0.0 included); NaN, infinities and values Plotly cannot draw ({@link #drawable}) as null, a break in
     * the line.
     */
    static void writeValue(JsonGenerator g, double v) throws IOException {
        if (!drawable(v)) g.writeNull();
        else g.writeNumber(ValueText.of(v));
    }

    /**
     * The largest magnitude Plotly draws: it pads an axis range beyond the data and measures the range's width, both
     * of which overflow to infinity near the largest double, and then draws nothing of the trace. A quarter of it
     * leaves room for both.
     */
    static final double MAX_DRAWABLE = Double.MAX_VALUE / 4;

    /** Whether Plotly can draw the value: finite and at most {@link #MAX_DRAWABLE} in magnitude. */
    static boolean drawable(double v) {
        return Double.isFinite(v) && Math.abs(v) <= MAX_DRAWABLE;
    }

    /** {@code s} with every lone surrogate replaced by U+FFFD (JSON text must be valid Unicode: RFC 8259 section 8.1). */
    static String wellFormed(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (!Character.isSurrogate(ch)) continue;
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            if (out == null) out = new StringBuilder(s);
            out.setCharAt(i, '\uFFFD');
        }
        return out == null ? s : out.toString();
    }

    /** JSON's escapes plus those that keep a string inert inside an HTML script element (see the class comment). */
    private static final class HtmlSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private static final SerializedString LINE_SEPARATOR = new SerializedString("\\u2028");
        private static final SerializedString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");
        private final int[] ascii = standardAsciiEscapesForJSON();

        HtmlSafeEscapes() {
            for (char ch : new char[] {'<', '>', '&', '\u007f'}) ascii[ch] = ESCAPE_STANDARD;
            // Backspace and form feed as \\u0008 and \\u000c, like the other control characters.
            ascii['\b'] = ESCAPE_STANDARD;
            ascii['\f'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == '\u2028' ? LINE_SEPARATOR : ch == '\u2029' ? PARAGRAPH_SEPARATOR : null;
        }
    }
}
