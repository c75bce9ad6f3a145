package http;

import secrets.KnownSecrets;

/**
 * The one rule for showing untrusted text (a server's answer, a line of a file, a value the user typed) on a terminal
 * or in a record's error: it can hold no control character or escape sequence that would act on the terminal, and is
 * not endlessly long.
 */
public final class Printable {
    /** The longest text {@link #text(String)} keeps, in characters. */
    public static final int DEFAULT_MAX_CHARS = 1000;

    private Printable() {}

    /** {@link #text(String, int)} with {@link #DEFAULT_MAX_CHARS}. */
    public static String text(String text) {
        return text(text, DEFAULT_MAX_CHARS);
    }

    /**
     * The text without the run's known secrets ({@link KnownSecrets#scrub}, before anything is escaped, so that a
     * secret holding a line break is still found) and with every control character shown as an escape: C0 controls, DEL and C1 controls as {@code \xNN}
     * (ESC is {@code \x1B}, so no escape sequence survives), Unicode format and line/paragraph separators (e.g. the
     * bidirectional overrides U+202E) as <code>&#92;uNNNN</code>; other characters as they are. Text longer
     * than {@code maxChars} is cut there and ends with {@code "... (N more characters)"}.
     *
     * @param text     any text; null gives null
     * @param maxChars how many characters of {@code text} to keep, at least 1
     * @return the printable text, on one line
     */
    public static String text(String text, int maxChars) {
        if (text == null) return null;
        text = KnownSecrets.scrub(text);
        int keep = Math.min(text.length(), maxChars);
        if (keep < text.length() && Character.isHighSurrogate(text.charAt(keep - 1))) keep--;
        StringBuilder out = new StringBuilder(keep + 16);
        for (int i = 0; i < keep; i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            if (c < 0x100 && Character.isISOControl(c)) {
                out.append(String.format("\\x%02X", (int) c));
            } else if (type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        if (keep < text.length()) out.append("... (").append(text.length() - keep).append(" more characters)");
        return out.toString();
    }
}
