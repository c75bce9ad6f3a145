package panels;

/**
 * A panel file that cannot be used. The message is one sentence for a person, naming the file, the line and what is
 * wrong ({@code panels/web.yaml:12: panel "Requests": unknown unit "secs"; ...}); never a stack trace.
 */
public class PanelSetException extends Exception {
    public PanelSetException(String message) {
        super(message);
    }
}
