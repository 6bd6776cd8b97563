package dev.sandboxemulator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandboxemulator.client.RecordingServer.Bodies;
import dev.sandboxemulator.client.RecordingServer.RecordedRequest;
import dev.sandboxemulator.client.RecordingServer.Reply;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CloneTest {
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
    void defaultCloneSendsCountOneNotStrict() throws Exception {
        server.enqueue(Reply.json(201, "{\"sandboxes\":[{\"sandboxID\":\"iclone1\",\"envdVersion\":\"0.5.7\"}]}"));

        CloneResult result = client.clone("iparent");

        RecordedRequest request = server.takeRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.target()).isEqualTo("/sandboxes/iparent/clone");
        assertThat(request.header("Content-Type")).contains("application/json");
        assertThat(request.bodyText()).isEqualTo("{\"count\":1,\"strict\":false}");
        assertThat(result.count()).isEqualTo(1);
        assertThat(result.sandboxes().get(0).id()).isEqualTo("iclone1");
        assertThat(result.snapshotTemplateId()).isEmpty();
    }

    @Test
    void strictCloneWithTimeoutMatchesTheSdkCapture() throws Exception {
        server.enqueue(Reply.json(201, "{\"sandboxes\":[]}"));

        client.clone(
                "iparent", CloneRequest.builder().count(2).strict(true).timeout(Duration.ofMillis(99_001)).build());

        assertThat(server.takeRequest().bodyText()).isEqualTo("{\"count\":2,\"strict\":true,\"timeout\":100}");
    }

    @Test
    void nodeIdIsSentAsNodeIdAfterTheTimeout() throws Exception {
        server.enqueue(Reply.json(201, "{\"sandboxes\":[]}"));

        client.clone("iparent", CloneRequest.builder().nodeId("node-7").timeout(Duration.ofSeconds(5)).build());

        assertThat(server.takeRequest().bodyText())
                .isEqualTo("{\"count\":1,\"strict\":false,\"timeout\":5,\"nodeID\":\"node-7\"}");
    }

    @Test
    void clientIdBecomesAnIdSuffixLikeTheSdk() {
        server.enqueue(
                Reply.json(
                        201,
                        "{\"sandboxes\":[{\"sandboxID\":\"iclone00000000000001\",\"clientID\":\"c1\",\"envdVersion\":\"0.5.7\","
                                + "\"envdAccessToken\":\"tok\",\"trafficAccessToken\":\"traffic\"},"
                                + "{\"sandboxID\":\"iclone00000000000002\",\"clientID\":\"\",\"envdVersion\":\"0.5.7\"}],"
                                + "\"snapshotTemplateId\":\"snap-tpl\"}"));

        CloneResult result = client.clone("iparent", CloneRequest.builder().count(2).build());

        assertThat(result.sandboxes())
                .extracting(Sandbox::id)
                .containsExactly("iclone00000000000001-c1", "iclone00000000000002");
        assertThat(result.sandboxes().get(0).envdAccessToken()).contains("tok");
        assertThat(result.sandboxes().get(0).trafficAccessToken()).contains("traffic");
        assertThat(result.snapshotTemplateId()).contains("snap-tpl");
        assertThat(result.count()).isEqualTo(2);
    }

    @Test
    void missingEnvdVersionDefaultsToZero() {
        server.enqueue(Reply.json(200, "{\"sandboxes\":[{\"sandboxID\":\"iclone1\"}]}"));

        Sandbox clone = client.clone("iparent").sandboxes().get(0);

        assertThat(clone.envdVersion()).isEqualTo("0.0.0");
        assertThat(clone.envdAccessToken()).isEmpty();
    }

    @Test
    void clonesUseTheConfiguredDomainWhateverTheResponseSays() {
        server.enqueue(Reply.json(201, "{\"sandboxes\":[{\"sandboxID\":\"iclone1\",\"domain\":\"elsewhere.test\"}]}"));

        assertThat(client.clone("iparent").sandboxes().get(0).sandboxDomain()).isEqualTo(client.domain());
    }

    @Test
    void cloneOfAnUnknownSandboxThrowsNotFound() {
        server.enqueue(Reply.json(404, "{\"code\":404,\"message\":\"not found\"}"));

        assertThatThrownBy(() -> client.clone("igone"))
                .isInstanceOf(SandboxNotFoundException.class)
                .hasMessage("Sandbox igone not found");
    }

    @Test
    void strictFailureSurfacesAsTheSdkMessage() {
        server.enqueue(Reply.json(400, "{\"code\":400,\"message\":\"clone failed: only 1 of 2 clones succeeded\"}"));

        assertThatThrownBy(() -> client.clone("iparent", CloneRequest.builder().count(2).strict(true).build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("400: clone failed: only 1 of 2 clones succeeded");
    }

    @Test
    void cloneOverQuotaIsARateLimit() {
        server.enqueue(Reply.json(429, "{\"code\":429,\"message\":\"cloning would exceed the quota\"}"));

        assertThatThrownBy(() -> client.clone("iparent"))
                .isInstanceOf(RateLimitException.class)
                .hasMessage("Rate limit exceeded, please try again later - cloning would exceed the quota");
    }

    @Test
    void cloneWaitsAtLeast300SecondsEvenWithAShortRequestTimeout() {
        server.enqueue(Reply.json(201, "{\"sandboxes\":[]}").withDelay(Duration.ofMillis(700)));
        SandboxClient impatient = client.newBuilder().requestTimeout(Duration.ofMillis(200)).build();

        assertThat(impatient.clone("iparent").count()).isZero();
    }

    @Test
    void countBelowOneIsRejected() {
        assertThatThrownBy(() -> CloneRequest.builder().count(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("count < 1: 0");
    }

    @Test
    void requestDefaultsAndCopies() {
        CloneRequest request = CloneRequest.builder().build();

        assertThat(request).isEqualTo(CloneRequest.DEFAULT);
        assertThat(request.timeout()).isEmpty();
        assertThat(request.nodeId()).isEmpty();
        assertThat(request.newBuilder().count(3).build())
                .isEqualTo(new CloneRequest(3, false, Optional.empty(), Optional.empty()));
    }

    @Test
    void handleClonesItself() throws Exception {
        server.enqueue(Reply.json(201, Bodies.sandbox("iparent", "0.5.7")));
        server.enqueue(Reply.json(201, "{\"sandboxes\":[{\"sandboxID\":\"iclone1\",\"envdVersion\":\"0.5.7\"}]}"));
        Sandbox parent = client.create();

        CloneResult result = parent.clone(CloneRequest.builder().count(1).build());

        server.takeRequest();
        assertThat(server.takeRequest().target()).isEqualTo("/sandboxes/iparent/clone");
        assertThat(result.sandboxes()).extracting(Sandbox::id).containsExactly("iclone1");
    }
}
