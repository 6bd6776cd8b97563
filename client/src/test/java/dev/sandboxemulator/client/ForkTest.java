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

class ForkTest {
    private static final String FORK_ENTRY =
            "{\"sandbox\":{\"sandboxID\":\"ifork0000000000000001\",\"clientID\":\"c1\",\"templateID\":\"base\","
                    + "\"envdVersion\":\"0.5.7\",\"envdAccessToken\":\"tok\",\"domain\":null,\"trafficAccessToken\":null}}";

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
    void defaultForkSendsCountOneAndLeavesTheTimeoutToTheServer() throws Exception {
        server.enqueue(Reply.json(201, "[" + FORK_ENTRY + "]"));

        ForkResult result = client.fork("iparent");

        RecordedRequest request = server.takeRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.target()).isEqualTo("/sandboxes/iparent/fork");
        assertThat(request.header("Content-Type")).contains("application/json");
        assertThat(request.bodyText()).isEqualTo("{\"count\":1}");
        assertThat(result.slots()).hasSize(1);
        Sandbox fork = result.slots().get(0).sandbox().orElseThrow();
        assertThat(fork.id()).as("no -clientID suffix, unlike clone").isEqualTo("ifork0000000000000001");
        assertThat(fork.envdAccessToken()).contains("tok");
        assertThat(fork.trafficAccessToken()).isEmpty();
        assertThat(fork.sandboxDomain()).isEqualTo(client.domain());
        assertThat(result.allSucceeded()).isTrue();
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void countAndTimeoutAreSentAsTheSdkSendsThem() throws Exception {
        server.enqueue(Reply.json(201, "[]"));

        client.fork("iparent", ForkRequest.builder().count(2).timeout(Duration.ofMillis(59_001)).build());

        assertThat(server.takeRequest().bodyText()).isEqualTo("{\"timeout\":60,\"count\":2}");
    }

    @Test
    void eachSlotErrorIsMappedFromItsCodeAsTheE2bSdkMapsIt() {
        server.enqueue(
                Reply.json(
                        201,
                        "["
                                + FORK_ENTRY
                                + ",{\"error\":{\"code\":429,\"message\":\"quota\"}}"
                                + ",{\"error\":{\"code\":401,\"message\":\"who\"}}"
                                + ",{\"error\":{\"code\":404,\"message\":\"gone\"}}"
                                + ",{\"error\":{\"code\":500,\"message\":\"restore failed\"}}"
                                + ",{}]"));

        ForkResult result = client.fork("iparent", ForkRequest.builder().count(6).build());

        assertThat(result.slots()).hasSize(6);
        assertThat(result.sandboxes()).extracting(Sandbox::id).containsExactly("ifork0000000000000001");
        assertThat(result.slots().get(1).error()).get()
                .isExactlyInstanceOf(RateLimitException.class)
                .extracting(SandboxException::statusCode).isEqualTo(429);
        assertThat(result.slots().get(2).error()).get().isExactlyInstanceOf(AuthenticationException.class);
        assertThat(result.slots().get(3).error()).get().isExactlyInstanceOf(NotFoundException.class)
                .extracting(Throwable::getMessage).isEqualTo("404: gone");
        assertThat(result.slots().get(4).error()).get().isExactlyInstanceOf(SandboxException.class)
                .extracting(Throwable::getMessage).isEqualTo("500: restore failed");
        assertThat(result.slots().get(5).error()).get().isExactlyInstanceOf(SandboxException.class)
                .extracting(Throwable::getMessage).isEqualTo("Failed to start forked sandbox");
        assertThat(result.errors()).hasSize(5);
        assertThat(result.slots().get(1).succeeded()).isFalse();
    }

    @Test
    void forkOfAnUnknownSandboxThrowsNotFound() {
        server.enqueue(Reply.json(404, "{\"code\":404,\"message\":\"not found\"}"));

        assertThatThrownBy(() -> client.fork("igone"))
                .isInstanceOf(SandboxNotFoundException.class)
                .hasMessage("Sandbox igone not found");
    }

    @Test
    void forkOfAPausedSandboxIsAStateException() {
        server.enqueue(
                Reply.json(
                        409,
                        "{\"code\":409,\"message\":\"Sandbox 'ipaused' is paused and cannot be forked; resume it first\"}"));

        assertThatThrownBy(() -> client.fork("ipaused"))
                .isExactlyInstanceOf(SandboxStateException.class)
                .hasMessage("409: Sandbox 'ipaused' is paused and cannot be forked; resume it first")
                .extracting(e -> ((SandboxException) e).statusCode())
                .isEqualTo(409);
    }

    @Test
    void aRefusedRequestIsAnInvalidArgument() {
        server.enqueue(Reply.json(400, "{\"code\":400,\"message\":\"Count must be at least 1\"}"));

        assertThatThrownBy(() -> client.fork("iparent"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("400: Count must be at least 1");
    }

    @Test
    void forkWaitsAtLeast300SecondsEvenWithAShortRequestTimeout() {
        server.enqueue(Reply.json(201, "[]").withDelay(Duration.ofMillis(700)));
        SandboxClient impatient = client.newBuilder().requestTimeout(Duration.ofMillis(200)).build();

        assertThat(impatient.fork("iparent").slots()).isEmpty();
    }

    @Test
    void requestsAreCheckedAndHaveDefaults() {
        assertThatThrownBy(() -> ForkRequest.builder().count(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("count < 1: 0");
        assertThatThrownBy(() -> ForkRequest.builder().timeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ForkRequest.builder().build()).isEqualTo(ForkRequest.DEFAULT);
        assertThat(ForkRequest.DEFAULT.newBuilder().count(3).build())
                .isEqualTo(new ForkRequest(3, Optional.empty()));
    }

    @Test
    void handleForksItself() throws Exception {
        server.enqueue(Reply.json(201, Bodies.sandbox("iparent", "0.5.7")));
        server.enqueue(Reply.json(201, "[" + FORK_ENTRY + "]"));
        Sandbox parent = client.create();

        ForkResult result = parent.fork();

        server.takeRequest();
        assertThat(server.takeRequest().target()).isEqualTo("/sandboxes/iparent/fork");
        assertThat(result.sandboxes()).hasSize(1);
    }
}
