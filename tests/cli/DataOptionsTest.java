package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The data folder and the default page: --data-dir, $COPPICE_DATA_DIR, the defaults, the demo's own folder. */
class DataOptionsTest {
    @TempDir
    Path temp;

    @Command(name = "real")
    static final class Real {
        @Mixin
        DataOptions data;
    }

    @Command(name = "demo")
    static final class Demo {
        @Mixin
        DataOptions data = DataOptions.demo();
    }

    private static DataOptions real(String... args) {
        Real command = new Real();
        new CommandLine(command).parseArgs(args);
        return command.data;
    }

    private static DataOptions demo(String... args) {
        Demo command = new Demo();
        new CommandLine(command).parseArgs(args);
        return command.data;
    }

    @Test
    void theOptionThenTheVariableThenTheDefault() {
        assertThat(real().dataDir(null)).isEqualTo(Path.of("data/metrics"));
        assertThat(real().dataDir("")).isEqualTo(Path.of("data/metrics"));
        assertThat(real().dataDir("/srv/metrics")).isEqualTo(Path.of("/srv/metrics"));
        assertThat(real("--data-dir", "here").dataDir("/srv/metrics")).isEqualTo(Path.of("here"));
    }

    @Test
    void theDemoKeepsToItsOwnFolderWhateverTheVariableSays() {
        assertThat(demo().dataDir("/srv/metrics")).isEqualTo(Path.of("data/demo"));
        assertThat(demo().page(null)).isEqualTo(Path.of("data/demo.html"));
        assertThat(demo("--data-dir", "x/y").dataDir(null)).isEqualTo(Path.of("x/y"));
    }

    @Test
    void thePageGoesBesideItsDataFolderUnlessNamed() {
        assertThat(real("--data-dir", "data/metrics").page(null)).isEqualTo(Path.of("data/metrics.html"));
        assertThat(real("--data-dir", "/tmp/scratch/").page(null)).isEqualTo(Path.of("/tmp/scratch.html"));
        assertThat(real("--data-dir", "scratch").page(Path.of(""))).isEqualTo(Path.of("scratch.html"));
        assertThat(real("--data-dir", "scratch").page(Path.of("out/p.html"))).isEqualTo(Path.of("out/p.html"));
        Path here = Path.of("").toAbsolutePath();
        assertThat(real("--data-dir", ".").page(null)).isEqualTo(here.resolveSibling(here.getFileName() + ".html"));
    }

    @Test
    void aNewDataFolderIsSaidOnceWithItsAbsolutePath() {
        Path dir = temp.resolve("a/b");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
        DataOptions data = real("--data-dir", dir.toString());
        assertThat(data.dataDirToWrite("scrape", stream)).isEqualTo(dir);
        assertThat(data.dataDirToWrite("scrape", stream)).isEqualTo(dir);
        assertThat(Files.isDirectory(dir)).isTrue();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("scrape: created the data folder " + dir.toAbsolutePath() + "\n");
    }
}
