package query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable label set, sorted by name, with no empty values, ordered as Prometheus 2.42 orders label sets
 * (model/labels/labels.go Compare). Cheap to hash and compare; the set without {@code __name__} is kept once made.
 */
final class Labels implements Comparable<Labels> {
    static final String NAME = "__name__";
    static final Labels EMPTY = new Labels(new String[0], new String[0]);

    private final String[] names;
    private final String[] values;
    private int hash;
    private Labels withoutName;

    private Labels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
    }

    static Labels of(Map<String, String> map) {
        List<String> ns = new ArrayList<>();
        List<String> vs = new ArrayList<>();
        new TreeMap<>(map).forEach((n, v) -> {
            if (v != null && !v.isEmpty()) {
                ns.add(n);
                vs.add(v);
            }
        });
        return new Labels(ns.toArray(new String[0]), vs.toArray(new String[0]));
    }

    /** The value of a label, or the empty string when absent. */
    String get(String name) {
        int i = Arrays.binarySearch(names, name);
        return i >= 0 ? values[i] : "";
    }

    boolean has(String name) {
        return Arrays.binarySearch(names, name) >= 0;
    }

    int size() {
        return names.length;
    }

    String name(int i) {
        return names[i];
    }

    String value(int i) {
        return values[i];
    }

    /** These labels without {@code __name__} (as Prometheus's dropMetricName). */
    Labels withoutName() {
        if (withoutName == null) {
            withoutName = has(NAME) ? without(List.of(NAME)) : this;
        }
        return withoutName;
    }

    /** These labels with {@code name} set to {@code value}, or removed when {@code value} is empty. */
    Labels with(String name, String value) {
        TreeMap<String, String> m = toMap();
        if (value == null || value.isEmpty()) {
            m.remove(name);
        } else {
            m.put(name, value);
        }
        return of(m);
    }

    /** These labels without the named ones. */
    Labels without(Collection<String> drop) {
        List<String> ns = new ArrayList<>();
        List<String> vs = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (!drop.contains(names[i])) {
                ns.add(names[i]);
                vs.add(values[i]);
            }
        }
        return ns.size() == names.length ? this : new Labels(ns.toArray(new String[0]), vs.toArray(new String[0]));
    }

    /** Only the named labels of these. */
    Labels keep(Collection<String> kept) {
        List<String> ns = new ArrayList<>();
        List<String> vs = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (kept.contains(names[i])) {
                ns.add(names[i]);
                vs.add(values[i]);
            }
        }
        return new Labels(ns.toArray(new String[0]), vs.toArray(new String[0]));
    }

    TreeMap<String, String> toMap() {
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], values[i]);
        }
        return m;
    }

    SortedMap<String, String> toSortedMap() {
        return java.util.Collections.unmodifiableSortedMap(toMap());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labels l && hashCode() == l.hashCode() && Arrays.equals(names, l.names)
                && Arrays.equals(values, l.values);
    }

    @Override
    public int hashCode() {
        if (hash == 0) {
            hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
        }
        return hash;
    }

    @Override
    public int compareTo(Labels o) {
        int n = Math.min(names.length, o.names.length);
        for (int i = 0; i < n; i++) {
            int c = names[i].compareTo(o.names[i]);
            if (c != 0) {
                return c;
            }
            c = values[i].compareTo(o.values[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(names.length, o.names.length);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < names.length; i++) {
            sb.append(i > 0 ? ", " : "").append(names[i]).append("=\"").append(values[i]).append('"');
        }
        return sb.append('}').toString();
    }
}
