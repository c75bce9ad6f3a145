package page;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The coppice panels, as data: the five fixed charts at the top of the page, drawn from the coppice gateway's
 * metrics. Four come from the gateway's "Live metrics" page spec (Alive state, Sandbox lifecycle, Execution path,
 * Per-sandbox CPU); the fifth, Latency, draws the spec's {@code *_ns_sum} counters divided by their call counters.
 * This class is the repository's own copy of that spec: the panels with their metrics, the latency pairs, the uptime
 * gauge that marks gateway restarts, and the spec's "What's tracked" table. Every other series of a target goes
 * under "Other metrics", one chart per metric name.
 */
public final class CoppicePanels {
    private CoppicePanels() {}

    /**
     * One coppice panel.
     *
     * @param id       the chart's id on the page ({@code chart-<id>}, {@code data-empty="<id>"})
     * @param title    the section heading
     * @param subtitle the line under the heading
     * @param yTitle   the y-axis title
     * @param rate     true when the metrics are counters drawn as rates per second, false for gauges drawn as recorded
     * @param metrics  metric names drawn on this panel, one line per series
     */
    public record Panel(String id, String title, String subtitle, String yTitle, boolean rate, List<String> metrics) {}

    /** Gauges of what is alive now. */
    public static final Panel ALIVE = new Panel("alive", "Alive state", "sandboxes + kernels currently in the registry",
            "count", false, List.of("coppice_sandboxes_alive", "coppice_kernels_alive"));
    /** Rates of sandbox creates, kills, pauses and resumes. */
    public static final Panel LIFECYCLE = new Panel("lifecycle", "Sandbox lifecycle", "create / kill / pause / resume — rate per second",
            "per second", true, List.of("coppice_sandboxes_created_total", "coppice_sandboxes_killed_total",
                    "coppice_sandboxes_paused_total", "coppice_sandboxes_resumed_total"));
    /** Rates of /execute requests and errors. */
    public static final Panel EXECUTION = new Panel("execution", "Execution path", "/execute requests + errors — rate per second",
            "per second", true, List.of("coppice_execute_requests_total", "coppice_execute_errors_total"));
    /** One line per sandbox, named by {@link #shortSandboxId} of its {@link #SANDBOX_LABEL}. */
    public static final Panel CPU = new Panel("cpu", "Per-sandbox CPU", "coppice_sandbox_cpu_percent — per-sandbox",
            "% of one core", false, List.of("coppice_sandbox_cpu_percent"));
    /** No metrics of its own: one line per {@link #LATENCY_PAIRS} entry. */
    public static final Panel LATENCY = new Panel("latency", "Latency", "mean create time and mean /execute time per interval",
            "ms", false, List.of());

    /** The coppice panels in page order. */
    public static final List<Panel> PANELS = List.of(ALIVE, LIFECYCLE, EXECUTION, CPU, LATENCY);

    /** The label naming the sandbox of a {@link #CPU} series. */
    public static final String SANDBOX_LABEL = "sandbox";

    /** The gateway's uptime gauge (seconds); where it goes down, the gateway restarted. */
    public static final String UPTIME = "coppice_uptime_seconds";

    /**
     * One line of the {@link #LATENCY} panel: the increase of an ns-sum counter over the increase of its call counter
     * per interval, in ms.
     *
     * @param traceName        the line's legend name
     * @param nsSum            the ns-sum series as text format 0.0.4 names it
     * @param nsSumOpenMetrics the same series as OpenMetrics names it (a counter's sample gains {@code _total})
     * @param count            the counter of calls
     */
    public record LatencyPair(String traceName, String nsSum, String nsSumOpenMetrics, String count) {}

    /** The lines of the {@link #LATENCY} panel: mean create time and mean /execute time. */
    public static final List<LatencyPair> LATENCY_PAIRS = List.of(
            new LatencyPair("create (ms)", "coppice_sandbox_create_ns_sum", "coppice_sandbox_create_ns_sum_total",
                    "coppice_sandboxes_created_total"),
            new LatencyPair("/execute (ms)", "coppice_execute_ns_sum", "coppice_execute_ns_sum_total",
                    "coppice_execute_requests_total"));

    /**
     * One row of the spec's "What's tracked" table.
     *
     * @param name   the metric name as the gateway serves it
     * @param type   {@code gauge} or {@code counter}
     * @param source what the gateway counts or measures (also its HELP text)
     */
    public record TrackedMetric(String name, String type, String source) {}

    /** The spec's "What's tracked" table, in its order. */
    public static final List<TrackedMetric> TRACKED = List.of(
            new TrackedMetric("coppice_uptime_seconds", "gauge", "process clock"),
            new TrackedMetric("coppice_sandboxes_alive", "gauge", "in-memory registry size"),
            new TrackedMetric("coppice_kernels_alive", "gauge", "ipykernel PID table size"),
            new TrackedMetric("coppice_sandboxes_created_total", "counter", "POST /sandboxes on success"),
            new TrackedMetric("coppice_sandboxes_killed_total", "counter", "DELETE /sandboxes/:id on success"),
            new TrackedMetric("coppice_sandboxes_paused_total", "counter", "POST /sandboxes/:id/pause"),
            new TrackedMetric("coppice_sandboxes_resumed_total", "counter", "POST /sandboxes/:id/resume"),
            new TrackedMetric("coppice_execute_requests_total", "counter", "POST /execute, counted at the end"),
            new TrackedMetric("coppice_execute_errors_total", "counter", "/execute that emitted an ExecEnv::Error frame"),
            new TrackedMetric("coppice_kernel_spawns_total", "counter", "ipykernel_launcher spawn succeeded"),
            new TrackedMetric("coppice_kernel_exits_total", "counter", "SIGTERM or crash reaped"),
            new TrackedMetric("coppice_sandbox_create_ns_sum", "counter", "ns spent in create, pair with _created_total"),
            new TrackedMetric("coppice_execute_ns_sum", "counter", "ns spent in /execute, pair with _requests_total"));

    private static final Map<String, Panel> PANEL_OF_METRIC = new HashMap<>();
    static {
        for (Panel panel : PANELS) for (String metric : panel.metrics()) PANEL_OF_METRIC.put(metric, panel);
    }

    /** The panel that draws a metric, or null when the metric belongs to no coppice panel. */
    public static Panel panelOf(String metricName) {
        return PANEL_OF_METRIC.get(metricName);
    }

    /**
     * A sandbox's name on the {@link #CPU} panel, as the spec has it: the first 12 hex digits of its id (dashes and
     * other characters skipped); an id with no hex digits is shown as is, cut to 12 characters, and an empty one as
     * {@code "(no id)"}.
     */
    public static String shortSandboxId(String id) {
        StringBuilder out = new StringBuilder(12);
        for (int i = 0; i < id.length() && out.length() < 12; i++) {
            char c = id.charAt(i);
            if (Character.digit(c, 16) >= 0) out.append(c);
        }
        if (out.length() == 0) return id.length() <= 12 ? (id.isEmpty() ? "(no id)" : id) : id.substring(0, 12);
        return out.toString();
    }
}
