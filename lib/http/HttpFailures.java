package http;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/**
 * The JDK's HTTP client exceptions in the words an operator can act on ("connection refused by host:port",
 * "unknown host h", a TLS failure named by the option that fixes it). Used by scrapes and remote write alike,
 * so one failure reads the same wherever it happens. The whole text goes through {@link Redaction}: the JDK's own
 * messages, quoted last, may hold a URL.
 */
public final class HttpFailures {
    private HttpFailures() {}

    /**
     * Turns the JDK's exception chain into the short reason an operator needs, for an exchange whose state is not
     * known (as {@link #describe(Throwable, URI, boolean)} with no response begun).
     */
    public static String describe(Throwable error, URI uri) {
        return describe(error, uri, false);
    }

    /**
     * Turns the JDK's exception chain into the short reason an operator needs, by the types in the chain and the
     * exchange's state, never by the wording of the JDK's messages (which changes between releases).
     *
     * @param error           the exception of a failed exchange (any depth of causes)
     * @param uri             the request's URI, for the host and port named in the reason
     * @param responseStarted whether the status line and headers had arrived when it failed
     * @return one line of text, never null, through {@link Redaction#shown}
     */
    public static String describe(Throwable error, URI uri, boolean responseStarted) {
        return Redaction.shown(reason(error, uri, responseStarted));
    }

    private static String reason(Throwable error, URI uri, boolean responseStarted) {
        String where = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        // The JDK wraps the real cause (e.g. an unresolved host inside a ConnectException): look at the whole chain first.
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) return "unknown host " + uri.getHost();
            if (t instanceof HttpConnectTimeoutException) return "connect timeout to " + where;
            if (t instanceof javax.net.ssl.SSLException) return tlsFailure(t, where);
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException) return "timeout waiting for " + where;
            if (t instanceof ConnectException) return "connection refused by " + where;
            if (t instanceof java.net.ProtocolException) {
                // Its message quotes the server's status line or header: shown, through the one filter of secrets.
                return "invalid HTTP response from " + where + " (" + withoutClassNames(String.valueOf(t.getMessage())) + ")";
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException && !responseStarted) return "connection to " + where + " closed without sending a response";
            if (t instanceof java.io.IOException) {
                return "connection to " + where + " closed before the response was complete";
            }
        }
        String message = error.getMessage();
        if (uri.getPort() > 65535) return "port " + uri.getPort() + " is out of range (1 to 65535)";
        return "HTTP exchange with " + where + " failed" + (message == null ? "" : ": " + withoutClassNames(message));
    }

    /** A JDK message without the Java class names it quotes ({@code sun.security...SunCertPathBuilderException: }). */
    static String withoutClassNames(String message) {
        return message.replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ", "");
    }

    /** A TLS failure in the terms of the options that fix it; the JDK's own message last, for the details. */
    private static String tlsFailure(Throwable error, String where) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) all.append(t.getMessage()).append(' ');
        String text = all.toString();
        String detail = " (" + withoutClassNames(String.valueOf(error.getMessage())) + ")";
        if (text.contains("PKIX path") || text.contains("unable to find valid certification path")) {
            return "TLS: the certificate of " + where + " is not trusted; give its CA with --ca-cert FILE"
                    + " (or --insecure-skip-verify)" + detail;
        }
        if (text.contains("No subject alternative") || text.contains("No name matching")) {
            return "TLS: the certificate of " + where + " is not issued for this host name or address" + detail;
        }
        if (text.contains("bad_certificate") || text.contains("certificate_required") || text.contains("unknown_ca")) {
            return "TLS: " + where + " refused the client certificate, or wanted one (--client-cert and --client-key)" + detail;
        }
        if (text.contains("certificate_expired") || text.contains("NotAfter") || text.contains("validity check failed")) {
            return "TLS: a certificate has expired or is not yet valid at " + where + detail;
        }
        return "TLS with " + where + " failed: " + withoutClassNames(String.valueOf(error.getMessage()));
    }
}
