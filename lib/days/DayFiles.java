package days;

import files.FileErrors;
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
 * <p>Only files named exactly so are read; any other file (a backup {@code 2026-11-28.copy.jsonl}, records
 * imported by hand) would double or misplace samples, so it is left alone and named in one warning
 * ({@link #ignoredWarning}).
 *
 * <p>When both forms of a day exist, either a compression was cut short after its rename (the gzipped file holds
 * the plain file's lines as they were then, after any records gzipped earlier) or records of that day were appended
 * after it was compressed (the plain file holds only those). Either way the gzipped file is read whole and then the
 * plain file; where the plain file's first line is in the gzipped file, the plain file's lines that the gzipped file
 * already holds (as many as the gzipped file has from that line on) are skipped ({@link Sources#skipLines()}). So a
 * crash between renaming a merged gzipped file into place and deleting the plain file neither loses the earlier
 * gzipped records nor doubles the plain ones, and records appended after such a crash are kept too.
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
    /**
     * The longest line read or written as a record, in bytes (128 MiB). A longer line is skipped as one malformed
     * line, and its size is reported; no reader holds more of it than this. The limit holds every record of a body
     * within scrape's default {@code --max-bytes} (16 MiB): JSON writes a control byte of a label value in 6 bytes
     * ({@code \u0001}), so such a line is at most about 6 × 16 MiB. {@link DayFileAppender} never writes a longer one.
     */
    public static final int MAX_LINE_BYTES = 128 << 20;
    /** What a skipped over-long line is reported as: its size and the limit, e.g. {@code a line of 209,715,200 bytes, ...}. */
    public static String tooLongText(long size) {
        return String.format(java.util.Locale.ROOT, "a line of %,d bytes, longer than the %d MiB a record may have; skipped", size, MAX_LINE_BYTES >> 20);
    }

    /** How many ignored files {@link #ignoredWarning} names. */
    private static final int NAMED_IGNORED = 5;

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
     * The files of a folder that look like records ({@code .jsonl} in the name) but are not named as a day file, so
     * no reader reads them (say, a backup {@code 2026-11-28.copy.jsonl}); hidden files (locks, temp files) are not
     * listed. Sorted by name.
     *
     * @return the files; empty when the folder does not exist
     * @throws IOException when the folder cannot be listed
     */
    public static List<Path> ignoredFiles(Path dataDir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataDir)) {
            for (Path file : entries) {
                String name = file.getFileName().toString();
                if (name.contains(PLAIN) && !name.startsWith(".") && dateOf(name) == null && Files.isRegularFile(file)) out.add(file);
            }
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }

    /**
     * The one warning line about {@link #ignoredFiles}, for the caller to print with its own prefix, e.g.
     * {@code ignored 1 file not named YYYY-MM-DD.jsonl or YYYY-MM-DD.jsonl.gz: 2026-11-28.copy.jsonl}; null when
     * there is none.
     *
     * @throws IOException when the folder cannot be listed
     */
    public static String ignoredWarning(Path dataDir) throws IOException {
        List<Path> ignored = ignoredFiles(dataDir);
        if (ignored.isEmpty()) return null;
        StringBuilder out = new StringBuilder("ignored ").append(ignored.size()).append(ignored.size() == 1 ? " file" : " files")
                .append(" not named YYYY-MM-DD.jsonl or YYYY-MM-DD.jsonl.gz: ");
        for (int i = 0; i < Math.min(NAMED_IGNORED, ignored.size()); i++) {
            if (i > 0) out.append(", ");
            out.append(ignored.get(i).getFileName());
        }
        if (ignored.size() > NAMED_IGNORED) out.append(", ...");
        return out.toString();
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
     * @param files     the plain file, the gzipped one, or the gzipped one and then the plain one (see the class comment)
     * @param skipLines lines at the start of the plain file that the gzipped file holds too, so are not read again;
     *                  0 unless both files are read
     * @param leftOut   null, or the gzipped file beside a plain one when it is not readable at all
     * @param reason    why {@code leftOut} is left out (e.g. {@code not a gzip file (Not in GZIP format)}); null when
     *                  nothing is
     */
    public record Sources(List<Path> files, long skipLines, Path leftOut, String reason) {
        Sources(List<Path> files) {
            this(files, 0, null, null);
        }

        /** Lines to skip at the start of {@code file}, one of {@link #files()}: {@link #skipLines} for the plain file. */
        public long skipLinesOf(Path file) {
            return files.size() == 2 && file.equals(files.get(1)) ? skipLines : 0;
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
     * The files that hold a day's records; see {@link Sources}. Reads the plain file's first line and the whole
     * gzipped file, when the day has both.
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
            return new Sources(List.of(day.plain()), 0, day.gz(), FileErrors.reason(e));
        }
        long lines = 0, firstAt = -1;
        try (gz) {
            for (String line; (line = gz.readLine()) != null; lines++) {
                if (firstAt < 0 && line.equals(first)) firstAt = lines;
            }
        } catch (IOException e) {
            // Broken off part-way: its reader reads the whole lines before the break (as counted here) and warns.
        }
        return new Sources(both, firstAt < 0 ? 0 : lines - firstAt, null, null);
    }

    /**
     * Opens one day file  for reading line by line in UTF-8 (invalid bytes read as U+FFFD),
     * gunzipping it when its name ends in {@code .gz}.
     *
     * @throws IOException when the file cannot be opened or its gzip header is invalid ("not a gzip file (...)")
     */
    public static BufferedReader open(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(openStream(file), StandardCharsets.UTF_8), BUFFER_BYTES);
    }

    /**
     * The bytes of one day file , gunzipped when its name ends in {@code .gz}.
     *
     * @throws IOException when the file cannot be opened or its gzip header is invalid ("not a gzip file (...)")
     */
    static InputStream openStream(Path file) throws IOException {
        return openStream(file, 0);
    }

    /**
     * Like {@link #openStream(Path)}, past the first {@code skipLines} lines ({@link Sources#skipLinesOf}).
     *
     * @throws IOException as {@link #openStream(Path)}, or when the file breaks off while skipping
     */
    static InputStream openStream(Path file, long skipLines) throws IOException {
        InputStream in = openWhole(file);
        try {
            for (long skipped = 0; skipped < skipLines; ) {
                int c = in.read();
                if (c < 0) break;
                if (c == '\n') skipped++;
            }
        } catch (IOException e) {
            in.close();
            throw e;
        }
        return in;
    }

    private static InputStream openWhole(Path file) throws IOException {
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
