package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The page's options: one line per target by default, one small chart per target with --chart-per-target. */
class PageOptionsTest {
    @Command(name = "render")
    static final class Render {
        @Mixin
        PageOptions page;
    }

    private static PageOptions page(String... args) {
        Render command = new Render();
        new CommandLine(command).parseArgs(args);
        return command.page;
    }

    @Test
    void oneLinePerTargetUnlessAChartPerTargetIsAskedFor() {
        assertThat(page().settings(Path.of("d"), Path.of("p.html")).chartPerTarget()).isFalse();
        assertThat(page("--chart-per-target").settings(Path.of("d"), Path.of("p.html")).chartPerTarget()).isTrue();
    }
}
