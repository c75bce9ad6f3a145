package query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * label_replace() and label_join(), as Prometheus 2.42 (promql/functions.go funcLabelReplace, funcLabelJoin): the
 * regular expression is anchored, {@code $1}, {@code ${1}} and {@code $name} in the replacement are expanded as Go's
 * Regexp.Expand does, an empty result removes the label, and {@code __name__} is kept.
 */
final class LabelFunctions {
    private LabelFunctions() {}

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** {@code cache} keeps each input series' output labels across the steps of a query. */
    static List<Val.Sample> replace(List<Val> args, long t, Map<Labels, Labels> cache) {
        String dst = Functions.str(args.get(1));
        String repl = Functions.str(args.get(2));
        String src = Functions.str(args.get(3));
        String regex = Functions.str(args.get(4));
        Pattern p;
        try {
            LabelMatcher.refuseWhatRe2Refuses(regex);
            p = Pattern.compile("^(?:" + regex + ")$");
        } catch (PatternSyntaxException e) {
            throw Evaluator.execution("invalid regular expression in label_replace(): " + regex);
        }
        if (!LABEL_NAME.matcher(dst).matches()) {
            throw Evaluator.execution("invalid destination label name in label_replace(): " + dst);
        }
        List<Val.Sample> in = Functions.samples(args.get(0));
        List<Val.Sample> out = new ArrayList<>(in.size());
        for (Val.Sample s : in) {
            Labels l = cache.get(s.labels());
            if (l == null) {
                Matcher m = p.matcher(s.labels().get(src));
                l = m.matches() ? s.labels().with(dst, expand(repl, m)) : s.labels();
                cache.put(s.labels(), l);
            }
            out.add(new Val.Sample(l, t, s.v()));
        }
        return out;
    }

    /** {@code cache} keeps each input series' output labels across the steps of a query. */
    static List<Val.Sample> join(List<Val> args, long t, Map<Labels, Labels> cache) {
        String dst = Functions.str(args.get(1));
        String sep = Functions.str(args.get(2));
        List<String> srcs = new ArrayList<>();
        for (int i = 3; i < args.size(); i++) {
            String src = Functions.str(args.get(i));
            if (!LABEL_NAME.matcher(src).matches()) {
                throw Evaluator.execution("invalid source label name in label_join(): " + src);
            }
            srcs.add(src);
        }
        if (!LABEL_NAME.matcher(dst).matches()) {
            throw Evaluator.execution("invalid destination label name in label_join(): " + dst);
        }
        List<Val.Sample> in = Functions.samples(args.get(0));
        List<Val.Sample> out = new ArrayList<>(in.size());
        for (Val.Sample s : in) {
            Labels l = cache.get(s.labels());
            if (l == null) {
                List<String> vals = new ArrayList<>(srcs.size());
                for (String src : srcs) {
                    vals.add(s.labels().get(src));
                }
                l = s.labels().with(dst, String.join(sep, vals));
                cache.put(s.labels(), l);
            }
            out.add(new Val.Sample(l, t, s.v()));
        }
        return out;
    }

    /** Go's Regexp.Expand: {@code $$} is a dollar, {@code $name} takes the longest run of word characters. */
    static String expand(String template, Matcher m) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < template.length() && template.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            int end;
            String name;
            if (i + 1 < template.length() && template.charAt(i + 1) == '{') {
                int close = template.indexOf('}', i + 2);
                name = close < 0 ? "" : template.substring(i + 2, close);
                end = close + 1;
            } else {
                end = i + 1;
                while (end < template.length() && (Lexer.isAlphaNumeric(template.charAt(end)))) {
                    end++;
                }
                name = template.substring(i + 1, end);
            }
            if (name.isEmpty() || !name.chars().allMatch(ch -> Lexer.isAlphaNumeric((char) ch))) {
                out.append('$');
                i++;
                continue;
            }
            out.append(group(m, name));
            i = end;
        }
        return out.toString();
    }

    private static String group(Matcher m, String name) {
        if (name.chars().allMatch(Character::isDigit) && !(name.length() > 1 && name.charAt(0) == '0')
                && name.length() < 9) {
            int n = Integer.parseInt(name);
            String g = n <= m.groupCount() ? m.group(n) : null;
            return g == null ? "" : g;
        }
        try {
            String g = m.group(name);
            return g == null ? "" : g;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
