//DEPS io.prometheus:prometheus-metrics-core:1.10.0
//DEPS io.prometheus:prometheus-metrics-exporter-httpserver:1.10.0
package sim;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot.UnknownDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A stand-in for the coppice gateway's {@code /metrics} endpoint: the 13 metrics of the coppice
 * metric table (the "tracked" rows of the built-in coppice panel set, the page's "What's tracked") plus {@code coppice_sandbox_cpu_percent{sandbox="<32 hex>"}}
 * per live sandbox, served on {@code 127.0.0.1} by the official Prometheus Java client 1.10 ({@link HTTPServer}), which
 * answers in OpenMetrics 1.0 when the request's {@code Accept} asks for it and in text format 0.0.4 otherwise.
 *
 * <p>Only coppice metrics appear: the gateway has its own {@link PrometheusRegistry} (no JVM metrics are registered).
 * One {@link MultiCollector} reads the whole state under one lock, so every scrape is consistent
 * ({@code coppice_sandboxes_alive == created - killed}, {@code coppice_kernels_alive == spawns - exits}, one cpu series
 * per live sandbox).
 *
 * <p>Sample names as served, text 0.0.4 (OpenMetrics differs only where noted):
 * <ul>
 *   <li>the eight {@code *_total} counters: {@code # TYPE coppice_sandboxes_created_total counter} and sample
 *       {@code coppice_sandboxes_created_total}, as in the spec (OpenMetrics: family {@code coppice_sandboxes_created},
 *       sample {@code coppice_sandboxes_created_total});</li>
 *   <li>{@code coppice_sandbox_create_ns_sum}, {@code coppice_execute_ns_sum}: the spec calls them counters, but the
 *       client's writers append {@code _total} to every counter sample (a counter family named
 *       {@code coppice_execute_ns_sum} is written as {@code coppice_execute_ns_sum_total}). To keep the spec's sample
 *       names they are served as untyped: {@code # TYPE coppice_execute_ns_sum untyped} (OpenMetrics:
 *       {@code unknown}), sample {@code coppice_execute_ns_sum}. Their values still only grow between restarts.</li>
 *   <li>gauges as in the spec; values are written the way Java prints doubles ({@code 41.0}, {@code 4.02117734412E11}).</li>
 * </ul>
 * Families come out sorted by name (the client sorts them), not in the spec's order. HELP texts are the spec's
 * "source" column. {@code promtool check metrics} (2.42) reports only "metric names should not contain abbreviated
 * units" for the two {@code _ns_sum} names, which are the spec's.
 *
 * <p>Thread-safe: {@link #step}, scrapes, {@link #restart} and {@link #close} may run on any threads.
 */
public final class SimulatedGateway implements AutoCloseable {

    /** Host every simulated gateway binds to: loopback only. */
    public static final String HOST = "127.0.0.1";

    private static final long NANOS_PER_MS = 1_000_000L;
    private static final int MAX_ALIVE_SANDBOXES = 12;
    /** How long {@link #restart} keeps trying to bind the old port again, in milliseconds. */
    private static final long REBIND_PATIENCE_MS = 5_000;

    private final Object lock = new Object();
    private final Object lifecycle = new Object();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final int port;
    private HTTPServer server;
    private ScheduledExecutorService workload;
    private boolean closed;

    // Gateway state since the last (re)start; guarded by lock.
    private long startNanos;
    private long created, killed, paused, resumed, executeRequests, executeErrors, kernelSpawns, kernelExits;
    private long createNs, executeNs;
    private final Map<String, Sandbox> sandboxes = new LinkedHashMap<>();

    /** One live sandbox: its cpu in percent of one core, whether it is paused, whether its kernel runs. */
    private static final class Sandbox {
        double cpuPercent;
        boolean paused;
        boolean kernel;
    }

    /** Where uptime is measured from: nanoseconds of a monotonic clock. */
    private final LongSupplier clockNanos;

    private SimulatedGateway(int port, LongSupplier clockNanos) throws IOException {
        this.clockNanos = clockNanos;
        registry.register(new StateCollector());
        resetState();
        this.server = serve(port);
        this.port = server.getPort();
    }

    /**
     * Starts serving an idle gateway (all counters 0, no sandboxes) on {@code 127.0.0.1:port}.
     *
     * @param port TCP port, 0 for an ephemeral one (read it back with {@link #port()})
     * @return the running gateway; close it with {@link #close()}
     * @throws IOException when the port cannot be bound (e.g. in use)
     */
    public static SimulatedGateway start(int port) throws IOException {
        return start(port, System::nanoTime);
    }

    /**
     * As {@link #start(int)}, with the clock that {@code coppice_uptime_seconds} is read from.
     *
     * @param clockNanos a monotonic clock in nanoseconds (production: {@code System::nanoTime}; tests: a fake one)
     */
    public static SimulatedGateway start(int port, LongSupplier clockNanos) throws IOException {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port: expected 0..65535, found " + port);
        return new SimulatedGateway(port, clockNanos);
    }

    /** @return the TCP port actually bound (stays the same across {@link #restart}) */
    public int port() {
        return port;
    }

    /** @return the scrape URL, {@code http://127.0.0.1:<port>/metrics} */
    public URI metricsUri() {
        return URI.create("http://" + HOST + ":" + port + "/metrics");
    }

    /**
     * Advances the workload by one tick (meant for about 100 ms of gateway life), drawing every decision from
     * {@code random}, so a seeded Random gives a reproducible sequence. One tick may create a sandbox (create takes
     * 50-400 ms, added to {@code coppice_sandbox_create_ns_sum}), kill, pause or resume one, run 0-3 /execute requests
     * (5-200 ms each, added to {@code coppice_execute_ns_sum}; about 3% end in an error frame), spawn kernels for
     * sandboxes without one, reap a crashed kernel, and moves each running sandbox's cpu (percent of one core) by a random walk in 0-200, mostly 0-100.
     *
     * @param random source of every decision; not shared with other threads while this runs
     */
    public void step(Random random) {
        synchronized (lock) {
            if (sandboxes.size() < MAX_ALIVE_SANDBOXES && random.nextDouble() < 0.18) createSandbox(random);
            if (!sandboxes.isEmpty() && random.nextDouble() < 0.12) killSandbox(pick(random, null));
            String running = pick(random, false);
            if (running != null && random.nextDouble() < 0.05) {
                Sandbox sandbox = sandboxes.get(running);
                sandbox.paused = true;
                sandbox.cpuPercent = 0;
                paused++;
            }
            String pausedId = pick(random, true);
            if (pausedId != null && random.nextDouble() < 0.08) {
                sandboxes.get(pausedId).paused = false;
                resumed++;
            }
            int executes = random.nextInt(4);
            for (int i = 0; i < executes; i++) {
                String target = pick(random, false);
                if (target == null) break;
                Sandbox sandbox = sandboxes.get(target);
                if (!sandbox.kernel) spawnKernel(sandbox);
                executeRequests++;
                executeNs += nanosBetween(random, 5, 200);
                if (random.nextDouble() < 0.03) executeErrors++;
                sandbox.cpuPercent += 5 + random.nextDouble() * 20;
            }
            String crashed = pick(random, null);
            if (crashed != null && sandboxes.get(crashed).kernel && random.nextDouble() < 0.01) {
                sandboxes.get(crashed).kernel = false;
                kernelExits++;
            }
            for (Sandbox sandbox : sandboxes.values()) {
                if (sandbox.paused) continue;
                // Mean-reverting walk around an idle kernel's 20 %, so bursts from /execute fade again.
                double walked = sandbox.cpuPercent + (20 - sandbox.cpuPercent) * 0.1 + random.nextGaussian() * 6;
                sandbox.cpuPercent = Math.round(Math.max(0, Math.min(200, walked)) * 100) / 100.0;
            }
        }
    }

    /**
     * Runs {@link #step} every {@code tick} on a daemon thread with {@code new Random(seed)} until
     * {@link #stopWorkload()} or {@link #close()}. Replaces a workload that was already running.
     *
     * @param tick time between steps, at least 1 ms
     * @param seed seed of the workload's Random
     */
    public void startWorkload(Duration tick, long seed) {
        if (tick.toMillis() < 1) throw new IllegalArgumentException("tick: expected at least 1ms, found " + tick);
        synchronized (lifecycle) {
            if (closed) throw new IllegalStateException("gateway on port " + port + " is closed");
            stopWorkload();
            Random random = new Random(seed);
            workload = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "simulated-gateway-workload-" + port);
                thread.setDaemon(true);
                return thread;
            });
            workload.scheduleAtFixedRate(() -> step(random), 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the background workload, if any, and waits (at most 5 s) for a running step to end. */
    public void stopWorkload() {
        synchronized (lifecycle) {
            if (workload == null) return;
            workload.shutdownNow();
            try {
                workload.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            workload = null;
        }
    }

    /**
     * Simulates a gateway restart: stops serving (scrapes get connection refused meanwhile), forgets every sandbox and
     * kernel, sets every counter back to 0 and the uptime clock to now, then serves again on the same port. A running
     * workload keeps going on the fresh state.
     *
     * @throws IOException when the port cannot be bound again within 5 s
     * @throws IllegalStateException after {@link #close()}
     */
    public void restart() throws IOException {
        synchronized (lifecycle) {
            if (closed) throw new IllegalStateException("gateway on port " + port + " is closed");
            server.close();
            synchronized (lock) {
                resetState();
            }
            server = serve(port);
        }
    }

    /** Stops the workload and the HTTP server; later calls do nothing. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) return;
            closed = true;
            stopWorkload();
            server.close();
        }
    }

    private HTTPServer serve(int wantedPort) throws IOException {
        long deadline = System.nanoTime() + REBIND_PATIENCE_MS * NANOS_PER_MS;
        while (true) {
            try {
                return HTTPServer.builder().hostname(HOST).port(wantedPort).registry(registry).buildAndStart();
            } catch (BindException e) {
                // After a restart the old socket may linger briefly; a real gateway's supervisor would retry too.
                if (wantedPort == 0 || System.nanoTime() > deadline) {
                    throw new BindException("cannot bind " + HOST + ":" + wantedPort + ": " + e.getMessage());
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while binding " + HOST + ":" + wantedPort, interrupted);
                }
            }
        }
    }

    private void resetState() {
        startNanos = clockNanos.getAsLong();
        created = killed = paused = resumed = executeRequests = executeErrors = kernelSpawns = kernelExits = 0;
        createNs = executeNs = 0;
        sandboxes.clear();
    }

    private void createSandbox(Random random) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        StringBuilder hex = new StringBuilder(32);
        for (byte b : id) hex.append(String.format("%02x", b));
        Sandbox sandbox = new Sandbox();
        sandbox.cpuPercent = Math.round(random.nextDouble() * 3000) / 100.0;
        sandboxes.put(hex.toString(), sandbox);
        created++;
        createNs += nanosBetween(random, 50, 400);
        if (random.nextDouble() < 0.8) spawnKernel(sandbox);
    }

    private void killSandbox(String id) {
        Sandbox sandbox = sandboxes.remove(id);
        killed++;
        if (sandbox.kernel) kernelExits++; // the kernel gets SIGTERM with its sandbox
    }

    private void spawnKernel(Sandbox sandbox) {
        sandbox.kernel = true;
        kernelSpawns++;
    }

    /** A random live sandbox id; {@code paused} null = any, else only paused / only running ones; null when none. */
    private String pick(Random random, Boolean paused) {
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, Sandbox> e : sandboxes.entrySet()) {
            if (paused == null || e.getValue().paused == paused) ids.add(e.getKey());
        }
        return ids.isEmpty() ? null : ids.get(random.nextInt(ids.size()));
    }

    private static long nanosBetween(Random random, int fromMs, int toMs) {
        return fromMs * NANOS_PER_MS + (long) (random.nextDouble() * (toMs - fromMs) * NANOS_PER_MS);
    }

    /** Turns the state into metric families at scrape time; HELP texts are the spec's "source" column. */
    private final class StateCollector implements MultiCollector {
        @Override
        public MetricSnapshots collect() {
            synchronized (lock) {
                List<MetricSnapshot> families = new ArrayList<>();
                families.add(gauge("coppice_uptime_seconds", "process clock",
                        (clockNanos.getAsLong() - startNanos) / 1e9));
                families.add(gauge("coppice_sandboxes_alive", "in-memory registry size", sandboxes.size()));
                families.add(gauge("coppice_kernels_alive", "ipykernel PID table size",
                        sandboxes.values().stream().filter(sandbox -> sandbox.kernel).count()));
                families.add(counter("coppice_sandboxes_created", "POST /sandboxes on success", created));
                families.add(counter("coppice_sandboxes_killed", "DELETE /sandboxes/:id on success", killed));
                families.add(counter("coppice_sandboxes_paused", "POST /sandboxes/:id/pause", paused));
                families.add(counter("coppice_sandboxes_resumed", "POST /sandboxes/:id/resume", resumed));
                families.add(counter("coppice_execute_requests", "POST /execute, counted at the end",
                        executeRequests));
                families.add(counter("coppice_execute_errors", "/execute that emitted an ExecEnv::Error frame",
                        executeErrors));
                families.add(counter("coppice_kernel_spawns", "ipykernel_launcher spawn succeeded", kernelSpawns));
                families.add(counter("coppice_kernel_exits", "SIGTERM or crash reaped", kernelExits));
                families.add(untypedCounter("coppice_sandbox_create_ns_sum",
                        "ns spent in create, pair with _created_total", createNs));
                families.add(untypedCounter("coppice_execute_ns_sum",
                        "ns spent in /execute, pair with _requests_total", executeNs));
                GaugeSnapshot.Builder cpu = GaugeSnapshot.builder().name("coppice_sandbox_cpu_percent")
                        .help("CPU of one live sandbox from rctl(8); 100 = one full core");
                sandboxes.forEach((id, sandbox) -> cpu.dataPoint(GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("sandbox", id)).value(sandbox.cpuPercent).build()));
                families.add(cpu.build());
                return new MetricSnapshots(families);
            }
        }

        private MetricSnapshot gauge(String name, String help, double value) {
            return GaugeSnapshot.builder().name(name).help(help)
                    .dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
        }

        /** {@code family} without {@code _total}: the client adds it to the sample name (and the 0.0.4 family). */
        private MetricSnapshot counter(String family, String help, long value) {
            return CounterSnapshot.builder().name(family).help(help)
                    .dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
        }

        /** A counter by meaning served as untyped, so its sample keeps the spec's name (see the class comment). */
        private MetricSnapshot untypedCounter(String name, String help, long value) {
            return UnknownSnapshot.builder().name(name).help(help)
                    .dataPoint(UnknownDataPointSnapshot.builder().value(value).build()).build();
        }
    }
}
