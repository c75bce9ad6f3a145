///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS info.picocli:picocli:4.7.7
//DESCRIPTION Render every day file under data/metrics/ into one static HTML page with Plotly charts
//SOURCES lib/secrets/*.java
//SOURCES lib/text/*.java
//SOURCES lib/units/*.java
//SOURCES lib/files/*.java
//SOURCES lib/version/*.java
//SOURCES lib/record/*.java
//SOURCES lib/parse/*.java
//SOURCES lib/days/*.java
//SOURCES lib/page/*.java
//SOURCES lib/cli/Cli.java
//SOURCES lib/cli/Converters.java
//SOURCES lib/cli/VersionProvider.java
//SOURCES lib/cli/DataOptions.java
//SOURCES lib/cli/PageFileOption.java
//SOURCES lib/cli/PageOptions.java
//SOURCES lib/cli/WindowOptions.java
//SOURCES lib/cli/PanelOptions.java
//SOURCES lib/cli/ListPanelsOption.java
//SOURCES lib/http/*.java
//SOURCES lib/prom/*.java
//SOURCES lib/query/*.java
//SOURCES lib/queryio/*.java
//SOURCES lib/panels/*.java
//JAVA_OPTIONS -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx512m
//FILES page/page.js=lib/page/page.js
//FILES page/page.css=lib/page/page.css
//FILES page/page.html=lib/page/page.html
//FILES panels/sets/coppice.yaml=lib/panels/sets/coppice.yaml
//FILES panels/sets/node_exporter.yaml=lib/panels/sets/node_exporter.yaml
//FILES panels/sets/prometheus.yaml=lib/panels/sets/prometheus.yaml
//FILES panels/sets/go.yaml=lib/panels/sets/go.yaml
//FILES panels/sets/jvm.yaml=lib/panels/sets/jvm.yaml
import cli.Cli;
import cli.DataOptions;
import cli.PageFileOption;
import cli.PageOptions;
import cli.ListPanelsOption;
import cli.PanelOptions;
import cli.VersionProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import page.Renderer;
import panels.BuiltInPanelSets;
import panels.PanelFeed;
import panels.PanelFiles;
import panels.PanelPages;
import panels.PanelSet;
import panels.PanelSetException;
import queryio.DayFileStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Reads the scrape records under a folder and writes the "Live metrics" page. Prints the page's path on stdout and
 * a one-line summary on stderr. Exit status 0 when the page was written, 1 on failure, 2 on a usage error.
 */
@Command(name = "render", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Render every day file under data/metrics/ into one static HTML page with Plotly charts.%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the page was written", "1:a file could not be read or the page could not be written", "2:usage error"})
public class render implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    PageFileOption out;

    @Mixin
    PageOptions page;

    @Mixin
    PanelOptions panelOptions;

    @Mixin
    ListPanelsOption listPanels;

    public static void main(String[] args) {
        System.exit(Cli.run(new render(), args));
    }

    @Override
    public Integer call() throws Exception {
        Renderer.Settings settings = page.settings(data.dataDir(), out.page(data));

        if (!Files.isDirectory(settings.dataDir())) {
            System.err.println("render: warning: " + settings.dataDir() + " does not exist; the page shows no samples");
        }
        List<PanelSet> sets = new ArrayList<>(BuiltInPanelSets.all());
        try {
            sets.addAll(PanelFiles.read(panelOptions.files(), settings.dataDir()));
        } catch (PanelSetException e) {
            System.err.println("render: " + e.getMessage());
            return 2;
        }
        if (listPanels.list()) {
            // No page is read, so this read's warnings about the day files are the only ones.
            DayFileStorage storage = PanelFeed.storage(settings.dataDir(), System.err);
            long windowFrom = settings.from() == null ? Long.MIN_VALUE : settings.from().toEpochMilli();
            long windowTo = settings.to() == null ? Long.MAX_VALUE : settings.to().toEpochMilli();
            long[] extent = PanelPages.extent(storage, windowFrom, windowTo);
            System.out.print(PanelPages.list(storage, sets, extent[0], extent[1]));
            return 0;
        }
        PrintStream progress = System.console() != null ? System.err : null;
        Renderer.Result result;
        PanelFeed feed;
        try {
            // The coppice set is drawn first, as the page's coppice section (the lead set); the panels from the page's own read.
            feed = new PanelFeed(settings, PanelFeed.storage(settings.dataDir()), sets, List.of(), PanelFeed.BUFFER_SAMPLES, 0,
                    System::currentTimeMillis);
            result = Renderer.render(settings, progress, feed);
        } catch (IllegalArgumentException e) {
            System.err.println("render: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("render: " + e.getMessage());
            return 1;
        }

        for (String warning : result.warnings()) System.err.println("render: " + warning);
        if (result.malformedWarning() != null) System.err.println("render: " + result.malformedWarning());
        if (feed.failure() != null) System.err.println("render: warning: panels " + feed.failure());
        System.err.println("render: " + result.describe());
        System.out.println(settings.out());
        return 0;
    }
}
