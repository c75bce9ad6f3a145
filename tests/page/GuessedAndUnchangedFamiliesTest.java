package page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.NodeExporterDay;

/**
 * "Other metrics" of node_exporter records (the real exposition, {@link NodeExporterDay}) with two textfile-collector
 * families that declare no type beyond {@code untyped} and end in {@code _total}: they are drawn as rates per second and
 * marked guessed; the families whose every series is unchanged over the window are rows of their group's one table,
 * never a heading each, and the index still leads to every family.
 */
public class GuessedAndUnchangedFamiliesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void untypedTotalsAreGuessedRatesAndUnchangedFamiliesFoldIntoTheirGroupsTable() throws IOException {
        Path exposition = tmp.resolve("node_exporter-with-textfile.prom");
        Files.writeString(exposition, Files.readString(NodeExporterDay.EXPOSITION, StandardCharsets.UTF_8)
                + "# HELP node_textfile_backups_total Backups run (written by a cron job).\n"
                + "# TYPE node_textfile_backups_total untyped\n"
                + "node_textfile_backups_total{kind=\"full\"} 1200\n"
                + "node_textfile_backups_total{kind=\"incremental\"} 35000\n", StandardCharsets.UTF_8);
        Path data = tmp.resolve("data");
        NodeExporterDay.write(data, 120, exposition, "http://127.0.0.1:9100/metrics");
        Path out = tmp.resolve("page.html");
        Renderer.render(new Renderer.Settings(data, out, 2000, 100, null, null, "https://cdn.example/plotly.js"), null);
        String page = Files.readString(out, StandardCharsets.UTF_8);
        JsonNode charts = JSON.readTree(between(page, "<script type=\"application/json\" id=\"chart-data\">", "</script>")).get("charts");

        // Guessed: a rate per second of each series, marked where the chart is read and listed in the intro.
        JsonNode backups = null;
        for (JsonNode c : charts) if (c.get("title").asText().equals("node_textfile_backups_total")) backups = c;
        assertThat(backups).isNotNull();
        assertThat(backups.get("yTitle").asText()).isEqualTo("per second");
        String family = between(page, "<h3>node_textfile_backups_total</h3>", "</p>");
        assertThat(family).contains("<span class=\"guessed\"").contains("guessed counter</span> untyped; drawn as a counter because its name "
                + "ends in _total and it never went down but by a counter reset: rate per second");
        assertThat(between(page, "<p class=\"note\" id=\"guessed-types\">", "</p>")).contains("<code>node_textfile_backups_total</code>");
        for (JsonNode t : backups.get("traces")) {
            // NodeExporterDay grows a counter by rate * 30 s * (0.5 to 1.5) a scrape: every drawn value is a rate of
            // that size (a few per second at most), never the raw count in the thousands.
            assertThat(t.get("y").size()).isEqualTo(119);
            for (JsonNode y : t.get("y")) assertThat(y.asDouble()).isPositive().isLessThan(10);
        }

        // Unchanged families fold: no heading without a chart or a table under it, and none saying "every series unchanged".
        assertThat(page).doesNotContain("Every series unchanged");
        Matcher family1 = Pattern.compile("<div class=\"family\" id=\"f-([^\"]+)\">\n<h3>[^<]*</h3>\n<p class=\"sub\">.*?</p>\n(<[a-z]+)").matcher(page);
        int families = 0;
        while (family1.find()) {
            families++;
            assertThat(family1.group(2)).as("what follows the heading of f-" + family1.group(1)).isIn("<div", "<table", "<p");
        }
        assertThat(countOf(page, "<div class=\"family\"")).isEqualTo(families);
        assertThat(countOf(page, "data-chart=\"")).isEqualTo(charts.size());
        List<String> foldedRows = new ArrayList<>();
        Matcher row = Pattern.compile("<tr id=\"f-([^\"]+)\"><td><code>([^<]+)</code>").matcher(page);
        while (row.find()) foldedRows.add(row.group(2));
        assertThat(foldedRows).as("families with every series unchanged, as rows").contains("node_timex_sync_status").hasSizeGreaterThan(5);
        assertThat(page).doesNotContain("<h3>node_timex_sync_status</h3>");
        // Every index link to a family lands on an element of the page: its chart's block, or its first row.
        Set<String> ids = new HashSet<>();
        Matcher id = Pattern.compile(" id=\"([^\"]+)\"").matcher(page);
        while (id.find()) ids.add(id.group(1));
        Matcher link = Pattern.compile("<a class=\"fam\" href=\"#([^\"]+)\"").matcher(page);
        int links = 0;
        while (link.find()) {
            links++;
            assertThat(ids).as("target of index link #" + link.group(1)).contains(link.group(1));
        }
        assertThat(links).isEqualTo(families + foldedRows.size());
    }

    static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as(start).isNotNegative();
        from += start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    static int countOf(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }
}
