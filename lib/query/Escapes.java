package query;

/**
 * The escapes of a PromQL string literal, those of Go's quoted strings (Prometheus 2.42 unquotes with
 * strconv.Unquote): {@code \a \b \f \n \r \t \v \\ \' \"}, octal {@code \ooo}, {@code \xhh}, backslash-u with 4 hex digits,
 * backslash-U with 8.
 */
final class Escapes {
    private Escapes() {}

    /** Decodes the escape whose backslash ends just before {@code pos}; appends it, returns the position after it. */
    static int decode(String in, int pos, char quote, StringBuilder out) {
        if (pos >= in.length()) {
            throw Parser.error(in, pos, "unterminated escape sequence");
        }
        char c = in.charAt(pos);
        switch (c) {
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            case '\\' -> out.append('\\');
            case 'x' -> { return hex(in, pos + 1, 2, out); }
            case 'u' -> { return hex(in, pos + 1, 4, out); }
            case 'U' -> { return hex(in, pos + 1, 8, out); }
            default -> {
                if (c == quote) {
                    out.append(c);
                } else if (c >= '0' && c <= '7') {
                    return octal(in, pos, out);
                } else {
                    throw Parser.error(in, pos - 1, "unknown escape sequence '\\" + c + "'");
                }
            }
        }
        return pos + 1;
    }

    private static int hex(String in, int pos, int digits, StringBuilder out) {
        if (pos + digits > in.length()) {
            throw Parser.error(in, pos, "escape sequence is too short");
        }
        try {
            out.appendCodePoint(Integer.parseUnsignedInt(in.substring(pos, pos + digits), 16));
        } catch (IllegalArgumentException e) {
            throw Parser.error(in, pos, "invalid escape sequence: \\" + in.substring(pos - 1, pos + digits));
        }
        return pos + digits;
    }

    private static int octal(String in, int pos, StringBuilder out) {
        if (pos + 3 > in.length()) {
            throw Parser.error(in, pos, "escape sequence is too short");
        }
        try {
            int v = Integer.parseInt(in.substring(pos, pos + 3), 8);
            if (v > 255) {
                throw new NumberFormatException();
            }
            out.append((char) v);
        } catch (NumberFormatException e) {
            throw Parser.error(in, pos, "invalid escape sequence: \\" + in.substring(pos, pos + 3));
        }
        return pos + 3;
    }
}
