package http;

import static org.assertj.core.api.Assertions.assertThat;
import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void passwordsLeaveTheUserInfo() {
        assertThat(Redaction.url("http://admin:S3cret@honor:9464/metrics")).isEqualTo("http://admin@honor:9464/metrics");
        assertThat(Redaction.url("https://:S3cret@honor/metrics")).isEqualTo("https://honor/metrics");
        assertThat(Redaction.url("http://a:b:c@h")).isEqualTo("http://a@h");
        assertThat(Redaction.url("http://user@honor:9464/metrics")).isEqualTo("http://user@honor:9464/metrics");
    }

    @Test
    void anAtSignAfterTheAuthorityIsNotUserInfo() {
        assertThat(Redaction.url("http://h:9/metrics?to=a:b@c")).isEqualTo("http://h:9/metrics?to=a:b@c");
        assertThat(Redaction.url("http://h?x=a:b@c")).isEqualTo("http://h?x=a:b@c");
        assertThat(Redaction.url("http://h#a:b@c")).isEqualTo("http://h#a:b@c");
        assertThat(Redaction.url("http://u:pw@h?x=a@b")).isEqualTo("http://u@h?x=a@b");
    }

    @Test
    void textThatIsNoUrlComesBackAsItWas() {
        assertThat(Redaction.url("file:/tmp/x.prom")).isEqualTo("file:/tmp/x.prom");
        assertThat(Redaction.url("-")).isEqualTo("-");
        assertThat(Redaction.url("")).isEmpty();
    }
}
