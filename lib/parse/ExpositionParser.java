package parse;

import java.nio.charset.StandardCharsets;

/**
 * Reads a Prometheus text exposition into an {@link Exposition}: every sample under its canonical
 * {@link record.SeriesKey}, the declared TYPE of each metric family, sample timestamps (epoch ms) and warnings.
 *
 * <p>One parser per format ({@link ExpositionFormat}), both over one {@link ExpositionCursor}:
 * <ul>
 *   <li>{@code PROMETHEUS}: text format 0.0.4, exactly as Prometheus 2.42 scrapes it ({@link PrometheusTextParser});</li>
 *   <li>{@code OPENMETRICS}: OpenMetrics 1.0 text format, strictly ({@link OpenMetricsTextParser} and
 *       {@link OpenMetricsRules}).</li>
 * </ul>
 * Whatever the input, the only exception thrown is {@link ExpositionException}.
 */
public final class ExpositionParser {
    private ExpositionParser() {}

    /**
     * Reads a whole exposition held in a string.
     *
     * @param text   the response body
     * @param format the format to read it as (from the response's Content-Type, see
     *               {@link ExpositionFormat#fromContentType})
     * @return every sample (series key to value), the declared types, the sample timestamps (epoch ms), warnings
     * @throws ExpositionException on the first error, with 1-based line and column, what was expected and what
     *                             was found
     */
    public static Exposition parse(String text, ExpositionFormat format) throws ExpositionException {
        if (text == null) throw new ExpositionException(1, 1, "expected an exposition, found no body at all");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, bytes.length, format);
    }

    /**
     * Reads a whole exposition straight from the bytes of a response body; the fastest entry point (no copy).
     * The bytes are UTF-8, as both text formats prescribe, whatever charset a Content-Type names: Prometheus 2.42
     * does not transcode either, and invalid UTF-8 in a label value or HELP text is an error, as there.
     *
     * @param body    the body bytes; only {@code body[0, length)} is read and nothing is kept after return
     * @param length  how many bytes of {@code body} are the exposition
     * @param format  the format to read it as
     * @throws ExpositionException as {@link #parse(String, ExpositionFormat)}
     */
    public static Exposition parse(byte[] body, int length, ExpositionFormat format)
            throws ExpositionException {
        if (body == null || length < 0 || length > body.length) {
            throw new ExpositionException(1, 1, "expected an exposition, found no body or a bad length");
        }
        if (format == null) throw new ExpositionException(1, 1, "expected a format, found none");
        ExpositionCursor parser = switch (format) {
            case PROMETHEUS -> new PrometheusTextParser(body, length);
            case OPENMETRICS -> new OpenMetricsTextParser(body, length);
        };
        try {
            return parser.read();
        } catch (ExpositionException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // A bug must not escape as anything but ExpositionException: the scraper records it as a failed scrape.
            throw parser.internalError(e);
        }
    }
}
