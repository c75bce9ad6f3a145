//DEPS info.picocli:picocli:4.7.7
package cli;

import days.Window;
import java.nio.file.Path;
import java.util.function.Supplier;
import page.Renderer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of the page, shared by every script that writes it ({@code render}, {@code watch --render},
 * {@code demo}; a picocli mixin): {@code --max-points}, {@code --max-traces}, the window ({@link WindowOptions}),
 * {@code --plotly} and {@code --chart-per-target}. It builds the page stage's {@link Renderer.Settings}.
 */
public final class PageOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--max-points", paramLabel = "N", defaultValue = "2000",
            description = "Most points per trace; longer traces keep the min and max of each time bucket (default: ${DEFAULT-VALUE}).")
    int maxPoints;

    @Option(names = "--max-traces", paramLabel = "N", defaultValue = "100",
            description = "Most traces per chart; the most recently active are kept (default: ${DEFAULT-VALUE}).")
    int maxTraces;

    @Mixin
    WindowOptions window;

    @Option(names = "--plotly", paramLabel = "URL|PATH",
            description = "Where the page gets Plotly: an https URL, or a local Plotly bundle (any build, e.g. plotly.min.js) that is "
                    + "inlined so the page needs no network. Default: Plotly's basic bundle, the pinned local copy under build/plotly/ when launcher/install-plotly.sh installed it, "
                    + "else the pinned CDN URL.")
    String plotly;

    @Option(names = "--chart-per-target",
            description = "With several targets, draw the PromQL panels and Other metrics as one small chart per target instead of "
                    + "one line per target on one chart.")
    boolean chartPerTarget;

    /**
     * Most points per trace, checked.
     *
     * @throws ParameterException (usage error) below 8
     */
    public int maxPoints() {
        if (maxPoints < 8) throw new ParameterException(spec.commandLine(), "--max-points must be at least 8, found " + maxPoints);
        return maxPoints;
    }

    /**
     * Most traces per chart, checked.
     *
     * @throws ParameterException (usage error) below 1
     */
    public int maxTraces() {
        if (maxTraces < 1) throw new ParameterException(spec.commandLine(), "--max-traces must be at least 1, found " + maxTraces);
        return maxTraces;
    }

    /** The window ({@link WindowOptions#window()}, with its usage errors). */
    public Window window() {
        return window.window();
    }

    /**
     * The page's settings, with Plotly from {@code --plotly} (null: the default).
     *
     * @param dataDir the folder of the day files
     * @param page    the page to write
     * @throws ParameterException (usage error) for a bad point or trace count or window
     */
    public Renderer.Settings settings(Path dataDir, Path page) {
        return settings(dataDir, page, () -> null);
    }

    /**
     * The page's settings, with Plotly from {@code --plotly}, else from {@code defaultPlotly} (a script's own default,
     * asked only once the other options are found valid).
     *
     * @throws ParameterException (usage error) for a bad point or trace count or window
     */
    public Renderer.Settings settings(Path dataDir, Path page, Supplier<String> defaultPlotly) {
        Window w = window();
        int points = maxPoints(), traces = maxTraces();
        return new Renderer.Settings(dataDir, page, points, traces, w.from(), w.to(), plotly != null ? plotly : defaultPlotly.get(),
                chartPerTarget);
    }

    /** {@code --plotly} as given, or null for the default (the local copy, else the CDN). */
    public String plotly() {
        return plotly;
    }
}
