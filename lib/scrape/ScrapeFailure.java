package scrape;

/**
 * A scrape that ended without a body to parse. Its message is the error of the {@code up=0} record, worded for the
 * person who has to fix the target; it carries no stack trace (none ever reaches a user).
 */
final class ScrapeFailure extends Exception {
    /** Bytes of the body received before the failure, or -1 when none or unknown. */
    final long bytesRead;

    /** A failure before any byte of the body arrived. */
    ScrapeFailure(String message) {
        this(message, -1);
    }

    /**
     * @param message   the record's error
     * @param bytesRead bytes of the body received, or -1 when none or unknown
     */
    ScrapeFailure(String message, long bytesRead) {
        super(message, null, false, false);
        this.bytesRead = bytesRead;
    }
}
