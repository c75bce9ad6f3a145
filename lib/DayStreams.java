import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reading the data directory's day files whether they are plain ({@code YYYY-MM-DD.jsonl}) or closed and gzipped
 * by {@link Retention} ({@code YYYY-MM-DD.jsonl.gz}).
 *
 * <p>When both forms of a day exist (a compression was interrupted after its rename), the plain file is the one
 * read: the gzipped copy was made from it, so the plain file holds everything, and {@link Retention} redoes the
 * compression on its next run.
 */
public final class DayStreams {
    /** Day file names: the UTC date, then {@code .jsonl} or {@code .jsonl.gz}. */
    public static final Pattern DAY_FILE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})\\.jsonl(\\.gz)?");

    private DayStreams() {}

    /** One day of the data directory: its date and the file to read for it. */
    public record Day(LocalDate date, Path file) {}

    /**
     * The days whose 24 hours (UTC) overlap {@code [from, to]}, oldest first, one file per day (see the class comment).
     * Files whose names are not day names are ignored.
     *
     * @param from earliest instant wanted, or null for no lower bound
     * @param to   latest instant wanted, or null for no upper bound
     * @return the days; empty when the folder does not exist
     * @throws IOException when the folder cannot be listed
     */
    public static List<Day> days(Path dataDir, Instant from, Instant to) throws IOException {
        TreeMap<LocalDate, Path> chosen = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataDir)) {
            for (Path file : entries) {
                Matcher m = DAY_FILE.matcher(file.getFileName().toString());
                if (!m.matches() || !Files.isRegularFile(file)) continue;
                LocalDate date;
                try {
                    date = LocalDate.parse(m.group(1));
                } catch (DateTimeParseException e) {
                    continue; // e.g. 2026-13-40.jsonl: not one of ours
                }
                Instant dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant();
                Instant dayEnd = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                if (from != null && !dayEnd.isAfter(from)) continue;
                if (to != null && dayStart.isAfter(to)) continue;
                boolean gz = m.group(2) != null;
                // The plain file wins over a gzipped copy of the same day.
                if (!gz || !chosen.containsKey(date)) chosen.put(date, file);
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Day> out = new ArrayList<>(chosen.size());
        chosen.forEach((date, file) -> out.add(new Day(date, file)));
        return out;
    }

    /**
     * Opens a day file for reading line by line, gunzipping it when its name ends in {@code .gz}.
     *
     * @throws IOException when the file cannot be opened or its gzip header is invalid
     */
    public static BufferedReader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            try {
                in = new GZIPInputStream(in, 1 << 16);
            } catch (IOException e) {
                in.close();
                throw new IOException("cannot read " + file + ": not a gzip file (" + e.getMessage() + ")", e);
            }
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }
}
