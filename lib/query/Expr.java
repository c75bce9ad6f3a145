package query;

import java.util.List;

/**
 * A PromQL syntax tree node, as Prometheus 2.42's parser builds it (promql/parser/ast.go). Durations and offsets are
 * milliseconds. {@link #type()} is the value type the node evaluates to.
 */
public sealed interface Expr {
    /** The four value types of PromQL (promql/parser/value.go). */
    enum Type { SCALAR, STRING, VECTOR, MATRIX }

    /** The value type this node evaluates to. */
    Type type();

    /** How an {@code @} modifier fixes the evaluation time: not at all, at a number, or at the query's start or end. */
    enum AtKind { NONE, TIME, START, END }

    /** An {@code @} modifier: its kind, and for TIME the time in Unix milliseconds. */
    record At(AtKind kind, long timeMs) {
        /** No {@code @} modifier. */
        public static final At NONE = new At(AtKind.NONE, 0);
    }

    /** A number literal (decimal, hex, Inf, NaN, or a duration in seconds in some positions). */
    record NumberLiteral(double value) implements Expr {
        public Type type() { return Type.SCALAR; }
    }

    /** A string literal with its escapes resolved. */
    record StringLiteral(String value) implements Expr {
        public Type type() { return Type.STRING; }
    }

    /** An instant vector selector such as {@code up{job="a"} offset 5m @ 100}; {@code name} may be null. */
    record VectorSelector(String name, List<LabelMatcher> matchers, long offsetMs, At at) implements Expr {
        public Type type() { return Type.VECTOR; }
    }

    /** A range selector {@code selector[range]}; offset and {@code @} live on the inner selector. */
    record MatrixSelector(VectorSelector selector, long rangeMs) implements Expr {
        public Type type() { return Type.MATRIX; }
    }

    /** A subquery {@code expr[range:step] offset o @ t}; {@code stepMs} 0 means the default evaluation interval. */
    record Subquery(Expr expr, long rangeMs, long stepMs, long offsetMs, At at) implements Expr {
        public Type type() { return Type.MATRIX; }
    }

    /** A function call; {@code function} is the function's name as written. */
    record Call(String function, List<Expr> args, Type type) implements Expr {}

    /**
     * An aggregation such as {@code topk by (job) (3, x)}; {@code param} is null for operators without one;
     * {@code grouping} is the by or without label list, {@code without} says which.
     */
    record Aggregate(String op, Expr expr, Expr param, List<String> grouping, boolean without) implements Expr {
        public Type type() { return Type.VECTOR; }
    }

    /**
     * How a binary operation between two vectors pairs their samples: {@code on} (true) or {@code ignoring} labels,
     * one-to-one or many-to-one/one-to-many with the {@code include} labels of group_left/group_right.
     */
    record VectorMatching(Card card, List<String> matchingLabels, boolean on, List<String> include) {
        /** The cardinality of a vector matching (promql/parser/ast.go VectorMatchCardinality). */
        public enum Card { ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY, MANY_TO_MANY }
    }

    /** A binary operation; {@code matching} is null unless both sides are vectors; {@code returnBool} for {@code bool}. */
    record Binary(String op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool) implements Expr {
        public Type type() {
            return lhs.type() == Type.SCALAR && rhs.type() == Type.SCALAR ? Type.SCALAR : Type.VECTOR;
        }
    }

    /** Unary minus or plus. */
    record Unary(String op, Expr expr) implements Expr {
        public Type type() { return expr.type(); }
    }

    /** A parenthesised expression. */
    record Paren(Expr expr) implements Expr {
        public Type type() { return expr.type(); }
    }
}
