package page;

import static org.assertj.core.api.Assertions.assertThat;

import days.RecordTimes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import panels.BuiltInPanelSets;
import panels.PanelFiles;
import panels.PanelPages;
import panels.PanelSet;
import queryio.DayFileStorage;

/** Watch's live page with PromQL panels: a user's set from the panels/ folder beside the data folder is on the page. */
public class PanelsLivePageTest {
    @TempDir
    Path tmp;

    @Test
    void theLivePageCarriesTheUsersPanelsFromThePanelsFolder() throws Exception {
        Path data = tmp.resolve("data/metrics");
        RenderBrowserTest.writeRecords(data);
        Files.createDirectories(tmp.resolve("data/panels"));
        Files.writeString(tmp.resolve("data/panels/team.yaml"), """
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
        assertThat(sets).extracting(PanelSet::name).endsWith("team");
        DayFileStorage storage = new DayFileStorage(data, "coppice", true, RecordTimes.system(), new PrintStream(new ByteArrayOutputStream()));
        Path out = tmp.resolve("live.html");
        Renderer.Settings settings = new Renderer.Settings(data, out, 2000, 100, null, null, null);
        PlotlySource cdn = new PlotlySource("https://cdn.example/plotly.js", null, "test");
        LivePage page = LivePage.open(settings, cdn, Duration.ofSeconds(30), new PrintStream(new ByteArrayOutputStream()),
                (first, last) -> PanelPages.build(storage, sets, first, last, 2000, List.of("coppice"), data));
        page.close();
        String html = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(html).contains("<section id=\"set-team\" class=\"panel-set\">",
                "id=\"panel-team-executions\" data-panel-chart data-queries=\"[{&quot;expr&quot;:&quot;"
                        + "rate(coppice_execute_requests_total[2m])&quot;,&quot;step&quot;:30}]\"",
                "<script type=\"application/json\" id=\"panel-data\">");
        assertThat(html.indexOf("id=\"panels\"")).isLessThan(html.indexOf("<section id=\"other\">"));
        assertThat(html).doesNotContain("id=\"set-coppice\"");
    }
}
