package dev.sandboxemulator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandboxemulator.client.RecordingServer.Reply;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorMappingTest {
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
    void unauthorizedBecomesAuthenticationExceptionWithTheSdkMessage() {
        server.enqueue(Reply.json(401, "{\"code\":401,\"message\":\"Invalid API key\"}"));

        assertThatThrownBy(() -> client.list())
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("Unauthorized, please check your credentials. - Invalid API key")
                .satisfies(e -> assertThat(((SandboxException) e).statusCode()).isEqualTo(401));
    }

    @Test
    void tooManyRequestsBecomesRateLimitExceptionWithTheSdkMessage() {
        server.enqueue(
                Reply.json(429, "{\"code\":429,\"message\":\"you have reached the maximum number of concurrent sandboxes (5)\"}"));

        assertThatThrownBy(() -> client.create())
                .isInstanceOf(RateLimitException.class)
                .hasMessage(
                        "Rate limit exceeded, please try again later - you have reached the maximum number of concurrent "
                                + "sandboxes (5)")
                .satisfies(e -> assertThat(((SandboxException) e).statusCode()).isEqualTo(429));
    }

    @Test
    void badRequestBecomesInvalidArgumentException() {
        server.enqueue(Reply.json(400, "{\"code\":400,\"message\":\"template 'nope' not found\"}"));

        assertThatThrownBy(() -> client.create(CreateSandboxRequest.builder().template("nope").build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("400: template 'nope' not found");
    }

    @Test
    void notFoundOnANonSandboxCallIsAPlainSandboxException() {
        server.enqueue(Reply.json(404, "{\"code\":404,\"message\":\"no such route\"}"));

        assertThatThrownBy(() -> client.getQuota())
                .isExactlyInstanceOf(SandboxException.class)
                .hasMessage("404: no such route");
    }

    @Test
    void conflictOutsidePauseIsAPlainSandboxException() {
        server.enqueue(Reply.json(409, "{\"code\":409,\"message\":\"sandbox is paused\"}"));

        assertThatThrownBy(() -> client.setTimeout("iabc", Duration.ofSeconds(30)))
                .isExactlyInstanceOf(SandboxException.class)
                .hasMessage("409: sandbox is paused")
                .satisfies(e -> assertThat(((SandboxException) e).statusCode()).isEqualTo(409));
    }

    @Test
    void serverErrorKeepsStatusAndMessage() {
        server.enqueue(Reply.json(500, "{\"code\":500,\"message\":\"internal error\"}"));

        assertThatThrownBy(() -> client.getInfo("iabc"))
                .isExactlyInstanceOf(SandboxException.class)
                .hasMessage("500: internal error")
                .satisfies(e -> assertThat(((SandboxException) e).statusCode()).isEqualTo(500));
    }

    @ParameterizedTest(name = "[{index}] {0} with body {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "502 | upstream exploded            | 502: upstream exploded",
                "500 | '{\"code\":500}'             | '500: {\"code\":500}'",
                "500 | '\"just a string\"'          | 500: just a string",
                "503 | ''                           | 503: Service Unavailable",
                "418 | ''                           | 418: HTTP 418",
                "401 | ''                           | 'Unauthorized, please check your credentials. - Unauthorized'",
            })
    void messageFallsBackFromJsonMessageToBodyTextToReasonPhrase(int status, String body, String expected) {
        server.enqueue(body.isEmpty() ? Reply.empty(status) : Reply.text(status, body));

        assertThatThrownBy(() -> client.getQuota()).isInstanceOf(SandboxException.class).hasMessage(expected);
    }

    @Test
    void errorStatusWithAnEmptyBodyIsStillAnError() {
        server.enqueue(Reply.empty(500));

        assertThatThrownBy(() -> client.kill("iabc"))
                .isExactlyInstanceOf(SandboxException.class)
                .hasMessage("500: Internal Server Error");
    }

    @Test
    void connectionRefusedBecomesSandboxConnectionException() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SandboxClient unreachable = SandboxClient.builder().apiUrl("http://127.0.0.1:" + closedPort).build();

        assertThatThrownBy(() -> unreachable.getInfo("iabc"))
                .isInstanceOf(SandboxConnectionException.class)
                .hasMessageContaining("GET http://127.0.0.1:" + closedPort + "/sandboxes/iabc")
                .satisfies(
                        e -> {
                            SandboxConnectionException failure = (SandboxConnectionException) e;
                            assertThat(failure.getCause()).isInstanceOf(ConnectException.class);
                            assertThat(failure.statusCode()).isEqualTo(-1);
                        });
    }

    @Test
    void slowResponseBecomesSandboxTimeoutException() {
        server.enqueue(Reply.json(200, "[]").withDelay(Duration.ofSeconds(3)));
        SandboxClient impatient = client.newBuilder().requestTimeout(Duration.ofMillis(200)).build();

        assertThatThrownBy(impatient::list)
                .isInstanceOf(SandboxTimeoutException.class)
                .hasCauseInstanceOf(HttpTimeoutException.class)
                .satisfies(e -> assertThat(((SandboxException) e).statusCode()).isEqualTo(-1));
    }

    @Test
    void successWithAnUnparseableBodyIsAMalformedResponse() {
        server.enqueue(Reply.text(200, "<html>proxy page</html>"));

        assertThatThrownBy(() -> client.getInfo("iabc"))
                .isExactlyInstanceOf(SandboxException.class)
                .hasMessageStartingWith("Malformed response from the control plane");
    }

    @Test
    void everyErrorTypeIsASandboxException() {
        assertThat(SandboxException.class)
                .isAssignableFrom(SandboxNotFoundException.class)
                .isAssignableFrom(AuthenticationException.class)
                .isAssignableFrom(RateLimitException.class)
                .isAssignableFrom(SandboxTimeoutException.class)
                .isAssignableFrom(InvalidArgumentException.class)
                .isAssignableFrom(TemplateException.class)
                .isAssignableFrom(SandboxConnectionException.class);
        assertThat(RuntimeException.class).isAssignableFrom(SandboxException.class);
    }
}
