package dev.sandboxemulator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandboxemulator.client.RecordingServer.Bodies;
import dev.sandboxemulator.client.RecordingServer.RecordedRequest;
import dev.sandboxemulator.client.RecordingServer.Reply;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CreateSandboxTest {
    private RecordingServer server;
    private SandboxClient client;

    @BeforeEach
    void startServer() throws Exception {
        server = new RecordingServer();
        client = server.client();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void defaultCreateSendsTheSdkDefaultBody() throws Exception {
        server.enqueue(Reply.json(201, Bodies.sandbox("iaaaa", "0.5.7")));

        client.create();

        RecordedRequest request = server.takeRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.target()).isEqualTo("/sandboxes");
        assertThat(request.header("Content-Type")).contains("application/json");
        assertThat(request.header("User-Agent")).contains("sandbox-emulator-java-client/0.1.0");
        assertThat(request.bodyText())
                .isEqualTo(
                        "{\"templateID\":\"base\",\"timeout\":300,\"secure\":true,\"allow_internet_access\":true,"
                                + "\"autoPause\":false}");
    }

    @Test
    void createWithMetadataAndEnvsMatchesTheSdkCapture() throws Exception {
        server.enqueue(Reply.json(201, Bodies.sandbox("iaaaa", "0.5.7")));

        client.create(
                CreateSandboxRequest.builder()
                        .putMetadata("k", "v")
                        .putEnv("E", "1")
                        .timeout(Duration.ofMillis(120_500))
                        .build());

        assertThat(server.takeRequest().bodyText())
                .isEqualTo(
                        "{\"templateID\":\"base\",\"metadata\":{\"k\":\"v\"},\"envVars\":{\"E\":\"1\"},\"timeout\":121,"
                                + "\"secure\":true,\"allow_internet_access\":true,\"autoPause\":false}");
    }

    @Test
    void timeoutIsRoundedUpToWholeSecondsButExactSecondsStay() throws Exception {
        server.enqueue(Reply.json(201, Bodies.sandbox("iaaaa", "0.5.7")));
        server.enqueue(Reply.json(201, Bodies.sandbox("ibbbb", "0.5.7")));

        client.create(CreateSandboxRequest.builder().timeout(Duration.ofMillis(1)).build());
        client.create(CreateSandboxRequest.builder().timeout(Duration.ofSeconds(60)).build());

        assertThat(server.takeRequest().bodyText()).contains("\"timeout\":1,");
        assertThat(server.takeRequest().bodyText()).contains("\"timeout\":60,");
    }

    @Test
    void pauseOnTimeoutSendsAutoPauseAndAutoResume() throws Exception {
        server.enqueue(Reply.json(201, Bodies.sandbox("iaaaa", "0.5.7")));
        server.enqueue(Reply.json(201, Bodies.sandbox("ibbbb", "0.5.7")));

        client.create(CreateSandboxRequest.builder().lifecycle(Lifecycle.pauseOnTimeout(true)).build());
        client.create(CreateSandboxRequest.builder().lifecycle(Lifecycle.pauseOnTimeout(false)).build());

        assertThat(server.takeRequest().bodyText())
                .endsWith("\"autoPause\":true,\"autoResume\":{\"enabled\":true}}");
        assertThat(server.takeRequest().bodyText())
                .endsWith("\"autoPause\":true,\"autoResume\":{\"enabled\":false}}");
    }

    @Test
    void everyOptionReachesTheBody() throws Exception {
        server.enqueue(Reply.json(201, Bodies.sandbox("iaaaa", "0.5.7")));

        client.create(
                CreateSandboxRequest.builder()
                        .template("my-template:v2")
                        .timeout(Duration.ofMinutes(10))
                        .secure(false)
                        .allowInternetAccess(false)
                        .build());

        assertThat(server.takeRequest().bodyText())
                .isEqualTo(
                        "{\"templateID\":\"my-template:v2\",\"timeout\":600,\"secure\":false,"
                                + "\"allow_internet_access\":false,\"autoPause\":false}");
    }

    @Test
    void metadataKeepsItsInsertionOrder() throws Exception {
        server.enqueue(Reply.json(201, Bodies.sandbox("iaaaa", "0.5.7")));

        client.create(
                CreateSandboxRequest.builder().putMetadata("z", "1").putMetadata("a", "2").putMetadata("m", "3").build());

        assertThat(server.takeRequest().bodyText()).contains("\"metadata\":{\"z\":\"1\",\"a\":\"2\",\"m\":\"3\"}");
    }

    @Test
    void responseBecomesAHandleAndClientIdIsIgnored() {
        server.enqueue(
                Reply.json(
                        201,
                        "{\"sandboxID\":\"iq721h44siv24wmyrh5oc\",\"clientID\":\"c0ffee00\",\"templateID\":\"base\","
                                + "\"envdVersion\":\"0.5.7\",\"envdAccessToken\":\"envd-token\",\"trafficAccessToken\":\"traffic\","
                                + "\"domain\":\"\",\"somethingNew\":[1,2,3]}"));

        Sandbox sandbox = client.create();

        assertThat(sandbox.id()).isEqualTo("iq721h44siv24wmyrh5oc");
        assertThat(sandbox.envdVersion()).isEqualTo("0.5.7");
        assertThat(sandbox.envdAccessToken()).contains("envd-token");
        assertThat(sandbox.trafficAccessToken()).contains("traffic");
        assertThat(sandbox.sandboxDomain()).isEqualTo(client.domain());
        assertThat(sandbox.client()).isSameAs(client);
    }

    @Test
    void responseDomainIsUsedWhenTheServerSendsOne() {
        server.enqueue(
                Reply.json(
                        201,
                        "{\"sandboxID\":\"iaaaa\",\"clientID\":\"c\",\"templateID\":\"base\",\"envdVersion\":\"0.5.7\","
                                + "\"domain\":\"other.test\"}"));

        assertThat(client.create().sandboxDomain()).isEqualTo("other.test");
    }

    @Test
    void tooOldEnvdKillsTheSandboxAndThrowsTemplateException() throws Exception {
        server.enqueue(Reply.json(201, Bodies.sandbox("iold", "0.0.9")));
        server.enqueue(Reply.empty(204));

        assertThatThrownBy(() -> client.create())
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("iold")
                .hasMessageContaining("0.0.9");

        server.takeRequest();
        RecordedRequest kill = server.takeRequest();
        assertThat(kill.method()).isEqualTo("DELETE");
        assertThat(kill.target()).isEqualTo("/sandboxes/iold");
    }

    @Test
    void aFailedCleanupKillIsAttachedAsSuppressed() {
        server.enqueue(Reply.json(201, Bodies.sandbox("iold", "0.0.1")));
        server.enqueue(Reply.json(500, "{\"code\":500,\"message\":\"boom\"}"));

        assertThatThrownBy(() -> client.create())
                .isInstanceOf(TemplateException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    }

    @Test
    void responseWithoutSandboxIdIsAMalformedResponse() {
        server.enqueue(Reply.json(201, "{\"envdVersion\":\"0.5.7\"}"));

        assertThatThrownBy(() -> client.create())
                .isExactlyInstanceOf(SandboxException.class)
                .hasMessageContaining("sandboxID");
    }

    @Test
    void autoResumeWithoutPauseIsRejected() {
        assertThatThrownBy(
                        () -> CreateSandboxRequest.builder().lifecycle(new Lifecycle(Lifecycle.OnTimeout.KILL, true)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("autoResume requires onTimeout == PAUSE");
    }

    @Test
    void requestRejectsNegativeTimeoutsAndNullMapEntries() {
        assertThatThrownBy(() -> CreateSandboxRequest.builder().timeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class);
        Map<String, String> withNull = new HashMap<>();
        withNull.put("k", null);
        assertThatThrownBy(() -> CreateSandboxRequest.builder().metadata(withNull).build())
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void requestIsImmutableAndNewBuilderCopiesIt() {
        Map<String, String> metadata = new HashMap<>(Map.of("k", "v"));
        CreateSandboxRequest request = CreateSandboxRequest.builder().metadata(metadata).build();
        metadata.put("later", "x");

        assertThat(request.metadata()).containsOnlyKeys("k");
        assertThatThrownBy(() -> request.metadata().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        CreateSandboxRequest copy = request.newBuilder().template("other").build();
        assertThat(copy.metadata()).isEqualTo(request.metadata());
        assertThat(copy.template()).isEqualTo("other");
        assertThat(request.template()).isEqualTo("base");
    }
}
