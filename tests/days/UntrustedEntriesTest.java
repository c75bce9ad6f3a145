package days;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.ScrapeRecord;
import support.Generated;

/**
 * Issue 22: the entries of a data folder are trusted only as regular files. A symbolic link (to a file outside the
 * folder, a root-only file) or a FIFO in place of a day file or of {@code .retention.lock} is refused with a
 * sentence, never followed and never waited on; a gzipped day keeps its plain file's permissions. (A bound on the
 * whole test only catches a hang: none of these waits for anything.)
 */
class UntrustedEntriesTest {
    private static final Duration HANG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final Instant today = Instant.now();

    private ScrapeRecord record(Instant at) {
        return Generated.coppiceDay(at, 1, Duration.ofSeconds(30), 1, "http://h:1/metrics").get(0);
    }

    private static void mkfifo(Path path) throws Exception {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }

    @Test
    void anAppendNeverFollowsALinkedDayFile() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path outside = Files.writeString(dir.resolve("outside.txt"), "not a day file\n");
        Files.createSymbolicLink(DayFiles.fileFor(data, today), outside);
        assertThatThrownBy(() -> DayFileAppender.append(data, record(today)))
                .hasMessageContaining("is a symbolic link").hasMessageContaining("never followed");
        assertThat(Files.readString(outside)).isEqualTo("not a day file\n");
    }

    @Test
    void aFifoAsTodaysFileIsRefusedNotWaitedOn() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        mkfifo(DayFiles.fileFor(data, today));
        assertTimeoutPreemptively(HANG, () -> assertThatThrownBy(() -> DayFileAppender.append(data, record(today)))
                .hasMessageContaining("is not a regular file (a FIFO, socket or device)"));
    }

    @Test
    void aFifoAsTheRetentionLockIsRefusedNotWaitedOn() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        DayFileAppender.append(data, record(today.minus(Duration.ofDays(3))));
        mkfifo(data.resolve(".retention.lock"));
        assertTimeoutPreemptively(HANG, () -> assertThatThrownBy(
                () -> Retention.apply(data, Duration.ofDays(1), Retention.DEFAULT_GRACE, today, null))
                .hasMessageContaining(".retention.lock is not a regular file"));
    }

    @Test
    void retentionNeitherCopiesNorDeletesALinkedDayFile() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path secret = dir.resolve("root-only.jsonl");
        DayFileAppender.append(dir.resolve("elsewhere"), record(today.minus(Duration.ofDays(2))));
        Files.move(DayFiles.fileFor(dir.resolve("elsewhere"), today.minus(Duration.ofDays(2))), secret);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path link = DayFiles.fileFor(data, today.minus(Duration.ofDays(2)));
        Files.createSymbolicLink(link, secret);
        DayFileAppender.append(data, record(today));
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        Retention.Result result = Retention.apply(data, null, Retention.DEFAULT_GRACE, today,
                new PrintStream(said, true, StandardCharsets.UTF_8));
        assertThat(result.compressed()).isEmpty();
        assertThat(result.failed()).singleElement().asString().contains("is a symbolic link");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(DayFiles.gzFileFor(data, java.time.LocalDate.ofInstant(today.minus(Duration.ofDays(2)), java.time.ZoneOffset.UTC)))
                .doesNotExist();
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("retention: warning: ").contains("is a symbolic link");
        Retention.Result deleting = Retention.apply(data, Duration.ofDays(1), null, today, null);
        assertThat(deleting.deleted()).isEmpty();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(secret).exists();
    }

    @Test
    void aGzippedDayKeepsThePermissionsOfItsPlainFile() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Instant old = today.minus(Duration.ofDays(2));
        DayFileAppender.append(data, record(old));
        Path plain = DayFiles.fileFor(data, old);
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-------"));
        Retention.Result result = Retention.apply(data, null, Retention.DEFAULT_GRACE, today, null);
        assertThat(result.compressed()).hasSize(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(result.compressed().get(0)))).isEqualTo("rw-------");
    }

    @Test
    void readersRefuseALinkedDayFile() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path outside = dir.resolve("outside.jsonl");
        DayFileAppender.append(dir.resolve("o"), record(today));
        Files.move(DayFiles.fileFor(dir.resolve("o"), today), outside);
        Files.createSymbolicLink(DayFiles.fileFor(data, today), outside);
        assertThatThrownBy(() -> DayFiles.open(DayFiles.fileFor(data, today))).hasMessageContaining("is a symbolic link");
        assertThat(List.of(outside)).allMatch(Files::isRegularFile);
    }
}
