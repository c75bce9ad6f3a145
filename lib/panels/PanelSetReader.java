package panels;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import panels.YamlTree.Mapping;
import panels.YamlTree.Node;
import panels.YamlTree.Scalar;
import panels.YamlTree.Sequence;
import query.Expr;
import query.PromQL;
import query.QueryException;

/**
 * Reads a panel file (YAML, the format of {@code docs/panels.md}) into a {@link PanelSet}, checking everything a
 * page would trip over later: required fields, units and kinds, unique ids, and every expression parsed with the
 * PromQL engine. Each error is one sentence naming the file, the line and what is wrong.
 */
public final class PanelSetReader {
    private PanelSetReader() {}

    private static final Set<String> SET_KEYS = Set.of("name", "description", "detect", "tracked", "panels");
    private static final Set<String> PANEL_KEYS = Set.of("id", "title", "description", "note", "unit", "kind", "queries");
    private static final Set<String> TRACKED_KEYS = Set.of("metric", "type", "source");
    private static final Set<String> QUERY_KEYS = Set.of("expr", "legend");
    /** Step and scrape interval the interval variables get when an expression is checked at load time. */
    private static final long CHECK_STEP_MS = 60_000, CHECK_SCRAPE_MS = 30_000;

    /**
     * Reads one panel file's text.
     *
     * @param text   the file's content
     * @param source the file's name as errors and {@code --list-panels} show it
     * @throws PanelSetException for anything that is not a valid panel set
     */
    public static PanelSet read(String text, String source) throws PanelSetException {
        Node root = YamlTree.read(text, source);
        Mapping set = mapping(root, source, "the file", SET_KEYS);
        String name = requiredText(set, "name", source, "the panel set");
        String description = optionalText(set, "description", source, "");
        List<String> detect = detect(set.entries().get("detect"), source);
        Node panelsNode = set.entries().get("panels");
        if (panelsNode == null) throw at(source, set.line(), "the panel set has no \"panels:\" list");
        Sequence list = sequence(panelsNode, source, "\"panels\"");
        if (list.items().isEmpty()) throw at(source, list.line(), "\"panels\" is empty; a set needs at least one panel");
        List<Panel> panels = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Node item : list.items()) {
            Panel panel = panel(item, source);
            if (!ids.add(panel.id())) {
                throw at(source, panel.line(), "panel \"" + panel.title() + "\": id \"" + panel.id()
                        + "\" is already used by another panel of this set; give it its own \"id:\"");
            }
            panels.add(panel);
        }
        return new PanelSet(name, description, detect, List.copyOf(panels), tracked(set.entries().get("tracked"), source), source);
    }

    private static Panel panel(Node node, String source) throws PanelSetException {
        Mapping m = mapping(node, source, "a panel", PANEL_KEYS);
        String title = requiredText(m, "title", source, "a panel");
        String what = "panel \"" + title + "\"";
        String id = optionalText(m, "id", source, "");
        if (id.isEmpty()) id = slug(title);
        else if (!id.matches("[A-Za-z0-9_-]+")) {
            throw at(source, m.entries().get("id").line(), what + ": id \"" + id + "\" may hold only letters, digits, '-' and '_'");
        }
        Node unitNode = m.entries().get("unit");
        if (unitNode == null) throw at(source, m.line(), what + " has no \"unit:\"; one of " + PanelUnit.words());
        String unitWord = text(unitNode, source, what + ": \"unit\"");
        PanelUnit unit = PanelUnit.of(unitWord);
        if (unit == null) throw at(source, unitNode.line(), what + ": unknown unit \"" + unitWord + "\"; one of " + PanelUnit.words());
        PanelKind kind = PanelKind.LINES;
        Node kindNode = m.entries().get("kind");
        if (kindNode != null) {
            String kindWord = text(kindNode, source, what + ": \"kind\"");
            kind = PanelKind.of(kindWord);
            if (kind == null) throw at(source, kindNode.line(), what + ": unknown kind \"" + kindWord + "\"; one of " + PanelKind.words());
        }
        Node queriesNode = m.entries().get("queries");
        if (queriesNode == null) throw at(source, m.line(), what + " has no \"queries:\" list");
        Sequence qs = sequence(queriesNode, source, what + ": \"queries\"");
        if (qs.items().isEmpty()) throw at(source, qs.line(), what + ": \"queries\" is empty");
        List<Panel.Query> queries = new ArrayList<>();
        for (int i = 0; i < qs.items().size(); i++) queries.add(query(qs.items().get(i), source, what + ", query " + (i + 1)));
        return new Panel(id, title, optionalText(m, "description", source, ""), optionalText(m, "note", source, ""), unit, kind,
                List.copyOf(queries), m.line());
    }

    private static Panel.Query query(Node node, String source, String what) throws PanelSetException {
        Mapping m = mapping(node, source, what, QUERY_KEYS);
        String expr = requiredText(m, "expr", source, what);
        int line = m.entries().get("expr").line();
        String unknown = PanelQueries.unknownVariable(expr);
        if (unknown != null) {
            throw at(source, line, what + ": " + unknown + " is not a variable panels know (they know "
                    + String.join(", ", PanelQueries.VARIABLES) + ")");
        }
        try {
            Expr parsed = PromQL.parse(PanelQueries.expand(expr, CHECK_STEP_MS, CHECK_SCRAPE_MS));
            if (parsed.type() != Expr.Type.VECTOR && parsed.type() != Expr.Type.SCALAR) {
                throw at(source, line, what + ": the expression gives a "
                        + (parsed.type() == Expr.Type.MATRIX ? "range vector" : "string") + "; a panel needs an instant vector or a scalar (a range selector needs a function such as rate around it)");
            }
        } catch (QueryException e) {
            throw at(source, line, what + ": not valid PromQL at " + e.getMessage());
        }
        return new Panel.Query(expr.strip(), optionalText(m, "legend", source, ""), line);
    }

    private static List<String> detect(Node node, String source) throws PanelSetException {
        if (node == null) return List.of();
        if (node instanceof Scalar s && s.text() != null) return List.of(s.text().trim());
        Sequence seq = sequence(node, source, "\"detect\"");
        List<String> names = new ArrayList<>();
        for (Node n : seq.items()) {
            String name = text(n, source, "\"detect\"");
            if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) throw at(source, n.line(), "\"detect\": \"" + name + "\" is not a metric name");
            names.add(name);
        }
        return List.copyOf(names);
    }

    /** The "What's tracked" rows: each a mapping with a metric name, its type and what it measures. */
    private static List<PanelSet.Tracked> tracked(Node node, String source) throws PanelSetException {
        if (node == null) return List.of();
        List<PanelSet.Tracked> rows = new ArrayList<>();
        for (Node item : sequence(node, source, "\"tracked\"").items()) {
            Mapping m = mapping(item, source, "a \"tracked\" row", TRACKED_KEYS);
            String metric = requiredText(m, "metric", source, "a \"tracked\" row");
            if (!metric.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
                throw at(source, m.entries().get("metric").line(), "\"tracked\": \"" + metric + "\" is not a metric name");
            }
            rows.add(new PanelSet.Tracked(metric, requiredText(m, "type", source, "\"tracked\" row " + metric),
                    optionalText(m, "source", source, "")));
        }
        return List.copyOf(rows);
    }

    private static Mapping mapping(Node node, String source, String what, Set<String> keys) throws PanelSetException {
        if (!(node instanceof Mapping m)) throw at(source, node.line(), what + " must be a mapping of \"key: value\" lines");
        for (Map.Entry<String, Node> e : m.entries().entrySet()) {
            if (!keys.contains(e.getKey())) {
                throw at(source, e.getValue().line(), what + ": unknown key \"" + e.getKey() + "\"; expected one of "
                        + keys.stream().sorted().map(k -> "\"" + k + "\"").toList());
            }
        }
        return m;
    }

    private static Sequence sequence(Node node, String source, String what) throws PanelSetException {
        if (!(node instanceof Sequence s)) throw at(source, node.line(), what + " must be a list (lines starting with \"- \")");
        return s;
    }

    private static String text(Node node, String source, String what) throws PanelSetException {
        if (!(node instanceof Scalar s)) throw at(source, node.line(), what + " must be a single value, not a list or mapping");
        return s.text() == null ? "" : s.text();
    }

    private static String requiredText(Mapping m, String key, String source, String what) throws PanelSetException {
        Node n = m.entries().get(key);
        if (n == null) throw at(source, m.line(), what + " has no \"" + key + ":\"");
        String t = text(n, source, "\"" + key + "\"").trim();
        if (t.isEmpty()) throw at(source, n.line(), what + ": \"" + key + "\" is empty");
        return t;
    }

    private static String optionalText(Mapping m, String key, String source, String absent) throws PanelSetException {
        Node n = m.entries().get(key);
        return n == null ? absent : text(n, source, "\"" + key + "\"").trim();
    }

    /** A title as an id: lower case, runs of other characters as one '-'. */
    static String slug(String title) {
        String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return s.isEmpty() ? "panel" : s;
    }

    private static PanelSetException at(String source, int line, String message) {
        return new PanelSetException(source + ":" + line + ": " + message);
    }
}
