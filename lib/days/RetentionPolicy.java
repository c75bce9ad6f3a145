package days;

import java.time.Duration;

/**
 * Which day files {@link Retention#apply} deletes and which it gzips.
 *
 * @param retain        days that ended longer ago than this are deleted; null keeps every day
 * @param compressAfter days that ended at least this long ago are gzipped; null compresses nothing
 */
public record RetentionPolicy(Duration retain, Duration compressAfter) {}
