package days;

import java.util.function.Consumer;
import record.CompactRecord;

/**
 * Puts slightly out-of-order records back in timestamp order: holds back up to a fixed number of records and hands
 * them on oldest first (stable for equal timestamps). A file written by a clock that jumped backwards by fewer
 * records than the window comes out in time order.
 */
final class ReorderWindow {
    private final CompactRecord[] ring;
    private final int capacity;
    private final Consumer<CompactRecord> sink;
    private int head, size;

    /** @param capacity records held back at most */
    ReorderWindow(int capacity, Consumer<CompactRecord> sink) {
        this.capacity = capacity;
        this.ring = new CompactRecord[capacity + 1];
        this.sink = sink;
    }

    void add(CompactRecord s) {
        // Insertion from the back: in-order input (the usual case) costs one comparison.
        int i = size;
        while (i > 0 && at(i - 1).tsMillis() > s.tsMillis()) {
            ring[(head + i) % ring.length] = at(i - 1);
            i--;
        }
        ring[(head + i) % ring.length] = s;
        size++;
        if (size > capacity) handOnOldest();
    }

    /** Hands on every record held, oldest first. */
    void drain() {
        while (size > 0) handOnOldest();
    }

    private CompactRecord at(int i) {
        return ring[(head + i) % ring.length];
    }

    private void handOnOldest() {
        sink.accept(ring[head]);
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
    }
}
