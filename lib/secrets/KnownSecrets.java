package secrets;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The run's known secret values (tokens, passwords, header values, the password of a URL) and the one filter every
 * text passes before it reaches a record, a page, a log line or stderr: {@link #scrub(String)}. A server can echo a
 * request header in any text it sends back (a status line, a Location, a Content-Encoding, a remote-write answer), and
 * it may change the value's case or encoding on the way, so each secret is looked for in every form it travels in:
 * as it is, as the base64 of {@code user:password} (basic auth), percent-encoded (as a URL carries it), and with its
 * letters in any case.
 *
 * <p>Secrets are remembered where they enter the run: {@code files.SecretFiles} (token and password files), and the
 * credential rule of {@code lib/http} ({@code Credentials}: header values, a URL's user info, basic auth). A secret shorter than
 * {@link #MIN_CHARS} characters is not looked for: it would erase ordinary words from every message (the URL
 * redaction of {@code lib/http} still removes it from URLs).
 */
public final class KnownSecrets {
    /** The shortest secret the filter looks for, in characters. */
    public static final int MIN_CHARS = 4;

    /** What a secret becomes in any text. */
    public static final String REPLACEMENT = "<redacted>";

    private static final Set<String> FORMS = new LinkedHashSet<>();
    private static volatile Pattern pattern;

    private KnownSecrets() {}

    /**
     * Remembers a secret for the rest of the run, in all its forms (see the class comment); each line of a secret
     * that spans lines is remembered on its own too.
     *
     * @param secret a token, password or header value; null or shorter than {@link #MIN_CHARS} is ignored
     */
    public static void remember(String secret) {
        if (secret == null) return;
        List<String> forms = new ArrayList<>(forms(secret));
        for (String line : secret.split("[\\r\\n]+")) {
            if (!line.equals(secret)) forms.addAll(forms(line.strip()));
        }
        add(forms);
    }

    /**
     * Remembers the credentials of basic auth: the password in all its forms, and {@code user:password} as it is and
     * as the base64 that the {@code Authorization} header carries.
     *
     * @param user     the user name (not a secret by itself)
     * @param password the password
     */
    public static void rememberBasic(String user, String password) {
        remember(password);
        if (password == null || password.length() < MIN_CHARS) return;
        String pair = (user == null ? "" : user) + ":" + password;
        List<String> forms = new ArrayList<>(forms(pair));
        byte[] bytes = pair.getBytes(StandardCharsets.UTF_8);
        forms.add(Base64.getEncoder().encodeToString(bytes));
        forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        add(forms);
    }

    /**
     * The text without any known secret: each form of each secret, in any letter case, becomes {@link #REPLACEMENT}.
     * The longest forms are replaced first, so that a secret inside a longer one leaves no piece of it.
     *
     * @param text any text; null gives null
     * @return the text as it may be shown or stored
     */
    public static String scrub(String text) {
        Pattern known = pattern;
        if (text == null || known == null || text.isEmpty()) return text;
        return known.matcher(text).replaceAll(Matcher.quoteReplacement(REPLACEMENT));
    }

    /**
     * A stream that passes everything printed as text ({@code print}, {@code println}, {@code printf}) through
     * {@link #scrub}; raw bytes ({@code write}) pass as they are, for the records that {@code scrape --stdout}
     * prints (their texts are scrubbed where a record is made).
     *
     * @param out the stream to protect (stderr, stdout)
     * @return a stream writing to {@code out}
     */
    public static PrintStream scrubbing(PrintStream out) {
        return out instanceof Scrubbing ? out : new Scrubbing(out);
    }

    /** Forgets every secret: for a test run, where one JVM plays many runs (a run keeps its secrets until it ends). */
    public static synchronized void forgetAll() {
        FORMS.clear();
        pattern = null;
    }

    private static List<String> forms(String secret) {
        List<String> forms = new ArrayList<>();
        if (secret.length() < MIN_CHARS) return forms;
        forms.add(secret);
        String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        forms.add(encoded);
        forms.add(encoded.replace("+", "%20"));
        forms.add(percentEncodedOutsideUserInfo(secret));
        forms.add(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        return forms;
    }

    /** The secret with only the characters RFC 3986 (3.2.1) does not allow in a URL's user info percent-encoded. */
    private static String percentEncodedOutsideUserInfo(String secret) {
        StringBuilder out = new StringBuilder();
        for (byte b : secret.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:".indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append(String.format("%%%02X", c));
            }
        }
        return out.toString();
    }

    private static synchronized void add(List<String> forms) {
        boolean changed = false;
        for (String form : forms) {
            if (form.length() >= MIN_CHARS) changed |= FORMS.add(form);
        }
        if (!changed) return;
        StringBuilder regex = new StringBuilder();
        FORMS.stream().sorted(Comparator.comparingInt(String::length).reversed()).forEach(form ->
                regex.append(regex.length() == 0 ? "" : "|").append(Pattern.quote(form)));
        pattern = Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** {@link #scrubbing}'s stream: every text printed goes through {@link #scrub} first. */
    private static final class Scrubbing extends PrintStream {
        Scrubbing(PrintStream out) {
            super((OutputStream) out, true, StandardCharsets.UTF_8);
        }

        @Override
        public void print(String s) {
            super.print(scrub(s));
        }

        @Override
        public void print(Object o) {
            print(String.valueOf(o));
        }

        @Override
        public void println(String s) {
            synchronized (this) {
                print(s);
                println();
            }
        }

        @Override
        public void println(Object o) {
            println(String.valueOf(o));
        }

        @Override
        public PrintStream append(CharSequence text) {
            print(String.valueOf(text));
            return this;
        }
    }
}
