package dev.sandboxemulator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxClientConfigurationTest {

    @Test
    void defaultsPointAtTheProductionDomain() {
        SandboxClient client = SandboxClient.builder().build();

        assertThat(client.domain()).isEqualTo("us-phx-1.sandbox.novita.ai");
        assertThat(client.apiUrl()).isEqualTo("https://api.us-phx-1.sandbox.novita.ai");
        assertThat(client.sandboxUrl()).isEmpty();
        assertThat(client.debug()).isFalse();
        assertThat(client.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void builderWithoutEnvironmentIgnoresTheProcessEnvironment() {
        SandboxClient client = SandboxClient.builder().build();

        assertThat(client.apiUrl()).isEqualTo("https://api." + SandboxClient.DEFAULT_DOMAIN);
    }

    @Test
    void environmentFillsEverySetting() {
        SandboxClient client =
                SandboxClient.builder()
                        .environment(
                                Map.of(
                                        "NOVITA_DOMAIN", "example.test",
                                        "NOVITA_API_URL", "http://127.0.0.1:9000",
                                        "NOVITA_SANDBOX_URL", " http://127.0.0.1:9001 "))
                        .build();

        assertThat(client.domain()).isEqualTo("example.test");
        assertThat(client.apiUrl()).isEqualTo("http://127.0.0.1:9000");
        assertThat(client.sandboxUrl()).contains("http://127.0.0.1:9001");
    }

    @Test
    void domainFromTheEnvironmentBuildsTheDefaultApiUrl() {
        SandboxClient client = SandboxClient.builder().environment(Map.of("NOVITA_DOMAIN", "example.test")).build();

        assertThat(client.apiUrl()).isEqualTo("https://api.example.test");
    }

    @Test
    void optionsWinOverTheEnvironment() {
        SandboxClient client =
                SandboxClient.builder()
                        .environment(Map.of("NOVITA_DOMAIN", "env.test", "NOVITA_API_URL", "http://env:1", "NOVITA_DEBUG", "true"))
                        .domain("option.test")
                        .apiUrl("http://option:2")
                        .debug(false)
                        .build();

        assertThat(client.domain()).isEqualTo("option.test");
        assertThat(client.apiUrl()).isEqualTo("http://option:2");
        assertThat(client.debug()).isFalse();
    }

    @Test
    void apiUrlWithoutSchemeGetsHttpsPrependedAfterTrimming() {
        assertThat(SandboxClient.builder().apiUrl("  127.0.0.1:8080  ").build().apiUrl())
                .isEqualTo("https://127.0.0.1:8080");
        assertThat(SandboxClient.builder().environment(Map.of("NOVITA_API_URL", "api.example.test")).build().apiUrl())
                .isEqualTo("https://api.example.test");
    }

    @Test
    void apiUrlWithSchemeIsKeptWithoutTrailingSlash() {
        assertThat(SandboxClient.builder().apiUrl("http://127.0.0.1:8080/").build().apiUrl())
                .isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void debugModeDefaultsToLocalhost3000() {
        assertThat(SandboxClient.builder().debug(true).build().apiUrl()).isEqualTo("http://localhost:3000");
        assertThat(SandboxClient.builder().environment(Map.of("NOVITA_DEBUG", "TRUE")).build().apiUrl())
                .isEqualTo("http://localhost:3000");
        assertThat(SandboxClient.builder().environment(Map.of("NOVITA_DEBUG", "yes")).build().debug()).isFalse();
    }

    @Test
    void debugModeDoesNotOverrideAnExplicitApiUrl() {
        SandboxClient client = SandboxClient.builder().debug(true).apiUrl("http://127.0.0.1:1").build();

        assertThat(client.apiUrl()).isEqualTo("http://127.0.0.1:1");
    }

    @Test
    void emptyDomainIsRejectedWhetherOptionOrEnvironment() {
        assertThatThrownBy(() -> SandboxClient.builder().domain("").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("domain is empty");
        assertThatThrownBy(() -> SandboxClient.builder().environment(Map.of("NOVITA_DOMAIN", "")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("domain is empty");
    }

    @Test
    void unusableApiUrlsAreRejected() {
        assertThatThrownBy(() -> SandboxClient.builder().apiUrl("   ").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxClient.builder().apiUrl("ftp://example.test").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeRequestTimeoutIsRejected() {
        assertThatThrownBy(() -> SandboxClient.builder().requestTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void newBuilderKeepsTheSettingsAndReResolvesChanges() {
        SandboxClient original =
                SandboxClient.builder().domain("one.test").requestTimeout(Duration.ofSeconds(5)).build();

        SandboxClient derived = original.newBuilder().domain("two.test").build();

        assertThat(derived.domain()).isEqualTo("two.test");
        assertThat(derived.apiUrl()).isEqualTo("https://api.two.test");
        assertThat(derived.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(original.apiUrl()).isEqualTo("https://api.one.test");
    }

    @Test
    void credentialsComeFromTheEnvironmentAndAreSentAsHeaders() throws Exception {
        try (RecordingServer server = new RecordingServer()) {
            server.enqueue(RecordingServer.Reply.empty(204));
            SandboxClient client =
                    SandboxClient.builder()
                            .environment(
                                    Map.of(
                                            "NOVITA_API_URL", server.url(),
                                            "NOVITA_API_KEY", "nvta_test",
                                            "NOVITA_ACCESS_TOKEN", "secret-token"))
                            .build();

            client.kill("iabc");

            RecordingServer.RecordedRequest request = server.takeRequest();
            assertThat(request.header("X-API-KEY")).contains("nvta_test");
            assertThat(request.header("Authorization")).contains("Bearer secret-token");
        }
    }

    @Test
    void noCredentialHeadersAreSentWhenNoneAreConfigured() throws Exception {
        try (RecordingServer server = new RecordingServer()) {
            server.enqueue(RecordingServer.Reply.empty(204));

            server.client().kill("iabc");

            RecordingServer.RecordedRequest request = server.takeRequest();
            assertThat(request.header("X-API-KEY")).isEmpty();
            assertThat(request.header("Authorization")).isEmpty();
            assertThat(request.header("User-Agent")).contains("sandbox-emulator-java-client/0.1.0");
            assertThat(request.header("Content-Type")).isEmpty();
        }
    }

    @Test
    void toStringDoesNotRevealTheApiKey() {
        SandboxClient client = SandboxClient.builder().apiKey("nvta_secret").build();

        assertThat(client.toString()).doesNotContain("nvta_secret");
    }
}
