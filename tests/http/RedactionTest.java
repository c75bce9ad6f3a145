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

    @Test
    void everyUrlInAMessageLosesItsPasswordAlsoWhenItDoesNotParse() {
        // The JDK's URISyntaxException quotes the whole URL (issue 14, section 1).
        for (String bad : new String[] {"http://admin:S3cret@host:9464/met|rics", "http://admin:S3cret@host:9464/metrics?a=b c",
                "http://admin:S3cret@host:9464/metrics%zz"}) {
            String message = catchMessage(bad);
            assertThat(message).contains("S3cret");
            assertThat(Redaction.url(message)).doesNotContain("S3cret").contains("http://admin@host:9464/");
        }
        assertThat(Redaction.url("from http://a:one@h/x to https://b:two@g/y"))
                .isEqualTo("from http://a@h/x to https://b@g/y");
        assertThat(Redaction.url("'http://u:pw@h' is down\nagain http://v:pw2@h")).isEqualTo("'http://u@h' is down\nagain http://v@h");
    }

    @Test
    void passwordsHoldingUnencodedReservedCharactersOrSpacesAreRemovedWhole() {
        assertThat(Redaction.url("http://admin:pa/ss@host:9464/metrics")).isEqualTo("http://admin@host:9464/metrics");
        assertThat(Redaction.url("http://admin:pa?ss@host/metrics")).isEqualTo("http://admin@host/metrics");
        assertThat(Redaction.url("http://admin:pa#ss@host/metrics")).isEqualTo("http://admin@host/metrics");
        assertThat(Redaction.url("http://admin:S3 cret@host/metrics")).isEqualTo("http://admin@host/metrics");
        assertThat(Redaction.url("http://admin:pa%zzss@host/metrics")).isEqualTo("http://admin@host/metrics");
    }

    @Test
    void hostsPortsAndIpv6AddressesAreLeftAlone() {
        assertThat(Redaction.url("http://[::1]:9464/metrics")).isEqualTo("http://[::1]:9464/metrics");
        assertThat(Redaction.url("http://u:pw@[::1]:9464/metrics")).isEqualTo("http://u@[::1]:9464/metrics");
        assertThat(Redaction.url("http://host:9090?x=a@b")).isEqualTo("http://host:9090?x=a@b");
        assertThat(Redaction.url("connection refused by http://h:1")).isEqualTo("connection refused by http://h:1");
        assertThat(Redaction.url((String) null)).isNull();
    }

    @Test
    void userInfoWithoutTheSchemesSlashesLosesItsPasswordToo() {
        assertThat(Redaction.url("'writer:S3cret@nowhere': expected an http:// URL")).isEqualTo("'writer@nowhere': expected an http:// URL");
        assertThat(Redaction.url("admin:S3cret@host:9464/metrics")).isEqualTo("admin@host:9464/metrics");
        assertThat(Redaction.url("http:admin:S3cret@host/metrics")).isEqualTo("http@host/metrics");
        assertThat(Redaction.url("file:/tmp/a@b.prom")).isEqualTo("file:/tmp/a@b.prom");
        assertThat(Redaction.url("a user@example.org: no")).isEqualTo("a user@example.org: no");
    }

    private static String catchMessage(String url) {
        try {
            java.net.URI.create(url);
            throw new AssertionError(url + " parsed");
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @Test
    void credentialNamedQueryParametersAreHiddenFromEveryOutputAsTypedAndDecoded() {
        String url = "http://127.0.0.1:9100/metrics?module=if_mib&access_token=qsSecret%2F42&X-Amz-Signature=abcdef0123&target=10.0.0.1";
        Credentials.rememberUrl(url);
        assertThat(Redaction.shown("GET " + url + " failed")).isEqualTo("GET http://127.0.0.1:9100/metrics?module=if_mib&access_token="
                + secrets.KnownSecrets.REPLACEMENT + "&X-Amz-Signature=" + secrets.KnownSecrets.REPLACEMENT + "&target=10.0.0.1 failed");
        assertThat(secrets.KnownSecrets.scrub("the server echoed qssecret/42")).isEqualTo("the server echoed " + secrets.KnownSecrets.REPLACEMENT);
    }
}
