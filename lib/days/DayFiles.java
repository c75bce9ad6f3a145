package days;

import cli.FileErrors;
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
 * The day files of a data directory: their names, and which of them hold a day's records. A day is one file of
 * records per UTC date, plain ({@code YYYY-MM-DD.jsonl}, written by {@link DayFileAppender}) or, once closed,
 * gzipped by {@link Retention} ({@code YYYY-MM-DD.jsonl.gz}). Every reader of days ({@link DayFileReader} for the
 * page, the OpenMetrics export, {@link Retention}) takes a day's files from {@link #sources}.
 *
 * <p>When both forms of a day exist, either a compression was cut short after its rename (the plain file's lines
 * are all in the gzipped file too) or records of that day were appended after it was compressed (the plain file
 * holds only those). The two are told apart by whether the plain file's first line is in the gzipped file: if it is,
 * the plain file alone is read (it holds everything of the day); if not (or the plain file is empty), the gzipped
 * file and then the plain file.
 *
 * <p>A damaged gzipped file never costs the readable part of a day: one that is not gzip at all is left out with a
 * warning ({@link Sources#warning()}), and one that breaks off part-way is read up to there, its reader warning with
 * {@link #cannotRead} and going on with the next file.
 */
public final class DayFiles {
    /** Day file names: the UTC date, then {@code .jsonl} or {@code .jsonl.gz}. */
    private static final Pattern DAY_FILE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})\\.jsonl(\\.gz)?");
    private static final String PLAIN = ".jsonl";
    private static final String GZ = ".jsonl.gz";
    private static final int BUFFER_BYTES = 1 << 16;

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

        /**
         * Whether the day's 24 hours (UTC) overlap {@code [from, to]}.
         *
         * @param from earliest instant wanted, or null for no lower bound
         * @param to   latest instant wanted, or null for no upper bound
         */
        public boolean overlaps(Instant from, Instant to) {
            Instant dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant dayEnd = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            return (from == null || dayEnd.isAfter(from)) && (to == null || !dayStart.isAfter(to));
        }

        /** How many files the day has (1 or 2). */
        public int fileCount() {
            return (plain == null ? 0 : 1) + (gz == null ? 0 : 1);
        }
    }

    /** The plain day file of the UTC date of {@code ts}: where a record taken at {@code ts} is appended. */
    public static Path fileFor(Path dataDir, Instant ts) {
        return dataDir.resolve(LocalDate.ofInstant(ts, ZoneOffset.UTC) + PLAIN);
    }

    /** The gzipped day file of a UTC date, which {@link Retention} writes. */
    static Path gzFileFor(Path dataDir, LocalDate date) {
        return dataDir.resolve(date + GZ);
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
                String name = file.getFileName().toString();
                LocalDate date = dateOf(name);
                if (date == null || !Files.isRegularFile(file)) continue;
                found.computeIfAbsent(date, d -> new Path[2])[name.endsWith(GZ) ? 1 : 0] = file;
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Day> out = new ArrayList<>(found.size());
        found.forEach((date, files) -> {
            Day day = new Day(date, files[0], files[1]);
            if (day.overlaps(from, to)) out.add(day);
        });
        return out;
    }

    /**
     * The {@code *.jsonl} and {@code *.jsonl.gz} files of a folder whose names are not day names (say, records
     * imported by hand), in no particular order. The page reads them too, placed by name among the days.
     *
     * @return the files; empty when the folder does not exist
     * @throws IOException when the folder cannot be listed
     */
    public static List<Path> otherRecordFiles(Path dataDir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataDir)) {
            for (Path file : entries) {
                String name = file.getFileName().toString();
                if ((name.endsWith(PLAIN) || name.endsWith(GZ)) && dateOf(name) == null && Files.isRegularFile(file)) out.add(file);
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return out;
    }

    /** The date a day file's name stands for, or null when the name is not a day file's. */
    private static LocalDate dateOf(String fileName) {
        Matcher m = DAY_FILE.matcher(fileName);
        if (!m.matches()) return null;
        try {
            return LocalDate.parse(m.group(1));
        } catch (DateTimeParseException e) {
            return null; // e.g. 2026-13-40.jsonl: not one of ours
        }
    }

    /**
     * The files that hold a day's records, in reading order, and what is left out.
     *
     * @param files   the plain file, the gzipped one, or the gzipped one and then the plain one (see the class comment)
     * @param leftOut null, or the gzipped file beside a plain one when it is not readable at all
     * @param reason  why {@code leftOut} is left out (e.g. {@code not a gzip file (Not in GZIP format)}); null when
     *                nothing is
     */
    public record Sources(List<Path> files, Path leftOut, String reason) {
        Sources(List<Path> files) {
            this(files, null, null);
        }

        /**
         * The warning for a reader, for the caller to print with its own prefix
         * ({@code cannot read D.jsonl.gz: REASON; read D.jsonl alone}), or null when nothing is left out.
         */
        public String warning() {
            return leftOut == null ? null : "cannot read " + leftOut + ": " + reason + "; read " + files.get(0).getFileName() + " alone";
        }
    }

    /**
     * The files that hold a day's records; see {@link Sources}. Reads the plain file's first line and as much of the
     * gzipped file as it takes to find it, when the day has both.
     */
    public static Sources sources(Day day) {
        if (day.gz() == null) return new Sources(List.of(day.plain()));
        if (day.plain() == null) return new Sources(List.of(day.gz()));
        List<Path> both = List.of(day.gz(), day.plain());
        String first;
        try (BufferedReader plain = open(day.plain())) {
            first = plain.readLine();
        } catch (IOException e) {
            return new Sources(both); // reading the plain file will fail again, and its reader warns then
        }
        if (first == null) return new Sources(both); // an append that was taken back: the day is in the gzipped file
        BufferedReader gz;
        try {
            gz = open(day.gz());
        } catch (IOException e) {
            return new Sources(List.of(day.plain()), day.gz(), FileErrors.reason(e));
        }
        try (gz) {
            for (String line; (line = gz.readLine()) != null; ) {
                if (line.equals(first)) return new Sources(List.of(day.plain()));
            }
        } catch (IOException e) {
            // Broken off before the plain file's first line: the part before holds no line of the plain file
            // either way. Its reader reads it up to the break and warns.
        }
        return new Sources(both);
    }

    /**
     * Opens one day file (or other record file) for reading line by line in UTF-8 (invalid bytes read as U+FFFD),
     * gunzipping it when its name ends in {@code .gz}.
     *
     * @throws IOException when the file cannot be opened or its gzip header is invalid ("not a gzip file (...)")
     */
    public static BufferedReader open(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(openStream(file), StandardCharsets.UTF_8), BUFFER_BYTES);
    }

    /**
     * The bytes of one day file (or other record file), gunzipped when its name ends in {@code .gz}.
     *
     * @throws IOException when the file cannot be opened or its gzip header is invalid ("not a gzip file (...)")
     */
    static InputStream openStream(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
        if (file.getFileName().toString().endsWith(".gz")) {
            try {
                in = new GZIPInputStream(in, BUFFER_BYTES);
            } catch (IOException e) {
                in.close();
                throw new IOException("not a gzip file (" + FileErrors.reason(e) + ")", e);
            }
        }
        return in;
    }

    /**
     * The warning for a record file that broke off part-way (or could not be opened), for the caller to print with
     * its own prefix: {@code cannot read FILE: REASON; kept the records before that point}.
     */
    public static String cannotRead(Path file, IOException e) {
        return "cannot read " + file + ": " + FileErrors.reason(e) + "; kept the records before that point";
    }
}
