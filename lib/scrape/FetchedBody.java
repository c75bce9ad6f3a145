package scrape;

/**
 * A target's answer, ready to parse: the first {@code length} bytes of {@code bytes} (decompressed), and the
 * Content-Type it came with, or null for a file or standard input. The Content-Type picks the format only: its
 * {@code charset} is not used, as in Prometheus 2.42 (the bytes are read as UTF-8). {@code redirectedFrom} is the
 * URL asked for and {@code redirectedTo} where redirects led, both as shown to people (no password), or both null when
 * the answer came without a redirect.
 */
record FetchedBody(byte[] bytes, int length, String contentType, String redirectedFrom, String redirectedTo) {
    /** An answer that came without a redirect. */
    FetchedBody(byte[] bytes, int length, String contentType) {
        this(bytes, length, contentType, null, null);
    }
}
