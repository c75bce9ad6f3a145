package scrape;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Receives one HTTP response body into a {@link LimitedBuffer} and cancels the exchange as soon as the body passes
 * {@code --max-bytes}, so an endless body costs at most the limit in memory (the body then fails with
 * {@link LimitedBuffer.TooLarge}). It also tells how far the exchange got, for the words of a timeout: whether the
 * headers arrived, the announced length, the bytes received. A response whose Content-Length headers differ is refused
 * before its body is read ({@link ConflictingLength}). One instance serves one exchange.
 */
final class LimitingBodySubscriber implements HttpResponse.BodySubscriber<LimitedBuffer> {
    private final long maxBytes;
    private final LimitedBuffer buffer;
    private final CompletableFuture<LimitedBuffer> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean aborted;
    private volatile boolean headersReceived;
    private volatile long contentLength = -1;
    private volatile boolean transportFailed;

    /** @param maxBytes the largest raw body taken, in bytes (a compressed body is limited again once decompressed) */
    LimitingBodySubscriber(long maxBytes) {
        this.maxBytes = maxBytes;
        this.buffer = new LimitedBuffer(maxBytes);
    }

    /** The handler to give {@code HttpClient.sendAsync}: notes the response's headers and hands the body to this subscriber. */
    HttpResponse.BodyHandler<LimitedBuffer> handler() {
        return info -> {
            headersReceived = true;
            List<String> lengths = info.headers().allValues("Content-Length");
            if (lengths.stream().map(String::strip).distinct().count() > 1) {
                // The body's end is unknown: read none of it, and let the client drop the connection rather than reuse it.
                result.completeExceptionally(new ConflictingLength(lengths));
                abort();
                return this;
            }
            contentLength = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            return this;
        };
    }

    /** Whether the status line and headers have arrived (the body is then being read). */
    boolean headersReceived() {
        return headersReceived;
    }

    /**
     * Whether the HTTP client ended the body with an error of the connection (the peer closed it, or it broke) after
     * the headers had arrived: the body was cut short. Limits and aborts of this subscriber are not such errors.
     */
    boolean cutShort() {
        return headersReceived && transportFailed;
    }

    /** The body length the response announced, in bytes; -1 when none (chunked, or read to the end of the connection). */
    long contentLength() {
        return contentLength;
    }

    /** Bytes of the body received so far. */
    int size() {
        return buffer.size();
    }

    /** Stops reading the body and lets the client close the connection (after a timeout). */
    void abort() {
        aborted = true;
        Flow.Subscription s = subscription;
        if (s != null) s.cancel();
    }

    @Override
    public CompletionStage<LimitedBuffer> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (aborted) s.cancel();
        else s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        synchronized (buffer) {
            for (ByteBuffer item : items) {
                if (!buffer.write(item)) {
                    subscription.cancel();
                    result.completeExceptionally(new LimitedBuffer.TooLarge(maxBytes));
                    return;
                }
            }
        }
    }

    /**
     * Content-Length headers whose values differ: the body's length is unknown, and Go's net/http refuses such a
     * response (transfer.go, fixLength; repeated equal values are one length, as there). The message is the record's
     * error, after the host.
     */
    static final class ConflictingLength extends IOException {
        ConflictingLength(List<String> lengths) {
            super(lengths.size() + " Content-Length headers with different values (" + String.join(", ", lengths)
                    + "), so the body's length is unknown");
        }
    }

    @Override
    public void onError(Throwable error) {
        if (!aborted && !result.isDone()) transportFailed = true;
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(buffer);
    }
}
