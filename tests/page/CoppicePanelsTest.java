package page;

import static org.assertj.core.api.Assertions.assertThat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoppicePanelsTest {
    @Test
    void everyGatewayMetricThePanelsReadIsInTheTrackedTable() {
        List<String> tracked = CoppicePanels.TRACKED.stream().map(CoppicePanels.TrackedMetric::name).toList();
        List<String> read = new ArrayList<>();
        for (CoppicePanels.Panel panel : CoppicePanels.PANELS) read.addAll(panel.metrics());
        read.remove("coppice_sandbox_cpu_percent"); // per sandbox, described in its panel's text rather than the table
        for (CoppicePanels.LatencyPair pair : CoppicePanels.LATENCY_PAIRS) read.addAll(List.of(pair.nsSum(), pair.count()));
        read.add(CoppicePanels.UPTIME);
        assertThat(tracked).containsAll(read);
    }

    @Test
    void panelsHaveDistinctIdsAndEachMetricOnePanel() {
        assertThat(CoppicePanels.PANELS).extracting(CoppicePanels.Panel::id).containsExactly("alive", "lifecycle", "execution", "cpu", "latency");
        assertThat(CoppicePanels.panelOf("coppice_execute_errors_total")).isEqualTo(CoppicePanels.EXECUTION);
        assertThat(CoppicePanels.panelOf("coppice_uptime_seconds")).isNull();
    }

    @Test
    void aSandboxIsNamedByTheFirstTwelveHexDigitsOfItsId() {
        assertThat(CoppicePanels.shortSandboxId("3f9a2c1e-4b7d-40a1-b2c3-d4e5f6a7b8c9")).isEqualTo("3f9a2c1e4b7d");
        assertThat(CoppicePanels.shortSandboxId("zz")).isEqualTo("zz");
        assertThat(CoppicePanels.shortSandboxId("zzzzzzzzzzzzzzz")).isEqualTo("zzzzzzzzzzzz");
        assertThat(CoppicePanels.shortSandboxId("")).isEqualTo("(no id)");
    }
}
