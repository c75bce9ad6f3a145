package page;

import cli.Durations;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * Writes the "Live metrics" page: static HTML with the coppice panels (see {@link CoppicePanels}), the plotted data as JSON inside
 * {@code <script type="application/json">}, one inline script (allowed by its sha256 in the Content-Security-Policy)
 * and Plotly, either from a URL or inlined from a local file.
 *
 * <p>Every text that reaches HTML goes through {@link #html}; every string in the JSON through {@link #jsonString},
 * which also escapes {@code <}, {@code >}, {@code &}, U+2028 and U+2029, so no label value can end the data element.
 */
public final class Page {
    /** The Plotly version the page is tested with (npm plotly.js-dist-min). */
    public static final String PLOTLY_VERSION = "4.1.2";
    /** Plotly from its CDN, pinned to {@link #PLOTLY_VERSION}. */
    public static final String PLOTLY_CDN = "https://cdn.plot.ly/plotly-" + PLOTLY_VERSION + ".min.js";
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /**
     * What goes on the page besides the charts.
     *
     * @param dataDirLabel  the data folder as the user wrote it, for the empty-state text (e.g. {@code data/metrics/})
     * @param windowText    the time window asked for (e.g. "since 2026-11-28 10:00:00 UTC"), or null for all data
     * @param plotlyUrl     where the page loads Plotly from, or null when {@code plotlyInline} is given
     * @param plotlyInline  Plotly's source to inline, or null
     * @param summary       header facts: first/last sample (epoch ms), samples, failed scrapes, gaps, restarts (epoch ms)
     */
    public record Content(String dataDirLabel, String windowText, String plotlyUrl, String plotlyInline, Summary summary,
                          List<Chart> charts) {}

    /**
     * Header facts; first/last in epoch ms (first > last when there were no samples).
     *
     * @param targets the named targets ({@code watch --target NAME=URL}) whose records were read, in page order; empty
     *                when every record came from one unnamed target (the header then names none)
     */
    public record Summary(long firstTs, long lastTs, long samples, long failed, long gaps, long lateSamples, List<Long> restarts,
                          long malformedLines, List<Target> targets) {
        /** Facts of records from one unnamed target. */
        public Summary(long firstTs, long lastTs, long samples, long failed, long gaps, long lateSamples, List<Long> restarts,
                       long malformedLines) {
            this(firstTs, lastTs, samples, failed, gaps, lateSamples, restarts, malformedLines, List.of());
        }
    }

    /** One target in the header: its name (as traces are prefixed), successful and failed scrapes, gateway restarts. */
    public record Target(String name, long samples, long failed, long restarts) {}

    private Page() {}

    /**
     * Writes the whole page.
     *
     * @throws IOException from the writer
     * @throws IllegalArgumentException when the inlined Plotly contains a script tag and cannot be inlined safely
     */
    public static void write(Writer out, Content c) throws IOException {
        if (c.plotlyInline() != null) {
            String lower = c.plotlyInline().toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("</script") || lower.contains("<script")) {
                throw new IllegalArgumentException("the Plotly file contains a <script> tag and cannot be inlined; serve it and pass its URL instead");
            }
        }
        String csp = "default-src 'none'; script-src " + sha256Source(SCRIPT) + " "
                + (c.plotlyInline() != null ? sha256Source(c.plotlyInline()) : cspUrl(c.plotlyUrl()))
                + "; style-src 'unsafe-inline'; img-src data: blob:; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'";
        Summary s = c.summary();
        out.write("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        // Quoted attribute: only & and " need escaping, and cspUrl() has already refused quotes.
        out.write("<meta http-equiv=\"Content-Security-Policy\" content=\"" + csp.replace("&", "&amp;") + "\">\n");
        out.write("<meta name=\"color-scheme\" content=\"light dark\">\n");
        out.write("<title>Live metrics</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n<main>\n");
        out.write("<h1>Live metrics</h1>\n");
        out.write("<p>A deliberately small operational panel. The coppice gateway exposes <code>/metrics</code> in Prometheus "
                + "text format; <code>jbang watch@coppice</code> polls it and appends one JSON line per scrape to "
                + "<code>data/metrics/YYYY-MM-DD.jsonl</code>. <code>jbang render@coppice</code> reads whatever sits in that "
                + "folder and plots it on this one static page. No database, no dashboard server: just JSONL and a render step.</p>\n");
        out.write("<p class=\"facts\" id=\"facts\">");
        if (s.samples() == 0) {
            out.write("No successful scrapes");
        } else {
            out.write("Samples from <time>" + UTC.format(Instant.ofEpochMilli(s.firstTs())) + "</time> to <time>"
                    + UTC.format(Instant.ofEpochMilli(s.lastTs())) + "</time>: " + count(s.samples(), "sample", "samples"));
        }
        out.write(", " + count(s.failed(), "failed scrape", "failed scrapes"));
        if (s.gaps() > 0) out.write(", " + count(s.gaps(), "gap", "gaps") + " without records");
        if (!s.restarts().isEmpty()) out.write(", " + count(s.restarts().size(), "gateway restart", "gateway restarts") + " (dotted vertical lines)");
        if (s.malformedLines() > 0) out.write(", " + count(s.malformedLines(), "malformed line", "malformed lines") + " skipped");
        if (s.lateSamples() > 0) out.write(", " + count(s.lateSamples(), "out-of-order counter sample", "out-of-order counter samples") + " left out");
        out.write(". Times are UTC." + (c.windowText() == null ? "" : " Window: " + html(c.windowText()) + ".") + "</p>\n");
        if (!s.targets().isEmpty()) targets(out, s.targets());
        out.write("<p id=\"render-error\" class=\"error\" hidden></p>\n");

        List<Chart> panels = c.charts().stream().filter(ch -> ch.coppicePanel).toList();
        List<Chart> other = c.charts().stream().filter(ch -> !ch.coppicePanel).toList();
        for (Chart ch : panels) {
            out.write("<section>\n<h2>" + html(ch.title) + "</h2>\n");
            if (ch.id.equals("cpu")) {
                out.write("<p>One line per live sandbox, each labeled with the first 12 hex digits of its id. Source is "
                        + "<code>coppice_sandbox_cpu_percent</code> from rctl(8); 100 = one full core. Click a legend entry to "
                        + "hide it, double-click to show only that sandbox.</p>\n");
            }
            if (ch.id.equals("latency")) {
                out.write("<p>Mean time per call over each interval: Δ<code>coppice_sandbox_create_ns_sum</code> / "
                        + "Δ<code>coppice_sandboxes_created_total</code> and Δ<code>coppice_execute_ns_sum</code> / "
                        + "Δ<code>coppice_execute_requests_total</code>, in ms; no point where nothing was created or executed.</p>\n");
            }
            chart(out, c, ch);
            out.write("</section>\n");
        }
        out.write(HOW_TO_FEED);
        out.write(WHATS_TRACKED);
        out.write("<section>\n<h2>Other metrics</h2>\n");
        if (other.isEmpty()) {
            out.write("<p class=\"empty\">No other series in the data.</p>\n");
        } else {
            out.write("<p>Every other series the target exposed, one chart per metric name and one line per label set: gauges "
                    + "as recorded, counters as rates per second, histograms as p50 / p90 / p99 per interval.</p>\n");
            for (Chart ch : other) chart(out, c, ch);
        }
        out.write("</section>\n</main>\n");
        out.write("<script type=\"application/json\" id=\"chart-data\">");
        writeData(out, c);
        out.write("</script>\n");
        if (c.plotlyInline() != null) {
            out.write("<script>");
            out.write(c.plotlyInline());
            out.write("</script>\n");
        } else {
            out.write("<script src=\"" + html(c.plotlyUrl()) + "\"></script>\n");
        }
        out.write("<script>" + SCRIPT + "</script>\n</body>\n</html>\n");
    }

    private static void targets(Writer out, List<Target> targets) throws IOException {
        out.write("<p class=\"facts\" id=\"targets\">" + (targets.size() == 1 ? "Target: " : "Targets: "));
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            out.write((i == 0 ? "" : ", ") + "<code>" + html(t.name()) + "</code>");
            if (targets.size() == 1) continue;
            out.write(" (" + count(t.samples(), "sample", "samples") + (t.failed() > 0 ? ", " + count(t.failed(), "failed", "failed") : "")
                    + (t.restarts() > 0 ? ", " + count(t.restarts(), "restart", "restarts") : "") + ")");
        }
        out.write(targets.size() == 1 ? ".</p>\n" : ". Each chart has one line per target and series, named “target: series”.</p>\n");
    }

    private static String count(long n, String one, String many) {
        return String.format("%,d ", n) + (n == 1 ? one : many);
    }

    private static void chart(Writer out, Content c, Chart ch) throws IOException {
        if (!ch.coppicePanel) out.write("<h3>" + html(ch.title) + "</h3>\n");
        out.write("<p class=\"sub\">" + html(ch.subtitle) + "</p>\n");
        if (!ch.hasData()) {
            out.write("<p class=\"empty\" data-empty=\"" + html(ch.id) + "\">No samples under " + html(c.dataDirLabel())
                    + (c.windowText() == null ? "" : " in the window (" + html(c.windowText()) + ")")
                    + ". Run <code>jbang watch@coppice</code> (or <code>mise run metrics:watch</code>) while the gateway is busy, "
                    + "then render again.</p>\n");
            return;
        }
        out.write("<div class=\"chart\" id=\"chart-" + html(ch.id) + "\" data-chart=\"" + html(ch.id) + "\"></div>\n");
        StringBuilder notes = new StringBuilder();
        int shown = 0, downsampled = 0;
        for (Trace t : ch.traces()) {
            if (!t.points.downsampled()) continue;
            downsampled++;
            if (shown++ < 5) {
                notes.append(notes.length() == 0 ? "" : "; ").append(html(t.name)).append(": ")
                        .append(String.format("%,d", t.points.rawPoints())).append(" points shown as ").append(t.points.points())
                        .append(" (min and max per ").append(bucketText(t.points.bucketMillis()))
                        .append(')').append(t.points.mergedBreaks() ? ", nearby breaks merged" : "");
            }
        }
        if (downsampled > 0) {
            out.write("<p class=\"note\">Downsampled for display: " + notes + (downsampled > 5 ? "; and " + (downsampled - 5) + " more traces" : "") + ".</p>\n");
        }
        if (ch.distinctTraces() > ch.traces().size()) {
            out.write("<p class=\"note\">Showing the " + ch.traces().size() + " most recently active of "
                    + String.format("%,d", ch.distinctTraces()) + " series.</p>\n");
        }
    }

    /** A bucket width for people: whole seconds (minutes, hours) once it is at least a second. */
    private static String bucketText(long millis) {
        return millis < 1000 ? millis + "ms" : Durations.format(java.time.Duration.ofSeconds(Math.round(millis / 1000.0)));
    }

    private static void writeData(Writer out, Content c) throws IOException {
        StringBuilder b = new StringBuilder(1 << 16);
        b.append("{\"restarts\":[");
        List<Long> restarts = c.summary().restarts();
        for (int i = 0; i < restarts.size(); i++) b.append(i == 0 ? "" : ",").append(restarts.get(i));
        b.append("],\"charts\":[");
        boolean firstChart = true;
        for (Chart ch : c.charts()) {
            if (!ch.hasData()) continue;
            b.append(firstChart ? "" : ",").append("{\"id\":");
            firstChart = false;
            jsonString(b, ch.id);
            b.append(",\"title\":");
            jsonString(b, ch.title);
            b.append(",\"yTitle\":");
            jsonString(b, ch.yTitle);
            b.append(",\"traces\":[");
            boolean firstTrace = true;
            for (Trace t : ch.traces()) {
                Downsampler p = t.points;
                b.append(firstTrace ? "" : ",").append("{\"name\":");
                firstTrace = false;
                jsonString(b, t.name);
                // x as the first time and then differences, all in ms: about a third of the size of date strings.
                b.append(",\"x0\":").append(p.size() == 0 ? 0 : p.time(0)).append(",\"dx\":[");
                for (int i = 1; i < p.size(); i++) b.append(i == 1 ? "" : ",").append(p.time(i) - p.time(i - 1));
                b.append("],\"y\":[");
                for (int i = 0; i < p.size(); i++) {
                    if (i > 0) b.append(',');
                    number(b, p.value(i));
                }
                b.append("]}");
                if (b.length() > 1 << 16) {
                    out.append(b);
                    b.setLength(0);
                }
            }
            b.append("]}");
        }
        b.append("]}");
        out.append(b);
    }

    /** Appends a sample value to JSON with 6 significant digits; NaN and infinities as null (a break). */
    static void number(StringBuilder b, double v) {
        if (!Double.isFinite(v)) {
            b.append("null");
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            b.append((long) v);
        } else {
            b.append(new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toString());
        }
    }

    /**
     * Text escaped for HTML element content and quoted attribute values: {@code & < > " '}.
     * Source: HTML Living Standard, 13.1.2.6 (text) and 13.1.2.3 (attributes).
     */
    public static String html(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    /**
     * Appends a JSON string literal that is also safe inside an HTML {@code <script>} element and in JavaScript source:
     * {@code < > &} and U+2028/U+2029 as {@code \\uXXXX}, control characters escaped, a lone surrogate as U+FFFD.
     * Source: RFC 8259 section 7; HTML Living Standard 4.12.1.3 (restrictions for contents of script elements).
     */
    public static void jsonString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(out, ch);
                default -> {
                    if (ch < 0x20 || ch == 0x7f) {
                        unicodeEscape(out, ch);
                    } else if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(ch).append(s.charAt(++i));
                    } else if (Character.isSurrogate(ch)) {
                        out.append('\uFFFD');
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(StringBuilder out, char ch) {
        out.append("\\u");
        String hex = Integer.toHexString(ch);
        for (int i = hex.length(); i < 4; i++) out.append('0');
        out.append(hex);
    }

    /** The CSP source for a script: {@code 'sha256-<base64>'} of its UTF-8 bytes (CSP Level 3, hash-source). */
    public static String sha256Source(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cspUrl(String url) {
        // A CSP source expression cannot carry ';' or ',' or spaces; such a URL would widen or break the policy.
        if (url.matches(".*[\\s;,'\"].*")) throw new IllegalArgumentException("Plotly URL not usable in a Content-Security-Policy: " + url);
        return url;
    }

    /** The page's own script (its hash goes into the CSP, so the text is fixed). */
    static final String SCRIPT = """

(function () {
  'use strict';
  var body = document.body;
  function fail(message) {
    var text = String(message && message.message || message || 'unknown error').slice(0, 500);
    if (!body.hasAttribute('data-render-error')) body.setAttribute('data-render-error', text);
    var shown = document.getElementById('render-error');
    if (shown) { shown.hidden = false; shown.textContent = 'The charts could not be drawn: ' + text; }
  }
  window.addEventListener('error', function (e) { fail(e.message || 'script error'); });
  window.addEventListener('unhandledrejection', function (e) { fail(e.reason || 'promise rejected'); });
  try {
    if (typeof Plotly === 'undefined') {
      fail('Plotly did not load (no network, or its URL is blocked).');
      return;
    }
    var data = JSON.parse(document.getElementById('chart-data').textContent);
    var dark = window.matchMedia('(prefers-color-scheme: dark)');
    var narrow = window.matchMedia('(max-width: 700px)');
    var started = performance.now();
    var divs = [];
    var syncing = false;
    function colors() {
      return dark.matches
        ? {paper: '#0d1117', font: '#e6edf3', grid: '#30363d', restart: '#f0883e'}
        : {paper: '#ffffff', font: '#1f2328', grid: '#e5e7eb', restart: '#bc4c00'};
    }
    function layout(chart, traceCount) {
      var c = colors();
      var many = traceCount > 12;
      return {
        paper_bgcolor: c.paper, plot_bgcolor: c.paper, font: {color: c.font, size: 12},
        margin: {l: narrow.matches ? 44 : 56, r: narrow.matches ? 8 : 16, t: 28, b: 40}, height: many && !narrow.matches ? 440 : 380,
        hovermode: 'x unified', hoverlabel: {namelength: -1},
        showlegend: !(many && narrow.matches),
        legend: many
          ? {orientation: 'v', x: 1.02, y: 1, yanchor: 'top', font: {size: 11}}
          : {orientation: 'h', x: 0, y: -0.28, yanchor: 'top'},
        xaxis: {type: 'date', title: {text: 'time (UTC)'}, gridcolor: c.grid, linecolor: c.grid,
                rangeselector: {bgcolor: c.paper, activecolor: c.grid, buttons: [
                  {count: 1, label: '1h', step: 'hour', stepmode: 'backward'},
                  {count: 6, label: '6h', step: 'hour', stepmode: 'backward'},
                  {count: 24, label: '24h', step: 'hour', stepmode: 'backward'},
                  {count: 7, label: '7d', step: 'day', stepmode: 'backward'},
                  {step: 'all', label: 'all'}]}},
        yaxis: {title: {text: chart.yTitle}, gridcolor: c.grid, zerolinecolor: c.grid, rangemode: 'tozero', automargin: true},
        // Restarts are drawn by one trace on this hidden 0..1 axis: far cheaper than one layout shape per restart.
        yaxis2: {overlaying: 'y', range: [0, 1], visible: false, fixedrange: true}
      };
    }
    function traces(chart) {
      return chart.traces.map(function (t) {
        var n = t.y.length, x = new Array(n), size = new Array(n), ms = t.x0;
        for (var i = 0; i < n; i++) {
          if (i > 0) ms += t.dx[i - 1];
          x[i] = ms;
          var alone = t.y[i] !== null && (i === 0 || t.y[i - 1] === null) && (i === n - 1 || t.y[i + 1] === null);
          size[i] = alone ? 6 : 0;
        }
        // Plotly reads a few HTML tags in names (<a href>, <b>, <br>); escaped, a label value stays plain text.
        var name = t.name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
        // Markers only where a point stands alone: a marker per point costs an SVG element per point.
        var alone = size.some(function (v) { return v > 0; });
        return {type: 'scatter', mode: alone ? 'lines+markers' : 'lines', name: name, x: x, y: t.y, connectgaps: false,
                line: {width: 1.5}, marker: {size: size}};
      });
    }
    // Gateway restarts inside the chart's own time range (so they do not stretch its axis) as dotted vertical lines.
    function restartTrace(chart) {
      var x = [], y = [];
      data.restarts.forEach(function (t) {
        if (t >= chart.minX && t <= chart.maxX) { x.push(t, t, null); y.push(0, 1, null); }
      });
      if (x.length === 0) return null;
      return {type: 'scatter', mode: 'lines', name: 'gateway restart', x: x, y: y, yaxis: 'y2', showlegend: false,
              hoverinfo: 'x+name', line: {color: colors().restart, width: 1, dash: 'dot'}};
    }
    data.charts.forEach(function (chart) {
      chart.minX = Infinity;
      chart.maxX = -Infinity;
      chart.traces.forEach(function (t) {
        var last = t.x0;
        for (var i = 0; i < t.dx.length; i++) last += t.dx[i];
        chart.minX = Math.min(chart.minX, t.x0);
        chart.maxX = Math.max(chart.maxX, last);
      });
    });
    var remaining = data.charts.length;
    if (remaining === 0) body.setAttribute('data-draw-ms', '0');
    data.charts.forEach(function (chart) {
      var div = document.getElementById('chart-' + chart.id);
      if (!div) { fail('no element for chart ' + chart.id); return; }
      var list = traces(chart);
      var restarts = restartTrace(chart);
      divs.push(div);
      Plotly.newPlot(div, restarts ? list.concat([restarts]) : list, layout(chart, list.length), {responsive: true, displaylogo: false, displayModeBar: narrow.matches ? false : 'hover'})
        .then(function () {
          div.setAttribute('data-traces', String(list.length));
          div.on('plotly_relayout', function (e) {
            if (syncing) return;
            var update = {};
            if (e['xaxis.range[0]'] !== undefined) { update['xaxis.range'] = [e['xaxis.range[0]'], e['xaxis.range[1]']]; }
            else if (e['xaxis.autorange']) { update['xaxis.autorange'] = true; }
            else return;
            syncing = true;
            Promise.all(divs.filter(function (d) { return d !== div; }).map(function (d) { return Plotly.relayout(d, update); }))
              .then(function () { syncing = false; }, function (err) { syncing = false; fail(err); });
          });
          if (--remaining === 0) {
            // Sizes were taken while the page was still growing; measure again now that everything is in place.
            Promise.all(divs.map(function (d) { return Plotly.Plots.resize(d); })).then(function () {
              body.setAttribute('data-draw-ms', String(Math.round(performance.now() - started)));
            }, fail);
          }
        }, fail);
    });
    function restyle() {
      divs.forEach(function (div) {
        var chart = data.charts.filter(function (c) { return 'chart-' + c.id === div.id; })[0];
        Plotly.relayout(div, layout(chart, chart.traces.length)).then(null, fail);
      });
    }
    if (dark.addEventListener) { dark.addEventListener('change', restyle); narrow.addEventListener('change', restyle); }
  } catch (e) {
    fail(e);
  }
})();
""";

    private static final String STYLE = """
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --code: #f6f8fa; --rule: #d1d9e0; --warn: #9a6700; --err: #cf222e; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --code: #151b23; --rule: #3d444d; --warn: #d29922; --err: #f85149; }
}
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 16px; }
h1 { margin-top: 0.5em; }
h2 { border-bottom: 1px solid var(--rule); padding-bottom: 4px; margin-top: 2em; }
h3 { margin-bottom: 0; font-family: ui-monospace, monospace; font-size: 15px; overflow-wrap: anywhere; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; background: var(--code); }
code { padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
pre { padding: 12px; overflow-x: auto; border-radius: 6px; }
.sub, .note, .facts { color: var(--muted); }
.sub { margin: 2px 0 4px; }
.note { font-size: 13px; }
.empty { border: 1px dashed var(--rule); padding: 16px; border-radius: 6px; color: var(--muted); }
.error { color: var(--err); font-weight: 600; }
*, *::before, *::after { box-sizing: border-box; }
html { overflow-y: scroll; } /* a scrollbar appearing after the first chart would leave the charts too wide */
.chart { width: 100%; max-width: 100%; min-height: 340px; overflow: hidden; }
table { border-collapse: collapse; width: 100%; display: block; overflow-x: auto; }
th, td { text-align: left; padding: 4px 12px 4px 0; border-bottom: 1px solid var(--rule); vertical-align: top; }
""";

    private static final String HOW_TO_FEED = """
<section>
<h2>How to feed this page</h2>
<pre><code># With the gateway running and its /metrics reachable:
jbang scrape@coppice         # one scrape, appended to data/metrics/TODAY.jsonl (mise run metrics:scrape)
jbang watch@coppice          # a scrape every 30 s until Ctrl-C               (mise run metrics:watch)

# Run some load so the page has something to show, then render it again:
jbang render@coppice         # writes data/metrics.html                       (mise run metrics:render)

# Or all at once against a simulated gateway:
mise run demo                # jbang demo@coppice
</code></pre>
<p>Git-ignored by default. If you want samples published with the repository, drop the <code>data/metrics/</code>
line from <code>.gitignore</code> and commit them: every sample is a few hundred bytes.</p>
</section>
""";

    private static final String WHATS_TRACKED = """
<section>
<h2>What’s tracked</h2>
<table>
<thead><tr><th>metric</th><th>type</th><th>source</th></tr></thead>
<tbody>
<tr><td><code>coppice_uptime_seconds</code></td><td>gauge</td><td>process clock</td></tr>
<tr><td><code>coppice_sandboxes_alive</code></td><td>gauge</td><td>in-memory registry size</td></tr>
<tr><td><code>coppice_kernels_alive</code></td><td>gauge</td><td>ipykernel PID table size</td></tr>
<tr><td><code>coppice_sandboxes_created_total</code></td><td>counter</td><td>POST /sandboxes on success</td></tr>
<tr><td><code>coppice_sandboxes_killed_total</code></td><td>counter</td><td>DELETE /sandboxes/:id on success</td></tr>
<tr><td><code>coppice_sandboxes_paused_total</code></td><td>counter</td><td>POST /sandboxes/:id/pause</td></tr>
<tr><td><code>coppice_sandboxes_resumed_total</code></td><td>counter</td><td>POST /sandboxes/:id/resume</td></tr>
<tr><td><code>coppice_execute_requests_total</code></td><td>counter</td><td>POST /execute, counted at the end</td></tr>
<tr><td><code>coppice_execute_errors_total</code></td><td>counter</td><td>/execute that emitted an ExecEnv::Error frame</td></tr>
<tr><td><code>coppice_kernel_spawns_total</code></td><td>counter</td><td>ipykernel_launcher spawn succeeded</td></tr>
<tr><td><code>coppice_kernel_exits_total</code></td><td>counter</td><td>SIGTERM or crash reaped</td></tr>
<tr><td><code>coppice_sandbox_create_ns_sum</code></td><td>counter</td><td>ns spent in create, pair with _created_total</td></tr>
<tr><td><code>coppice_execute_ns_sum</code></td><td>counter</td><td>ns spent in /execute, pair with _requests_total</td></tr>
</tbody>
</table>
<p>No histograms in the gateway yet: the running mean from <code>ns_sum / requests_total</code> (the Latency chart) is enough
to show whether the system is doing work. Histograms of other targets appear under Other metrics as p50 / p90 / p99.</p>
</section>
""";
}
