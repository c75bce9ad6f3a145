package support;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One series description of Prometheus's PromQL test files ({@code metric{a="b"} 1 _ stale 1+2x3 -1-1x3 1x3 _x2}),
 * read as Prometheus 2.42's parser.ParseSeriesDesc reads it: {@code a+bxN} is a followed by N values, each b more
 * than the last (by repeated addition); {@code axN} is N+1 copies; {@code _} a missing value, {@code _xN} N of them;
 * {@code stale} a stale marker. A missing value is null.
 */
public record PromqlSeriesDesc(TreeMap<String, String> labels, List<Double> values) {
    /** The stale marker's value (Prometheus StaleNaN). */
    public static final double STALE = Double.longBitsToDouble(0x7ff0000000000002L);

    public static PromqlSeriesDesc parse(String line) {
        int i = 0;
        int depth = 0;
        boolean inString = false;
        for (; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (Character.isWhitespace(c) && depth == 0) {
                break;
            }
        }
        TreeMap<String, String> labels = labels(line.substring(0, i));
        List<Double> values = new ArrayList<>();
        for (String item : line.substring(i).trim().split("\\s+")) {
            if (!item.isEmpty()) {
                values.addAll(item(item));
            }
        }
        return new PromqlSeriesDesc(labels, values);
    }

    private static TreeMap<String, String> labels(String metric) {
        TreeMap<String, String> labels = new TreeMap<>();
        int brace = metric.indexOf('{');
        String name = brace < 0 ? metric : metric.substring(0, brace);
        if (!name.isEmpty()) {
            labels.put("__name__", name);
        }
        if (brace < 0) {
            return labels;
        }
        String body = metric.substring(brace + 1, metric.lastIndexOf('}'));
        int p = 0;
        while (p < body.length()) {
            while (p < body.length() && (body.charAt(p) == ',' || Character.isWhitespace(body.charAt(p)))) {
                p++;
            }
            if (p >= body.length()) {
                break;
            }
            int eq = body.indexOf('=', p);
            String label = body.substring(p, eq).trim();
            int open = body.indexOf('"', eq);
            StringBuilder value = new StringBuilder();
            int q = open + 1;
            while (body.charAt(q) != '"') {
                char c = body.charAt(q);
                if (c == '\\') {
                    q++;
                    c = body.charAt(q) == 'n' ? '\n' : body.charAt(q);
                }
                value.append(c);
                q++;
            }
            labels.put(label, value.toString());
            p = q + 1;
        }
        return labels;
    }

    private static List<Double> item(String item) {
        List<Double> out = new ArrayList<>();
        int x = item.lastIndexOf('x');
        if (item.startsWith("_")) {
            int n = x < 0 ? 1 : Integer.parseInt(item.substring(x + 1));
            for (int k = 0; k < n; k++) {
                out.add(null);
            }
            return out;
        }
        if (item.equals("stale")) {
            out.add(STALE);
            return out;
        }
        if (x < 0) {
            out.add(number(item));
            return out;
        }
        int times = Integer.parseInt(item.substring(x + 1));
        String head = item.substring(0, x);
        int op = operatorIndex(head);
        double v = number(op < 0 ? head : head.substring(0, op));
        double step = op < 0 ? 0 : number(head.substring(op));
        out.add(v);
        for (int k = 1; k <= times; k++) {
            if (op >= 0) {
                v += step;
            }
            out.add(v);
        }
        return out;
    }

    private static int operatorIndex(String head) {
        for (int k = 1; k < head.length(); k++) {
            char c = head.charAt(k);
            char before = head.charAt(k - 1);
            if ((c == '+' || c == '-') && before != 'e' && before != 'E') {
                return k;
            }
        }
        return -1;
    }

    /** A number as the test files write one: decimal, Inf, NaN, with an optional sign. */
    public static double number(String s) {
        String t = s.startsWith("+") ? s.substring(1) : s;
        String lower = t.toLowerCase();
        if (lower.equals("inf")) {
            return Double.POSITIVE_INFINITY;
        }
        if (lower.equals("-inf")) {
            return Double.NEGATIVE_INFINITY;
        }
        if (lower.equals("nan") || lower.equals("-nan")) {
            return Double.NaN;
        }
        if (lower.startsWith("0x") || lower.startsWith("-0x")) {
            boolean neg = lower.startsWith("-");
            double v = Long.parseLong(lower.substring(neg ? 3 : 2), 16);
            return neg ? -v : v;
        }
        return Double.parseDouble(t);
    }
}
