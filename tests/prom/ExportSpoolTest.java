package prom;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22: the export's families wait in at most {@link FamilySpool#FILES} temp files, however many families there
 * are (one temp file per family made 1.79 M files for one scrape of tiny series), and each family still comes out
 * whole, its lines in the order appended.
 */
class ExportSpoolTest {
    @TempDir
    Path work;

    @Test
    void manyFamiliesShareABoundedNumberOfFilesAndComeOutWhole() throws Exception {
        int families = FamilySpool.FILES * 3 + 7;
        FamilySpool spool = new FamilySpool(work);
        int[] peakFiles = {0};
        for (int round = 0; round < 2; round++) {
            for (int f = 0; f < families; f++) spool.append(f, "f" + f + "_total " + round + "\n");
            try (var files = Files.list(work)) {
                peakFiles[0] = Math.max(peakFiles[0], (int) files.count());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int written = spool.copyOut((f, o) -> o.write(("# TYPE f" + f + " counter\n").getBytes(StandardCharsets.UTF_8)), out);
        assertThat(written).isEqualTo(families);
        assertThat(peakFiles[0]).isEqualTo(FamilySpool.FILES);
        try (var files = Files.list(work)) {
            assertThat(files).isEmpty();
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(families * 3);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += 3) {
            String name = lines.get(i).split(" ")[2];
            seen.add(name);
            assertThat(lines.get(i + 1)).isEqualTo(name + "_total 0");
            assertThat(lines.get(i + 2)).isEqualTo(name + "_total 1");
        }
        assertThat(seen).doesNotHaveDuplicates().hasSize(families).startsWith("f0", "f1024", "f2048", "f3072", "f1");
    }

    @Test
    void upToTheFileCountFamiliesComeOutInTheOrderFirstSeen() throws Exception {
        FamilySpool spool = new FamilySpool(work);
        for (int f = 0; f < 300; f++) spool.append(f, "x" + f + " 1\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        spool.copyOut((f, o) -> o.write(("# TYPE x" + f + " gauge\n").getBytes(StandardCharsets.UTF_8)), out);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        for (int f = 0; f < 300; f++) assertThat(lines.get(2 * f)).isEqualTo("# TYPE x" + f + " gauge");
    }
}
