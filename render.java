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
//JAVA_OPTIONS -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx512m
//FILES page/page.js=lib/page/page.js
//FILES page/page.css=lib/page/page.css
//FILES page/page.html=lib/page/page.html
import cli.Cli;
import cli.DataOptions;
import cli.PageFileOption;
import cli.PageOptions;
import cli.VersionProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import page.Renderer;
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

    public static void main(String[] args) {
        System.exit(Cli.run(new render(), args));
    }

    @Override
    public Integer call() throws Exception {
        Renderer.Settings settings = page.settings(data.dataDir(), out.page(data));

        if (!Files.isDirectory(settings.dataDir())) {
            System.err.println("render: warning: " + settings.dataDir() + " does not exist; the page shows no samples");
        }
        PrintStream progress = System.console() != null ? System.err : null;
        Renderer.Result result;
        try {
            result = Renderer.render(settings, progress);
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
        System.out.println(settings.out());
        return 0;
    }
}
