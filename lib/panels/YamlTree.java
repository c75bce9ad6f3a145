//DEPS com.fasterxml.jackson.dataformat:jackson-dataformat-yaml:2.20.1
package panels;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document as a tree whose every node knows its line, read with Jackson's YAML parser (SnakeYAML underneath),
 * so that a panel file's errors can name the line. Only what panel files use: mappings, sequences and scalars.
 */
final class YamlTree {
    private YamlTree() {}

    /** A node and the 1-based line it starts on. */
    sealed interface Node permits Scalar, Mapping, Sequence {
        int line();
    }

    /** A scalar; {@code text} is null for YAML's null (an empty value). */
    record Scalar(String text, int line) implements Node {}

    /** A mapping, keys in file order. */
    record Mapping(Map<String, Node> entries, int line) implements Node {}

    /** A sequence. */
    record Sequence(List<Node> items, int line) implements Node {}

    private static final YAMLFactory FACTORY = new YAMLFactory();

    /**
     * Reads one YAML document.
     *
     * @param file the name used in error messages
     * @throws PanelSetException for text that is not YAML, a duplicate key, or an empty document
     */
    static Node read(String text, String file) throws PanelSetException {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) throw new PanelSetException(file + ": the file is empty; a panel set starts with \"name:\"");
            Node root = node(p, file);
            if (p.nextToken() != null) {
                throw new PanelSetException(file + ":" + p.currentTokenLocation().getLineNr()
                        + ": a second YAML document (after \"---\"); a panel file holds one set, so give each set its own file");
            }
            return root;
        } catch (JsonProcessingException e) {
            // SnakeYAML's message leads with its context ("while scanning for the next token") and Jackson's location
            // is the context's; the problem and its own line (a tab used as indentation on line 3) say what to fix.
            if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null && marked.getProblemMark() != null) {
                throw new PanelSetException(file + ":" + (marked.getProblemMark().getLine() + 1) + ": not valid YAML: "
                        + firstLine(marked.getProblem()));
            }
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new PanelSetException(file + (line > 0 ? ":" + line : "") + ": not valid YAML: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new PanelSetException(file + ": cannot be read: " + e.getMessage());
        }
    }

    private static Node node(JsonParser p, String file) throws IOException, PanelSetException {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Node> entries = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = p.currentTokenLocation().getLineNr();
                p.nextToken();
                Node value = node(p, file);
                if (entries.putIfAbsent(key, value) != null) {
                    throw new PanelSetException(file + ":" + keyLine + ": \"" + key + "\" is given twice in the same mapping");
                }
            }
            return new Mapping(entries, line);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) items.add(node(p, file));
            return new Sequence(items, line);
        }
        // Jackson hands an alias (*name) over as a string of the anchor's name, which would read as a wrong value.
        if (p instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            throw new PanelSetException(file + ":" + line + ": the alias *" + p.getText() + " is not supported in a panel file; write the value out");
        }
        if (t == JsonToken.VALUE_NULL) return new Scalar(null, line);
        return new Scalar(p.getText(), line);
    }

    private static String firstLine(String message) {
        if (message == null) return "unreadable";
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
