package panels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's panel files: each set's name is its own (it makes the panels' ids on the page), each file read once. */
public class PanelFilesTest {
    @TempDir
    Path dir;

    private Path set(Path file, String name) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "name: " + name + "\npanels:\n  - title: a\n    unit: count\n    queries: [{expr: up}]\n");
        return file;
    }

    @Test
    void twoFilesWithOneSetNameAreRefusedNamingBoth() throws Exception {
        Path first = set(dir.resolve("a.yaml"), "team");
        Path second = set(dir.resolve("b.yaml"), "Team!");
        assertThatThrownBy(() -> PanelFiles.read(List.of(first, second), dir.resolve("data/metrics")))
                .isInstanceOf(PanelSetException.class)
                .hasMessage(second + ": the set name \"Team!\" is taken by " + first
                        + " (a set's name makes its panels' ids on the page); give this set a \"name:\" of its own");
    }

    @Test
    void aSetNamedAsABuiltInSetIsRefused() throws Exception {
        for (String builtIn : BuiltInPanelSets.NAMES) {
            Path copy = set(dir.resolve(builtIn + ".yaml"), builtIn);
            assertThatThrownBy(() -> PanelFiles.read(List.of(copy), dir.resolve("data/metrics")))
                    .hasMessageStartingWith(copy + ": the set name \"" + builtIn + "\" is taken by the built-in set " + builtIn);
        }
        // The rule reads the built-in sets' names from their file names: they must stay alike.
        for (String builtIn : BuiltInPanelSets.NAMES) assertThat(BuiltInPanelSets.load(builtIn).name()).isEqualTo(builtIn);
    }

    @Test
    void aFileGivenWithPanelsAndFoundInThePanelsFolderIsReadOnce() throws Exception {
        Path inFolder = set(dir.resolve("data/panels/team.yaml"), "team");
        Path other = set(dir.resolve("data/panels/web.yml"), "web");
        List<PanelSet> sets = PanelFiles.read(List.of(dir.resolve("data/panels/../panels/team.yaml")), dir.resolve("data/metrics"));
        assertThat(sets).extracting(PanelSet::name).containsExactly("team", "web");
        assertThat(sets.get(1).source()).isEqualTo(other.toString());
        assertThat(inFolder).exists();
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedWithItsLineInsteadOfReadWithReplacementCharacters() throws Exception {
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "name: team\npanels:\n  - title: D\u00e9bit\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> PanelFiles.read(List.of(latin1), dir.resolve("data/metrics")))
                .isInstanceOf(PanelSetException.class)
                .hasMessage(latin1 + ":3: not valid UTF-8 (byte 0xe9 not followed by a continuation byte at byte 13 of the line); save the file as UTF-8");
    }
}
