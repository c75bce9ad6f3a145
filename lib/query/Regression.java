package query;

/**
 * Least-squares line through a window's samples, x in seconds from {@code interceptTimeMs}, sums kept with Kahan
 * compensation; a constant series has slope 0 (NaN if it is infinite) (Prometheus 2.42 linearRegression).
 */
final class Regression {
    private Regression() {}

    /** {slope, intercept}. */
    static double[] fit(Val.Window w, long interceptTimeMs) {
        double n = 0;
        Kahan sumX = new Kahan();
        Kahan sumY = new Kahan();
        Kahan sumXY = new Kahan();
        Kahan sumX2 = new Kahan();
        double initY = w.v()[w.from()];
        boolean constY = true;
        for (int i = w.from(); i < w.to(); i++) {
            double y = w.v()[i];
            if (constY && i > w.from() && y != initY) {
                constY = false;
            }
            n += 1.0;
            double x = (w.t()[i] - interceptTimeMs) / 1e3;
            sumX.add(x);
            sumY.add(y);
            sumXY.add(x * y);
            sumX2.add(x * x);
        }
        if (constY) {
            if (Double.isInfinite(initY)) {
                return new double[] {Double.NaN, Double.NaN};
            }
            return new double[] {0, initY};
        }
        double sx = sumX.sum + sumX.c;
        double sy = sumY.sum + sumY.c;
        double covXY = sumXY.sum + sumXY.c - sx * sy / n;
        double varX = sumX2.sum + sumX2.c - sx * sx / n;
        double slope = covXY / varX;
        double intercept = sy / n - slope * sx / n;
        return new double[] {slope, intercept};
    }
}
