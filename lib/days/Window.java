package days;

import java.time.Instant;

/**
 * A time window of records; day files outside it are not opened.
 *
 * @param from first instant, or null (open)
 * @param to   last instant, or null (open)
 */
public record Window(Instant from, Instant to) {}
