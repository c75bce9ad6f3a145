package prom;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the export's sample lines wait, grouped by metric family, until the families are written out one after the
 * other (OpenMetrics 1.0: families are not interleaved). A bounded number of temp files, whatever the number of
 * families: family {@code n} goes to file {@code n % }{@link #FILES}, each line tagged with its family number, so an
 * exposition of a million one-series families costs {@link #FILES} files, not a million. A file that holds one
 * family is copied out in one streaming pass; one that holds several is read once per family (still streaming), so
 * memory stays flat. With at most {@link #FILES} families, each has a file of its own and they come out in the
 * order they were first seen.
 */
final class FamilySpool {
    /** Most temp files, whatever the number of families. */
    static final int FILES = 1024;
    /** Most files kept open for appending at once; others are closed and reopened when needed. */
    private static final int OPEN = 64;

    private final Path work;
    private final List<List<Integer>> familiesOfFile = new ArrayList<>();
    private final LinkedHashMap<Integer, BufferedWriter> open = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, BufferedWriter> eldest) {
            if (size() <= OPEN) return false;
            close(eldest.getKey(), eldest.getValue());
            return true;
        }
    };

    /** @param work a fresh folder of its own, for the temp files (the caller removes it) */
    FamilySpool(Path work) {
        this.work = work;
    }

    /**
     * Appends one sample line of a family.
     *
     * @param family the family's number, from 0, in the order families were first seen
     * @param line   the sample line, ending in a newline
     */
    void append(int family, CharSequence line) throws IOException {
        int file = family % FILES;
        while (familiesOfFile.size() <= file) familiesOfFile.add(new ArrayList<>());
        List<Integer> families = familiesOfFile.get(file);
        // A family's first line comes right after it is made, so families reach their file in increasing numbers.
        if (families.isEmpty() || families.get(families.size() - 1) < family) families.add(family);
        BufferedWriter writer = open.get(file);
        if (writer == null) {
            writer = Files.newBufferedWriter(fileOf(file), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            open.put(file, writer);
        }
        writer.append(Integer.toString(family)).append(' ').append(line);
    }

    /** What writes a family's header ({@code # TYPE ...}) before its lines. */
    interface Header {
        void write(int family, OutputStream out) throws IOException;
    }

    /**
     * Writes every family that has lines: its header, then its lines in the order appended; deletes the temp files.
     *
     * @return the number of families written
     */
    int copyOut(Header header, OutputStream out) throws IOException {
        closeAll();
        int written = 0;
        for (int file = 0; file < familiesOfFile.size(); file++) {
            List<Integer> families = familiesOfFile.get(file);
            for (int family : families) {
                header.write(family, out);
                copyFamily(fileOf(file), family, families.size() == 1, out);
                written++;
            }
            Files.deleteIfExists(fileOf(file));
        }
        return written;
    }

    private static void copyFamily(Path file, int family, boolean alone, OutputStream out) throws IOException {
        String tag = family + " ";
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!alone && !line.startsWith(tag)) continue;
                out.write(line.substring(line.indexOf(' ') + 1).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
    }

    /** Closes every open temp file. */
    void closeAll() {
        for (Map.Entry<Integer, BufferedWriter> e : new ArrayList<>(open.entrySet())) close(e.getKey(), e.getValue());
        open.clear();
    }

    private void close(int file, BufferedWriter writer) {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write temp file " + fileOf(file) + ": " + e.getMessage(), e);
        }
    }

    private Path fileOf(int file) {
        return work.resolve(file + ".om");
    }
}
