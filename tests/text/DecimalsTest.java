package text;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The one decimal reader: each syntax's spellings, and one failure signal for every kind of failure. */
class DecimalsTest {
    private static double parse(String text, Decimals.Syntax syntax) {
        byte[] b = ("#" + text + "#").getBytes(StandardCharsets.ISO_8859_1);
        return Decimals.parse(b, 1, b.length - 1, syntax);
    }

    @Test
    void goSyntaxReadsWhatStrconvParseFloatReads() {
        assertThat(parse("+1.5", Decimals.Syntax.GO_FLOAT)).isEqualTo(1.5);
        assertThat(parse(".5", Decimals.Syntax.GO_FLOAT)).isEqualTo(0.5);
        assertThat(parse("5.", Decimals.Syntax.GO_FLOAT)).isEqualTo(5.0);
        assertThat(parse("007", Decimals.Syntax.GO_FLOAT)).isEqualTo(7.0);
        assertThat(parse("-0", Decimals.Syntax.GO_FLOAT)).isEqualTo(-0.0);
        assertThat(Double.doubleToRawLongBits(parse("-0", Decimals.Syntax.GO_FLOAT))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(parse("1.7976931348623157e308", Decimals.Syntax.GO_FLOAT)).isEqualTo(Double.MAX_VALUE);
        assertThat(parse("123456789012345678901234567890", Decimals.Syntax.GO_FLOAT)).isEqualTo(1.2345678901234568e29);
        assertThat(parse("0.1", Decimals.Syntax.GO_FLOAT)).isEqualTo(0.1);
        assertThat(parse("1e-400", Decimals.Syntax.GO_FLOAT)).isEqualTo(0.0);
        assertThat(parse("-Inf", Decimals.Syntax.GO_FLOAT)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(parse("+infinity", Decimals.Syntax.GO_FLOAT)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(parse("NaN", Decimals.Syntax.GO_FLOAT)).isNaN();
        assertThat(Decimals.failed(parse("NaN", Decimals.Syntax.GO_FLOAT))).isFalse();
    }

    @Test
    void everyFailureIsTheSameSignal() {
        for (String bad : new String[] {"", "+", ".", "e5", "1e", "1e+", "1.5f", "1d", "0x1p3", "1_000", "-NaN", "Infinit", "1 ", "1e400",
                "-1e400"}) {
            assertThat(Decimals.failed(parse(bad, Decimals.Syntax.GO_FLOAT))).as(bad).isTrue();
        }
        assertThat(Decimals.failed(parse("Inf", Decimals.Syntax.GO_FINITE))).isTrue();
        assertThat(Decimals.failed(Double.NaN)).isFalse();
        assertThat(Decimals.beyondRange("1e400".getBytes(StandardCharsets.ISO_8859_1), 0, 5)).isTrue();
        assertThat(Decimals.beyondRange("1x".getBytes(StandardCharsets.ISO_8859_1), 0, 2)).isFalse();
    }

    @Test
    void jsonSyntaxIsRfc8259s() {
        assertThat(parse("-12.25e2", Decimals.Syntax.JSON)).isEqualTo(-1225.0);
        assertThat(parse("0.5", Decimals.Syntax.JSON)).isEqualTo(0.5);
        assertThat(parse("0", Decimals.Syntax.JSON)).isEqualTo(0.0);
        for (String bad : new String[] {"+1", "01", ".5", "5.", "Inf", "NaN", "-", "1e"}) {
            assertThat(Decimals.failed(parse(bad, Decimals.Syntax.JSON))).as(bad).isTrue();
        }
    }
}
