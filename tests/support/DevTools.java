package support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test support: one headless Chromium driven over the Chrome DevTools Protocol (CDP), in real time (no virtual time),
 * through one page target. Collects script errors and requested URLs from the moment it connects.
 *
 * <p>Every method fails with {@link Failure} (unchecked): a CDP error response, a script exception, a browser that did
 * not start or went away, or a give-up bound passed. Bounds are generous on purpose (busy 2-core machines): they only
 * stop a stuck test, they never measure speed. Protocol: https://chromedevtools.github.io/devtools-protocol/
 */
public final class DevTools implements AutoCloseable {
    /** How long one command, a start or a page load may take before the test gives up. */
    private static final Duration GIVE_UP = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger nextId = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    /** A CDP error, a script exception, a browser that failed, or a give-up bound passed. */
    public static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }

        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private DevTools(Process process, Path profile, String pageSocketUrl) {
        this.process = process;
        this.profile = profile;
        try {
            this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(pageSocketUrl), new Listener())
                    .get(GIVE_UP.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while connecting to " + pageSocketUrl, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new Failure("cannot connect to Chromium's page target " + pageSocketUrl + ": " + e, e);
        }
    }

    /**
     * Starts {@code chromium} headless with a fresh profile and {@code --remote-debugging-port=0}, reads the port it
     * chose from the profile's {@code DevToolsActivePort}, connects to its blank page and enables the Page, Runtime,
     * Log and Network domains.
     *
     * @throws Failure when Chromium exits or announces no port within two minutes (its stderr in the message)
     */
    public static DevTools launch(HeadlessChromium chromium) {
        Path profile;
        Path stderr;
        try {
            profile = Files.createTempDirectory("chromium-devtools-");
            stderr = profile.resolveSibling(profile.getFileName() + ".stderr");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = chromium.command(profile);
        cmd.add("--remote-debugging-port=0");
        cmd.add("about:blank");
        Process process = null;
        try {
            process = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
            int port = announcedPort(process, profile.resolve("DevToolsActivePort"), stderr);
            DevTools tools = new DevTools(process, profile, pageSocketUrl(port));
            for (String domain : List.of("Page", "Runtime", "Log", "Network")) tools.send(domain + ".enable", Map.of());
            return tools;
        } catch (IOException | RuntimeException e) {
            if (process != null) kill(process);
            HeadlessChromium.deleteTree(profile);
            throw e instanceof Failure f ? f : new Failure("cannot start Chromium (" + String.join(" ", cmd) + "): " + e, e);
        } finally {
            try {
                Files.deleteIfExists(stderr);
            } catch (IOException ignored) {
                // A leftover temp file is harmless.
            }
        }
    }

    /**
     * Loads {@code page} (a local file) and returns once its load event fired.
     *
     * @throws Failure when the navigation fails or the load event does not come within two minutes
     */
    public void navigate(Path page) {
        String url = page.toAbsolutePath().toUri().toString();
        loaded = new CompletableFuture<>();
        JsonNode result = send("Page.navigate", Map.of("url", url));
        if (result.hasNonNull("errorText")) throw new Failure("cannot load " + url + ": " + result.get("errorText").asText());
        awaitLoad(url);
    }

    /** Reloads the page (caches bypassed) and returns once its load event fired. */
    public void reload() {
        loaded = new CompletableFuture<>();
        send("Page.reload", Map.of("ignoreCache", true));
        awaitLoad("the reloaded page");
    }

    /**
     * Sends one CDP command and waits for its response.
     *
     * @param method e.g. {@code "Emulation.setDeviceMetricsOverride"}
     * @param params the command's parameters, turned into JSON by Jackson
     * @return the response's {@code result} object
     * @throws Failure with CDP's error message and code, or when no response comes within two minutes
     */
    public JsonNode send(String method, Map<String, Object> params) {
        int id = nextId.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> response = new CompletableFuture<>();
        pending.put(id, response);
        JsonNode answer;
        try {
            socket.sendText(message.toString(), true).get(GIVE_UP.toSeconds(), TimeUnit.SECONDS);
            answer = response.get(GIVE_UP.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while waiting for " + method, e);
        } catch (ExecutionException e) {
            throw new Failure(method + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new Failure("no response to " + method + " within " + GIVE_UP.toSeconds() + " s", e);
        } finally {
            pending.remove(id);
        }
        JsonNode error = answer.get("error");
        if (error != null) {
            throw new Failure(method + ": " + error.path("message").asText() + " (code " + error.path("code").asText() + ")"
                    + (error.has("data") ? ": " + error.get("data").asText() : ""));
        }
        return answer.path("result");
    }

    /**
     * Evaluates {@code expression} in the page (Runtime.evaluate, a returned promise awaited).
     *
     * @return the value as JSON; a {@link MissingNode} for {@code undefined}
     * @throws Failure with the exception's text when the script throws or the promise rejects
     */
    public JsonNode evaluate(String expression) {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        JsonNode thrown = result.get("exceptionDetails");
        if (thrown != null) throw new Failure("script exception in `" + abbreviate(expression) + "`: " + exceptionText(thrown));
        return result.path("result").path("value");
    }

    /**
     * Evaluates {@code expression} every 50 ms until its value is truthy in JavaScript's sense and returns that value.
     * {@code timeout} only bounds a stuck test; it does not assert any speed.
     *
     * A page that reloads itself meanwhile (the time-zone button, the live page) is waited for too: an evaluation that
     * the navigation cut off counts as a falsy value, not a failure.
     *
     * @throws Failure when the value stays falsy for {@code timeout} (the last value in the message), or the script throws
     */
    public JsonNode waitFor(String expression, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode value;
            try {
                value = evaluate(expression);
            } catch (Failure e) {
                if (!cutOffByNavigation(e)) throw e;
                value = MissingNode.getInstance();
            }
            if (truthy(value)) return value;
            if (System.nanoTime() > deadline) {
                throw new Failure("gave up after " + timeout.toSeconds() + " s waiting for `" + abbreviate(expression) + "`; last value " + value);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure("interrupted while waiting for " + abbreviate(expression), e);
            }
        }
    }

    /** Whether an evaluation failed only because the page navigated (reloaded) while it ran (CDP's wording for it). */
    private static boolean cutOffByNavigation(Failure e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Inspected target navigated or closed") || message.contains("Execution context was destroyed")
                || message.contains("Cannot find context with specified id");
    }

    /**
     * Sets the viewport as a device would (Emulation.setDeviceMetricsOverride).
     *
     * @param width CSS pixels
     * @param height CSS pixels
     * @param scale device pixels per CSS pixel, e.g. 3 for a phone
     * @param mobile whether to emulate a mobile device (meta viewport honoured, overlay scrollbars)
     */
    public void emulate(int width, int height, double scale, boolean mobile) {
        send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", scale, "mobile", mobile));
    }

    /**
     * Script errors since {@link #launch}: uncaught exceptions and rejections (Runtime.exceptionThrown), error log
     * entries such as a blocked script or a failed load (Log.entryAdded), and {@code console.error} calls.
     */
    public List<String> consoleErrors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    /** Every URL the page requested since {@link #launch} (Network.requestWillBeSent), the pages themselves included. */
    public List<String> requestedUrls() {
        synchronized (urls) {
            return List.copyOf(urls);
        }
    }

    /** Stops Chromium (and its child processes) and deletes its profile. */
    @Override
    public void close() {
        socket.abort();
        kill(process);
        HeadlessChromium.deleteTree(profile);
    }

    private void awaitLoad(String what) {
        try {
            loaded.get(GIVE_UP.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while loading " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new Failure(what + " did not finish loading within " + GIVE_UP.toSeconds() + " s", e);
        }
    }

    /** Handles one whole message: a command's response, or an event. */
    private void receive(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            return; // CDP sends JSON only; nothing to match an unreadable message to.
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> response = pending.get(message.get("id").asInt());
            if (response != null) response.complete(message);
            return;
        }
        JsonNode params = message.path("params");
        switch (message.path("method").asText()) {
            case "Page.loadEventFired" -> loaded.complete(null);
            case "Network.requestWillBeSent" -> add(urls, params.path("request").path("url").asText());
            case "Runtime.exceptionThrown" -> add(errors, exceptionText(params.path("exceptionDetails")));
            case "Log.entryAdded" -> {
                JsonNode entry = params.path("entry");
                if ("error".equals(entry.path("level").asText())) add(errors, entry.path("text").asText() + " " + entry.path("url").asText(""));
            }
            case "Runtime.consoleAPICalled" -> {
                if ("error".equals(params.path("type").asText())) {
                    List<String> args = new ArrayList<>();
                    params.path("args").forEach(a -> args.add(a.has("value") ? a.get("value").asText() : a.path("description").asText()));
                    add(errors, "console.error: " + String.join(" ", args));
                }
            }
            default -> {}
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder parts = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                String text = parts.toString();
                parts.setLength(0);
                receive(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failPending("Chromium closed the connection (" + statusCode + " " + reason + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failPending("connection to Chromium failed: " + error);
        }

        private void failPending(String why) {
            pending.values().forEach(f -> f.completeExceptionally(new Failure(why)));
            loaded.completeExceptionally(new Failure(why));
        }
    }

    /** Waits for Chromium to write its DevTools port into the profile (first line of DevToolsActivePort). */
    private static int announcedPort(Process process, Path portFile, Path stderr) throws IOException {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(portFile)) {
                List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
                if (lines.size() >= 2 && !lines.get(0).isBlank()) return Integer.parseInt(lines.get(0).trim());
            }
            if (!process.isAlive()) {
                throw new Failure("Chromium exited with " + process.exitValue() + " before announcing its DevTools port: "
                        + Files.readString(stderr, StandardCharsets.UTF_8).lines().limit(20).reduce("", (a, b) -> a + "\n" + b));
            }
            sleep(50);
        }
        throw new Failure("Chromium announced no DevTools port within " + GIVE_UP.toSeconds() + " s");
    }

    /** The WebSocket address of the browser's first page target (the blank page it opened). */
    private static String pageSocketUrl(int port) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(GIVE_UP).build();
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (true) {
            try {
                JsonNode targets = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode t : targets) {
                    if ("page".equals(t.path("type").asText()) && t.has("webSocketDebuggerUrl")) return t.get("webSocketDebuggerUrl").asText();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure("interrupted while listing Chromium's targets", e);
            }
            if (System.nanoTime() > deadline) throw new Failure("Chromium on port " + port + " opened no page target");
            sleep(50);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted", e);
        }
    }

    private static void add(List<String> list, String value) {
        synchronized (list) {
            list.add(value);
        }
    }

    /** JavaScript's truthiness of a value returned by value. */
    private static boolean truthy(JsonNode v) {
        if (v.isMissingNode() || v.isNull()) return false;
        if (v.isBoolean()) return v.asBoolean();
        if (v.isNumber()) return v.asDouble() != 0 && !Double.isNaN(v.asDouble());
        if (v.isTextual()) return !v.asText().isEmpty();
        return true;
    }

    /** The text of CDP's ExceptionDetails: the exception's description (message and stack) when there is one. */
    private static String exceptionText(JsonNode details) {
        JsonNode exception = details.path("exception");
        String description = exception.path("description").asText("");
        if (description.isEmpty() && exception.has("value")) description = exception.get("value").asText();
        return description.isEmpty() ? details.path("text").asText() : description;
    }

    private static String abbreviate(String expression) {
        String oneLine = expression.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
