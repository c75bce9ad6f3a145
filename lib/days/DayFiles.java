package days;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
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
 * <p>When both forms of a day exist, either a compression was cut short after its rename (the plain file's lines
 * are all in the gzipped file too) or records of that day were appended after it was compressed (the plain file
 * holds only those). The two are told apart by whether the plain file's first line is in the gzipped file: if it is,
 * the plain file alone is read (it holds everything of the day); if not, the gzipped file and then the plain file.
 * {@link Retention} uses the same rule when it compresses the day again.
 */
public final class DayFiles {
    /** Day file names: the UTC date, then {@code .jsonl} or {@code .jsonl.gz}. */
    public static final Pattern DAY_FILE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})\\.jsonl(\\.gz)?");

    private DayFiles() {}

    /**
     * One day of the data directory.
     *
     * @param date  the UTC date
     * @param plain {@code YYYY-MM-DD.jsonl}, or null when absent
     * @param gz    {@code YYYY-MM-DD.jsonl.gz}, or null when absent
     */
    public record Day(LocalDate date, Path plain, Path gz) {
        /** The file(s) of the day, for messages. */
        public String describe() {
            return plain == null ? gz.toString() : gz == null ? plain.toString() : gz + " + " + plain;
        }
    }

    /**
     * The days whose 24 hours (UTC) overlap {@code [from, to]}, oldest first. Files whose names are not day names
     * are ignored.
     *
     * @param from earliest instant wanted, or null for no lower bound
     * @param to   latest instant wanted, or null for no upper bound
     * @return the days; empty when the folder does not exist
     * @throws IOException when the folder cannot be listed
     */
    public static List<Day> days(Path dataDir, Instant from, Instant to) throws IOException {
        TreeMap<LocalDate, Path[]> found = new TreeMap<>();
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
                found.computeIfAbsent(date, d -> new Path[2])[m.group(2) == null ? 0 : 1] = file;
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Day> out = new ArrayList<>(found.size());
        found.forEach((date, files) -> out.add(new Day(date, files[0], files[1])));
        return out;
    }

    /**
     * Opens a day for reading line by line: its plain file, its gzipped file, or both in turn (see the class comment).
     *
     * @throws IOException when a file cannot be opened or a gzip stream is invalid
     */
    public static BufferedReader open(Day day) throws IOException {
        if (day.gz() == null) return open(day.plain());
        if (day.plain() == null || plainIsCovered(day)) return day.plain() == null ? open(day.gz()) : open(day.plain());
        // The newline between them keeps a torn last line from running into the next file's first line.
        InputStream gzThenNewline = new SequenceInputStream(rawStream(day.gz()), new ByteArrayInputStream(new byte[] {'\n'}));
        InputStream both = new SequenceInputStream(gzThenNewline, rawStream(day.plain()));
        return new BufferedReader(new InputStreamReader(both, StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * Whether every line of the day's plain file is also in its gzipped file, judged by the plain file's first line
     * (see the class comment). True when the plain file is empty.
     */
    public static boolean plainIsCovered(Day day) throws IOException {
        String first;
        try (BufferedReader plain = open(day.plain())) {
            first = plain.readLine();
        }
        if (first == null) return true;
        try (BufferedReader gz = open(day.gz())) {
            for (String line; (line = gz.readLine()) != null; ) {
                if (line.equals(first)) return true;
            }
        }
        return false;
    }

    /**
     * Opens one day file for reading line by line, gunzipping it when its name ends in {@code .gz}.
     *
     * @throws IOException when the file cannot be opened or its gzip header is invalid
     */
    public static BufferedReader open(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(rawStream(file), StandardCharsets.UTF_8), 1 << 16);
    }

    /** The file's bytes, gunzipped when its name ends in {@code .gz}. */
    private static InputStream rawStream(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            try {
                in = new GZIPInputStream(in, 1 << 16);
            } catch (IOException e) {
                in.close();
                throw new IOException("cannot read " + file + ": not a gzip file (" + e.getMessage() + ")", e);
            }
        }
        return in;
    }
}
