package panels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Consumer;
import record.CompactRecord;

/**
 * Hands records to a consumer on a thread of its own, so that the panels' feed runs beside the page's charts during
 * the page's read instead of after each of them on the same thread. Records go in batches of {@link #BATCH} through a
 * queue of at most {@link #BATCHES} batches: when the consumer is behind, {@link #accept} waits, so at most
 * {@code (BATCHES + 2) * BATCH} records are held. The thread starts at the first full batch and ends at {@link #finish};
 * fewer records than a batch (a live page's tick) are taken on the caller's thread at {@link #finish}, without a thread.
 *
 * <p>Only one thread may call {@link #accept} and {@link #finish}. A consumer that throws (any exception or error, out
 * of memory included) takes no more records: the rest are dropped, and {@link #finish} returns the failure.
 */
final class FeedThread implements Consumer<CompactRecord> {
    /** Records per batch handed over. */
    static final int BATCH = 128;
    /** Batches waiting at most. */
    static final int BATCHES = 4;
    private static final List<CompactRecord> END = List.of();

    private final Consumer<CompactRecord> consumer;
    private List<CompactRecord> batch = new ArrayList<>(BATCH);
    private ArrayBlockingQueue<List<CompactRecord>> queue;
    private Thread thread;
    private volatile Throwable failure;

    /** @param consumer takes the records, in the order given, on one thread at a time */
    FeedThread(Consumer<CompactRecord> consumer) {
        this.consumer = consumer;
    }

    /** Hands on a record; waits while {@link #BATCHES} full batches wait for the consumer. */
    @Override
    public void accept(CompactRecord r) {
        batch.add(r);
        if (batch.size() < BATCH) return;
        if (thread == null) start();
        put(batch);
        batch = new ArrayList<>(BATCH);
    }

    /**
     * Returns once the consumer took every record handed on (its thread, if any, ended): the consumer's state may then
     * be read on the caller's thread. Returns the first failure of the consumer since the last call, or null.
     */
    Throwable finish() {
        if (thread == null) {
            takeAll(batch);
        } else {
            put(batch);
            put(END);
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true; // the consumer's state is only safe to read once its thread ended
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
            thread = null;
            queue = null;
        }
        batch = new ArrayList<>(BATCH);
        Throwable failed = failure;
        failure = null;
        return failed;
    }

    private void start() {
        queue = new ArrayBlockingQueue<>(BATCHES);
        ArrayBlockingQueue<List<CompactRecord>> from = queue;
        thread = new Thread(() -> {
            try {
                for (List<CompactRecord> b = from.take(); b != END; b = from.take()) takeAll(b);
            } catch (InterruptedException e) {
                failure = e;
            }
        }, "panel-feed");
        thread.setDaemon(true); // a read that fails never keeps the JVM alive
        thread.start();
    }

    private void takeAll(List<CompactRecord> records) {
        if (failure != null) return;
        try {
            for (CompactRecord r : records) consumer.accept(r);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    private void put(List<CompactRecord> b) {
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(b);
                break;
            } catch (InterruptedException e) {
                interrupted = true; // no record may be lost: the page's panels would be wrong without a word
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
