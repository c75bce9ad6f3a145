package page;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page's HTML and prose, kept out of Java in {@code page.html} beside this class (read from the classpath as
 * {@code page/page.html}; a script brings it in with {@code //FILES page/page.html=lib/page/page.html}). The file is a
 * list of parts, each from a line {@code <!-- part NAME -->} to the next; {@code {{key}}} in a part is a value filled in
 * by {@link #fill}. Plain string replacement, no template library: nothing to start but reading one small file.
 */
final class PageTemplate {
    private static final Pattern PART = Pattern.compile("(?m)^<!-- part ([a-z-]+) -->\n");
    private static final Pattern KEY = Pattern.compile("\\{\\{([a-z]+)}}");
    private static volatile Map<String, String> parts;

    private PageTemplate() {}

    /**
     * The part {@code name} with each {@code {{key}}} replaced by its value; values are written as given (escape
     * text with {@link Page#html} first).
     *
     * @param keysAndValues key, value, key, value, ...
     * @throws IOException when page.html is not on the classpath
     * @throws IllegalStateException when the part is missing, or a key of it is not given (a mismatch of page.html and Java)
     */
    static String fill(String name, String... keysAndValues) throws IOException {
        String part = parts().get(name);
        if (part == null) throw new IllegalStateException("page.html has no part " + name);
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) values.put(keysAndValues[i], keysAndValues[i + 1]);
        Matcher m = KEY.matcher(part);
        StringBuilder out = new StringBuilder(part.length() + 256);
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) throw new IllegalStateException("page.html part " + name + " needs {{" + m.group(1) + "}}");
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Map<String, String> parts() throws IOException {
        Map<String, String> read = parts;
        if (read != null) return read;
        String text = resource("page.html");
        Map<String, String> out = new HashMap<>();
        Matcher m = PART.matcher(text);
        String name = null;
        int start = 0;
        while (m.find()) {
            if (name != null) out.put(name, text.substring(start, m.start()));
            name = m.group(1);
            start = m.end();
        }
        if (name != null) out.put(name, text.substring(start));
        parts = Map.copyOf(out);
        return parts;
    }

    /**
     * A file beside this class on the classpath, as UTF-8 text.
     *
     * @throws IOException when it is not there, saying which {@code //FILES} line brings it in
     */
    static String resource(String name) throws IOException {
        try (InputStream in = PageTemplate.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("page/" + name + " is not on the classpath; a script that writes the page needs the line "
                        + "//FILES page/" + name + "=lib/page/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
