package scrape;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Undoes a response's {@code Content-Encoding}: identity, gzip (also {@code x-gzip}) and deflate, the encodings a
 * Prometheus scraper accepts. The decompressed body is held to {@code --max-bytes} again, so a small compressed body
 * that unpacks to gigabytes is refused after at most the limit.
 */
final class Decompression {
    private Decompression() {}

    /**
     * The body as the exposition: {@code raw} itself when not encoded, else decompressed.
     *
     * @param raw             the body as received
     * @param contentEncoding the response's Content-Encoding header, or null when it had none
     * @param maxBytes        the largest decompressed body taken, in bytes
     * @throws ScrapeFailure  for an unknown encoding, a body that is not what its encoding says, or one past the limit
     */
    static LimitedBuffer decode(LimitedBuffer raw, String contentEncoding, long maxBytes) throws ScrapeFailure {
        String encoding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "identity", "" -> raw;
            case "gzip", "x-gzip", "deflate" -> decompress(raw, encoding, maxBytes);
            default -> throw new ScrapeFailure("unsupported Content-Encoding '" + encoding + "'", raw.size());
        };
    }

    private static LimitedBuffer decompress(LimitedBuffer raw, String encoding, long maxBytes) throws ScrapeFailure {
        LimitedBuffer out = new LimitedBuffer(maxBytes);
        ByteArrayInputStream compressed = new ByteArrayInputStream(raw.bytes(), 0, raw.size());
        try (InputStream in = encoding.equals("deflate") ? inflater(raw, compressed) : new GZIPInputStream(compressed)) {
            out.readAll(in);
        } catch (LimitedBuffer.TooLarge e) {
            throw new ScrapeFailure(e.getMessage(), out.size());
        } catch (ZipException | EOFException e) {
            throw new ScrapeFailure("invalid " + encoding + " body: " + (e.getMessage() == null ? "truncated" : e.getMessage()), raw.size());
        } catch (IOException e) {
            throw new ScrapeFailure("cannot decompress " + encoding + " body: " + e.getMessage(), raw.size());
        }
        return out;
    }

    /** HTTP "deflate" is meant to be zlib-wrapped (RFC 9110, 8.4.1.2), but some servers send raw deflate: the header tells. */
    private static InputStream inflater(LimitedBuffer raw, InputStream compressed) {
        byte[] b = raw.bytes();
        boolean zlibHeader = raw.size() >= 2 && (b[0] & 0x0f) == 8 && ((b[0] & 0xff) * 256 + (b[1] & 0xff)) % 31 == 0;
        return new InflaterInputStream(compressed, new Inflater(!zlibHeader));
    }
}
