import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parser's compact series map behaves as a read-only, insertion-ordered Map. */
class ExpositionSeriesMapTest {
    @Test
    void keepsInsertionOrderAndFirstValueWhileGrowingPastItsSize() {
        Exposition.SeriesMap map = new Exposition.SeriesMap(2);
        LinkedHashMap<String, Double> reference = new LinkedHashMap<>();
        for (int i = 0; i < 5_000; i++) {
            String key = "m{i=\"" + (i * 7919 % 5_000) + "\"}";
            int held = map.addIfAbsent(key, i);
            assertThat(held).isEqualTo(-1);
            reference.put(key, (double) i);
        }
        assertThat(map.addIfAbsent("m{i=\"7\"}", -1.0)).isEqualTo(map.indexOf("m{i=\"7\"}"));
        assertThat(map.get("m{i=\"7\"}")).isEqualTo(reference.get("m{i=\"7\"}"));
        assertThat(map).containsExactlyEntriesOf(reference);
        assertThat(map).isEqualTo(reference);
        assertThat(map.hashCode()).isEqualTo(reference.hashCode());
        List<String> keys = new ArrayList<>();
        map.forEach((k, v) -> keys.add(k));
        assertThat(keys).containsExactlyElementsOf(reference.keySet());
        assertThat(map.keyAt(4_999)).isEqualTo("m{i=\"" + (4_999 * 7919 % 5_000) + "\"}");
        assertThat(map.valueAt(4_999)).isEqualTo(4_999.0);
    }

    @Test
    void answersMissingKeysAndRefusesChanges() {
        Exposition.SeriesMap map = new Exposition.SeriesMap(0);
        map.addIfAbsent("a", Double.NaN);
        assertThat(map.get("b")).isNull();
        assertThat(map.get(42)).isNull();
        assertThat(map.containsKey("a")).isTrue();
        assertThat(map.get("a")).isNaN();
        assertThat(map.indexOf("b")).isEqualTo(-1);
        assertThatThrownBy(() -> map.put("b", 1.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.keyAt(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> map.entrySet().iterator().next().setValue(2.0))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theParserHandsOutTheCompactMapWithDuplicatesDropped() throws Exception {
        Exposition e = ExpositionParser.parse("a 1\nb 2\na 3\n", ExpositionFormat.PROMETHEUS);
        assertThat(e.series()).isInstanceOf(Exposition.SeriesMap.class)
                .containsExactly(Map.entry("a", 1.0), Map.entry("b", 2.0));
        assertThat(e.warnings()).containsExactly("line 3: duplicate series a dropped (value 3.0), keeping the first"
                + " sample (value 1.0)");
    }
}
