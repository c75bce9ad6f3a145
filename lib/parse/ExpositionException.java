package parse;

/**
 * An exposition that cannot be read: says where (1-based line and column) and what was expected and found,
 * e.g. {@code line 12, column 31: expected '=' after label name "code", found '}'}.
 */
public final class ExpositionException extends Exception {
    private final int line;
    private final int column;

    /** @param line 1-based line, @param column 1-based column (in characters), @param message what was expected and found */
    public ExpositionException(int line, int column, String message) {
        super("line " + line + ", column " + column + ": " + message);
        this.line = line;
        this.column = column;
    }

    /** 1-based line number of the error. */
    public int line() {
        return line;
    }

    /** 1-based column (in characters) of the error. */
    public int column() {
        return column;
    }
}
