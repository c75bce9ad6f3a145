package support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DevTools} against a tiny local page: commands, evaluation, waiting, collected errors and requests, emulation. */
public class DevToolsTest {
    static DevTools browser;
    @TempDir
    static Path dir;
    static Path page;

    static final String PAGE = """
            <!doctype html><html><head><meta name="viewport" content="width=device-width">
            <link rel="stylesheet" href="missing.css"></head>
            <body><p id="p">start</p>
            <script>
              setTimeout(function () { document.getElementById('p').textContent = 'later'; }, 300);
              console.error('told', 42);
              window.loads = (window.loads || 0) + 1;
              throw new Error('thrown on purpose');
            </script></body></html>
            """;

    @BeforeAll
    static void launch() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find();
        Assumptions.assumeTrue(chromium != null, "chromium not installed (apt-get install -y chromium)");
        page = dir.resolve("tiny.html");
        Files.writeString(page, PAGE, StandardCharsets.UTF_8);
        browser = DevTools.launch(chromium);
        browser.navigate(page);
    }

    @AfterAll
    static void close() {
        if (browser != null) browser.close();
    }

    @Test
    void evaluatesExpressionsAndAwaitsPromises() {
        assertThat(browser.evaluate("6 * 7").asInt()).isEqualTo(42);
        assertThat(browser.evaluate("Promise.resolve({a: [1, 'b']})").toString()).isEqualTo("{\"a\":[1,\"b\"]}");
        assertThat(browser.evaluate("undefined").isMissingNode()).isTrue();
        assertThat(browser.evaluate("document.title = 'x'; location.protocol").asText()).isEqualTo("file:");
    }

    @Test
    void aScriptExceptionFailsWithItsText() {
        assertThatThrownBy(() -> browser.evaluate("null.x")).isInstanceOf(DevTools.Failure.class).hasMessageContaining("TypeError");
        assertThatThrownBy(() -> browser.evaluate("Promise.reject(new Error('no way'))")).hasMessageContaining("no way");
    }

    @Test
    void aCdpErrorFailsWithItsMessage() {
        assertThatThrownBy(() -> browser.send("No.suchMethod", Map.of())).isInstanceOf(DevTools.Failure.class)
                .hasMessageContaining("No.suchMethod").hasMessageContaining("wasn't found");
        assertThat(browser.send("Runtime.evaluate", Map.of("expression", "1 + 1")).path("result").path("value").asInt()).isEqualTo(2);
    }

    @Test
    void waitsForTheFirstTruthyValue() {
        JsonNode text = browser.waitFor("document.getElementById('p').textContent === 'later' && 'seen'", Duration.ofSeconds(60));
        assertThat(text.asText()).isEqualTo("seen");
        assertThatThrownBy(() -> browser.waitFor("0", Duration.ofMillis(200))).isInstanceOf(DevTools.Failure.class)
                .hasMessageContaining("waiting for `0`");
    }

    @Test
    void collectsScriptErrorsAndRequests() {
        assertThat(browser.consoleErrors()).anySatisfy(e -> assertThat(e).contains("thrown on purpose"));
        assertThat(browser.consoleErrors()).anySatisfy(e -> assertThat(e).contains("console.error: told 42"));
        assertThat(browser.consoleErrors()).anySatisfy(e -> assertThat(e).contains("missing.css"));
        assertThat(browser.requestedUrls()).contains(page.toUri().toString(), dir.resolve("missing.css").toUri().toString());
    }

    @Test
    void emulatesAPhoneAndReloads() {
        browser.emulate(420, 800, 3, true);
        assertThat(browser.evaluate("[window.innerWidth, window.devicePixelRatio]").toString()).isEqualTo("[420,3]");
        browser.reload();
        assertThat(browser.evaluate("[window.innerWidth, window.loads, document.readyState]").toString()).isEqualTo("[420,1,\"complete\"]");
        browser.send("Emulation.clearDeviceMetricsOverride", Map.of());
    }
}
