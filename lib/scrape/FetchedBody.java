package scrape;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A target's answer, ready to parse: the first {@code length} bytes of {@code bytes} (decompressed), and the
 * Content-Type it came with, or null for a file or standard input.
 */
record FetchedBody(byte[] bytes, int length, String contentType) {
    /**
     * The charset of the Content-Type's {@code charset} parameter; UTF-8 when there is none or the JVM does not
     * know it (the text formats are UTF-8 by definition: Prometheus text 0.0.4, OpenMetrics 1.0).
     */
    Charset charset() {
        if (contentType == null) return StandardCharsets.UTF_8;
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                try {
                    return Charset.forName(p.substring(8).replace("\"", "").trim());
                } catch (IllegalArgumentException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
