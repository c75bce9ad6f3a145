package panels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import record.CompactRecord;

/** {@link FeedThread}: every record reaches the consumer once, in order, and a failing consumer never blocks the reader. */
public class FeedThreadTest {
    private static CompactRecord record(long ts) {
        return new CompactRecord(ts, true, new String[] {"x"}, new double[] {ts}, null, "t", 1, Map.of());
    }

    @Test
    void everyRecordArrivesInOrderWithAndWithoutTheThread() {
        List<Long> taken = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        FeedThread feed = new FeedThread(r -> {
            taken.add(r.tsMillis());
            threads.add(Thread.currentThread().getName());
        });
        int many = FeedThread.BATCH * (FeedThread.BATCHES + 3) + 17;
        for (int i = 0; i < many; i++) feed.accept(record(i));
        assertThat(feed.finish()).isNull();
        assertThat(taken).hasSize(many);
        for (int i = 0; i < many; i++) assertThat(taken.get(i)).isEqualTo(i);
        assertThat(threads.get(0)).isEqualTo("panel-feed");
        assertThat(threads.get(many - 1)).isEqualTo("panel-feed"); // the last, partial batch too

        // A live page's tick: fewer records than a batch are taken on the caller's thread, at finish.
        feed.accept(record(many));
        assertThat(taken).hasSize(many);
        assertThat(feed.finish()).isNull();
        assertThat(taken).hasSize(many + 1).last().isEqualTo((long) many);
        assertThat(threads.get(many)).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void aFailingConsumerTakesNoMoreAndItsFailureIsReturnedOnce() {
        List<Long> taken = new ArrayList<>();
        FeedThread feed = new FeedThread(r -> {
            if (r.tsMillis() == 300) throw new IllegalStateException("broken at 300");
            taken.add(r.tsMillis());
        });
        // Far more than the queue holds: the reader must not wait for a consumer that stopped.
        for (int i = 0; i < FeedThread.BATCH * (FeedThread.BATCHES + 2) * 10; i++) feed.accept(record(i));
        Throwable failure = feed.finish();
        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("broken at 300");
        assertThat(taken).hasSize(300);
        assertThat(feed.finish()).isNull();
    }

    @Test
    void anErrorSuchAsOutOfMemoryIsReturnedToo() {
        FeedThread feed = new FeedThread(r -> {
            throw new OutOfMemoryError("Java heap space");
        });
        feed.accept(record(1));
        assertThat(feed.finish()).isInstanceOf(OutOfMemoryError.class).hasMessage("Java heap space");
    }
}
