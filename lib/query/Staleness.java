package query;

/**
 * The stale marker: a NaN with one particular bit pattern, which ends a series at its time (Prometheus 2.42,
 * model/value/value.go StaleNaN = 0x7ff0000000000002). An ordinary NaN sample is a value, not a marker.
 */
public final class Staleness {
    private Staleness() {}

    /** The bits of Prometheus's StaleNaN. */
    public static final long STALE_NAN_BITS = 0x7ff0000000000002L;
    /** Prometheus's StaleNaN as a double; compare with {@link #isStale}, never with {@code ==}. */
    public static final double STALE_NAN = Double.longBitsToDouble(STALE_NAN_BITS);

    /** Whether a sample value is the stale marker (bit-for-bit, as Prometheus's value.IsStaleNaN). */
    public static boolean isStale(double value) {
        return Double.doubleToRawLongBits(value) == STALE_NAN_BITS;
    }
}
