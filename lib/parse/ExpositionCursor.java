package parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import record.SeriesMap;
import text.Decimals;
import text.Utf8;

/**
 * What both text-format parsers share while reading one exposition: the body's bytes and a position in them with
 * its line number and line start; the name and labels of the sample line being read and the building of its
 * canonical series key ({@link record.SeriesKey}); the byte-level helpers (blanks, names, tokens, UTF-8 checks);
 * the errors, located by 1-based line and column (in characters) with the offending text quoted and shortened;
 * and the exposition gathered so far.
 *
 * <p>A subclass is the parser of one format and reads the body once with {@link #read()}. Positions are byte
 * offsets into the body; {@code end} is one past the last byte. Fields are package-private so the two grammars
 * can run their byte loops on them directly.
 */
abstract class ExpositionCursor {
    private static final int SHOWN_TEXT_MAX = 40;
    private static final int SHOWN_KEY_MAX = 200;

    final byte[] b;
    final int end;
    /** True in text 0.0.4, where a raw line feed inside a quoted label value belongs to the value. */
    private final boolean lineFeedInLabelValue;

    int pos;
    int lineNo = 1;
    int lineStart;

    // The sample line being read; arrays are reused from line to line.
    int sampleLine;
    int nameStart;
    int nameEnd;
    int labelCount;
    int[] labelNameStart = new int[16];
    int[] labelNameEnd = new int[16];
    int[] labelValueStart = new int[16];
    int[] labelValueEnd = new int[16];
    private int[] labelLine = new int[16];
    private int[] labelLineStart = new int[16];
    private int[] order = new int[16];
    /** The text from the name to '}' is already the canonical key: no blanks, sorted names, canonical escapes. */
    boolean rawIsCanonical;
    /** Position of the sample's '}', or -1 when it has no braces. */
    int closeBrace;
    private byte[] keyBuffer = new byte[256];

    // The exposition read so far.
    final SeriesMap series;
    final LinkedHashMap<String, String> types = new LinkedHashMap<>();
    final LinkedHashMap<String, Long> timestamps = new LinkedHashMap<>();
    final List<String> warnings = new ArrayList<>();

    /**
     * @param body                 the body bytes, UTF-8; only {@code body[0, length)} is read
     * @param length               how many bytes of {@code body} are the exposition
     * @param lineFeedInLabelValue whether a raw line feed may stand inside a quoted label value (text 0.0.4 as
     *                             Prometheus 2.42 reads it) or ends the line with an error (OpenMetrics 1.0)
     */
    ExpositionCursor(byte[] body, int length, boolean lineFeedInLabelValue) {
        this.b = body;
        this.end = length;
        this.lineFeedInLabelValue = lineFeedInLabelValue;
        // Sample lines are seldom under 64 bytes; the map grows past this when they are.
        this.series = new SeriesMap(Math.min(length / 64, 1 << 22));
    }

    /**
     * Reads the whole body in this parser's format.
     *
     * @return every sample under its series key, the declared types, sample timestamps (epoch ms) and warnings
     * @throws ExpositionException on the first error, located by line and column
     */
    abstract Exposition read() throws ExpositionException;

    /** The exposition gathered so far, as read in {@code format}. */
    final Exposition exposition(ExpositionFormat format) {
        return new Exposition(format, series, types, timestamps, warnings);
    }

    // ---------------------------------------------------------------- labels and the series key

    /**
     * Scans a quoted label value from just after its opening quote; returns the position of the closing quote.
     * In 0.0.4, as in Prometheus's lexer, a backslash escapes any character but a line feed, and a raw line feed
     * is part of the value; OpenMetrics takes no raw line feed.
     */
    final int readLabelValue(int p, int ns, int ne) throws ExpositionException {
        boolean highBytes = false;
        int vs = p;
        while (true) {
            if (p >= end) {
                throw error(vs - 1, "expected '\"' to close the value of label " + quoted(ns, ne)
                        + ", found the end of the input");
            }
            byte c = b[p];
            if (c == '"') break;
            if (c == '\\') {
                if (p + 1 >= end) {
                    p++; // reported as unterminated on the next round
                    continue;
                }
                byte next = b[p + 1];
                if (next == '\n') {
                    throw error(p, "expected an escape (\\\\, \\\" or \\n) in the value of label " + quoted(ns, ne)
                            + ", found a backslash at the end of the line");
                }
                if (next != '\\' && next != '"' && next != 'n') rawIsCanonical = false;
                p += 2;
                if (next < 0) highBytes = true;
                continue;
            }
            if (c == '\n') {
                if (!lineFeedInLabelValue) {
                    throw error(vs - 1, "expected '\"' to close the value of label " + quoted(ns, ne)
                            + " on its line, found the end of the line");
                }
                rawIsCanonical = false;
                lineNo++;
                lineStart = p + 1;
            } else if (c < 0) {
                highBytes = true;
            }
            p++;
        }
        if (highBytes) checkUtf8(vs, p, "value of label " + quoted(ns, ne));
        return p;
    }

    /**
     * The metric name is the label {@code __name__} (Prometheus 2.42, model/labels: the parser adds it to every
     * sample's labels), so a sample may not write it again: Prometheus fails the scrape with "label name
     * \"__name__\" is not unique", as for any repeated label name. {@code [ns, ne)} is a label name on the current line.
     */
    final void rejectMetricNameLabel(int ns, int ne) throws ExpositionException {
        if (ne - ns == 8 && startsWith(ns, "__name__")) {
            throw error(ns, "expected each label name once, found label \"__name__\", which is the metric name "
                    + quoted(nameStart, nameEnd) + " again (Prometheus: label name \"__name__\" is not unique)");
        }
    }

    /**
     * Adds a label of the sample line: name and raw value as byte ranges, and where its name stands for errors.
     * An empty value makes the written text non-canonical, as the key leaves that label out (series identity,
     * {@link record.SeriesKey}).
     */
    final void addLabel(int ns, int ne, int vs, int ve, int line, int nameLineStart) {
        if (ve == vs) rawIsCanonical = false;
        if (labelCount == labelNameStart.length) {
            int n = labelCount * 2;
            labelNameStart = Arrays.copyOf(labelNameStart, n);
            labelNameEnd = Arrays.copyOf(labelNameEnd, n);
            labelValueStart = Arrays.copyOf(labelValueStart, n);
            labelValueEnd = Arrays.copyOf(labelValueEnd, n);
            labelLine = Arrays.copyOf(labelLine, n);
            labelLineStart = Arrays.copyOf(labelLineStart, n);
            order = Arrays.copyOf(order, n);
        }
        labelNameStart[labelCount] = ns;
        labelNameEnd[labelCount] = ne;
        labelValueStart[labelCount] = vs;
        labelValueEnd[labelCount] = ve;
        labelLine[labelCount] = line;
        labelLineStart[labelCount] = nameLineStart;
        labelCount++;
    }

    /** How many labels the sample line has. */
    final int labelCount() {
        return labelCount;
    }

    /** The name of the sample line's {@code i}-th label (0-based, in written order). */
    final String labelName(int i) {
        return ascii(labelNameStart[i], labelNameEnd[i]);
    }

    /** The raw label value as the reader sees it: \\, \" and \n unescaped, unknown escapes kept verbatim. */
    final String labelValue(int i) {
        int from = labelValueStart[i];
        int to = labelValueEnd[i];
        boolean plain = true;
        for (int p = from; p < to; p++) {
            if (b[p] == '\\') {
                plain = false;
                break;
            }
        }
        if (plain) return utf8(from, to);
        StringBuilder out = new StringBuilder(to - from);
        String raw = utf8(from, to);
        for (int k = 0; k < raw.length(); k++) {
            char c = raw.charAt(k);
            if (c == '\\' && k + 1 < raw.length()) {
                char next = raw.charAt(k + 1);
                if (next == '\\' || next == '"') {
                    out.append(next);
                    k++;
                    continue;
                }
                if (next == 'n') {
                    out.append('\n');
                    k++;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The metric name of the sample line. */
    final String sampleName() {
        return ascii(nameStart, nameEnd);
    }

    /**
     * The canonical key ({@link record.SeriesKey}) of the sample just read: labels sorted, escapes canonical, labels
     * with an empty value left out (an empty value is no label). When the exposition already wrote it in canonical
     * form (the common case: labels sorted, no blanks, no empty values) the key is one decode of the input bytes.
     *
     * @throws ExpositionException when a label name occurs twice, located at its second occurrence
     */
    final String seriesKey() throws ExpositionException {
        if (labelCount == 0) return ascii(nameStart, nameEnd);
        if (rawIsCanonical) return utf8(nameStart, closeBrace + 1);
        for (int i = 0; i < labelCount; i++) order[i] = i;
        for (int i = 1; i < labelCount; i++) {
            int current = order[i];
            int j = i - 1;
            while (j >= 0 && compareBytes(labelNameStart[order[j]], labelNameEnd[order[j]],
                    labelNameStart[current], labelNameEnd[current]) > 0) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = current;
        }
        for (int i = 1; i < labelCount; i++) {
            int a = order[i - 1];
            int c = order[i];
            if (compareBytes(labelNameStart[a], labelNameEnd[a], labelNameStart[c], labelNameEnd[c]) == 0) {
                int second = Math.max(a, c);
                throw new ExpositionException(labelLine[second],
                        countChars(labelLineStart[second], labelNameStart[second]) + 1,
                        "expected each label name once, found label " + quoted(labelNameStart[second],
                                labelNameEnd[second]) + " twice");
            }
        }
        int n = 0;
        n = put(n, nameStart, nameEnd);
        boolean any = false;
        for (int i = 0; i < labelCount; i++) {
            int l = order[i];
            if (labelValueEnd[l] == labelValueStart[l]) continue;
            n = putByte(n, (byte) (any ? ',' : '{'));
            any = true;
            n = put(n, labelNameStart[l], labelNameEnd[l]);
            n = putByte(n, (byte) '=');
            n = putByte(n, (byte) '"');
            n = putCanonicalValue(n, labelValueStart[l], labelValueEnd[l]);
            n = putByte(n, (byte) '"');
        }
        if (any) n = putByte(n, (byte) '}');
        return new String(keyBuffer, 0, n, StandardCharsets.UTF_8);
    }

    /** Rewrites a raw (escaped) label value into canonical escaping: \\, \" and \n only. */
    private int putCanonicalValue(int n, int from, int to) {
        for (int p = from; p < to; p++) {
            byte c = b[p];
            if (c == '\\') {
                byte next = b[p + 1];
                if (next == '\\' || next == '"' || next == 'n') {
                    n = putByte(n, c);
                    n = putByte(n, next);
                    p++;
                } else {
                    // An unknown escape keeps its backslash as a character (as Prometheus and the reference do).
                    n = putByte(n, (byte) '\\');
                    n = putByte(n, (byte) '\\');
                }
            } else if (c == '\n') {
                n = putByte(n, (byte) '\\');
                n = putByte(n, (byte) 'n');
            } else {
                n = putByte(n, c);
            }
        }
        return n;
    }

    private int put(int n, int from, int to) {
        int len = to - from;
        ensureKeyBuffer(n + len);
        System.arraycopy(b, from, keyBuffer, n, len);
        return n + len;
    }

    private int putByte(int n, byte c) {
        ensureKeyBuffer(n + 1);
        keyBuffer[n] = c;
        return n + 1;
    }

    private void ensureKeyBuffer(int size) {
        if (size > keyBuffer.length) keyBuffer = Arrays.copyOf(keyBuffer, Math.max(size, keyBuffer.length * 2));
    }

    // ---------------------------------------------------------------- lines, blanks, names and tokens

    /** Both formats reject a byte-order mark, as Prometheus does. */
    final void checkNoByteOrderMark() throws ExpositionException {
        if (end >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF) {
            throw new ExpositionException(1, 1, "expected a metric name, a comment or an empty line, found a UTF-8"
                    + " byte-order mark (U+FEFF), which Prometheus rejects");
        }
    }

    /** Steps over the line feed at {@code pos}, if any, onto the next line. */
    final void finishLine() {
        if (pos < end) {
            pos++; // the '\n'
            lineNo++;
        }
    }

    /** The first position at or after {@code p} that is not a space or tab. */
    final int skipBlanks(int p) {
        while (p < end) {
            byte c = b[p];
            if (c != ' ' && c != '\t') break;
            p++;
        }
        return p;
    }

    /** The position of the line feed ending the line at {@code p}, or {@code end}. */
    final int lineEnd(int p) {
        while (p < end && b[p] != '\n') p++;
        return p;
    }

    /** The end of the token at {@code p}: the next space, line feed or the end of the input. */
    final int tokenEnd(int p) {
        while (p < end && b[p] != ' ' && b[p] != '\n') p++;
        return p;
    }

    /** Whether the bytes at {@code p} spell {@code ascii}. */
    final boolean startsWith(int p, String ascii) {
        if (p + ascii.length() > end) return false;
        for (int k = 0; k < ascii.length(); k++) {
            if (b[p + k] != ascii.charAt(k)) return false;
        }
        return true;
    }

    /** Whether a metric name may start with {@code c}: [a-zA-Z_:]. */
    static boolean isMetricNameStart(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    /** Whether a label name may start with {@code c}: [a-zA-Z_]. */
    static boolean isLabelNameStart(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    /** Whether {@code c} may follow the start of a metric name: [a-zA-Z0-9_:]. */
    static boolean isMetricNameChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':';
    }

    /** Whether {@code c} may follow the start of a label name: [a-zA-Z0-9_]. */
    static boolean isLabelNameChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** The end of the metric name at {@code p} ([a-zA-Z_:][a-zA-Z0-9_:]*), or {@code p} when none starts there. */
    final int skipMetricName(int p) {
        if (p >= end || !isMetricNameStart(b[p])) return p;
        p++;
        while (p < end && isMetricNameChar(b[p])) p++;
        return p;
    }

    /** The end of the label name starting at {@code p}, whose first byte the caller checked. */
    final int skipLabelName(int p) {
        p++;
        while (p < end && isLabelNameChar(b[p])) p++;
        return p;
    }

    /** Compares two byte ranges of the body as unsigned bytes, shorter first on a common prefix. */
    final int compareBytes(int aFrom, int aTo, int bFrom, int bTo) {
        int la = aTo - aFrom;
        int lb = bTo - bFrom;
        int n = Math.min(la, lb);
        for (int k = 0; k < n; k++) {
            int d = (b[aFrom + k] & 0xff) - (b[bFrom + k] & 0xff);
            if (d != 0) return d;
        }
        return la - lb;
    }

    /** A range known to be ASCII (names, keywords) as a string. */
    final String ascii(int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** A range of the body decoded as UTF-8. */
    final String utf8(int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    /** Label values and HELP text must be valid UTF-8 (Prometheus rejects the scrape otherwise). */
    final void checkUtf8(int from, int to, String what) throws ExpositionException {
        Utf8.Problem problem = Utf8.problem(b, from, to);
        if (problem != null) throw error(problem.at(), "expected valid UTF-8 in the " + what + ", found " + problem.what());
    }

    /** How many characters (UTF-8 sequences) the range holds. */
    final int countChars(int from, int to) {
        int n = 0;
        for (int p = from; p < to && p < end; p++) {
            if ((b[p] & 0xC0) != 0x80) n++;
        }
        return n;
    }

    // ---------------------------------------------------------------- errors

    private int column(int bytePos) {
        return countChars(lineStart, Math.min(bytePos, end)) + 1;
    }

    /** An error on the current line at byte {@code bytePos}; the column counts characters from the line start. */
    final ExpositionException error(int bytePos, String message) {
        return new ExpositionException(lineNo, column(bytePos), message);
    }

    /** An error about a whole line seen earlier (1-based {@code line}), placed at its first column. */
    final ExpositionException errorAtLine(int line, String message) {
        return new ExpositionException(line, 1, message);
    }

    /** An error placed at the metric name of the sample line being read. */
    final ExpositionException errorAtSampleStart(String message) {
        return error(nameStart, message);
    }

    /** A bug of the parser's own, reported where the reading stopped so the scrape fails as any bad body does. */
    final ExpositionException internalError(Throwable bug) {
        return new ExpositionException(lineNo, column(Math.min(pos, end)), "internal parser error (" + bug + ")");
    }

    /** The error for a sample or exemplar value in {@code [from, to)} that {@link Decimals} refused. */
    final ExpositionException badValue(int from, int to) {
        boolean range = to > from && Decimals.beyondRange(b, from, to);
        if (to == from) return error(from, "expected a value, found " + found(from));
        if (b[to - 1] == '\r') {
            return error(to - 1, "expected the end of the line after the value, found a carriage return (CRLF line"
                    + " ends are not accepted, as in Prometheus)");
        }
        return error(from, (range ? "expected a value within the float64 range, found " : "expected a float value"
                + " (digits with optional '.', exponent and sign, or NaN, +Inf, -Inf), found ") + quoted(from, to));
    }

    /** What stands at a position, for error messages: one character quoted, or a word for line ends. */
    final String found(int p) {
        if (p >= end) return "the end of the input";
        byte c = b[p];
        if (c == '\n') return "the end of the line";
        if (c == '\r') return "a carriage return (CRLF line ends are not accepted)";
        if (c == '\t') return "a tab";
        if (c == ' ') return "a space";
        if (c == 0) return "a NUL byte";
        if (c > 0 && c < 0x20) return "control character 0x" + Integer.toHexString(c);
        if (c > 0) return "'" + (char) c + "'";
        int q = p + 1;
        while (q < end && (b[q] & 0xC0) == 0x80) q++;
        return "'" + utf8(p, q) + "'";
    }

    /** The token in {@code [from, to)} quoted, or what stands at {@code from} when the token is empty. */
    final String shownToken(int from, int to) {
        return to == from ? found(from) : quoted(from, to);
    }

    /** Text from the input in double quotes, cut to a readable length, control characters made visible. */
    final String quoted(int from, int to) {
        String s = utf8(from, Math.min(to, end));
        boolean cut = false;
        if (s.codePointCount(0, s.length()) > SHOWN_TEXT_MAX) {
            s = s.substring(0, s.offsetByCodePoints(0, SHOWN_TEXT_MAX));
            cut = true;
        }
        StringBuilder out = new StringBuilder(s.length() + 8).append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) out.append(String.format("\\x%02x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
        if (cut) out.append("...");
        return out.toString();
    }

    /** A series key, label value or other long text cut to 200 characters for a message or warning. */
    static String shorten(String text) {
        return text.length() > SHOWN_KEY_MAX ? text.substring(0, SHOWN_KEY_MAX - 3) + "..." : text;
    }
}
