package support;

import static org.assertj.core.api.Assertions.assertThat;
import version.ProjectVersion;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The reliability fixtures (tests/support/ReliabilityFixtures.java) behave as the other tests assume. */
class ReliabilityFixturesTest {
    @Test
    void scriptsCompileAndRunInAChildJvm() throws Exception {
        Project.Run version = ReliabilityFixtures.Scripts.run(Duration.ofSeconds(30), "scrape", "--version");
        assertThat(version.exit()).isZero();
        assertThat(version.stdout()).contains("coppice-metrics " + ProjectVersion.VERSION);
    }

    @Test
    void faultyServerAnswersEachPathAsDocumented() throws Exception {
        try (ReliabilityFixtures.FaultyServer server = new ReliabilityFixtures.FaultyServer()) {
            var client = java.net.http.HttpClient.newHttpClient();
            var ok = client.send(java.net.http.HttpRequest.newBuilder(server.uri("/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo(ReliabilityFixtures.FaultyServer.METRICS);
            var broken = client.send(java.net.http.HttpRequest.newBuilder(server.uri("/500")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(broken.statusCode()).isEqualTo(500);
            assertThat(server.requests()).isEqualTo(2);
        }
    }

}
