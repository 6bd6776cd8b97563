package dev.sandboxemulator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandboxemulator.client.RecordingServer.Bodies;
import dev.sandboxemulator.client.RecordingServer.RecordedRequest;
import dev.sandboxemulator.client.RecordingServer.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxHandleTest {
    private RecordingServer server;
    private SandboxClient client;
    private Sandbox sandbox;

    @BeforeEach
    void createSandbox() throws Exception {
        server = new RecordingServer();
        client = server.client();
        server.enqueue(Reply.json(201, Bodies.sandbox("iabc", "0.5.7")));
        sandbox = client.create();
        server.takeRequest();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void handlesAreEqualByIdOnly() {
        Sandbox sameId = new Sandbox(client, "iabc", "0.0.0", null, null, "other.test");
        Sandbox otherId = new Sandbox(client, "ixyz", "0.5.7", "tok-iabc", null, client.domain());

        assertThat(sandbox).isEqualTo(sameId).hasSameHashCodeAs(sameId).isNotEqualTo(otherId);
    }

    @Test
    void closingAHandleKillsItsSandbox() throws Exception {
        server.enqueue(Reply.empty(204));

        try (Sandbox used = sandbox) {
            assertThat(used.id()).isEqualTo("iabc");
        }

        RecordedRequest kill = server.takeRequest();
        assertThat(kill.method()).isEqualTo("DELETE");
        assertThat(kill.target()).isEqualTo("/sandboxes/iabc");
    }

    @Test
    void closingASandboxThatIsAlreadyGoneIsNotAnError() throws Exception {
        server.enqueue(Reply.json(404, "{\"code\":404,\"message\":\"sandbox not found\"}"));

        sandbox.close();

        assertThat(server.takeRequest().method()).isEqualTo("DELETE");
    }

    @Test
    void closingWhenTheControlPlaneIsUnreachableThrowsBecauseTheSandboxMayStillRun() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SandboxClient unreachable = SandboxClient.builder().apiUrl("http://127.0.0.1:" + closedPort).build();
        Sandbox stranded = new Sandbox(unreachable, "iabc", "0.5.7", null, null, unreachable.domain());

        assertThatThrownBy(stranded::close).isInstanceOf(SandboxConnectionException.class);
    }

    @Test
    void aCloseFailureIsSuppressedByTheExceptionOfTheBlockItEnds() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SandboxClient unreachable = SandboxClient.builder().apiUrl("http://127.0.0.1:" + closedPort).build();

        assertThatThrownBy(
                        () -> {
                            try (Sandbox stranded =
                                    new Sandbox(unreachable, "iabc", "0.5.7", null, null, unreachable.domain())) {
                                throw new IllegalStateException("the task failed: " + stranded.id());
                            }
                        })
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(SandboxConnectionException.class));
    }

    @Test
    void toStringShowsTheIdButNotTheToken() {
        assertThat(sandbox.toString()).contains("iabc").doesNotContain("tok-iabc");
    }

    @Test
    void handleMethodsCallTheirEndpoints() throws Exception {
        server
                .enqueue(Reply.empty(204))
                .enqueue(Reply.empty(204))
                .enqueue(Reply.json(201, Bodies.sandbox("iabc", "0.5.7")))
                .enqueue(Reply.json(200, "[]"))
                .enqueue(Reply.empty(204));

        sandbox.setTimeout(Duration.ofSeconds(10));
        assertThat(sandbox.pause()).isTrue();
        assertThat(sandbox.connect(Duration.ofSeconds(60))).isEqualTo(sandbox);
        assertThat(sandbox.metrics()).isEmpty();
        assertThat(sandbox.kill()).isTrue();

        assertThat(server.takeRequest().target()).isEqualTo("/sandboxes/iabc/timeout");
        assertThat(server.takeRequest().target()).isEqualTo("/sandboxes/iabc/pause");
        RecordedRequest connect = server.takeRequest();
        assertThat(connect.target()).isEqualTo("/sandboxes/iabc/connect");
        assertThat(connect.bodyText()).isEqualTo("{\"timeout\":60}");
        assertThat(server.takeRequest().target()).isEqualTo("/sandboxes/iabc/metrics");
        RecordedRequest kill = server.takeRequest();
        assertThat(kill.method()).isEqualTo("DELETE");
        assertThat(kill.target()).isEqualTo("/sandboxes/iabc");
    }

    @Test
    void metricsOnAnOldEnvdFailWithoutARequest() {
        Sandbox old = new Sandbox(client, "iold", "0.1.4", null, null, client.domain());

        assertThatThrownBy(old::metrics).isExactlyInstanceOf(SandboxException.class).hasMessageContaining("0.1.5");
        assertThat(server.pendingRequests()).isZero();
    }
}
