package page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import days.RecordTimes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import panels.BuiltInPanelSets;
import panels.PanelFiles;
import panels.PanelPages;
import panels.PanelSet;
import panels.ThrottledPanelSection;
import queryio.DayFileStorage;

/** Watch's live page with PromQL panels: a user's set from the panels/ folder beside the data folder is on the page. */
public class PanelsLivePageTest {
    @TempDir
    Path tmp;

    @Test
    void theLivePageCarriesTheUsersPanelsFromThePanelsFolder() throws Exception {
        Path data = tmp.resolve("data/metrics");
        RenderBrowserTest.writeRecords(data);
        List<PanelSet> sets = withTeamPanels(data);
        assertThat(sets).extracting(PanelSet::name).endsWith("team");
        DayFileStorage storage = new DayFileStorage(data, "coppice", true, RecordTimes.system(), new PrintStream(new ByteArrayOutputStream()));
        Path out = tmp.resolve("live.html");
        Renderer.Settings settings = new Renderer.Settings(data, out, 2000, 100, null, null, null);
        PlotlySource cdn = new PlotlySource("https://cdn.example/plotly.js", null, "test");
        LivePage page = LivePage.open(settings, cdn, Duration.ofSeconds(30), new PrintStream(new ByteArrayOutputStream()),
                (first, last, names) -> PanelPages.build(storage, sets, names, first, last, 2000, List.of()));
        page.close();
        // The panels travel in the data script like the other charts: their HTML in "main", their data in "panels".
        JsonNode content = LivePageTest.liveContent(out);
        String html = content.get("main").asText();
        assertThat(html).contains("<section id=\"set-team\" class=\"panel-set\">",
                "id=\"panel-team-executions\" data-panel-chart data-queries=\"[{&quot;expr&quot;:&quot;"
                        + "rate(coppice_execute_requests_total[2m])&quot;,&quot;step&quot;:30}]\"");
        assertThat(html.indexOf("id=\"panels\"")).isLessThan(html.indexOf("<section id=\"other\">"));
        assertThat(html).doesNotContain("id=\"set-coppice\"");
        // The coppice set is the page's coppice section, first, as watch --render draws it; its panels mark restarts.
        assertThat(html.indexOf("<section id=\"p-alive\" class=\"panel\">")).isPositive().isLessThan(html.indexOf("<h2>How to feed this page</h2>"));
        assertThat(html.indexOf("<h2>What’s tracked</h2>")).isLessThan(html.indexOf("id=\"set-team\""));
        assertThat(content.get("panels").get("panels")).extracting(p -> p.get("id").asText()).contains("panel-team-executions",
                "panel-coppice-alive", "panel-coppice-latency");
        assertThat(content.get("panels").get("panels").get(0).get("restarts").asBoolean()).isTrue();
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).doesNotContain("set-team");
    }

    @Test
    void twoWritesWithinThePeriodReuseTheSectionAndAWriteAfterItEvaluatesAgain() throws Exception {
        Path data = tmp.resolve("data/metrics");
        RenderBrowserTest.writeRecords(data);
        Path out = tmp.resolve("live.html");
        Renderer.Settings settings = new Renderer.Settings(data, out, 2000, 100, null, null, null);
        PlotlySource cdn = new PlotlySource("https://cdn.example/plotly.js", null, "test");
        AtomicLong clockMs = new AtomicLong(1_000_000);
        List<Set<String>> evaluations = new ArrayList<>();
        PanelSection section = new PanelSection() {
            @Override
            public void writeHtml(java.io.Writer w) throws java.io.IOException {
                w.write("<section id=\"panels\">evaluation " + evaluations.size() + "</section>\n");
            }

            @Override
            public void writeData(java.io.Writer w) throws java.io.IOException {
                w.write("{}");
            }
        };
        long periodMs = ThrottledPanelSection.periodFor(Duration.ofSeconds(10));
        assertThat(periodMs).isEqualTo(30_000);
        LivePage page = LivePage.open(settings, cdn, Duration.ofSeconds(10), new PrintStream(new ByteArrayOutputStream()),
                new ThrottledPanelSection((first, last, names) -> {
                    evaluations.add(names);
                    return section;
                }, periodMs, clockMs::get));
        assertThat(evaluations).hasSize(1);
        assertThat(evaluations.get(0)).contains("coppice_sandboxes_alive");
        clockMs.addAndGet(periodMs - 1);
        page.writeNow();
        assertThat(evaluations).hasSize(1);
        assertThat(LivePageTest.liveContent(out).get("main").asText()).contains("<section id=\"panels\">evaluation 1</section>");
        clockMs.addAndGet(1);
        page.writeNow();
        assertThat(evaluations).hasSize(2);
        assertThat(LivePageTest.liveContent(out).get("main").asText()).contains("<section id=\"panels\">evaluation 2</section>");
        clockMs.addAndGet(periodMs / 2);
        page.writeNow();
        assertThat(evaluations).hasSize(2);
        page.close();
    }

    /**
     * Writes the user's set "team" (one panel, "Executions", a rate per instance) into the {@code panels/} folder beside
     * {@code data}, and returns the sets render and watch would use: the built-in ones, then it.
     */
    static List<PanelSet> withTeamPanels(Path data) throws Exception {
        Path folder = data.resolveSibling("panels");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("team.yaml"), """
                name: team
                panels:
                  - title: Executions
                    unit: per second
                    queries:
                      - expr: rate(coppice_execute_requests_total[$__rate_interval])
                        legend: "{{instance}}"
                """, StandardCharsets.UTF_8);
        List<PanelSet> sets = new ArrayList<>(BuiltInPanelSets.all());
        sets.addAll(PanelFiles.read(List.of(), data));
        return sets;
    }
}
