package scrape;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.Project;
import support.ReliabilityFixtures;

/**
 * Issue 14 section 4: what --max-bytes accepts, watch's heap must hold, for every target at once; when it cannot, watch
 * says so at start (exit 2, what to change), rather than dying of OutOfMemoryError at the first large body.
 */
class WatchHeapTest {
    private static final long MIB = 1 << 20;

    @Test
    void theDefaultLimitFitsWatchsDefaultHeapForSeveralTargets() {
        // 1,979 MiB: what Runtime.maxMemory() reports for -Xmx2g with the serial collector (one survivor space less).
        long heap = 1979 * MIB;
        assertThat(Watcher.heapShortfall(List.of(64 * MIB), heap)).isNull();
        assertThat(Watcher.heapShortfall(List.of(64 * MIB, 64 * MIB, 64 * MIB, 64 * MIB), heap)).isNull();
    }

    @Test
    void aShortfallSaysWhatIsNeededAndWhatToChange() {
        String shortfall = Watcher.heapShortfall(List.of(64 * MIB, 64 * MIB, 64 * MIB), 256 * MIB);
        // 48 MiB + 3 × 6 × 64 MiB = 1,200 MiB; (256 − 48) / 6 / 3 = 11.6 MiB per target fits.
        assertThat(shortfall).isEqualTo("3 targets with --max-bytes up to 64MiB can need 1200 MiB of heap at once, more than this"
                + " JVM's 256 MiB: lower --max-bytes to 11MiB or less, or run watch with a larger heap, e.g. ./jbang -R-Xmx2g watch.java ...");
        assertThat(Watcher.heapShortfall(List.of(11 * MIB, 11 * MIB, 11 * MIB), 256 * MIB)).isNull();
        assertThat(Watcher.heapShortfall(List.of(13 * MIB, 11 * MIB, 11 * MIB), 256 * MIB)).isNotNull();
    }

    @Test
    void watchRefusesAtStartALimitItsHeapCannotHold(@TempDir Path dir) throws Exception {
        Project.Run run = ReliabilityFixtures.Scripts.run(Duration.ofSeconds(60), "watch", "--target", "a=file:" + dir.resolve("a"),
                "--target", "b=file:" + dir.resolve("b"), "--max-bytes", "1GiB", "--count", "1", "--data-dir", dir.resolve("data").toString());
        assertThat(run.exit()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr()).contains("2 targets with --max-bytes up to 1024MiB can need 12336 MiB of heap at once")
                .contains("lower --max-bytes to").contains("-R-Xmx14g").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
