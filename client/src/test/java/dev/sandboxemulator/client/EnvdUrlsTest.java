package dev.sandboxemulator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandboxemulator.client.RecordingServer.RecordedRequest;
import dev.sandboxemulator.client.RecordingServer.Reply;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnvdUrlsTest {
    private RecordingServer server;
    private SandboxClient client;

    @BeforeEach
    void startServer() throws Exception {
        server = new RecordingServer();
        client = SandboxClient.builder().apiUrl(server.url()).sandboxUrl(server.url()).build();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void theDownloadSignatureMatchesTheDocumentedTestVector() {
        Sandbox sandbox = new Sandbox(client, "isbx", "0.5.7", "tok-1", null, client.domain());

        assertThat(sandbox.downloadUrl("/home/user/a.txt"))
                .isEqualTo(
                        server.url()
                                + "/files?path=%2Fhome%2Fuser%2Fa.txt"
                                + "&signature=v1_p0gJxXaovHUKqyroLYKX%2BysSGKQM6qxKzaLtu1zr204");
    }

    @Test
    void anUploadUrlSignsTheWriteOperationUserAndExpiration() {
        Sandbox sandbox = new Sandbox(client, "isbx", "0.5.7", "tok-1", null, client.domain());
        long before = Instant.now().plusSeconds(60).getEpochSecond();

        String url = sandbox.uploadUrl("/tmp/a b", "root", Duration.ofSeconds(60));

        long expiration = Long.parseLong(url.substring(url.indexOf("signature_expiration=") + 21));
        assertThat(expiration).isBetween(before, before + 5);
        String expected =
                dev.sandboxemulator.client.internal.FileSignature.sign("/tmp/a b", "write", "root", "tok-1", expiration);
        assertThat(url)
                .isEqualTo(
                        server.url()
                                + "/files?username=root&path=%2Ftmp%2Fa+b&signature="
                                + expected.replace("+", "%2B").replace("/", "%2F")
                                + "&signature_expiration="
                                + expiration);
    }

    @Test
    void anInsecureSandboxGetsUnsignedUrlsAndCannotExpireThem() {
        Sandbox sandbox = new Sandbox(client, "isbx", "0.5.7", null, null, client.domain());

        assertThat(sandbox.downloadUrl("a.txt", "root")).isEqualTo(server.url() + "/files?username=root&path=a.txt");
        assertThat(sandbox.uploadUrl(null)).isEqualTo(server.url() + "/files");
        assertThatThrownBy(() -> sandbox.uploadUrl("a", null, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutASandboxUrlEnvdIsReachedThroughThePortPrefixedHost() {
        SandboxClient remote = SandboxClient.builder().domain("example.test").build();
        Sandbox sandbox = new Sandbox(remote, "iabc", "0.5.7", null, null, "sbx.example.test");

        assertThat(sandbox.downloadUrl("a")).isEqualTo("https://49983-iabc.sbx.example.test/files?path=a");
    }

    @Test
    void inDebugModeEnvdIsOnLocalhost() {
        SandboxClient debug = SandboxClient.builder().debug(true).build();
        Sandbox sandbox = new Sandbox(debug, "debug_sandbox_id", "99.99.99", null, null, debug.domain());

        assertThat(sandbox.downloadUrl("a")).isEqualTo("http://localhost:49983/files?path=a");
    }

    @Test
    void isRunningAsksEnvdsHealthEndpoint() throws Exception {
        Sandbox sandbox = new Sandbox(client, "isbx", "0.5.7", "tok-1", null, client.domain());
        server.enqueue(Reply.empty(204)).enqueue(Reply.text(502, "Bad Gateway")).enqueue(Reply.text(500, "broken"));

        assertThat(sandbox.isRunning()).isTrue();
        assertThat(sandbox.isRunning()).isFalse();
        assertThatThrownBy(sandbox::isRunning).isExactlyInstanceOf(SandboxException.class).hasMessage("500: broken");

        RecordedRequest health = server.takeRequest();
        assertThat(health.method()).isEqualTo("GET");
        assertThat(health.target()).isEqualTo("/health");
        assertThat(health.header("Novita-Sandbox-Id")).hasValue("isbx");
        assertThat(health.header("X-Access-Token")).hasValue("tok-1");
    }
}
