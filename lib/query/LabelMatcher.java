package query;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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

    /**
     * A matcher; a regular expression is compiled once here. Throws {@link PatternSyntaxException} for a bad one,
     * including one Java accepts but RE2 (Go's regexp, which Prometheus uses) refuses: see {@link #refuseWhatRe2Refuses}.
     */
    public static LabelMatcher of(String name, Op op, String value) {
        Pattern p = null;
        if (op == Op.RE || op == Op.NRE) {
            refuseWhatRe2Refuses(value);
            p = Pattern.compile("^(?:" + value + ")$"); // "." does not match a line break, as in Go's regexp (Prometheus 3 changed that, 2.42 did not)
        }
        return new LabelMatcher(name, op, value, p);
    }

    /**
     * Throws for the constructs of Java's regular expressions that Go's regexp/syntax refuses, with Go's words, so a
     * selector Prometheus 2.42 would reject is rejected here too instead of matching by Java's rules: look-around,
     * atomic and {@code (?<name>)} groups ({@code invalid or unsupported Perl syntax}), back-references {@code \1} to
     * {@code \9} and {@code \k} ({@code invalid escape sequence}), and possessive quantifiers ({@code invalid nested
     * repetition operator}). Go's regexp/syntax parse.go; text quoted with {@code \Q...\E} and character classes are
     * skipped, as both read them alike.
     *
     * @throws PatternSyntaxException naming the construct and its index in {@code regex}
     */
    public static void refuseWhatRe2Refuses(String regex) {
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                char next = regex.charAt(i + 1);
                if (next == 'Q') {
                    int end = regex.indexOf("\\E", i + 2);
                    i = end < 0 ? regex.length() : end + 1;
                    continue;
                }
                // Go reads \1 to \7 before another octal digit as an octal code; alone, as a back-reference it refuses.
                boolean octal = next <= '7' && i + 2 < regex.length() && regex.charAt(i + 2) >= '0' && regex.charAt(i + 2) <= '7';
                if (next == 'k' || (next >= '1' && next <= '9' && !octal)) {
                    throw new PatternSyntaxException("invalid escape sequence: `\\" + next + "`", regex, i);
                }
                i++;
            } else if (inClass) {
                if (c == ']') inClass = false;
            } else if (c == '[') {
                inClass = true;
                if (regex.startsWith("^]", i + 1)) i += 2;
                else if (regex.startsWith("]", i + 1) || regex.startsWith("^", i + 1)) i += 1;
            } else if (c == '(' && regex.startsWith("?", i + 1) && i + 2 < regex.length() && "=!<>".indexOf(regex.charAt(i + 2)) >= 0) {
                throw new PatternSyntaxException("invalid or unsupported Perl syntax: `" + regex.substring(i, i + 3) + "`", regex, i);
            } else if ((c == '*' || c == '+' || c == '?') && regex.startsWith("+", i + 1) && i > 0) {
                throw new PatternSyntaxException("invalid nested repetition operator: `" + c + "+`", regex, i);
            } else if (c == '}' && regex.startsWith("+", i + 1)) {
                int open = regex.lastIndexOf('{', i);
                String repeat = open < 0 ? "" : regex.substring(open, i + 1);
                if (open > 0 && repeat.matches("\\{[0-9]+(,[0-9]*)?}")) {
                    throw new PatternSyntaxException("invalid nested repetition operator: `" + repeat + "+`", regex, open);
                }
            }
        }
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
