package parse;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever the bytes, the parser returns an Exposition or throws ExpositionException with a positive line
 * and column, never anything else. Mutates corpus files at random with a fixed seed (reproducible), bounded rounds.
 */
class ExpositionFuzzTest {
    static final int ROUNDS = 20_000;
    static final byte[] INTERESTING = "{}=\",# \n\t\\\r\0eE.+-_:0123456789aInfNaN\u00ff".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void randomMutationsOfCorpusFilesOnlyEverThrowExpositionException() throws IOException {
        Path corpus = ExpositionCorpusTest.CORPUS;
        List<byte[]> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.walk(corpus)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("metrics") || f.toString().endsWith(".prom")).sorted().toList()) {
                seeds.add(Files.readAllBytes(f));
            }
        }
        assertThat(seeds).hasSizeGreaterThan(100);
        Random random = new Random(20261129L);
        int accepted = 0;
        int rejected = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] body = mutate(seeds.get(random.nextInt(seeds.size())), random);
            ExpositionFormat format = random.nextBoolean() ? ExpositionFormat.PROMETHEUS : ExpositionFormat.OPENMETRICS;
            try {
                Exposition e = ExpositionParser.parse(body, body.length, format);
                assertThat(e.series()).isNotNull();
                accepted++;
            } catch (ExpositionException e) {
                assertThat(e.line()).isPositive();
                assertThat(e.column()).isPositive();
                assertThat(e.getMessage()).contains("expected");
                rejected++;
            } catch (Throwable t) {
                throw new AssertionError("round " + round + " (" + format + ") threw " + t + " for body: "
                        + new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8), t);
            }
        }
        // Both outcomes must occur, or the mutations are not exercising the parser.
        assertThat(accepted).isPositive();
        assertThat(rejected).isPositive();
    }

    static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int k = 0; k < edits && b.length > 0; k++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(5)) {
                case 0 -> b[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                case 1 -> b[at] = (byte) random.nextInt(256);
                case 2 -> { // delete a span
                    int len = Math.min(b.length - at, 1 + random.nextInt(8));
                    byte[] out = new byte[b.length - len];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at + len, out, at, b.length - at - len);
                    b = out;
                }
                case 3 -> { // duplicate a span
                    int len = Math.min(b.length - at, 1 + random.nextInt(40));
                    byte[] out = new byte[b.length + len];
                    System.arraycopy(b, 0, out, 0, at + len);
                    System.arraycopy(b, at, out, at + len, b.length - at);
                    b = out;
                }
                default -> b = java.util.Arrays.copyOf(b, at); // truncate
            }
        }
        return b;
    }
}
