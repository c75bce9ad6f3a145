package scrape;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.ScrapeRecord;
import support.PromServer;

/**
 * The responses of issue 14, section 7, scraped by Debian's Prometheus 2.42 and by this tool: each must be up in both
 * or down in both. The target is a raw socket server, so the bytes on the wire are exactly the case's.
 */
class PrometheusHttpCrossCheckTest {
    /** The cases that are up (in both); every other case is down (issue 14's table, and Go's net/http for the rest). */
    private static final java.util.Set<String> UP = java.util.Set.of("ok", "utf32", "lengthsSame");
    private static final String OK_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4";

    @Test
    void prometheusAndThisToolAgreeOnUp(@TempDir Path dir) throws Exception {
        PromServer.toolOrSkip("prometheus");
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("ok", OK_HEAD + "\r\nContent-Length: 5\r\n\r\nup 1\n");
        cases.put("status204", "HTTP/1.1 204 No Content\r\n\r\n");
        cases.put("status206", "HTTP/1.1 206 Partial Content\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nup 1\n");
        cases.put("status201", "HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nup 1\n");
        cases.put("utf32", OK_HEAD + "; charset=UTF-32\r\nContent-Length: 5\r\n\r\nup 1\n");
        String latin1 = "a{zone=\"caf\u00e9\"} 1\n"; // written as ISO-8859-1: one byte 0xE9, not UTF-8
        cases.put("latin1", OK_HEAD + "; charset=iso-8859-1\r\nContent-Length: " + latin1.length() + "\r\n\r\n" + latin1);
        cases.put("lengthsDiffer", OK_HEAD + "\r\nContent-Length: 4\r\nContent-Length: 8\r\n\r\nup 1\nx 2\n");
        cases.put("lengthsSame", OK_HEAD + "\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nup 1\n");
        cases.put("lengthList", OK_HEAD + "\r\nContent-Length: 5, 5\r\n\r\nup 1\n");
        cases.put("toFile", "HTTP/1.1 302 Found\r\nLocation: file:///etc/hostname\r\nContent-Length: 0\r\n\r\n");
        cases.put("noLocation", "HTTP/1.1 301 Moved Permanently\r\nContent-Length: 0\r\n\r\n");
        Map<String, String> byPath = new LinkedHashMap<>();
        cases.forEach((name, response) -> byPath.put("/" + name, response));
        try (HttpAsPrometheusTest.RawServer target = new HttpAsPrometheusTest.RawServer(byPath)) {
            StringBuilder config = new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n");
            for (String name : cases.keySet()) {
                config.append("  - job_name: ").append(name).append("\n    metrics_path: /").append(name)
                        .append("\n    static_configs:\n      - targets: ['127.0.0.1:").append(target.port()).append("']\n");
            }
            try (PromServer prometheus = PromServer.start(dir.resolve("tsdb"), config.toString(), List.of(), PromServer.freePort())) {
                for (String name : cases.keySet()) {
                    double prometheusUp = awaitUp(prometheus, name);
                    ScrapeRecord ours = new Scraper(new Scraper.Settings(target.url("/" + name), Duration.ofSeconds(5),
                            Scraper.FormatChoice.AUTO, 1 << 20, Map.of(), null), null).scrape();
                    boolean expected = UP.contains(name);
                    assertThat(prometheusUp).as(name + " in Prometheus").isEqualTo(expected ? 1.0 : 0.0);
                    assertThat(ours.up()).as(name + ": Prometheus up=" + prometheusUp + ", ours: " + ours.error()).isEqualTo(expected);
                }
            }
        }
    }

    /** Prometheus's {@code up} of a job, once it has scraped it (a wait of at most a minute, not a timed assertion). */
    private static double awaitUp(PromServer prometheus, String job) throws Exception {
        for (int i = 0; i < 300; i++) {
            double up = prometheus.instant("up{job=\"" + job + "\"}", Instant.now());
            if (!Double.isNaN(up)) return up;
            Thread.sleep(200);
        }
        throw new AssertionError("Prometheus did not scrape job " + job + " within a minute");
    }
}
