package text;

import static org.assertj.core.api.Assertions.assertThat;
import org.junit.jupiter.api.Test;

/** The one UTF-8 check agrees with the JDK's strict decoder and says where and what. */
class Utf8Test {
    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }

    @Test
    void namesTheFirstBadSequenceAndWhatItIs() {
        byte[] valid = "h\u00e9llo \u20ac \ud83d\ude00".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Utf8.problem(valid, 0, valid.length)).isNull();
        assertThat(Utf8.problem(bytes('a', 0xff), 0, 2)).isEqualTo(new Utf8.Problem(1, "byte 0xff"));
        assertThat(Utf8.problem(bytes('a', 0xe2, 0x82), 0, 3)).isEqualTo(new Utf8.Problem(1, "a truncated sequence"));
        assertThat(Utf8.problem(bytes(0xe2, 'x', 'y'), 0, 3)).isEqualTo(new Utf8.Problem(0, "byte 0xe2 not followed by a continuation byte"));
        assertThat(Utf8.problem(bytes(0xe0, 0x80, 0x80), 0, 3)).isEqualTo(new Utf8.Problem(0, "an invalid sequence"));
        assertThat(Utf8.problem(bytes(0xed, 0xa0, 0x80), 0, 3)).as("a surrogate").isEqualTo(new Utf8.Problem(0, "an invalid sequence"));
        assertThat(Utf8.problem(bytes(0xc0, 0x80), 0, 2)).as("overlong NUL").isEqualTo(new Utf8.Problem(0, "byte 0xc0"));
    }

    @Test
    void agreesWithTheJdksStrictDecoderOnEveryTwoByteInput() throws Exception {
        var decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
        for (int x = 0; x < 256; x++) {
            for (int y = 0; y < 256; y++) {
                byte[] b = bytes(x, y);
                boolean jdk;
                try {
                    decoder.reset().decode(java.nio.ByteBuffer.wrap(b));
                    jdk = true;
                } catch (java.nio.charset.CharacterCodingException e) {
                    jdk = false;
                }
                assertThat(Utf8.valid(b, 0, 2)).as("%02x %02x", x, y).isEqualTo(jdk);
            }
        }
    }
}
