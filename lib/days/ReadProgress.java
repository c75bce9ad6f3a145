package days;

import java.io.PrintStream;

/**
 * The progress line of a long read, e.g. {@code reading 2026-11-29.jsonl (file 3 of 365), 8,640 lines, 210 MB/s},
 * rewritten in place (carriage return) at most four times a second, and wiped at the end.
 */
final class ReadProgress {
    private static final long EVERY_NANOS = 250_000_000L;
    private final PrintStream out;
    private long startNanos, lastNanos;

    /** @param out where the line goes (a terminal's stderr), or null for none */
    ReadProgress(PrintStream out) {
        this.out = out;
    }

    void start() {
        startNanos = System.nanoTime();
    }

    /** @param bytes bytes read so far (decompressed), for the rate */
    void show(String fileName, int fileIndex, int fileCount, long lines, long bytes) {
        if (out == null) return;
        long now = System.nanoTime();
        if (now - lastNanos < EVERY_NANOS) return;
        lastNanos = now;
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        out.printf("\r\033[Kreading %s (file %d of %d), %,d lines, %.0f MB/s", fileName, fileIndex, fileCount, lines, bytes / 1e6 / seconds);
        out.flush();
    }

    /** Wipes the line, if one was shown ({@code lines > 0}). */
    void finish(long lines) {
        if (out != null && lines > 0) out.print("\r\033[K");
    }
}
