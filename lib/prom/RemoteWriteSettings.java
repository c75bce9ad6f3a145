package prom;

import java.io.PrintStream;
import java.net.URI;
import java.util.Map;

/**
 * Where and how {@code watch} remote-writes.
 *
 * @param endpoint the remote-write endpoint, checked by {@link RemoteWriter#endpoint}
 * @param job      value of the {@code job} label
 * @param headers  extra request headers, e.g. Authorization, already checked
 */
public record RemoteWriteSettings(URI endpoint, String job, Map<String, String> headers) {
    /** Starts the writer; drops and give-ups are reported to {@code status}. */
    public RemoteWriter start(PrintStream status) {
        return new RemoteWriter(endpoint, job, headers, status);
    }
}
