package scrape;

/**
 * A target's answer, ready to parse: the first {@code length} bytes of {@code bytes} (decompressed), and the
 * Content-Type it came with, or null for a file or standard input. The Content-Type picks the format only: its
 * {@code charset} is not used, as in Prometheus 2.42 (the bytes are read as UTF-8).
 */
record FetchedBody(byte[] bytes, int length, String contentType) {}
