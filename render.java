///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS info.picocli:picocli:4.7.7
//DESCRIPTION Render every day file under data/metrics/ into one static HTML page with Plotly charts
//SOURCES lib/cli/*.java
//SOURCES lib/record/*.java
//SOURCES lib/parse/*.java
//SOURCES lib/days/*.java
//SOURCES lib/page/*.java
//JAVA_OPTIONS -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx512m
//FILES page/page.js=lib/page/page.js
//FILES page/page.css=lib/page/page.css
//FILES page/page.html=lib/page/page.html
import cli.Cli;
import cli.PageOptions;
import cli.ProjectVersion;
import cli.WindowOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import page.Renderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Reads the scrape records under a folder and writes the "Live metrics" page. Prints the page's path on stdout and
 * a one-line summary on stderr. Exit status 0 when the page was written, 1 on failure, 2 on a usage error.
 */
@Command(name = "render", mixinStandardHelpOptions = true, versionProvider = ProjectVersion.class,
        description = "Render every day file under data/metrics/ into one static HTML page with Plotly charts.%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the page was written", "1:a file could not be read or the page could not be written", "2:usage error"})
public class render implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data/metrics",
            description = "Folder with the YYYY-MM-DD.jsonl (or gzipped .jsonl.gz) day files (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "data/metrics.html",
            description = "Page to write (default: ${DEFAULT-VALUE}; data/*.html is git-ignored).")
    Path out;

    @Mixin
    PageOptions page;

    public static void main(String[] args) {
        System.exit(Cli.run(new render(), args));
    }

    @Override
    public Integer call() throws Exception {
        WindowOptions.Window w = page.window();
        int maxPoints = page.maxPoints(), maxTraces = page.maxTraces();

        if (!Files.isDirectory(dataDir)) System.err.println("render: warning: " + dataDir + " does not exist; the page shows no samples");
        PrintStream progress = System.console() != null ? System.err : null;
        Renderer.Result result;
        try {
            result = Renderer.render(new Renderer.Settings(dataDir, out, maxPoints, maxTraces, w.from(), w.to(), page.plotly()), progress);
        } catch (IllegalArgumentException e) {
            System.err.println("render: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("render: " + e.getMessage());
            return 1;
        }

        for (String warning : result.warnings()) System.err.println("render: " + warning);
        if (result.malformedWarning() != null) System.err.println("render: " + result.malformedWarning());
        System.err.println("render: " + result.describe());
        System.out.println(out);
        return 0;
    }
}
