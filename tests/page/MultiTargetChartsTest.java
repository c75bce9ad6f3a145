package page;

import static org.assertj.core.api.Assertions.assertThat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import record.CompactRecord;

class MultiTargetChartsTest {
    private static final String CREATED = "coppice_sandboxes_created_total";
    private static final String ALIVE = "coppice_sandboxes_alive";

    private final Map<String, String> types = new HashMap<>();
    private final MultiTargetCharts targets = new MultiTargetCharts(2000, 100, types);

    private void record(String instance, long seconds, boolean up, Object... keyValues) {
        String[] keys = new String[keyValues.length / 2];
        double[] values = new double[keys.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = (String) keyValues[2 * i];
            values[i] = ((Number) keyValues[2 * i + 1]).doubleValue();
        }
        targets.accept(new CompactRecord(seconds * 1000, up, keys, values, instance));
    }

    /** A merged trace as [seconds, value] pairs; call after targets.finish(). */
    private List<double[]> merged(String chartId, String traceName) {
        return ChartBuilderTest.points(targets.charts(), chartId, traceName);
    }

    @Test
    void interleavedTargetsKeepTheirOwnLinesRatesAndFailedScrapes() {
        // gw1 every 30 s with two series; gw2 five seconds later, another counter speed, no gauge and one failed scrape.
        record("gw1", 0, true, CREATED, 0, ALIVE, 1);
        record("gw2", 5, true, CREATED, 0);
        record("gw1", 30, true, CREATED, 30, ALIVE, 2);
        record("gw2", 35, true, CREATED, 60);
        record("gw1", 60, true, CREATED, 60, ALIVE, 3);
        record("gw2", 65, false);
        record("gw1", 90, true, CREATED, 90, ALIVE, 4);
        record("gw2", 95, true, CREATED, 120);
        record("gw1", 120, true, CREATED, 120, ALIVE, 5);
        record("gw2", 125, true, CREATED, 180);
        targets.finish();
        assertThat(merged(CREATED, "gw1: " + CREATED)).containsExactly(
                new double[] {30, 1.0}, new double[] {60, 1.0}, new double[] {90, 1.0}, new double[] {120, 1.0});
        assertThat(merged(ALIVE, "gw1: " + ALIVE)).extracting(p -> p[1]).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0);
        List<double[]> gw2 = merged(CREATED, "gw2: " + CREATED);
        assertThat(gw2).hasSize(3);
        assertThat(gw2.get(0)).containsExactly(35, 2.0);
        assertThat(gw2.get(1)[0]).isEqualTo(65);
        assertThat(gw2.get(1)[1]).isNaN();
        assertThat(gw2.get(2)).containsExactly(125, 2.0);
        assertThat(targets.samples()).isEqualTo(9);
        assertThat(targets.failed()).isEqualTo(1);
        assertThat(targets.gaps()).isZero();
        assertThat(targets.firstTs()).isEqualTo(0);
        assertThat(targets.lastTs()).isEqualTo(125_000);
        assertThat(targets.instances()).containsOnlyKeys("gw1", "gw2");
        assertThat(targets.instances().get("gw2").failed()).isEqualTo(1);
    }

    @Test
    void aRestartIsJudgedWithinItsOwnTarget() {
        // Read as one stream, gw2's 1,000 s followed by gw1's 130 s would look like a restart at every record.
        for (int i = 0; i < 4; i++) {
            record("gw1", 30L * i, true, "coppice_uptime_seconds", i < 2 ? 100 + 30 * i : 10 + 30 * (i - 2));
            record("gw2", 30L * i + 1, true, "coppice_uptime_seconds", 1000 + 30 * i);
        }
        targets.finish();
        assertThat(targets.restarts()).containsExactly(50_000L);
        assertThat(targets.instances().get("gw1").restarts()).hasSize(1);
        assertThat(targets.instances().get("gw2").restarts()).isEmpty();
        // Drawn on gw1's lines only: the JSON carries the restarts by target and each line's target.
        assertThat(targets.restartsByTarget()).isEqualTo(Map.of("gw1", List.of(50_000L)));
        assertThat(targets.charts().stream().flatMap(c -> c.traces().stream()).map(t -> t.target)).containsExactly("gw1", "gw2");
    }

    @Test
    void oneTargetsRestartsGoOnEveryLineAndTwoTargetsRestartsOnTheirOwn() throws java.io.IOException {
        for (int i = 0; i < 3; i++) record("solo", 30L * i, true, "coppice_uptime_seconds", i == 2 ? 5 : 100 + 30 * i, ALIVE, i);
        targets.finish();
        assertThat(targets.restartsByTarget()).isEqualTo(Map.of("", List.of(55_000L)));
        java.io.StringWriter json = new java.io.StringWriter();
        ChartDataJson.write(json, targets.restartsByTarget(), List.of(), targets.charts());
        assertThat(json.toString()).startsWith("{\"restarts\":[{\"target\":\"\",\"at\":[55000]}],\"outages\":[],\"charts\":[")
                .doesNotContain("\"target\":\"solo\"");

        MultiTargetCharts two = new MultiTargetCharts(2000, 100, types);
        for (int i = 0; i < 3; i++) {
            two.accept(new CompactRecord(30_000L * i, true, new String[] {"coppice_uptime_seconds"}, new double[] {i == 1 ? 1 : 100 + 30 * i}, "a"));
            two.accept(new CompactRecord(30_000L * i + 1, true, new String[] {"coppice_uptime_seconds"}, new double[] {i == 2 ? 2 : 100 + 30 * i}, "b"));
        }
        two.finish();
        assertThat(two.restartsByTarget()).isEqualTo(Map.of("a", List.of(29_000L), "b", List.of(58_001L)));
        json = new java.io.StringWriter();
        ChartDataJson.write(json, two.restartsByTarget(), List.of(), two.charts());
        assertThat(json.toString()).startsWith("{\"restarts\":[{\"target\":\"a\",\"at\":[29000]},{\"target\":\"b\",\"at\":[58001]}],")
                .contains("\"name\":\"a: coppice_uptime_seconds\",\"target\":\"a\"", "\"name\":\"b: coppice_uptime_seconds\",\"target\":\"b\"");
    }

    @Test
    void aGapInOneTargetLeavesTheOtherUnbroken() {
        for (int t = 0; t <= 300; t += 30) {
            record("a", t, true, CREATED, t);
            if (t <= 60 || t >= 270) record("b", t + 1, true, CREATED, 2 * t);
        }
        targets.finish();
        assertThat(merged(CREATED, "a: " + CREATED)).hasSize(10).allSatisfy(p -> assertThat(p[1]).isEqualTo(1.0));
        assertThat(merged(CREATED, "b: " + CREATED)).anySatisfy(p -> assertThat(p[1]).isNaN());
        assertThat(targets.gaps()).isEqualTo(1);
    }

    @Test
    void oneTargetNamedOrNotGivesTheSameChartsAsOneBuilder() {
        for (String name : new String[] {null, "gw1"}) {
            MultiTargetCharts one = new MultiTargetCharts(2000, 100, types);
            ChartBuilder plain = new ChartBuilder(2000, 100, types);
            types.put("jobs", "counter");
            for (int t = 0; t < 5; t++) {
                CompactRecord s = new CompactRecord(t * 30_000L, t != 2, t == 2 ? new String[0] : new String[] {CREATED, "jobs"},
                        t == 2 ? new double[0] : new double[] {t * 30, t}, name);
                one.accept(s);
                plain.accept(s);
            }
            one.finish();
            plain.finish();
            assertThat(one.charts()).extracting(c -> c.id + " " + c.title).containsExactlyElementsOf(
                    plain.charts().stream().map(c -> c.id + " " + c.title).toList());
            for (int i = 0; i < plain.charts().size(); i++) {
                assertThat(one.charts().get(i).traces()).extracting(t -> t.name)
                        .containsExactlyElementsOf(plain.charts().get(i).traces().stream().map(t -> t.name).toList());
            }
            assertThat(one.restarts()).isEqualTo(plain.restarts());
            assertThat(one.samples()).isEqualTo(4);
        }
    }

    @Test
    void otherMetricsMergeByNameWithOneChartIdEach() {
        types.put("jobs", "counter");
        record("gw1", 0, true, "queue_depth", 1, "jobs", 0);
        record("gw2", 1, true, "jobs", 0, "zz_gauge", 3);
        record("gw1", 30, true, "queue_depth", 2, "jobs", 30);
        record("gw2", 31, true, "jobs", 60, "zz_gauge", 4);
        targets.finish();
        List<Chart> other = targets.charts();
        assertThat(other).extracting(c -> c.id + " " + c.title).containsExactly("m-1 jobs", "m-2 queue_depth", "m-3 zz_gauge");
        assertThat(other.get(0).traces()).extracting(t -> t.name).containsExactly("gw1: jobs", "gw2: jobs");
        assertThat(merged("jobs", "gw2: jobs")).containsExactly(new double[] {31, 2.0});
        assertThat(merged("zz_gauge", "gw2: zz_gauge")).hasSize(2);
    }

    @Test
    void recordsWithoutANameBesideNamedOnesAreTheUnnamedTarget() {
        record(null, 0, true, ALIVE, 1);
        record("gw1", 1, true, ALIVE, 2);
        targets.finish();
        assertThat(merged(ALIVE, MultiTargetCharts.UNNAMED + ": " + ALIVE)).containsExactly(new double[] {0, 1});
        assertThat(merged(ALIVE, "gw1: " + ALIVE)).containsExactly(new double[] {1, 2});
    }

    @Test
    void mergedChartsKeepTheMostRecentlyActiveTracesOverAllTargets() {
        MultiTargetCharts small = new MultiTargetCharts(100, 3, types);
        for (int i = 0; i < 6; i++) {
            String key = "coppice_sandbox_cpu_percent{sandbox=\"" + String.format("%012x", i) + "\"}";
            small.accept(new CompactRecord(i * 30_000L, true, new String[] {key}, new double[] {i}, i % 2 == 0 ? "a" : "b"));
        }
        small.finish();
        Chart cpu = small.charts().stream().filter(c -> c.title.equals("coppice_sandbox_cpu_percent")).findFirst().orElseThrow();
        assertThat(cpu.traces()).extracting(t -> t.name).containsExactlyInAnyOrder("a: {sandbox=\"000000000004\"}", "b: {sandbox=\"000000000003\"}",
                "b: {sandbox=\"000000000005\"}");
        assertThat(cpu.distinctTraces()).isEqualTo(6);
    }

    @Test
    void unnamedTargetsOfDifferentUrlsAreTwoTargetsNamedByTheirUrls() {
        String a = "http://a:9464/metrics", b = "http://b:9464/metrics";
        for (int i = 0; i < 3; i++) {
            targets.accept(new CompactRecord(30_000L * i, true, new String[] {CREATED}, new double[] {30 * i}, null, a));
            targets.accept(new CompactRecord(30_000L * i + 1, true, new String[] {CREATED}, new double[] {90 * i}, null, b));
        }
        targets.finish();
        assertThat(targets.instances()).containsOnlyKeys(a, b);
        assertThat(targets.oneUnnamedTarget()).isFalse();
        // Read as one target, the two counters would alternate and every other interval would look like a reset.
        assertThat(merged(CREATED, a + ": " + CREATED)).containsExactly(new double[] {30, 1.0}, new double[] {60, 1.0});
        assertThat(merged(CREATED, b + ": " + CREATED)).containsExactly(new double[] {30.001, 3.0}, new double[] {60.001, 3.0});
    }

    @Test
    void oneUnnamedUrlIsOneTargetWithNoPrefixAndANamedOneBesideItIsTwo() {
        record(null, 0, true, ALIVE, 1);
        targets.accept(new CompactRecord(30_000, true, new String[] {ALIVE}, new double[] {2}, null, "http://a:1/metrics"));
        targets.accept(new CompactRecord(60_000, true, new String[] {ALIVE}, new double[] {3}, null, "http://a:1/metrics"));
        MultiTargetCharts one = new MultiTargetCharts(2000, 100, types);
        one.accept(new CompactRecord(0, true, new String[] {ALIVE}, new double[] {5}, null, "http://a:1/metrics"));
        one.accept(new CompactRecord(30_000, true, new String[] {ALIVE}, new double[] {6}, null, "http://a:1/metrics"));
        one.finish();
        assertThat(one.oneUnnamedTarget()).isTrue();
        assertThat(ChartBuilderTest.points(one.charts(), ALIVE, ALIVE)).containsExactly(new double[] {0, 5}, new double[] {30, 6});
        MultiTargetCharts named = new MultiTargetCharts(2000, 100, types);
        named.accept(new CompactRecord(0, true, new String[] {ALIVE}, new double[] {5}, "gw1", null));
        named.accept(new CompactRecord(1, true, new String[] {ALIVE}, new double[] {7}, null, "http://a:1/metrics"));
        named.finish();
        assertThat(named.oneUnnamedTarget()).isFalse();
        assertThat(ChartBuilderTest.points(named.charts(), ALIVE, "http://a:1/metrics: " + ALIVE)).containsExactly(new double[] {0.001, 7});
        assertThat(ChartBuilderTest.points(named.charts(), ALIVE, "gw1: " + ALIVE)).containsExactly(new double[] {0, 5});
    }

    @Test
    void eachTargetsOutagesAreItsFailedRunsWithTheFirstErrorItsGapsAndWhatIsStillOpenAtTheEnd() {
        // gw1 every 30 s: fails at 90 s to 150 s, nothing from 240 s to 600 s, fails again at 690 s and 720 s (the end).
        // gw2 every 30 s, never fails: no outage of its own. gw3 stops after 300 s while the others go on to 725 s.
        for (long t = 0; t <= 720; t += 30) {
            record("gw2", t + 5, true, ALIVE, 1);
            if (t <= 300) record("gw3", t + 7, true, ALIVE, 2);
            if (t > 240 && t < 600) continue;
            boolean up = !(t >= 90 && t <= 150) && t < 690;
            String error = t == 90 ? "refused" : t == 690 ? "timeout" : "later error";
            targets.accept(new CompactRecord(t * 1000, up, up ? new String[] {ALIVE} : new String[0], up ? new double[] {t} : new double[0],
                    "gw1", null, 0, Map.of(), up ? null : error));
        }
        targets.finish();
        assertThat(targets.outages()).containsExactly(
                new Outages.Outage("gw1", 90_000, 180_000, true, "refused"),
                new Outages.Outage("gw1", 240_000, 600_000, false, null),
                new Outages.Outage("gw1", 690_000, 750_000, true, "timeout", true),
                new Outages.Outage("gw3", 307_000, 725_000, false, null, true));
        assertThat(targets.failed()).isEqualTo(5);
        assertThat(targets.gaps()).isEqualTo(1);
    }
}
