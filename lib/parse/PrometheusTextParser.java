package parse;

import text.Decimals;

/**
 * Reads text format 0.0.4 (Prometheus docs, "Exposition formats", text-based format), taking exactly what
 * Prometheus 2.42's scrape parser (model/textparse, PromParser) takes: blank lines, free comments, whitespace
 * between tokens, a trailing comma or even no comma between labels, integer millisecond timestamps made of digits
 * only (a sign is rejected), no CR before LF, no byte-order mark. A series seen twice (an empty label value being
 * no label, {@link record.SeriesKey}) keeps its first sample and adds a warning (as Prometheus drops the later one
 * as a duplicate). Two labels with one name (the metric name being label {@code __name__}), invalid UTF-8, a bad
 * value or a timestamp beyond int64 milliseconds fail the whole exposition, as they fail the whole scrape in
 * Prometheus.
 *
 * <p>Each line is classified by its first non-blank byte ({@link LineKind}, as the start state of Prometheus's
 * lexer does), then read left to right: metric name, labels, value, timestamp.
 */
final class PrometheusTextParser extends ExpositionCursor {
    /** What a line holds, judged by its first non-blank byte. */
    private enum LineKind {
        EMPTY,
        /** {@code # HELP}, {@code # TYPE} or a free comment. */
        COMMENT,
        SAMPLE,
        /** The end of the body, or a NUL where a token starts, which Prometheus's lexer also reads as the end. */
        END
    }

    private double value;
    private boolean hasTimestamp;
    private long timestampMs;

    /** @param body UTF-8 bytes, of which {@code body[0, length)} is the exposition */
    PrometheusTextParser(byte[] body, int length) {
        super(body, length, true);
    }

    @Override
    Exposition read() throws ExpositionException {
        checkNoByteOrderMark();
        while (true) {
            switch (nextLine()) {
                case EMPTY -> finishLine();
                case COMMENT -> readComment();
                case SAMPLE -> {
                    readSample();
                    storeSample();
                }
                case END -> {
                    return exposition(ExpositionFormat.PROMETHEUS);
                }
            }
        }
    }

    /** Starts a line at {@code pos} and moves {@code pos} past its leading blanks. */
    private LineKind nextLine() {
        lineStart = pos;
        int p = skipBlanks(pos);
        if (p >= end) return LineKind.END;
        pos = p;
        byte c = b[p];
        if (c == '\n') return LineKind.EMPTY;
        if (c == '#') return LineKind.COMMENT;
        if (c == 0) return LineKind.END;
        return LineKind.SAMPLE;
    }

    /** A '#' line: HELP, TYPE, or a free comment (Prometheus docs, text format, "Comments, help text, and type information"). */
    private void readComment() throws ExpositionException {
        int p = pos + 1;
        int afterHash = skipBlanks(p);
        MetadataKeyword keyword = null;
        if (afterHash > p) {
            keyword = MetadataKeyword.at(this, afterHash, false);
            if (keyword != null) {
                int afterKeyword = afterHash + keyword.name().length();
                int nameAt = skipBlanks(afterKeyword);
                if (nameAt == afterKeyword) keyword = null; // "# HELPx" is a free comment
                else p = nameAt;
            }
        }
        if (keyword == null) {
            pos = lineEnd(pos);
            finishLine();
            return;
        }
        int nameFrom = p;
        if (p >= end || !isMetricNameStart(b[p])) {
            throw error(p, "expected a metric name after " + keyword + ", found " + found(p));
        }
        p = skipMetricName(p);
        int nameTo = p;
        int eol = lineEnd(p);
        // Prometheus takes the rest of the line after the name, less its first character, as the text.
        int textFrom = Math.min(p + 1, eol);
        if (keyword == MetadataKeyword.TYPE) {
            String type = ascii(textFrom, eol);
            if (!MetricTypes.TEXT_004.contains(type)) {
                throw error(textFrom, "expected a metric type (counter, gauge, histogram, summary or"
                        + " untyped) after TYPE " + ascii(nameFrom, nameTo) + ", found " + quoted(textFrom, eol));
            }
            // Untyped families are left out of the record's types, as they declare nothing.
            String recorded = type.equals("untyped") ? null : type;
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

    /** "name [{labels}] value [timestamp]", blanks allowed between the parts. */
    private void readSample() throws ExpositionException {
        if (pos != lineStart && isMetricNameStart(b[pos])) {
            throw error(lineStart, "expected the metric name at the start of the line, found leading whitespace");
        }
        sampleLine = lineNo;
        int p = readSeries(pos);
        p = readValue(p);
        p = readTimestamp(p);
        pos = p;
        finishLine();
    }

    /** The metric name and its labels, if any; returns the position of the value. */
    private int readSeries(int p) throws ExpositionException {
        nameStart = p;
        p = skipMetricName(p);
        if (p == nameStart) {
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
        return p;
    }

    /** Labels after '{'; returns the position after '}'. */
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
            rejectMetricNameLabel(ns, ne);
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

    /** The float value, which ends at a blank, a line feed or '{'; returns the position after it. */
    private int readValue(int p) throws ExpositionException {
        int valueFrom = p;
        while (p < end) {
            byte c = b[p];
            if (c == ' ' || c == '\t' || c == '\n' || c == '{') break;
            p++;
        }
        if (p == valueFrom) {
            throw error(p, "expected a value after metric " + quoted(nameStart, nameEnd) + ", found " + found(p));
        }
        value = Decimals.parse(b, valueFrom, p, Decimals.Syntax.GO_FLOAT);
        if (Decimals.failed(value)) throw badValue(valueFrom, p);
        return p;
    }

    /** An optional timestamp (integer milliseconds) after the value, then the end of the line; returns its position. */
    private int readTimestamp(int afterValue) throws ExpositionException {
        hasTimestamp = false;
        int p = skipBlanks(afterValue);
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
        return p;
    }

    /** Records the sample just read under its series key: first sample wins, later ones become warnings. */
    private void storeSample() throws ExpositionException {
        String key = seriesKey();
        int held = series.addIfAbsent(key, value);
        if (held >= 0) {
            warnings.add("line " + sampleLine + ": duplicate series " + shorten(key) + " dropped (value "
                    + record.ValueText.of(value) + "), keeping the first sample (value " + record.ValueText.of(series.valueAt(held)) + ")");
            return;
        }
        if (hasTimestamp) timestamps.put(key, timestampMs);
    }
}
