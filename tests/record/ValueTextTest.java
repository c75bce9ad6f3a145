package record;

import static org.assertj.core.api.Assertions.assertThat;
import org.junit.jupiter.api.Test;

/** The one spelling of a sample value: ECMAScript's Number::toString, but -0.0, reading back to the same double. */
class ValueTextTest {
    @Test
    void spellsAsJavaScriptPrintsButKeepsTheSignOfZero() {
        assertThat(ValueText.of(-0.0)).isEqualTo("-0.0");
        assertThat(ValueText.of(0.0)).isEqualTo("0");
        assertThat(ValueText.of(42)).isEqualTo("42");
        assertThat(ValueText.of(1e23)).isEqualTo("1e+23");
        assertThat(ValueText.of(1e21)).isEqualTo("1e+21");
        assertThat(ValueText.of(1.2345678901234568e20)).isEqualTo("123456789012345680000");
        assertThat(ValueText.of(0x1p53)).isEqualTo("9007199254740992");
        assertThat(ValueText.of(1e-7)).isEqualTo("1e-7");
        assertThat(ValueText.of(1.5e-6)).isEqualTo("0.0000015");
        assertThat(ValueText.of(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(ValueText.of(1764410400.5)).isEqualTo("1764410400.5");
        assertThat(ValueText.of(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
        assertThat(ValueText.of(-Double.MAX_VALUE)).isEqualTo("-1.7976931348623157e+308");
        // Java's layout keeps two digits (4.9E-324, 1.0E-323); JavaScript's shortest has one.
        assertThat(ValueText.of(Double.MIN_VALUE)).isEqualTo("5e-324");
        assertThat(ValueText.of(2 * Double.MIN_VALUE)).isEqualTo("1e-323");
        assertThat(ValueText.of(Double.NaN)).isEqualTo("NaN");
        assertThat(ValueText.of(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(ValueText.of(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    }

    @Test
    void everyFiniteValueReadsBackToTheSameDoubleSignOfZeroIncluded() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(20);
        for (int i = 0; i < 200_000; i++) {
            double v = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : random.nextDouble() * Math.pow(10, random.nextInt(-30, 30));
            if (!Double.isFinite(v)) continue;
            String text = ValueText.of(v);
            assertThat(Double.doubleToRawLongBits(Double.parseDouble(text))).as(text).isEqualTo(Double.doubleToRawLongBits(v));
        }
        assertThat(Double.doubleToRawLongBits(Double.parseDouble(ValueText.of(-0.0)))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }
}
