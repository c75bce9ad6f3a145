package parse;

import text.Decimals;

/**
 * Reads the OpenMetrics 1.0 text format strictly: the line syntax of its ABNF here (single spaces, no blank lines,
 * no comments, labels without blanks or trailing comma, timestamps in seconds, exemplars, a last line
 * {@code # EOF} and nothing after it, no byte-order mark), the rules above the lines in {@link OpenMetricsRules},
 * which sees each metadata line and sample as it is read. A series repeated with a timestamp keeps its first
 * sample and adds a warning; so does a timestamp beyond the int64 millisecond range, which is dropped.
 *
 * <p>Each line is classified by its first bytes ({@link LineKind}), then read left to right: metric name, labels,
 * value, timestamp, exemplar.
 */
final class OpenMetricsTextParser extends ExpositionCursor {
    /** What a line holds, judged by its first bytes. */
    private enum LineKind {
        /** Not allowed anywhere in OpenMetrics. */
        EMPTY,
        /** {@code # EOF}, the last line. */
        END_OF_EXPOSITION,
        /** {@code # HELP}, {@code # TYPE} or {@code # UNIT}, or a '#' line that is none of them (an error). */
        METADATA,
        SAMPLE
    }

    private final OpenMetricsRules rules = new OpenMetricsRules(this);
    private double value;
    private boolean hasTimestamp;
    private long timestampMs;
    private boolean timestampKept;
    private boolean hasExemplar;

    /** @param body UTF-8 bytes, of which {@code body[0, length)} is the exposition */
    OpenMetricsTextParser(byte[] body, int length) {
        super(body, length, false);
    }

    @Override
    Exposition read() throws ExpositionException {
        checkNoByteOrderMark();
        boolean sawEof = false;
        while (pos < end) {
            lineStart = pos;
            if (sawEof) throw error(pos, "expected nothing after \"# EOF\", found " + found(pos));
            switch (lineKind()) {
                case EMPTY -> throw error(pos, "expected a sample, a metadata line or \"# EOF\", found an empty line"
                        + " (OpenMetrics 1.0 allows no blank lines)");
                case END_OF_EXPOSITION -> {
                    rules.endOfExposition();
                    sawEof = true;
                    pos = lineEnd(pos);
                    finishLine();
                }
                case METADATA -> readMetadata();
                case SAMPLE -> {
                    sampleLine = lineNo;
                    readSample();
                    String key = seriesKey();
                    rules.sample(sampleName(), key, sampleLine);
                    finishLine();
                }
            }
        }
        if (!sawEof) {
            throw error(pos, "expected \"# EOF\" as the last line (OpenMetrics 1.0, ABNF \"exposition\"), found the"
                    + " end of the input");
        }
        return exposition(ExpositionFormat.OPENMETRICS);
    }

    /** The kind of the line starting at {@code pos}, which is not the end of the body. */
    private LineKind lineKind() {
        byte c = b[pos];
        if (c == '\n') return LineKind.EMPTY;
        if (c != '#') return LineKind.SAMPLE;
        boolean eofLine = startsWith(pos, "# EOF") && (pos + 5 == end || b[pos + 5] == '\n');
        return eofLine ? LineKind.END_OF_EXPOSITION : LineKind.METADATA;
    }

    /** "# HELP|TYPE|UNIT name text" with single spaces (OpenMetrics 1.0, ABNF "metric-descriptor"). */
    private void readMetadata() throws ExpositionException {
        int eol = lineEnd(pos);
        int p = pos + 1;
        if (p >= eol || b[p] != ' ') {
            throw error(p, "expected \"# HELP\", \"# TYPE\", \"# UNIT\" or \"# EOF\" (OpenMetrics 1.0 has no"
                    + " comments), found " + found(p));
        }
        p++;
        MetadataKeyword keyword = MetadataKeyword.at(this, p, true);
        if (keyword == null) {
            throw error(p, "expected HELP, TYPE, UNIT or EOF after '# ' (OpenMetrics 1.0 has no comments), found "
                    + found(p));
        }
        p += keyword.name().length();
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
            throw error(p, "expected a space and the " + keyword.name().toLowerCase() + " text after the metric name "
                    + quoted(nameFrom, nameTo) + ", found " + found(p));
        }
        int textFrom = p + 1;
        checkUtf8(textFrom, eol, keyword + " text");
        rules.metadata(keyword, ascii(nameFrom, nameTo), utf8(textFrom, eol), lineNo, nameFrom, textFrom);
        pos = eol;
        finishLine();
    }

    /**
     * "name{labels} value [timestamp] [# {labels} value [timestamp]]" (OpenMetrics 1.0, ABNF "sample"); leaves
     * {@code pos} at the line feed.
     */
    private void readSample() throws ExpositionException {
        int p = readSeries(pos);
        p = readValue(p);
        p = readTimestampAndExemplar(p);
        if (p < end && b[p] != '\n') {
            throw error(p, "expected the end of the line, found " + found(p));
        }
        pos = p;
    }

    /** The metric name and its labels, if any; returns the position after them. */
    private int readSeries(int p) throws ExpositionException {
        nameStart = p;
        p = skipMetricName(p);
        if (p == nameStart) throw error(p, "expected a metric name, a metadata line or \"# EOF\", found " + found(p));
        nameEnd = p;
        labelCount = 0;
        rawIsCanonical = true;
        closeBrace = -1;
        if (p < end && b[p] == '{') {
            p = readLabels(p + 1, true);
            closeBrace = p - 1;
        }
        return p;
    }

    /** A single space and the float value; returns the position after the value. */
    private int readValue(int p) throws ExpositionException {
        if (p >= end || b[p] != ' ') {
            throw error(p, "expected a space and a value after metric " + quoted(nameStart, nameEnd) + ", found "
                    + found(p));
        }
        p++;
        int valueFrom = p;
        p = tokenEnd(p);
        value = Decimals.parse(b, valueFrom, p, Decimals.Syntax.GO_FLOAT);
        if (p == valueFrom || Decimals.failed(value)) throw badValue(valueFrom, p);
        return p;
    }

    /** The optional " timestamp" and " # exemplar" after the value; returns the position after them. */
    private int readTimestampAndExemplar(int p) throws ExpositionException {
        hasTimestamp = false;
        hasExemplar = false;
        if (p < end && b[p] == ' ') {
            p++;
            if (p < end && b[p] == '#') {
                p = readExemplar(p);
            } else {
                int tsFrom = p;
                p = tokenEnd(p);
                readSampleTimestamp(tsFrom, p);
                if (p < end && b[p] == ' ') {
                    p++;
                    if (p < end && b[p] == '#') p = readExemplar(p);
                    else throw error(p, "expected \" # {\" to start an exemplar or the end of the line, found "
                            + found(p));
                }
            }
        }
        return p;
    }

    /** " # {labels} value [timestamp]" after a sample (OpenMetrics 1.0, ABNF "exemplar"); parsed, not recorded. */
    private int readExemplar(int p) throws ExpositionException {
        if (p + 2 >= end || b[p + 1] != ' ' || b[p + 2] != '{') {
            throw error(p, "expected \"# {\" to open the exemplar's labels, found " + found(p));
        }
        int savedCount = labelCount;
        boolean savedCanonical = rawIsCanonical;
        int q = readLabels(p + 3, false);
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
        double exemplarValue = Decimals.parse(b, vf, q, Decimals.Syntax.GO_FLOAT);
        if (q == vf || Decimals.failed(exemplarValue)) throw badValue(vf, q);
        if (q < end && b[q] == ' ') {
            q++;
            int tf = q;
            q = tokenEnd(q);
            // Any real number is a valid exemplar timestamp; exemplars are not recorded, so no range applies.
            readSeconds(tf, q, "exemplar timestamp");
        }
        hasExemplar = true;
        return q;
    }

    /**
     * Labels after '{': no blanks, commas between, none trailing, each name once (OpenMetrics 1.0, ABNF "labels");
     * returns the position after '}'. The labels of a sample ({@code ofSample}) decide whether its written text is
     * already the canonical key; an exemplar's do not.
     */
    private int readLabels(int p, boolean ofSample) throws ExpositionException {
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
            if (ofSample) rejectMetricNameLabel(ns, ne);
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

    /**
     * The sample's timestamp in {@code [from, to)}: seconds (OpenMetrics 1.0, ABNF "timestamp": a realnumber), kept
     * as epoch ms truncated like Prometheus. A timestamp beyond the int64 millisecond range is still valid OpenMetrics
     * (Prometheus 2.42 reads it), so the sample stays; only its timestamp is dropped from the record, with a warning
     * naming the line. For the family rules it still counts, clamped to the nearest int64 end, so ordering checks see
     * it as the latest (or earliest) time there is.
     */
    private void readSampleTimestamp(int from, int to) throws ExpositionException {
        double ms = readSeconds(from, to, "timestamp") * 1000.0;
        hasTimestamp = true;
        timestampKept = ms >= -0x1p63 && ms < 0x1p63;
        if (timestampKept) {
            timestampMs = (long) ms;
        } else {
            timestampMs = ms > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
            warnings.add("line " + lineNo + ": timestamp " + quoted(from, to) + " s is beyond the int64 millisecond"
                    + " range; the sample is kept without its timestamp");
        }
    }

    /** A timestamp in seconds: a realnumber, no NaN or Inf (OpenMetrics 1.0, ABNF "timestamp"). */
    private double readSeconds(int from, int to, String what) throws ExpositionException {
        double seconds = Decimals.parse(b, from, to, Decimals.Syntax.GO_FINITE);
        if (to == from || Decimals.failed(seconds)) {
            throw error(from, "expected the " + what + " in seconds (a decimal number), found " + shownToken(from, to));
        }
        return seconds;
    }

    // ---------------------------------------------------------------- what OpenMetricsRules reads of the sample

    /** The value of the sample just read. */
    double value() {
        return value;
    }

    /** Whether the sample just read carried a timestamp. */
    boolean hasTimestamp() {
        return hasTimestamp;
    }

    /** The sample's timestamp in epoch ms (seconds × 1000, truncated), when {@link #hasTimestamp()}. */
    long timestampMs() {
        return timestampMs;
    }

    /**
     * Whether the sample's timestamp goes into the record: false when it lies beyond the int64 millisecond range
     * (then {@link #timestampMs()} is clamped to {@link Long#MAX_VALUE} or {@link Long#MIN_VALUE}).
     */
    boolean timestampKept() {
        return timestampKept;
    }

    /** Whether the sample just read carried an exemplar. */
    boolean hasExemplar() {
        return hasExemplar;
    }
}
