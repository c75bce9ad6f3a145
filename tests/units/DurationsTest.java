package units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void readsEachUnitAndCompounds() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("1w")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void rejectsWhatIsNotADuration() {
        for (String bad : new String[] {"", "30", "s", "1.5s", "-1s", "0s", "1x", "10 s", "1s2"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("duration");
        }
    }

    @Test
    void formatsWhatItReads() {
        assertThat(Durations.format(Duration.ofMillis(90_250))).isEqualTo("1m30s250ms");
        assertThat(Durations.parse(Durations.format(Duration.ofMillis(90_250)))).isEqualTo(Duration.ofMillis(90_250));
    }
}
