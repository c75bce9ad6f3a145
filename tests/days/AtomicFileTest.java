package days;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacesTheFileAndReturnsWhatTheContentReturned() throws IOException {
        Path page = dir.resolve("metrics.html");
        Files.writeString(page, "old");
        Integer written = AtomicFile.write(page, AtomicFile.SHARED, out -> {
            out.write("new".getBytes(StandardCharsets.UTF_8));
            out.close(); // only flushes: writers wrapped around the stream may be closed
            return 3;
        });
        assertThat(written).isEqualTo(3);
        assertThat(Files.readString(page)).isEqualTo("new");
        assertThat(names()).containsExactly("metrics.html");
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(page))).isEqualTo("rw-r--r--");
    }

    @Test
    void writesUnderAHiddenNameThatNoListingOfRecordFilesSees() throws IOException {
        Path gz = dir.resolve("2026-11-29.jsonl.gz");
        AtomicFile.write(gz, null, out -> {
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).singleElement().asString().startsWith(".2026-11-29.jsonl.gz.tmp");
            }
            assertThat(DayFiles.days(dir, null, null)).isEmpty();
            assertThat(DayFiles.ignoredFiles(dir)).isEmpty();
            return null;
        });
        assertThat(names()).containsExactly("2026-11-29.jsonl.gz");
    }

    @Test
    void aFailingWriteLeavesTheOldFileAndNoTempFile() throws IOException {
        Path export = dir.resolve("export.om");
        Files.writeString(export, "old");
        assertThatThrownBy(() -> AtomicFile.write(export, AtomicFile.SHARED, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("No space left on device");
        })).isInstanceOf(IOException.class).hasMessage("No space left on device");
        assertThatThrownBy(() -> AtomicFile.write(export, AtomicFile.SHARED, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new UncheckedIOException(new IOException("broken"));
        })).isInstanceOf(UncheckedIOException.class);
        assertThat(Files.readString(export)).isEqualTo("old");
        assertThat(names()).containsExactly("export.om");
    }

    @Test
    void aFailingRenameLeavesNoTempFile() throws IOException {
        Path occupied = dir.resolve("page.html");
        Files.createDirectory(occupied);
        Files.writeString(occupied.resolve("inside"), "x"); // a non-empty folder cannot be replaced by a file
        assertThatThrownBy(() -> AtomicFile.write(occupied, null, out -> {
            out.write("new".getBytes(StandardCharsets.UTF_8));
            return null;
        })).isInstanceOf(IOException.class);
        assertThat(names()).containsExactly("page.html");
        assertThat(Files.readString(occupied.resolve("inside"))).isEqualTo("x");
    }

    @Test
    void leftoversOfTheTargetAreDeletedAndNothingElse() throws IOException {
        Files.writeString(dir.resolve(".2026-11-28.jsonl.gz.tmp"), "crashed");
        Files.writeString(dir.resolve(".2026-11-28.jsonl.gz.tmp-1x2y"), "crashed");
        Files.writeString(dir.resolve(".2026-11-29.jsonl.gz.tmp-1x2y"), "another day's");
        Files.writeString(dir.resolve("2026-11-28.jsonl"), "day");
        AtomicFile.deleteLeftovers(dir.resolve("2026-11-28.jsonl.gz"));
        assertThat(names()).containsExactly(".2026-11-29.jsonl.gz.tmp-1x2y", "2026-11-28.jsonl");
    }
}
