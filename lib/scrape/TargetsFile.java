package scrape;

import files.FileErrors;
import files.SmallFiles;
import http.Credentials;
import http.Redaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import text.Utf8;

/** The file of {@code --targets}: one {@code NAME URL} per line; blank lines and {@code #} comments are skipped. */
final class TargetsFile {
    /** One target line: where it is (for messages), the name and the URL. */
    record Entry(String where, String name, String url) {}

    private TargetsFile() {}

    /**
     * The file's targets, in order.
     *
     * @throws IllegalArgumentException naming the file, the line and what is wrong: unreadable, too large, not
     *                                  UTF-8 (with the byte), a line not of two words, or no target at all
     */
    static List<Entry> read(Path file) {
        List<String> lines = lines(file);
        List<Entry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] parts = line.split("\\s+");
            for (String word : parts) Credentials.rememberUrl(word);
            if (parts.length != 2) {
                throw new IllegalArgumentException("--targets: " + file + ", line " + (i + 1) + ": expected 'NAME URL', found '"
                        + Redaction.shown(line) + "'");
            }
            entries.add(new Entry("--targets: " + file + ", line " + (i + 1), parts[0], parts[1]));
        }
        return entries;
    }

    /** The lines of the file, read as UTF-8; invalid UTF-8 names the line and byte. */
    private static List<String> lines(Path file) {
        byte[] bytes;
        try {
            bytes = SmallFiles.read(file, SmallFiles.LIST_BYTES);
        } catch (IOException e) {
            throw new IllegalArgumentException("--targets: cannot read " + file + ": " + FileErrors.reason(e));
        }
        Utf8.Problem problem = Utf8.problem(bytes, 0, bytes.length);
        if (problem != null) {
            int at = problem.at();
            throw new IllegalArgumentException("--targets: " + file + ", line " + Utf8.lineOf(bytes, at) + ": not valid UTF-8 (byte "
                    + Utf8.byteOfLine(bytes, at) + " of the line, byte " + at + " of the file)");
        }
        return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    }
}
