package panels;

import java.util.List;
import query.Expr;

/**
 * One panel of a panel set: a chart (or a table) answering one question with PromQL.
 *
 * @param id          the chart's id on the page, unique in its set (from the file, or made from the title)
 * @param title       the heading
 * @param description the line under the heading (may be empty)
 * @param note        a paragraph above the chart saying how to read it (may be empty); {@code `text`} is code
 * @param unit        what the values measure
 * @param kind        how they are drawn
 * @param queries     the expressions, in legend order; at least one
 * @param line        the line of the panel in its file (0 for none)
 */
public record Panel(String id, String title, String description, String note, PanelUnit unit, PanelKind kind,
        List<Query> queries, int line) {

    /**
     * One expression of a panel.
     *
     * @param expr   the PromQL text as the file wrote it (it may use {@code $__rate_interval} and {@code $__interval},
     *               replaced at evaluation: {@link PanelQueries#expand})
     * @param legend the legend template, Grafana's {@code legendFormat}: {@code {{label}}} is replaced by the label's
     *               value; empty for the series' labels as Prometheus writes them
     * @param line   the line of the expression in its file
     */
    public record Query(String expr, String legend, int line) {}
}
