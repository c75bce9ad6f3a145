package query;

import java.util.regex.Pattern;

/**
 * One label matcher of a PromQL selector ({@code name="v"}, {@code !=}, {@code =~}, {@code !~}).
 * A regular expression is anchored at both ends, and a label the series lacks matches as the empty string
 * (Prometheus 2.42, model/labels/matcher.go and regexp.go).
 *
 * @param name the label name ({@code __name__} for the metric name)
 * @param op the operator
 * @param value the value, or the regular expression (RE2 syntax; Java's {@link Pattern} for the subset PromQL uses)
 */
public record LabelMatcher(String name, Op op, String value, Pattern pattern) {
    /** The four matcher operators of PromQL. */
    public enum Op { EQ, NEQ, RE, NRE }

    /** A matcher; a regular expression is compiled once here. Throws {@link java.util.regex.PatternSyntaxException} for a bad one. */
    public static LabelMatcher of(String name, Op op, String value) {
        Pattern p = (op == Op.RE || op == Op.NRE) ? Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL) : null;
        return new LabelMatcher(name, op, value, p);
    }

    /** Whether a label value (the empty string for a missing label) satisfies this matcher. */
    public boolean matches(String labelValue) {
        String v = labelValue == null ? "" : labelValue;
        return switch (op) {
            case EQ -> v.equals(value);
            case NEQ -> !v.equals(value);
            case RE -> pattern.matcher(v).matches();
            case NRE -> !pattern.matcher(v).matches();
        };
    }
}
