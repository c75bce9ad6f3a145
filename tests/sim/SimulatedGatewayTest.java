package sim;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import panels.BuiltInPanelSets;
import panels.PanelSet;
import support.Project;

class SimulatedGatewayTest {
    static final String TEXT_004 = "text/plain; version=0.0.4";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    static final Pattern SANDBOX_SERIES = Pattern.compile("coppice_sandbox_cpu_percent\\{sandbox=\"[0-9a-f]{32}\"}");

    /** The coppice metric table (the "tracked" rows of the built-in coppice panel set) as the Java client serves it in text 0.0.4: TYPE per sample name. */
    static final Map<String, String> SPEC_AS_SERVED = new LinkedHashMap<>();
    static {
        SPEC_AS_SERVED.put("coppice_uptime_seconds", "gauge");
        SPEC_AS_SERVED.put("coppice_sandboxes_alive", "gauge");
        SPEC_AS_SERVED.put("coppice_kernels_alive", "gauge");
        SPEC_AS_SERVED.put("coppice_sandboxes_created_total", "counter");
        SPEC_AS_SERVED.put("coppice_sandboxes_killed_total", "counter");
        SPEC_AS_SERVED.put("coppice_sandboxes_paused_total", "counter");
        SPEC_AS_SERVED.put("coppice_sandboxes_resumed_total", "counter");
        SPEC_AS_SERVED.put("coppice_execute_requests_total", "counter");
        SPEC_AS_SERVED.put("coppice_execute_errors_total", "counter");
        SPEC_AS_SERVED.put("coppice_kernel_spawns_total", "counter");
        SPEC_AS_SERVED.put("coppice_kernel_exits_total", "counter");
        // Counters by meaning; untyped because the Java client appends _total to counter samples.
        SPEC_AS_SERVED.put("coppice_sandbox_create_ns_sum", "untyped");
        SPEC_AS_SERVED.put("coppice_execute_ns_sum", "untyped");
    }

    static final String[] COUNTERS = {
        "coppice_sandboxes_created_total", "coppice_sandboxes_killed_total", "coppice_sandboxes_paused_total",
        "coppice_sandboxes_resumed_total", "coppice_execute_requests_total", "coppice_execute_errors_total",
        "coppice_kernel_spawns_total", "coppice_kernel_exits_total", "coppice_sandbox_create_ns_sum",
        "coppice_execute_ns_sum"};

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    SimulatedGateway gateway;

    @BeforeEach
    void start() throws IOException {
        gateway = SimulatedGateway.start(0);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void servesTheSpecMetricsWithTheirTypesInText004() throws Exception {
        drive(new Random(42), 200);
        Scrape scrape = scrape(TEXT_004);

        assertThat(scrape.contentType).startsWith("text/plain; version=0.0.4");
        Map<String, String> expectedTypes = new LinkedHashMap<>(SPEC_AS_SERVED);
        expectedTypes.put("coppice_sandbox_cpu_percent", "gauge");
        assertThat(scrape.types).isEqualTo(expectedTypes);
        for (String series : scrape.samples.keySet()) {
            assertThat(SPEC_AS_SERVED.containsKey(series) || SANDBOX_SERIES.matcher(series).matches())
                    .as("unexpected series %s", series).isTrue();
        }
        assertThat(scrape.samples.keySet()).containsAll(SPEC_AS_SERVED.keySet());
        assertThat(scrape.value("coppice_sandboxes_created_total")).isGreaterThan(0);
        assertThat(scrape.value("coppice_execute_requests_total")).isGreaterThan(0);
        // 5-200 ms per request, 50-400 ms per create, in nanoseconds.
        double requests = scrape.value("coppice_execute_requests_total");
        assertThat(scrape.value("coppice_execute_ns_sum")).isBetween(requests * 5e6, requests * 200e6);
        double creates = scrape.value("coppice_sandbox_create_ns_sum");
        assertThat(creates).isBetween(scrape.value("coppice_sandboxes_created_total") * 50e6,
                scrape.value("coppice_sandboxes_created_total") * 400e6);
    }

    @Test
    void servesOpenMetricsWhenAskedWithTheSameSamples() throws Exception {
        drive(new Random(42), 200);
        Scrape text = scrape(TEXT_004);
        Scrape open = scrape(OPENMETRICS);

        assertThat(open.contentType).startsWith("application/openmetrics-text; version=1.0.0");
        assertThat(open.body).endsWith("# EOF\n");
        assertThat(open.types).containsEntry("coppice_sandboxes_created", "counter")
                .containsEntry("coppice_execute_ns_sum", "unknown")
                .containsEntry("coppice_sandbox_create_ns_sum", "unknown")
                .containsEntry("coppice_uptime_seconds", "gauge")
                .containsEntry("coppice_sandbox_cpu_percent", "gauge")
                .hasSize(14);
        assertThat(open.samples.keySet()).isEqualTo(text.samples.keySet());
        for (String series : text.samples.keySet()) {
            if (series.equals("coppice_uptime_seconds")) continue;
            assertThat(open.value(series)).as(series).isEqualTo(text.value(series));
        }
    }

    @Test
    void countersOnlyGrowAndAliveGaugesMatchTheRegistry() throws Exception {
        Random random = new Random(7);
        Scrape previous = scrape(TEXT_004);
        for (int round = 0; round < 15; round++) {
            drive(random, 40);
            Scrape scrape = scrape(round % 2 == 0 ? TEXT_004 : OPENMETRICS);
            for (String counter : COUNTERS) {
                assertThat(scrape.value(counter)).as("%s in round %d", counter, round)
                        .isGreaterThanOrEqualTo(previous.value(counter));
            }
            assertAliveIsConsistent(scrape);
            previous = scrape;
        }
        assertThat(previous.value("coppice_sandboxes_killed_total")).isGreaterThan(0);
        assertThat(previous.value("coppice_sandboxes_paused_total")).isGreaterThan(0);
        assertThat(previous.value("coppice_sandboxes_resumed_total")).isGreaterThan(0);
        assertThat(previous.value("coppice_execute_errors_total")).isGreaterThan(0);
        assertThat(previous.value("coppice_kernel_exits_total")).isGreaterThan(0);
    }

    @Test
    void uptimeCountsFromStartAndFromEachRestartOnTheGatewaysClock() throws Exception {
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        try (SimulatedGateway clocked = SimulatedGateway.start(0, nanos::get)) {
            nanos.addAndGet(5_250_000_000L);
            assertThat(scrape(clocked, TEXT_004).value("coppice_uptime_seconds")).isEqualTo(5.25);
            clocked.restart();
            assertThat(scrape(clocked, TEXT_004).value("coppice_uptime_seconds")).isZero();
            nanos.addAndGet(2_000_000_000L);
            assertThat(scrape(clocked, TEXT_004).value("coppice_uptime_seconds")).isEqualTo(2.0);
        }
    }

    @Test
    void restartResetsCountersAndUptimeAndServesOnTheSamePort() throws Exception {
        drive(new Random(11), 300);
        Scrape before = scrape(TEXT_004);
        int port = gateway.port();

        gateway.restart();
        Scrape fresh = scrape(TEXT_004);

        assertThat(gateway.port()).isEqualTo(port);
        assertThat(gateway.metricsUri().getPort()).isEqualTo(port);
        for (String counter : COUNTERS) assertThat(fresh.value(counter)).as(counter).isZero();
        assertThat(fresh.value("coppice_sandboxes_alive")).isZero();
        assertThat(fresh.value("coppice_kernels_alive")).isZero();
        assertThat(fresh.samples.keySet()).noneMatch(series -> series.startsWith("coppice_sandbox_cpu_percent"));

        drive(new Random(12), 10);
        Scrape after = scrape(OPENMETRICS);
        assertThat(after.value("coppice_sandboxes_created_total"))
                .isLessThan(before.value("coppice_sandboxes_created_total"));
        for (String counter : COUNTERS) {
            assertThat(after.value(counter)).as(counter).isLessThanOrEqualTo(before.value(counter));
        }
        assertAliveIsConsistent(after);
    }

    @Test
    void sameSeedGivesTheSameSamples() throws Exception {
        drive(new Random(99), 150);
        Scrape first = scrape(TEXT_004);
        try (SimulatedGateway twin = SimulatedGateway.start(0)) {
            Random random = new Random(99);
            for (int i = 0; i < 150; i++) twin.step(random);
            Scrape second = parse(get(twin, TEXT_004));
            first.samples.remove("coppice_uptime_seconds");
            second.samples.remove("coppice_uptime_seconds");
            assertThat(second.samples).isEqualTo(first.samples);
        }
    }

    @Test
    void backgroundWorkloadKeepsScrapesConsistent() throws Exception {
        gateway.startWorkload(Duration.ofMillis(5), 3);
        try {
            // Bounded wait for the workload to have done something; scrapes race with steps on purpose.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Scrape scrape = scrape(TEXT_004);
            while (scrape.value("coppice_execute_requests_total") < 20 && System.nanoTime() < deadline) {
                assertAliveIsConsistent(scrape);
                scrape = scrape(OPENMETRICS);
            }
            assertAliveIsConsistent(scrape);
            assertThat(scrape.value("coppice_execute_requests_total")).isGreaterThanOrEqualTo(20);
        } finally {
            gateway.stopWorkload();
        }
    }

    @Test
    void text004HasTheShapeOfTheCorpusSample() throws Exception {
        Path sample = Project.testdata().resolve("expositions/coppice-gateway-sample.prom");
        Scrape corpus = parse(new Response(Files.readString(sample), TEXT_004));
        Random random = new Random(5);
        Scrape served;
        do {
            drive(random, 20);
            served = scrape(TEXT_004);
        } while (served.value("coppice_sandboxes_alive") == 0);

        assertThat(names(served)).isEqualTo(names(corpus));
        Map<String, String> typeDifferences = new LinkedHashMap<>();
        for (Map.Entry<String, String> family : corpus.types.entrySet()) {
            String servedType = served.types.get(family.getKey());
            if (!family.getValue().equals(servedType)) typeDifferences.put(family.getKey(), servedType);
        }
        // The only known divergence: the two ns_sum families (counter in the sample) are served untyped.
        assertThat(typeDifferences).isEqualTo(Map.of(
                "coppice_sandbox_create_ns_sum", "untyped", "coppice_execute_ns_sum", "untyped"));
        assertThat(served.types.keySet()).isEqualTo(corpus.types.keySet());
    }

    @Test
    void namesTypesAndHelpFollowTheSpecTable() throws Exception {
        List<PanelSet.Tracked> tracked = BuiltInPanelSets.load("coppice").tracked();
        assertThat(tracked).hasSize(13);
        drive(new Random(8), 50);
        Scrape served = scrape(TEXT_004);

        for (PanelSet.Tracked metric : tracked) {
            String name = metric.metric();
            String expectedType = name.endsWith("_ns_sum") ? "untyped" : metric.type();
            assertThat(served.types.get(name)).as("TYPE of %s", name).isEqualTo(expectedType);
            assertThat(served.helps.get(name)).as("HELP of %s", name).isEqualTo(metric.source());
            assertThat(served.samples).as("sample %s", name).containsKey(name);
        }
    }

    void assertAliveIsConsistent(Scrape scrape) {
        assertThat(scrape.value("coppice_sandboxes_alive")).isEqualTo(
                scrape.value("coppice_sandboxes_created_total") - scrape.value("coppice_sandboxes_killed_total"));
        assertThat(scrape.value("coppice_kernels_alive")).isEqualTo(
                scrape.value("coppice_kernel_spawns_total") - scrape.value("coppice_kernel_exits_total"));
        long cpuSeries = scrape.samples.keySet().stream()
                .filter(series -> series.startsWith("coppice_sandbox_cpu_percent")).peek(series ->
                        assertThat(series).matches(SANDBOX_SERIES))
                .count();
        assertThat((double) cpuSeries).isEqualTo(scrape.value("coppice_sandboxes_alive"));
        scrape.samples.forEach((series, value) -> {
            if (series.startsWith("coppice_sandbox_cpu_percent")) assertThat(value).as(series).isBetween(0.0, 200.0);
        });
    }

    void drive(Random random, int steps) {
        for (int i = 0; i < steps; i++) gateway.step(random);
    }

    Scrape scrape(String accept) throws Exception {
        return scrape(gateway, accept);
    }

    Scrape scrape(SimulatedGateway target, String accept) throws Exception {
        return parse(get(target, accept));
    }

    Response get(SimulatedGateway target, String accept) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(target.metricsUri()).header("Accept", accept)
                .timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", target.metricsUri()).isEqualTo(200);
        return new Response(response.body(), response.headers().firstValue("Content-Type").orElse(""));
    }

    static Set<String> names(Scrape scrape) {
        Set<String> names = new TreeSet<>();
        for (String series : scrape.samples.keySet()) {
            int brace = series.indexOf('{');
            names.add(brace < 0 ? series : series.substring(0, brace));
        }
        return names;
    }

    /** Line splitting only: enough for these expositions (no escapes in label values, no timestamps). */
    static Scrape parse(Response response) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> helps = new LinkedHashMap<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : response.body.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                types.put(parts[2], parts[3]);
            } else if (line.startsWith("# HELP ")) {
                String[] parts = line.split(" ", 4);
                helps.put(parts[2], parts[3]);
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return new Scrape(response.body, response.contentType, types, helps, samples);
    }

    record Response(String body, String contentType) {}

    record Scrape(String body, String contentType, Map<String, String> types, Map<String, String> helps,
            Map<String, Double> samples) {
        double value(String series) {
            Double value = samples.get(series);
            assertThat(value).as("series %s in%n%s", series, body).isNotNull();
            return value;
        }
    }
}
