package dev.sandboxemulator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandboxemulator.client.RecordingServer.Bodies;
import dev.sandboxemulator.client.RecordingServer.RecordedRequest;
import dev.sandboxemulator.client.RecordingServer.Reply;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ListSandboxesTest {
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
    void listWithoutFiltersSendsNoQueryString() throws Exception {
        server.enqueue(Reply.json(200, "[]"));

        SandboxPage page = client.list();

        RecordedRequest request = server.takeRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/v2/sandboxes");
        assertThat(request.query()).isNull();
        assertThat(request.header("Content-Type")).isEmpty();
        assertThat(page.sandboxes()).isEmpty();
        assertThat(page.hasNext()).isFalse();
    }

    @Test
    void filtersAreEncodedExactlyLikeTheSdkCapture() throws Exception {
        server.enqueue(Reply.json(200, "[]"));

        client.list(
                ListSandboxesRequest.builder()
                        .metadata(Map.of("a b", "c&d"))
                        .states(SandboxState.PAUSED, SandboxState.RUNNING)
                        .limit(10)
                        .build());

        assertThat(server.takeRequest().query()).isEqualTo("metadata=a%252520b%3Dc%252526d&state=running,paused&limit=10");
    }

    @Test
    void nextTokenIsSentEncodedAfterTheOtherParameters() throws Exception {
        server.enqueue(Reply.json(200, "[]"));

        client.list(ListSandboxesRequest.builder().states(Set.of(SandboxState.PAUSED)).nextToken("a/b=c").build());

        assertThat(server.takeRequest().query()).isEqualTo("state=paused&nextToken=a%2Fb%3Dc");
    }

    @Test
    void nextTokenHeaderMakesAPageWithANextRequest() throws Exception {
        server.enqueue(
                Reply.json(200, Bodies.array(Bodies.listed("i1", "running"))).withHeader("X-Next-Token", "tok-2"));
        ListSandboxesRequest first = ListSandboxesRequest.builder().putMetadata("env", "dev").limit(1).build();

        SandboxPage page = client.list(first);

        assertThat(page.hasNext()).isTrue();
        assertThat(page.nextToken()).contains("tok-2");
        assertThat(page.request()).isEqualTo(first);
        assertThat(page.nextRequest())
                .isEqualTo(ListSandboxesRequest.builder().putMetadata("env", "dev").limit(1).nextToken("tok-2").build());
    }

    @Test
    void emptyNextTokenHeaderMeansTheLastPage() {
        server.enqueue(Reply.json(200, "[]").withHeader("X-Next-Token", ""));

        SandboxPage page = client.list();

        assertThat(page.hasNext()).isFalse();
        assertThatThrownBy(page::nextRequest).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void listedSandboxesAreMappedToInfo() {
        server.enqueue(
                Reply.json(
                        200,
                        "[{\"sandboxID\":\"i1\",\"clientID\":\"c\",\"templateID\":\"tpl\",\"alias\":\"my-alias\","
                                + "\"metadata\":{\"env\":\"dev\"},\"startedAt\":\"2026-01-02T03:04:05.123456Z\","
                                + "\"endAt\":\"2026-01-02T05:04:05+02:00\",\"state\":\"paused\",\"cpuCount\":2,\"memoryMB\":512,"
                                + "\"diskSizeMB\":1024,\"envdVersion\":\"0.5.7\",\"volumeMounts\":[]},"
                                + Bodies.listed("i2", "running")
                                + "]"));

        List<SandboxInfo> sandboxes = client.list().sandboxes();

        assertThat(sandboxes).hasSize(2);
        SandboxInfo first = sandboxes.get(0);
        assertThat(first.sandboxId()).isEqualTo("i1");
        assertThat(first.templateId()).isEqualTo("tpl");
        assertThat(first.alias()).contains("my-alias");
        assertThat(first.metadata()).containsExactlyEntriesOf(Map.of("env", "dev"));
        assertThat(first.startedAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05.123456Z"));
        assertThat(first.endAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(first.state()).isEqualTo(SandboxState.PAUSED);
        assertThat(first.cpuCount()).isEqualTo(2);
        assertThat(first.memoryMb()).isEqualTo(512);
        assertThat(first.diskSizeMb()).isEqualTo(1024);
        assertThat(first.envdVersion()).isEqualTo("0.5.7");
        assertThat(first.lifecycle()).isEmpty();
        assertThat(first.allowInternetAccess()).isEmpty();
        assertThat(sandboxes.get(1).metadata()).isEmpty();
        assertThat(sandboxes.get(1).alias()).isEmpty();
    }

    @Test
    void listAllFollowsThePagesLazily() throws Exception {
        server
                .enqueue(Reply.json(200, Bodies.array(Bodies.listed("i1", "running"))).withHeader("X-Next-Token", "p2"))
                .enqueue(Reply.json(200, "[]").withHeader("X-Next-Token", "p3"))
                .enqueue(Reply.json(200, Bodies.array(Bodies.listed("i2", "running"), Bodies.listed("i3", "paused"))));

        Stream<SandboxInfo> all = client.listAll(ListSandboxesRequest.builder().limit(2).build());
        assertThat(server.pendingRequests()).isZero();

        List<String> ids = all.map(SandboxInfo::sandboxId).collect(Collectors.toList());

        assertThat(ids).containsExactly("i1", "i2", "i3");
        assertThat(server.takeRequest().query()).isEqualTo("limit=2");
        assertThat(server.takeRequest().query()).isEqualTo("limit=2&nextToken=p2");
        assertThat(server.takeRequest().query()).isEqualTo("limit=2&nextToken=p3");
    }

    @Test
    void listAllStopsFetchingWhenTheConsumerHasEnough() throws Exception {
        server.enqueue(
                Reply.json(200, Bodies.array(Bodies.listed("i1", "running"))).withHeader("X-Next-Token", "p2"));

        assertThat(client.listAll(ListSandboxesRequest.ALL).findFirst()).map(SandboxInfo::sandboxId).contains("i1");

        server.takeRequest();
        assertThat(server.pendingRequests()).isZero();
    }

    @Test
    void unknownStateInAResponseIsAMalformedResponse() {
        server.enqueue(Reply.json(200, Bodies.array(Bodies.listed("i1", "exploded"))));

        assertThatThrownBy(() -> client.list()).isExactlyInstanceOf(SandboxException.class).hasMessageContaining("exploded");
    }

    @Test
    void requestRejectsLimitsBelowOne() {
        assertThatThrownBy(() -> ListSandboxesRequest.builder().limit(0).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stateWireValuesRoundTrip() {
        assertThat(SandboxState.fromWire("running")).isEqualTo(SandboxState.RUNNING);
        assertThat(SandboxState.fromWire("PAUSED")).isEqualTo(SandboxState.PAUSED);
        assertThat(SandboxState.PAUSED.wireValue()).isEqualTo("paused");
        assertThatThrownBy(() -> SandboxState.fromWire("killed")).isInstanceOf(IllegalArgumentException.class);
    }
}
