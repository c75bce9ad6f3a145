package text;

/**
 * The one check of UTF-8 in the project (exposition label values and HELP text, targets files, secret files): the
 * well-formed sequences of RFC 3629 / Unicode 15 table 3-7, so no overlong form, no surrogate, nothing above U+10FFFF,
 * as Go's {@code utf8.Valid} (which Prometheus 2.42 applies to label values and HELP text) and the JDK's decoder agree.
 */
public final class Utf8 {
    private Utf8() {}

    /**
     * Where and how {@code b[from, to)} stops being UTF-8.
     *
     * @param at   index of the first byte of the bad sequence
     * @param what what was found there, for a message: {@code byte 0xff}, {@code a truncated sequence},
     *             {@code byte 0xe2 not followed by a continuation byte} or {@code an invalid sequence}
     */
    public record Problem(int at, String what) {}

    /** The line of a text that byte {@code at} lies on, counted from 1 at each {@code \n}. */
    public static int lineOf(byte[] b, int at) {
        int line = 1;
        for (int i = 0; i < at; i++) if (b[i] == '\n') line++;
        return line;
    }

    /** Which byte of its line byte {@code at} is, counted from 1. */
    public static int byteOfLine(byte[] b, int at) {
        int lineStart = at;
        while (lineStart > 0 && b[lineStart - 1] != '\n') lineStart--;
        return at - lineStart + 1;
    }

    /** Whether {@code b[from, to)} is valid UTF-8. */
    public static boolean valid(byte[] b, int from, int to) {
        return problem(b, from, to) == null;
    }

    /**
     * The first problem of {@code b[from, to)} as UTF-8, or null when it is valid (allocates only on a problem).
     */
    public static Problem problem(byte[] b, int from, int to) {
        int p = from;
        while (p < to) {
            int c = b[p] & 0xff;
            if (c < 0x80) {
                p++;
                continue;
            }
            int need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
            if (need == 0) return new Problem(p, "byte 0x" + Integer.toHexString(c));
            if (p + need >= to) return new Problem(p, "a truncated sequence");
            int cp = c & (0x3F >> need);
            for (int k = 1; k <= need; k++) {
                int cc = b[p + k] & 0xff;
                if ((cc & 0xC0) != 0x80) {
                    return new Problem(p, "byte 0x" + Integer.toHexString(c) + " not followed by a continuation byte");
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            int min = need == 1 ? 0x80 : need == 2 ? 0x800 : 0x10000;
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return new Problem(p, "an invalid sequence");
            p += need + 1;
        }
        return null;
    }
}
