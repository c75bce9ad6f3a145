package query;

/**
 * A query that cannot be answered: a bad expression (the message gives line and column and what was expected), an
 * evaluation error Prometheus 2.42 also raises (its wording where it has one), or data that cannot be read.
 * The message is for a person and never holds a stack trace or a secret.
 */
public class QueryException extends RuntimeException {
    /** What kind of failure, so that the command line can pick its exit status (2 for a bad expression). */
    public enum Kind { PARSE, EXECUTION, DATA }

    private final Kind kind;

    public QueryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
