package page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --plotly FILE} is read with a size bound, like every file an option names. */
class PlotlyFileBoundTest {
    @Test
    void aFileFarLargerThanAnyPlotlyIsRefusedWithASentence(@TempDir Path dir) throws Exception {
        Path huge = dir.resolve("plotly.min.js");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(1L << 30); // sparse: no disk used
        }
        assertThatThrownBy(() -> PlotlySource.resolve(huge.toString(), null)).isInstanceOf(IOException.class)
                .hasMessage("--plotly " + huge + ": cannot read: larger than 33,554,432 bytes, more than such a file holds");
    }

    @Test
    void aSmallFileIsInlined(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("plotly.min.js");
        Files.writeString(script, "window.Plotly = {};");
        PlotlySource source = PlotlySource.resolve(script.toString(), null);
        assertThat(source.fromNetwork()).isFalse();
        assertThat(source.from()).isEqualTo(script.toString());
    }
}
