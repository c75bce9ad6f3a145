package scrape;

import static org.assertj.core.api.Assertions.assertThat;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import record.ScrapeRecord;
import support.Project;
import support.Scrapes;

/** A real exporter on loopback: Debian's prometheus-node-exporter 1.5, which answers text 0.0.4, gzipped. */
class NodeExporterTest {
    @Test
    void scrapesARealNodeExporterOverGzippedHttp() throws Exception {
        Path exporter = Project.toolOrSkip("prometheus-node-exporter", "apt-get install -y prometheus-node-exporter");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process process = new ProcessBuilder(exporter.toString(), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            awaitListening(port, Duration.ofSeconds(20));
            String url = "http://127.0.0.1:" + port + "/metrics";
            ScrapeRecord record = Scrapes.scraper(url, Duration.ofSeconds(10), 64L << 20).scrape();

            assertThat(record.up()).as(record.error()).isTrue();
            assertThat(record.format()).as("node_exporter 1.5 does not offer OpenMetrics").isEqualTo("prometheus");
            assertThat(record.target()).isEqualTo(url);
            assertThat(record.bytes()).as("decompressed size").isGreaterThan(10_000);
            assertThat(record.series().size()).isGreaterThan(200);
            assertThat(record.types()).containsEntry("node_cpu_seconds_total", "counter")
                    .containsEntry("node_load1", "gauge")
                    .containsEntry("go_gc_duration_seconds", "summary");
            assertThat(record.series().keySet()).anyMatch(k -> k.startsWith("node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"}"))
                    .contains("go_gc_duration_seconds_count", "go_gc_duration_seconds{quantile=\"0.5\"}");
            assertThat(record.series().entrySet()).anySatisfy(e -> {
                assertThat(e.getKey()).startsWith("node_exporter_build_info{").contains("version=\"");
                assertThat(e.getValue()).isEqualTo(1.0);
            });
        } finally {
            process.destroy();
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }

    private static void awaitListening(int port, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("prometheus-node-exporter did not listen on 127.0.0.1:" + port + " within " + limit);
    }
}
