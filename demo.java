///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Start a simulated coppice gateway, watch it for about 20 samples, render the page and print its path.
//DEPS info.picocli:picocli:4.7.7
//SOURCES lib/secrets/*.java
//SOURCES lib/text/*.java
//SOURCES lib/units/*.java
//SOURCES lib/files/*.java
//SOURCES lib/version/*.java
//SOURCES lib/record/*.java
//SOURCES lib/parse/*.java
//SOURCES lib/days/*.java
//SOURCES lib/http/*.java
//SOURCES lib/scrape/*.java
//SOURCES lib/page/*.java
//SOURCES lib/sim/*.java
//SOURCES lib/prom/*.java
//SOURCES lib/query/*.java
//SOURCES lib/queryio/*.java
//SOURCES lib/panels/*.java
//SOURCES lib/cli/Cli.java
//SOURCES lib/cli/Converters.java
//SOURCES lib/cli/VersionProvider.java
//SOURCES lib/cli/DataOptions.java
//SOURCES lib/cli/IntervalOption.java
//SOURCES lib/cli/SeedOption.java
//SOURCES lib/cli/OwnDefaults.java
//SOURCES lib/cli/PageFileOption.java
//SOURCES lib/cli/PageOptions.java
//SOURCES lib/cli/WindowOptions.java
//JAVA_OPTIONS -XX:+UseSerialGC -Xms8m -Xmx512m
//FILES page/page.js=lib/page/page.js
//FILES page/page.css=lib/page/page.css
//FILES page/page.html=lib/page/page.html
//FILES panels/sets/coppice.yaml=lib/panels/sets/coppice.yaml
//FILES panels/sets/node_exporter.yaml=lib/panels/sets/node_exporter.yaml
//FILES panels/sets/prometheus.yaml=lib/panels/sets/prometheus.yaml
//FILES panels/sets/go.yaml=lib/panels/sets/go.yaml
//FILES panels/sets/jvm.yaml=lib/panels/sets/jvm.yaml
import cli.Cli;
import cli.Converters;
import cli.DataOptions;
import cli.IntervalOption;
import cli.OwnDefaults;
import cli.SeedOption;
import cli.PageFileOption;
import cli.PageOptions;
import cli.VersionProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import page.LivePage;
import page.Page;
import page.PlotlySource;
import page.Renderer;
import panels.BuiltInPanelSets;
import panels.PanelFeed;
import panels.ThrottledPanelSection;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import scrape.Scraper;
import scrape.Watcher;
import sim.SimulatedGateway;

@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "The whole loop with no coppice gateway anywhere: start a simulated gateway on loopback (the official "
                + "Prometheus Java client serving the coppice metrics) with a random workload, watch it for --samples "
                + "samples at --interval, restart it once along the way so counters reset, render the page and print "
                + "its path.%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the page was written", "1:the gateway, the watch or the page failed", "2:usage error"},
        defaultValueProvider = demo.Defaults.class)
public class demo implements Callable<Integer> {
    /** The demo samples every 500 ms, so that its 20 samples take seconds, with a fixed seed, so that its page can be repeated. */
    public static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            String interval = OwnDefaults.of(arg, "--interval", "500ms");
            return interval != null ? interval : OwnDefaults.of(arg, "--seed", "7");
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "20", description = "Samples to take. Default: ${DEFAULT-VALUE}")
    int samples;

    @Mixin
    IntervalOption interval;

    /** Without --data-dir, the demo's own folder ({@link DataOptions#DEMO_DATA_DIR}), apart from real scrapes. */
    @Mixin
    DataOptions data = DataOptions.demo();

    @Mixin
    PageFileOption out;

    @Mixin
    SeedOption seed;

    @Option(names = "--gateways", paramLabel = "N", defaultValue = "1",
            description = "Simulated gateways to start and watch together, named gw1..gwN (records carry \"instance\"). Default: ${DEFAULT-VALUE}")
    int gateways;

    /** The page's options as render has them; unless --plotly says otherwise, the demo installs the local copy first. */
    @Mixin
    PageOptions page;

    public static void main(String... args) {
        System.exit(Cli.run(new demo(), args));
    }

    @Override
    public Integer call() throws Exception {
        if (samples < 2) throw new ParameterException(spec.commandLine(), "--samples: at least 2 are needed to draw rates, found " + samples);
        if (gateways < 1 || gateways > 20) throw new ParameterException(spec.commandLine(), "--gateways: expected 1 to 20, found " + gateways);
        Renderer.Settings settings = page.settings(data.dataDirToWrite("demo", System.err), out.page(data), this::defaultPlotly);
        List<SimulatedGateway> running = new ArrayList<>();
        LivePage live = null;
        try {
            List<Scraper> scrapers = new ArrayList<>();
            for (int i = 1; i <= gateways; i++) {
                SimulatedGateway gateway = SimulatedGateway.start(0);
                running.add(gateway);
                gateway.startWorkload(Duration.ofMillis(100), seed.seed() + i);
                String name = gateways == 1 ? null : "gw" + i;
                System.err.println("demo: simulated gateway " + (name == null ? "" : name + " ") + "at " + gateway.metricsUri());
                Scraper.Settings scrape = new Scraper.Settings(gateway.metricsUri().toString(), Duration.ofSeconds(5),
                        Scraper.FormatChoice.AUTO, 64L << 20, Map.of(), null);
                scrapers.add(new Scraper(scrape, name));
            }
            // The page is live while the demo runs (watch --render): open it now and watch the samples arrive.
            try {
                live = LivePage.open(settings, PlotlySource.resolve(settings.plotly(), PlotlySource.projectRoot()), interval.interval(), System.err,
                        panels(settings, ThrottledPanelSection.periodFor(interval.interval())));
            } catch (java.io.IOException e) {
                System.err.println("demo: " + e.getMessage());
                return 1;
            }
            live.start();
            System.err.println("demo: simulated records go to " + settings.dataDir().toAbsolutePath() + " (apart from real scrapes)");
            System.err.println("demo: live page at " + settings.out().toAbsolutePath().toUri() + " (it follows the samples while the demo runs)");
            Thread restarter = restartHalfwayThrough(running.get(0));

            LivePage feed = live;
            Watcher watcher = new Watcher(scrapers, interval.interval(), samples, settings.dataDir(), System.err, feed::offer);
            Watcher.Summary summary = watcher.run();
            restarter.interrupt();
            System.err.println("demo: " + summary.describe());
        } finally {
            if (live != null) live.close();
            running.forEach(SimulatedGateway::close);
        }

        // The watch is over: the final page says when it was rendered and no longer reloads.
        Renderer.Result rendered;
        try {
            rendered = Renderer.render(settings, null, panels(settings, 0));
        } catch (java.io.IOException e) {
            System.err.println("demo: " + e.getMessage());
            return 1;
        }
        System.err.println("demo: rendered " + rendered.describe());
        System.out.println(rendered.page().toAbsolutePath());
        return 0;
    }

    /**
     * The demo should draw wherever it runs, also on machines that reach package registries but not Plotly's CDN:
     * so unless --plotly says otherwise, it inlines the pinned Plotly from build/plotly/, installing it there with npm
     * when npm is on the PATH (launcher/install-plotly.sh). Without either, the page loads Plotly from the CDN.
     */
    private String defaultPlotly() {
        Path root = PlotlySource.projectRoot();
        if (root != null && PlotlySource.localCopy(root) == null && onPath("npm")) {
            System.err.println("demo: installing Plotly " + Page.PLOTLY_VERSION + " from npm into build/plotly/ (once)");
            try {
                Process install = new ProcessBuilder(root.resolve(PlotlySource.INSTALL_SCRIPT).toString())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                if (!install.waitFor(3, TimeUnit.MINUTES)) install.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException e) {
                System.err.println("demo: cannot run launcher/install-plotly.sh: " + e.getMessage());
            }
        }
        Path local = PlotlySource.localCopy(root);
        if (local != null) return local.toString();
        System.err.println("demo: no local Plotly (" + PlotlySource.INSTALL_SCRIPT + " needs npm); the page loads it from " + Page.PLOTLY_CDN);
        return null;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) return true;
        }
        return false;
    }

    /** Restarts the gateway once, about 60 % of the way through, so the page shows a counter reset. */
    private Thread restartHalfwayThrough(SimulatedGateway gateway) {
        Thread restarter = new Thread(() -> {
            try {
                Thread.sleep(interval.interval().multipliedBy(samples).toMillis() * 6 / 10);
                System.err.println("demo: restarting the simulated gateway (counters go back to 0)");
                gateway.restart();
            } catch (InterruptedException ignored) {
                // the run ended first
            } catch (java.io.IOException e) {
                System.err.println("demo: the simulated gateway did not come back: " + e.getMessage());
            }
        }, "demo-restart");
        restarter.setDaemon(true);
        restarter.start();
        return restarter;
    }

    /**
     * The page's panels as render and watch make them: the built-in sets (the coppice set first, as the page's coppice
     * section), fed the page's own read; {@code fullPeriodMs} as watch's live page has it, 0 for render's page.
     */
    private static PanelFeed panels(Renderer.Settings settings, long fullPeriodMs) {
        return new PanelFeed(settings, PanelFeed.storage(settings.dataDir()), BuiltInPanelSets.all(), List.of(), PanelFeed.BUFFER_SAMPLES, fullPeriodMs, System::currentTimeMillis);
    }
}
