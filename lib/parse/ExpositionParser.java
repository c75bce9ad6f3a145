package parse;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import record.SeriesMap;

/**
 * Reads a Prometheus text exposition into an {@link Exposition}: every sample under its canonical
 * {@link SeriesKey}, the declared TYPE of each metric family, sample timestamps (epoch ms) and warnings.
 *
 * <p>Two modes ({@link ExpositionFormat}):
 * <ul>
 *   <li>{@code PROMETHEUS}: text format 0.0.4 (Prometheus docs, "Exposition formats", text-based format), taking
 *       exactly what Prometheus 2.42's scrape parser takes: blank lines, free comments, whitespace between tokens,
 *       a trailing comma or even no comma between labels, integer millisecond timestamps made of digits only
 *       (a sign is rejected), no CR before LF. A series seen twice keeps its first sample and adds a warning (as
 *       Prometheus drops the later one as a duplicate). Two labels with one name, invalid UTF-8, a bad value or
 *       timestamp fail the whole exposition, as they fail the whole scrape in Prometheus.</li>
 *   <li>{@code OPENMETRICS}: OpenMetrics 1.0 text format, strictly (see {@link OpenMetricsRules}).</li>
 * </ul>
 * Both reject a byte-order mark. The parser throws nothing but {@link ExpositionException}, whatever the input.
 */
public final class ExpositionParser {
    private static final int SHOWN_TEXT_MAX = 40;

    private final byte[] b;
    private final int end;
    private final ExpositionFormat format;
    private final boolean om;

    private int pos;
    private int lineNo = 1;
    private int lineStart;

    // The sample line being read; arrays are reused from line to line.
    private int nameStart;
    private int nameEnd;
    private int labelCount;
    private int[] labelNameStart = new int[16];
    private int[] labelNameEnd = new int[16];
    private int[] labelValueStart = new int[16];
    private int[] labelValueEnd = new int[16];
    private int[] labelLine = new int[16];
    private int[] labelLineStart = new int[16];
    private int[] order = new int[16];
    /** The text from the name to '}' is already the canonical key: no blanks, sorted names, canonical escapes. */
    private boolean rawIsCanonical;
    private int closeBrace;
    private double value;
    private boolean hasTimestamp;
    private long timestampMs;
    private boolean hasExemplar;
    private byte[] keyBuffer = new byte[256];

    private final SeriesMap series;
    private final LinkedHashMap<String, String> types = new LinkedHashMap<>();
    private final LinkedHashMap<String, Long> timestamps = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    private ExpositionParser(byte[] body, int length, ExpositionFormat format) {
        this.b = body;
        this.end = length;
        this.format = format;
        this.om = format == ExpositionFormat.OPENMETRICS;
        // Sample lines are seldom under 64 bytes; the map grows past this when they are.
        this.series = new SeriesMap(Math.min(length / 64, 1 << 22));
    }

    /**
     * Reads a whole exposition held in a string.
     *
     * @param text   the response body
     * @param format the format to read it as (from the response's Content-Type, see
     *               {@link ExpositionFormat#fromContentType})
     * @return every sample (series key to value), the declared types, the sample timestamps (epoch ms), warnings
     * @throws ExpositionException on the first error, with 1-based line and column, what was expected and what
     *                             was found
     */
    public static Exposition parse(String text, ExpositionFormat format) throws ExpositionException {
        if (text == null) throw new ExpositionException(1, 1, "expected an exposition, found no body at all");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, bytes.length, StandardCharsets.UTF_8, format);
    }

    /**
     * Reads a whole exposition straight from the bytes of a response body; the fastest entry point (no copy when
     * the charset is UTF-8 or US-ASCII, as the text formats prescribe).
     *
     * @param body    the body bytes; only {@code body[0, length)} is read and nothing is kept after return
     * @param length  how many bytes of {@code body} are the exposition
     * @param charset the body's charset (null means UTF-8)
     * @param format  the format to read it as
     * @throws ExpositionException as {@link #parse(String, ExpositionFormat)}
     */
    public static Exposition parse(byte[] body, int length, Charset charset, ExpositionFormat format)
            throws ExpositionException {
        if (body == null || length < 0 || length > body.length) {
            throw new ExpositionException(1, 1, "expected an exposition, found no body or a bad length");
        }
        if (format == null) throw new ExpositionException(1, 1, "expected a format, found none");
        if (charset != null && !charset.equals(StandardCharsets.UTF_8) && !charset.equals(StandardCharsets.US_ASCII)) {
            byte[] utf8 = new String(body, 0, length, charset).getBytes(StandardCharsets.UTF_8);
            body = utf8;
            length = utf8.length;
        }
        ExpositionParser parser = new ExpositionParser(body, length, format);
        try {
            return parser.om ? parser.readOpenMetrics() : parser.readPrometheus();
        } catch (ExpositionException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // A bug must not escape as anything but ExpositionException: the scraper records it as a failed scrape.
            throw new ExpositionException(parser.lineNo, parser.column(Math.min(parser.pos, parser.end)),
                    "internal parser error (" + e + ")");
        }
    }

    // ---------------------------------------------------------------- text format 0.0.4

    private Exposition readPrometheus() throws ExpositionException {
        checkNoByteOrderMark();
        while (pos < end) {
            lineStart = pos;
            int p = skipBlanks(pos);
            if (p >= end) break;
            byte c = b[p];
            if (c == '\n') {
                pos = p + 1;
                lineNo++;
                continue;
            }
            if (c == '#') {
                pos = p;
                readPrometheusComment();
                continue;
            }
            if (c == 0) {
                // Prometheus's lexer reads a NUL where a token starts as the end of the input.
                break;
            }
            if (p != lineStart && isMetricNameStart(c)) {
                throw error(lineStart, "expected the metric name at the start of the line, found leading whitespace");
            }
            pos = p;
            sampleLine = lineNo;
            readPrometheusSample();
            storeSample();
        }
        return new Exposition(format, series, types, timestamps, warnings);
    }

    /** A '#' line: HELP, TYPE, or a free comment (Prometheus docs, text format, "Comments, help text, and type information"). */
    private void readPrometheusComment() throws ExpositionException {
        int p = pos + 1;
        int afterHash = skipBlanks(p);
        int kind = 0;
        if (afterHash > p) {
            if (startsWith(afterHash, "HELP")) kind = 1;
            else if (startsWith(afterHash, "TYPE")) kind = 2;
            if (kind != 0) {
                int afterKeyword = afterHash + 4;
                int nameAt = skipBlanks(afterKeyword);
                if (nameAt == afterKeyword) kind = 0; // "# HELPx" is a free comment
                else p = nameAt;
            }
        }
        if (kind == 0) {
            pos = lineEnd(pos);
            finishLine();
            return;
        }
        String keyword = kind == 1 ? "HELP" : "TYPE";
        int nameFrom = p;
        if (p >= end || !isMetricNameStart(b[p])) {
            throw error(p, "expected a metric name after " + keyword + ", found " + found(p));
        }
        p = skipMetricName(p);
        int nameTo = p;
        int eol = lineEnd(p);
        // Prometheus takes the rest of the line after the name, less its first character, as the text.
        int textFrom = Math.min(p + 1, eol);
        if (kind == 2) {
            String type = ascii(textFrom, eol);
            String recorded = switch (type) {
                case "counter", "gauge", "histogram", "summary" -> type;
                case "untyped" -> null;
                default -> throw error(textFrom, "expected a metric type (counter, gauge, histogram, summary or"
                        + " untyped) after TYPE " + ascii(nameFrom, nameTo) + ", found " + quoted(textFrom, eol));
            };
            if (recorded != null) {
                String name = ascii(nameFrom, nameTo);
                String before = types.putIfAbsent(name, recorded);
                if (before != null && !before.equals(recorded)) {
                    warnings.add("line " + lineNo + ": second TYPE " + recorded + " for " + name
                            + " ignored, keeping " + before);
                }
            }
        } else {
            checkUtf8(textFrom, eol, "help text");
        }
        pos = eol;
        finishLine();
    }

    private void readPrometheusSample() throws ExpositionException {
        nameStart = pos;
        int p = skipMetricName(pos);
        if (p == pos) {
            throw error(p, "expected a metric name, a comment or an empty line, found " + found(p));
        }
        nameEnd = p;
        labelCount = 0;
        rawIsCanonical = true;
        closeBrace = -1;
        p = skipBlanks(p);
        if (p < end && b[p] == '{') {
            if (p != nameEnd) rawIsCanonical = false;
            p = readLabels(p + 1);
            closeBrace = p - 1;
            p = skipBlanks(p);
        }
        int valueFrom = p;
        while (p < end) {
            byte c = b[p];
            if (c == ' ' || c == '\t' || c == '\n' || c == '{') break;
            p++;
        }
        if (p == valueFrom) {
            throw error(p, "expected a value after metric " + quoted(nameStart, nameEnd) + ", found " + found(p));
        }
        value = ExpositionNumbers.parseFloat(b, valueFrom, p, true);
        if (ExpositionNumbers.isError(value)) throw badValue(valueFrom, p);
        hasTimestamp = false;
        int afterValue = p;
        p = skipBlanks(p);
        if (p < end && b[p] != '\n') {
            byte c = b[p];
            if (p > afterValue && c >= '0' && c <= '9') {
                int tsFrom = p;
                while (p < end && b[p] >= '0' && b[p] <= '9') p++;
                long ts = ExpositionNumbers.parseDigits(b, tsFrom, p);
                if (ts == Long.MIN_VALUE) {
                    throw error(tsFrom, "expected a timestamp within int64 milliseconds, found " + quoted(tsFrom, p));
                }
                hasTimestamp = true;
                timestampMs = ts;
                p = skipBlanks(p);
                if (p < end && b[p] != '\n') {
                    throw error(p, "expected the end of the line after the timestamp, found " + found(p));
                }
            } else {
                throw error(p, "expected a timestamp (integer milliseconds, digits only) or the end of the line,"
                        + " found " + found(p));
            }
        }
        pos = p;
        finishLine();
    }

    /** Labels after '{' in 0.0.4; returns the position after '}'. */
    private int readLabels(int p) throws ExpositionException {
        int previousNameStart = -1;
        int previousNameEnd = -1;
        boolean afterComma = false;
        while (true) {
            int q = skipBlanks(p);
            if (q != p) rawIsCanonical = false;
            p = q;
            if (p >= end) throw error(p, "expected a label name or '}', found " + found(p));
            byte c = b[p];
            if (c == '}') {
                if (afterComma) rawIsCanonical = false;
                return p + 1;
            }
            if (!isLabelNameStart(c)) {
                throw error(p, "expected a label name or '}', found " + found(p));
            }
            if (labelCount > 0 && !afterComma) rawIsCanonical = false; // Prometheus accepts a missing comma
            int ns = p;
            p = skipLabelName(p);
            int ne = p;
            q = skipBlanks(p);
            if (q != p) rawIsCanonical = false;
            p = q;
            if (p >= end || b[p] != '=') {
                throw error(p, "expected '=' after label name " + quoted(ns, ne) + ", found " + found(p));
            }
            q = skipBlanks(p + 1);
            if (q != p + 1) rawIsCanonical = false;
            p = q;
            if (p >= end || b[p] != '"') {
                throw error(p, "expected '\"' to open the value of label " + quoted(ns, ne) + ", found " + found(p));
            }
            int nameLine = lineNo;
            int nameLineStart = lineStart;
            int vs = p + 1;
            p = readLabelValue(vs, ns, ne);
            addLabel(ns, ne, vs, p, nameLine, nameLineStart);
            if (previousNameStart >= 0 && compareBytes(previousNameStart, previousNameEnd, ns, ne) >= 0) {
                rawIsCanonical = false;
            }
            previousNameStart = ns;
            previousNameEnd = ne;
            p++; // closing quote
            q = skipBlanks(p);
            if (q != p) rawIsCanonical = false;
            p = q;
            afterComma = false;
            if (p < end && b[p] == ',') {
                afterComma = true;
                p++;
            }
        }
    }

    /**
     * Scans a quoted label value from just after its opening quote; returns the position of the closing quote.
     * In 0.0.4, as in Prometheus's lexer, a backslash escapes any character but a line feed, and a raw line feed
     * is part of the value; OpenMetrics takes no raw line feed.
     */
    private int readLabelValue(int p, int ns, int ne) throws ExpositionException {
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
                if (om) {
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

    private void addLabel(int ns, int ne, int vs, int ve, int line, int nameLineStart) {
        if (labelCount == labelNameStart.length) {
            int n = labelCount * 2;
            labelNameStart = java.util.Arrays.copyOf(labelNameStart, n);
            labelNameEnd = java.util.Arrays.copyOf(labelNameEnd, n);
            labelValueStart = java.util.Arrays.copyOf(labelValueStart, n);
            labelValueEnd = java.util.Arrays.copyOf(labelValueEnd, n);
            labelLine = java.util.Arrays.copyOf(labelLine, n);
            labelLineStart = java.util.Arrays.copyOf(labelLineStart, n);
            order = java.util.Arrays.copyOf(order, n);
        }
        labelNameStart[labelCount] = ns;
        labelNameEnd[labelCount] = ne;
        labelValueStart[labelCount] = vs;
        labelValueEnd[labelCount] = ve;
        labelLine[labelCount] = line;
        labelLineStart[labelCount] = nameLineStart;
        labelCount++;
    }

    /** Records the sample just read under its series key: first sample wins, later ones become warnings. */
    private void storeSample() throws ExpositionException {
        String key = seriesKey();
        int held = series.addIfAbsent(key, value);
        if (held >= 0) {
            warnings.add("line " + sampleLine + ": duplicate series " + shorten(key) + " dropped (value "
                    + Double.toString(value) + "), keeping the first sample (value " + series.valueAt(held) + ")");
            return;
        }
        if (hasTimestamp) timestamps.put(key, timestampMs);
    }

    private int sampleLine;

    /**
     * The canonical key ({@link SeriesKey}) of the sample just read. When the exposition already wrote it in
     * canonical form (the common case: labels sorted, no blanks) the key is one decode of the input bytes.
     */
    private String seriesKey() throws ExpositionException {
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
        n = putByte(n, (byte) '{');
        for (int i = 0; i < labelCount; i++) {
            int l = order[i];
            if (i > 0) n = putByte(n, (byte) ',');
            n = put(n, labelNameStart[l], labelNameEnd[l]);
            n = putByte(n, (byte) '=');
            n = putByte(n, (byte) '"');
            n = putCanonicalValue(n, labelValueStart[l], labelValueEnd[l]);
            n = putByte(n, (byte) '"');
        }
        n = putByte(n, (byte) '}');
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
        if (size > keyBuffer.length) keyBuffer = java.util.Arrays.copyOf(keyBuffer, Math.max(size, keyBuffer.length * 2));
    }

    // ---------------------------------------------------------------- OpenMetrics 1.0

    private Exposition readOpenMetrics() throws ExpositionException {
        checkNoByteOrderMark();
        OpenMetricsRules rules = new OpenMetricsRules(this, types, warnings);
        boolean sawEof = false;
        while (pos < end) {
            lineStart = pos;
            if (sawEof) throw error(pos, "expected nothing after \"# EOF\", found " + found(pos));
            byte c = b[pos];
            if (c == '\n') throw error(pos, "expected a sample, a metadata line or \"# EOF\", found an empty line"
                    + " (OpenMetrics 1.0 allows no blank lines)");
            if (c == '#') {
                int eol = lineEnd(pos);
                if (eol - pos == 5 && startsWith(pos, "# EOF")) {
                    rules.endOfExposition(lineNo);
                    sawEof = true;
                    pos = eol;
                    if (pos < end) {
                        pos++;
                        lineNo++;
                    }
                    continue;
                }
                readOpenMetricsMetadata(rules, eol);
                continue;
            }
            sampleLine = lineNo;
            readOpenMetricsSample();
            String key = seriesKey();
            String name = ascii(nameStart, nameEnd);
            rules.sample(this, name, key, sampleLine);
            finishLine();
        }
        if (!sawEof) {
            throw error(pos, "expected \"# EOF\" as the last line (OpenMetrics 1.0, ABNF \"exposition\"), found the"
                    + " end of the input");
        }
        return new Exposition(format, series, types, timestamps, warnings);
    }

    /** "# HELP|TYPE|UNIT name text" with single spaces (OpenMetrics 1.0, ABNF "metric-descriptor"). */
    private void readOpenMetricsMetadata(OpenMetricsRules rules, int eol) throws ExpositionException {
        int p = pos + 1;
        if (p >= eol || b[p] != ' ') {
            throw error(p, "expected \"# HELP\", \"# TYPE\", \"# UNIT\" or \"# EOF\" (OpenMetrics 1.0 has no"
                    + " comments), found " + found(p));
        }
        p++;
        String keyword;
        if (startsWith(p, "HELP")) keyword = "HELP";
        else if (startsWith(p, "TYPE")) keyword = "TYPE";
        else if (startsWith(p, "UNIT")) keyword = "UNIT";
        else throw error(p, "expected HELP, TYPE, UNIT or EOF after '# ' (OpenMetrics 1.0 has no comments), found "
                + found(p));
        p += 4;
        if (p >= eol || b[p] != ' ') {
            throw error(p, "expected a single space and a metric name after " + keyword + ", found " + found(p));
        }
        p++;
        int nameFrom = p;
        if (p >= eol || !isMetricNameStart(b[p])) {
            throw error(p, "expected a metric name after " + keyword + ", found " + found(p));
        }
        p = skipMetricName(p);
        int nameTo = p;
        if (p >= eol || b[p] != ' ') {
            throw error(p, "expected a space and the " + keyword.toLowerCase() + " text after the metric name "
                    + quoted(nameFrom, nameTo) + ", found " + found(p));
        }
        int textFrom = p + 1;
        checkUtf8(textFrom, eol, keyword + " text");
        rules.metadata(this, keyword, ascii(nameFrom, nameTo), utf8(textFrom, eol), lineNo, nameFrom, textFrom);
        pos = eol;
        finishLine();
    }

    /** "name{labels} value [timestamp] [# {labels} value [timestamp]]" (OpenMetrics 1.0, ABNF "sample"). */
    private void readOpenMetricsSample() throws ExpositionException {
        nameStart = pos;
        int p = skipMetricName(pos);
        if (p == pos) throw error(p, "expected a metric name, a metadata line or \"# EOF\", found " + found(p));
        nameEnd = p;
        labelCount = 0;
        rawIsCanonical = true;
        closeBrace = -1;
        if (p < end && b[p] == '{') {
            p = readStrictLabels(p + 1, true);
            closeBrace = p - 1;
        }
        if (p >= end || b[p] != ' ') {
            throw error(p, "expected a space and a value after metric " + quoted(nameStart, nameEnd) + ", found "
                    + found(p));
        }
        p++;
        int valueFrom = p;
        p = tokenEnd(p);
        value = ExpositionNumbers.parseFloat(b, valueFrom, p, true);
        if (p == valueFrom || ExpositionNumbers.isError(value)) throw badValue(valueFrom, p);
        hasTimestamp = false;
        hasExemplar = false;
        if (p < end && b[p] == ' ') {
            p++;
            if (p < end && b[p] == '#') {
                p = readExemplar(p);
            } else {
                int tsFrom = p;
                p = tokenEnd(p);
                timestampMs = secondsToMillis(tsFrom, p, "timestamp");
                hasTimestamp = true;
                if (p < end && b[p] == ' ') {
                    p++;
                    if (p < end && b[p] == '#') p = readExemplar(p);
                    else throw error(p, "expected \" # {\" to start an exemplar or the end of the line, found "
                            + found(p));
                }
            }
        }
        if (p < end && b[p] != '\n') {
            throw error(p, "expected the end of the line, found " + found(p));
        }
        pos = p;
    }

    /** " # {labels} value [timestamp]" after a sample (OpenMetrics 1.0, ABNF "exemplar"); parsed, not recorded. */
    private int readExemplar(int p) throws ExpositionException {
        if (p + 2 >= end || b[p + 1] != ' ' || b[p + 2] != '{') {
            throw error(p, "expected \"# {\" to open the exemplar's labels, found " + found(p));
        }
        int savedCount = labelCount;
        boolean savedCanonical = rawIsCanonical;
        int q = readStrictLabels(p + 3, false);
        int exemplarChars = 0;
        for (int i = savedCount; i < labelCount; i++) {
            exemplarChars += countChars(labelNameStart[i], labelNameEnd[i])
                    + countChars(labelValueStart[i], labelValueEnd[i]);
        }
        labelCount = savedCount;
        rawIsCanonical = savedCanonical;
        if (exemplarChars > 128) {
            throw error(p, "expected exemplar labels of at most 128 characters (OpenMetrics 1.0, Exemplars), found "
                    + exemplarChars);
        }
        if (q >= end || b[q] != ' ') throw error(q, "expected a space and the exemplar value, found " + found(q));
        q++;
        int vf = q;
        q = tokenEnd(q);
        double exemplarValue = ExpositionNumbers.parseFloat(b, vf, q, true);
        if (q == vf || ExpositionNumbers.isError(exemplarValue)) throw badValue(vf, q);
        if (q < end && b[q] == ' ') {
            q++;
            int tf = q;
            q = tokenEnd(q);
            secondsToMillis(tf, q, "exemplar timestamp");
        }
        hasExemplar = true;
        return q;
    }

    /** Labels in OpenMetrics: no blanks, commas between, none trailing; returns the position after '}'. */
    private int readStrictLabels(int p, boolean ofSample) throws ExpositionException {
        int first = labelCount;
        int previousNameStart = -1;
        int previousNameEnd = -1;
        if (p < end && b[p] == '}') return p + 1;
        while (true) {
            if (p >= end || !isLabelNameStart(b[p])) {
                throw error(p, "expected a label name, found " + found(p));
            }
            int ns = p;
            p = skipLabelName(p);
            int ne = p;
            if (p >= end || b[p] != '=') {
                throw error(p, "expected '=' after label name " + quoted(ns, ne) + ", found " + found(p));
            }
            p++;
            if (p >= end || b[p] != '"') {
                throw error(p, "expected '\"' to open the value of label " + quoted(ns, ne) + ", found " + found(p));
            }
            int vs = p + 1;
            p = readLabelValue(vs, ns, ne);
            for (int i = first; i < labelCount; i++) {
                if (compareBytes(labelNameStart[i], labelNameEnd[i], ns, ne) == 0) {
                    throw error(ns, "expected each label name once, found label " + quoted(ns, ne) + " twice");
                }
            }
            addLabel(ns, ne, vs, p, lineNo, lineStart);
            if (ofSample && previousNameStart >= 0 && compareBytes(previousNameStart, previousNameEnd, ns, ne) >= 0) {
                rawIsCanonical = false;
            }
            previousNameStart = ns;
            previousNameEnd = ne;
            p++;
            if (p < end && b[p] == ',') {
                p++;
                continue;
            }
            if (p < end && b[p] == '}') return p + 1;
            throw error(p, "expected ',' or '}' after the value of label " + quoted(ns, ne) + ", found " + found(p));
        }
    }

    /** OpenMetrics timestamps are seconds (a realnumber, no NaN or Inf); kept as epoch ms, truncated like Prometheus. */
    private long secondsToMillis(int from, int to, String what) throws ExpositionException {
        double seconds = ExpositionNumbers.parseFloat(b, from, to, false);
        if (to == from || ExpositionNumbers.isError(seconds)) {
            throw error(from, "expected the " + what + " in seconds (a decimal number), found " + shownToken(from, to));
        }
        double ms = seconds * 1000.0;
        if (ms >= 9.2e18 || ms <= -9.2e18) {
            throw error(from, "expected the " + what + " within the int64 millisecond range, found " + quoted(from, to));
        }
        return (long) ms;
    }

    private int tokenEnd(int p) {
        while (p < end && b[p] != ' ' && b[p] != '\n') p++;
        return p;
    }

    // ---------------------------------------------------------------- what OpenMetricsRules reads

    int labelCount() {
        return labelCount;
    }

    String labelName(int i) {
        return ascii(labelNameStart[i], labelNameEnd[i]);
    }

    /** The raw label value as the reader sees it: \\, \" and \n unescaped, unknown escapes kept verbatim. */
    String labelValue(int i) {
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

    double value() {
        return value;
    }

    boolean hasTimestamp() {
        return hasTimestamp;
    }

    long timestampMs() {
        return timestampMs;
    }

    boolean hasExemplar() {
        return hasExemplar;
    }

    SeriesMap series() {
        return series;
    }

    Map<String, Long> timestamps() {
        return timestamps;
    }

    ExpositionException errorAtLine(int line, String message) {
        return new ExpositionException(line, 1, message);
    }

    ExpositionException errorAtSampleStart(String message) {
        return error(nameStart, message);
    }

    ExpositionException errorAt(int bytePos, String message) {
        return error(bytePos, message);
    }

    // ---------------------------------------------------------------- shared helpers

    private void checkNoByteOrderMark() throws ExpositionException {
        if (end >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF) {
            throw new ExpositionException(1, 1, "expected a metric name, a comment or an empty line, found a UTF-8"
                    + " byte-order mark (U+FEFF), which Prometheus rejects");
        }
    }

    private void finishLine() {
        if (pos < end) {
            pos++; // the '\n'
            lineNo++;
        }
    }

    private int skipBlanks(int p) {
        while (p < end) {
            byte c = b[p];
            if (c != ' ' && c != '\t') break;
            p++;
        }
        return p;
    }

    private int lineEnd(int p) {
        while (p < end && b[p] != '\n') p++;
        return p;
    }

    private boolean startsWith(int p, String ascii) {
        if (p + ascii.length() > end) return false;
        for (int k = 0; k < ascii.length(); k++) {
            if (b[p + k] != ascii.charAt(k)) return false;
        }
        return true;
    }

    private static boolean isMetricNameStart(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    private static boolean isLabelNameStart(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private int skipMetricName(int p) {
        if (p >= end || !isMetricNameStart(b[p])) return p;
        p++;
        while (p < end) {
            byte c = b[p];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':')) {
                break;
            }
            p++;
        }
        return p;
    }

    private int skipLabelName(int p) {
        p++;
        while (p < end) {
            byte c = b[p];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) break;
            p++;
        }
        return p;
    }

    private int compareBytes(int aFrom, int aTo, int bFrom, int bTo) {
        int la = aTo - aFrom;
        int lb = bTo - bFrom;
        int n = Math.min(la, lb);
        for (int k = 0; k < n; k++) {
            int d = (b[aFrom + k] & 0xff) - (b[bFrom + k] & 0xff);
            if (d != 0) return d;
        }
        return la - lb;
    }

    private String ascii(int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private String utf8(int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    /** Label values and HELP text must be valid UTF-8 (Prometheus rejects the scrape otherwise). */
    private void checkUtf8(int from, int to, String what) throws ExpositionException {
        int p = from;
        while (p < to) {
            int c = b[p] & 0xff;
            if (c < 0x80) {
                p++;
                continue;
            }
            int need;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                min = 0x10000;
            } else {
                throw error(p, "expected valid UTF-8 in the " + what + ", found byte 0x" + Integer.toHexString(c));
            }
            if (p + need >= to) {
                throw error(p, "expected valid UTF-8 in the " + what + ", found a truncated sequence");
            }
            int cp = c & (0x3F >> need);
            for (int k = 1; k <= need; k++) {
                int cc = b[p + k] & 0xff;
                if ((cc & 0xC0) != 0x80) {
                    throw error(p, "expected valid UTF-8 in the " + what + ", found byte 0x" + Integer.toHexString(c)
                            + " not followed by a continuation byte");
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                throw error(p, "expected valid UTF-8 in the " + what + ", found an invalid sequence");
            }
            p += need + 1;
        }
    }

    private int countChars(int from, int to) {
        int n = 0;
        for (int p = from; p < to && p < end; p++) {
            if ((b[p] & 0xC0) != 0x80) n++;
        }
        return n;
    }

    private int column(int bytePos) {
        return countChars(lineStart, Math.min(bytePos, end)) + 1;
    }

    private ExpositionException error(int bytePos, String message) {
        return new ExpositionException(lineNo, column(bytePos), message);
    }

    private ExpositionException badValue(int from, int to) {
        double parsed = ExpositionNumbers.parseFloat(b, from, to, true);
        boolean range = Double.doubleToRawLongBits(parsed) == ExpositionNumbers.OUT_OF_RANGE_BITS;
        if (to == from) return error(from, "expected a value, found " + found(from));
        if (b[to - 1] == '\r') {
            return error(to - 1, "expected the end of the line after the value, found a carriage return (CRLF line"
                    + " ends are not accepted, as in Prometheus)");
        }
        return error(from, (range ? "expected a value within the float64 range, found " : "expected a float value"
                + " (digits with optional '.', exponent and sign, or NaN, +Inf, -Inf), found ") + quoted(from, to));
    }

    /** What stands at a position, for error messages: one character quoted, or a word for line ends. */
    private String found(int p) {
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

    private String shownToken(int from, int to) {
        return to == from ? found(from) : quoted(from, to);
    }

    /** Text from the input in double quotes, cut to a readable length, control characters made visible. */
    private String quoted(int from, int to) {
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

    static String shorten(String text) {
        return text.length() > 200 ? text.substring(0, 197) + "..." : text;
    }
}
