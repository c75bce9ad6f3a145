package panels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The live page's panels: evaluated at most once per period, but at every write until a scrape succeeded. */
public class ThrottledPanelSectionTest {
    @Test
    void beforeTheFirstSuccessfulScrapeEveryWriteEvaluatesThenOncePerPeriod() throws Exception {
        AtomicLong clockMs = new AtomicLong(1_000_000);
        List<long[]> made = new ArrayList<>();
        ThrottledPanelSection throttled = new ThrottledPanelSection((first, last, names) -> {
            made.add(new long[] {first, last});
            return null;
        }, 30_000, clockMs::get);
        // No successful scrape yet (first after last): the coppice section's empty states, made again at each write.
        throttled.make(Long.MAX_VALUE, Long.MIN_VALUE, Set.of());
        clockMs.addAndGet(1000);
        throttled.make(Long.MAX_VALUE, Long.MIN_VALUE, Set.of());
        assertThat(made).hasSize(2);
        // The first sample is evaluated at once; then the period holds.
        clockMs.addAndGet(1000);
        throttled.make(0, 0, Set.of("coppice_sandboxes_alive"));
        assertThat(made).hasSize(3);
        clockMs.addAndGet(29_999);
        throttled.make(0, 30_000, Set.of("coppice_sandboxes_alive"));
        assertThat(made).hasSize(3);
        clockMs.addAndGet(1);
        throttled.make(0, 60_000, Set.of("coppice_sandboxes_alive"));
        assertThat(made).hasSize(4);
    }
}
