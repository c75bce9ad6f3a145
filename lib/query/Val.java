package query;

import java.util.List;

/** A value during evaluation at one time: a number, a string, an instant vector, or windows of a range vector. */
sealed interface Val {
    record Num(double v) implements Val {}

    record Str(String s) implements Val {}

    record Vec(List<Sample> samples) implements Val {}

    record Mat(List<Window> windows) implements Val {}

    /** One sample of an instant vector; {@code t} is the evaluation time, or the sample's own time for timestamp(). */
    record Sample(Labels labels, long t, double v) {}

    /** The samples of one series inside a range window: indexes {@code [from, to)} of its arrays. */
    record Window(Labels labels, long[] t, double[] v, int from, int to) {
        int size() {
            return to - from;
        }
    }
}
