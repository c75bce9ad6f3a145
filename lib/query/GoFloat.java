package query;

/** Parses a number as Go's strconv.ParseFloat does for label values such as {@code le}: "+Inf", "inf", "NaN", "1e3". */
final class GoFloat {
    private GoFloat() {}

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile(
            "[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?0[xX][0-9a-fA-F.]+[pP][+-]?\\d+");

    static double parse(String s) {
        String lower = s.toLowerCase();
        switch (lower) {
            case "inf", "+inf", "infinity", "+infinity" -> { return Double.POSITIVE_INFINITY; }
            case "-inf", "-infinity" -> { return Double.NEGATIVE_INFINITY; }
            case "nan" -> { return Double.NaN; }
            default -> { }
        }
        if (!NUMBER.matcher(s).matches()) {
            throw new NumberFormatException(s);
        }
        return Double.parseDouble(s);
    }
}
