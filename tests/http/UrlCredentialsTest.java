package http;

import static org.assertj.core.api.Assertions.assertThat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class UrlCredentialsTest {
    @Test
    void userInfoBecomesBasicAuthDecodedWithAPlusKeptAndLeavesTheRequestLine() {
        URI uri = URI.create("http://scraper:p%40ss+w%3Ard@127.0.0.1:9464/metrics?x=1#f");
        assertThat(UrlCredentials.basicAuthorization(uri))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("scraper:p@ss+w:rd".getBytes(StandardCharsets.UTF_8)));
        assertThat(UrlCredentials.withoutUserInfo(uri)).hasToString("http://127.0.0.1:9464/metrics?x=1#f");
    }

    @Test
    void aUrlWithoutUserInfoHasNoCredentials() {
        URI uri = URI.create("https://prom:9090/api/v1/write");
        assertThat(UrlCredentials.basicAuthorization(uri)).isNull();
        assertThat(UrlCredentials.withoutUserInfo(uri)).isSameAs(uri);
    }
}
