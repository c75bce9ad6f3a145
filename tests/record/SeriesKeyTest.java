package record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesKeyTest {
    @Test
    void sortsLabelsAndEscapesValues() {
        String key = SeriesKey.of("m", List.of("z", "1", "a", "quote\" back\\ nl\n"));
        assertThat(key).isEqualTo("m{a=\"quote\\\" back\\\\ nl\\n\",z=\"1\"}");
        assertThat(SeriesKey.of("m", List.of())).isEqualTo("m");
    }

    @Test
    void appendsASampleNameWithItsLabelsInTheMapsOrder() {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        labels.put("instance", "h:1");
        labels.put("a", "x\"y");
        assertThat(SeriesKey.append(new StringBuilder("> "), "up", labels)).hasToString("> up{instance=\"h:1\",a=\"x\\\"y\"}");
        assertThat(SeriesKey.append(new StringBuilder(), "up", Map.of())).hasToString("up");
    }

    @Test
    void parsesBackToRawValues() {
        SeriesKey.Parsed parsed = SeriesKey.parse("m{a=\"quote\\\" back\\\\ nl\\n\",z=\"1,}=\"}");
        assertThat(parsed.name()).isEqualTo("m");
        assertThat(parsed.labels()).containsExactly(Map.entry("a", "quote\" back\\ nl\n"), Map.entry("z", "1,}="));
        assertThat(parsed.label("missing")).isEmpty();
        assertThat(SeriesKey.name("m{a=\"b\"}")).isEqualTo("m");
    }

    @Test
    void malformedKeysNameThePosition() {
        assertThatThrownBy(() -> SeriesKey.parse("m{a=b}")).hasMessageContaining("character 3");
        assertThatThrownBy(() -> SeriesKey.parse("m{a=\"b\"")).hasMessageContaining("'}' at the end");
    }

    @Test
    void anEmptyLabelValueIsNoLabel() {
        assertThat(SeriesKey.canonical("job_queue_depth{host=\"host-a\",queue=\"\"}")).isEqualTo("job_queue_depth{host=\"host-a\"}");
        assertThat(SeriesKey.canonical("m{a=\"\"}")).isEqualTo("m");
        assertThat(SeriesKey.canonical("m{a=\"\",b=\"\"}")).isEqualTo("m");
        assertThat(SeriesKey.canonical("m{a=\"\",b=\"x\\\"y\",c=\"\"}")).isEqualTo("m{b=\"x\\\"y\"}");
        // A value ending in '=' or holding escaped quotes is not an empty value.
        assertThat(SeriesKey.canonical("m{a=\"x=\",b=\"\"}")).isEqualTo("m{a=\"x=\"}");
        String quotes = "m{a=\"=\\\"\\\"\"}";
        assertThat(SeriesKey.canonical(quotes)).isSameAs(quotes);
        // Nothing to drop, or malformed: the same instance back.
        String plain = "m{a=\"1\"}";
        assertThat(SeriesKey.canonical(plain)).isSameAs(plain);
        assertThat(SeriesKey.canonical("m")).isEqualTo("m");
        String malformed = "m{a=\"\"";
        assertThat(SeriesKey.canonical(malformed)).isSameAs(malformed);
    }

    @Test
    void keysAreBuiltWithoutEmptyLabels() {
        assertThat(SeriesKey.of("m", List.of("b", "1", "a", ""))).isEqualTo("m{b=\"1\"}");
        assertThat(SeriesKey.of("m", List.of("a", ""))).isEqualTo("m");
        assertThat(SeriesKey.of("", Map.of("le", ""))).isEmpty();
        assertThat(SeriesKey.of("m", new java.util.TreeMap<>(Map.of("a", "", "z", "9")))).isEqualTo("m{z=\"9\"}");
    }
}
