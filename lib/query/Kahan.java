package query;

/** Kahan-Babuska compensated summation, as Prometheus 2.42's kahanSumInc (promql/functions.go). */
final class Kahan {
    double sum;
    double c;

    void add(double inc) {
        double t = sum + inc;
        if (Math.abs(sum) >= Math.abs(inc)) {
            c += (sum - t) + inc;
        } else {
            c += (inc - t) + sum;
        }
        sum = t;
    }

    /** The compensated sum (the plain sum when it is infinite). */
    double value() {
        return Double.isInfinite(sum) ? sum : sum + c;
    }
}
