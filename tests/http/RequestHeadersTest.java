package http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** The one header check (issue 14, sections 1 and 2): what it refuses, in words that never show the value. */
class RequestHeadersTest {
    @Test
    void namesTheJdkRefusesAreRefusedFirst() {
        assertThat(RequestHeaders.nameProblem("Host")).isEqualTo("is set by the HTTP client itself and cannot be given");
        assertThat(RequestHeaders.nameProblem("connection")).isEqualTo("is set by the HTTP client itself and cannot be given");
        for (String name : new String[] {"Content-Length", "Expect", "Upgrade", "Transfer-Encoding"}) {
            assertThat(RequestHeaders.nameProblem(name)).as(name).startsWith("is set by the HTTP client");
        }
        assertThat(RequestHeaders.nameProblem("Bad Name")).startsWith("holds a space or tab");
        assertThat(RequestHeaders.nameProblem("X\u00e9")).startsWith("holds a non-ASCII character");
        assertThat(RequestHeaders.nameProblem("")).isEqualTo("is empty");
        assertThat(RequestHeaders.nameProblem("X-Scope-OrgID")).isNull();
        assertThat(RequestHeaders.nameProblem("Authorization")).isNull();
    }

    @Test
    void valuesTheJdkRefusesAreDescribedByKindAndPositionNeverByContent() {
        assertThat(RequestHeaders.valueProblem("Bearer SECRET\r\nX: y"))
                .isEqualTo("holds a line break (CR or LF) at character 14, which a header cannot carry");
        assertThat(RequestHeaders.valueProblem("SECRET\u0000")).isEqualTo("holds a NUL character at character 7, which a header cannot carry");
        assertThat(RequestHeaders.valueProblem("SECRET\u20ac")).isEqualTo("holds a non-ASCII character at character 7, which a header cannot carry");
        assertThat(RequestHeaders.valueProblem("SECRET\u00e9")).startsWith("holds a non-ASCII character");
        assertThat(RequestHeaders.valueProblem("SECRET\u007f")).startsWith("holds a control character (U+007F)");
        assertThat(RequestHeaders.valueProblem("Bearer abc.DEF-123_~+/=\tx")).isNull();
    }

    @Test
    void whateverTheCheckAcceptsTheJdkSendsAndWhatTheJdkRefusesTheCheckRefuses() {
        for (char c = 0; c < 0x300; c++) {
            String value = "a" + c + "b";
            boolean jdkAccepts = catchThrowable(() -> HttpRequest.newBuilder(URI.create("http://h/")).header("X", value)) == null;
            if (RequestHeaders.valueProblem(value) == null) assertThat(jdkAccepts).as("U+%04X", (int) c).isTrue();
            if (!jdkAccepts) assertThat(RequestHeaders.valueProblem(value)).as("U+%04X", (int) c).isNotNull();

            String name = "X" + c;
            boolean jdkAcceptsName = catchThrowable(() -> HttpRequest.newBuilder(URI.create("http://h/")).header(name, "v")) == null;
            if (RequestHeaders.nameProblem(name) == null) assertThat(jdkAcceptsName).as("name U+%04X", (int) c).isTrue();
        }
        for (String name : new String[] {"Host", "Connection", "Content-Length", "Expect", "Upgrade"}) {
            assertThat(catchThrowable(() -> HttpRequest.newBuilder(URI.create("http://h/")).header(name, "v"))).isNotNull();
        }
    }
}
