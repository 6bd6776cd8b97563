package dev.sandboxemulator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandboxemulator.client.RecordingServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SDK's two envd error tables: Connect codes from RPCs, and HTTP statuses from {@code /files}. */
class EnvdErrorMappingTest {
    private RecordingServer server;
    private Sandbox sandbox;

    @BeforeEach
    void startServer() throws Exception {
        server = new RecordingServer();
        SandboxClient client = SandboxClient.builder().apiUrl(server.url()).sandboxUrl(server.url()).build();
        sandbox = new Sandbox(client, "isbx", "0.5.7", "tok-1", null, client.domain());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @ParameterizedTest(name = "{0} from a process RPC is {1}")
    @CsvSource({
        "invalid_argument,  InvalidArgumentException, 'bad'",
        "unauthenticated,   AuthenticationException,  'bad'",
        "not_found,         NotFoundException,        'bad'",
        "unavailable,       SandboxTimeoutException,  'bad: This error is likely due to sandbox timeout'",
        "canceled,          SandboxTimeoutException,  'bad: The request was canceled'",
        "deadline_exceeded, SandboxTimeoutException,  'bad: The operation exceeded its timeout'",
        "permission_denied, SandboxException,         'permission_denied: bad'",
        "already_exists,    SandboxException,         'already_exists: bad'",
        "internal,          SandboxException,         'internal: bad'",
    })
    void connectCodesFromRpcsMapLikeTheSdk(String code, String exception, String messageStart) {
        server.enqueue(Reply.json(500, "{\"code\":\"" + code + "\",\"message\":\"bad\"}"));

        assertThatThrownBy(() -> sandbox.commands().sendStdin(1, "x"))
                .satisfies(e -> assertThat(e.getClass().getSimpleName()).isEqualTo(exception))
                .hasMessageStartingWith(messageStart);
    }

    @Test
    void notFoundFromAFilesystemRpcIsPathNotFoundException() {
        server.enqueue(Reply.json(404, "{\"code\":\"not_found\",\"message\":\"gone\"}"));

        assertThatThrownBy(() -> sandbox.files().remove("/x")).isExactlyInstanceOf(PathNotFoundException.class);
    }

    @ParameterizedTest(name = "a non-JSON {0} from an RPC is {1}")
    @CsvSource({
        "400, SandboxException,         'internal: oops'",
        "401, AuthenticationException,  'oops'",
        "403, SandboxException,         'permission_denied: oops'",
        "404, SandboxException,         'unimplemented: oops'",
        "429, SandboxTimeoutException,  'oops: This error is likely due to sandbox timeout'",
        "502, SandboxTimeoutException,  'oops: This error is likely due to sandbox timeout'",
        "503, SandboxTimeoutException,  'oops: This error is likely due to sandbox timeout'",
        "504, SandboxTimeoutException,  'oops: This error is likely due to sandbox timeout'",
        "500, SandboxException,         'unknown: oops'",
    })
    void aNonJsonRpcErrorTakesItsCodeFromTheHttpStatus(int status, String exception, String messageStart) {
        server.enqueue(Reply.text(status, "oops"));

        assertThatThrownBy(() -> sandbox.commands().list())
                .satisfies(e -> assertThat(e.getClass().getSimpleName()).isEqualTo(exception))
                .hasMessageStartingWith(messageStart);
    }

    @Test
    void envdsOwnUnauthorizedBodyWithANumericCodeIsAuthenticationException() {
        server.enqueue(
                Reply.json(
                        401,
                        "{\"code\":401,\"message\":\"unauthorized access, please provide a valid access token or method"
                                + " signing if supported\"}"));

        assertThatThrownBy(() -> sandbox.files().getInfo("/x"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageStartingWith("unauthorized access")
                .satisfies(e -> assertThat(((SandboxException) e).statusCode()).isEqualTo(401));
    }

    @ParameterizedTest(name = "HTTP {0} from /files is {1}")
    @CsvSource({
        "400, InvalidArgumentException, 'msg'",
        "401, AuthenticationException,  'msg'",
        "404, PathNotFoundException,    'msg'",
        "429, SandboxException,         'msg: The requests are being rate limited.'",
        "502, SandboxTimeoutException,  'msg: This error is likely due to sandbox timeout'",
        "507, NotEnoughSpaceException,  'msg'",
        "500, SandboxException,         '500: msg'",
    })
    void httpStatusesFromFilesMapLikeTheSdk(int status, String exception, String messageStart) {
        server.enqueue(Reply.json(status, "{\"code\":" + status + ",\"message\":\"msg\"}"));

        assertThatThrownBy(() -> sandbox.files().write("a.txt", "x"))
                .satisfies(e -> assertThat(e.getClass().getSimpleName()).isEqualTo(exception))
                .hasMessageStartingWith(messageStart)
                .satisfies(e -> assertThat(((SandboxException) e).statusCode()).isEqualTo(status));
    }

    @Test
    void sandboxNotFoundIsStillANotFoundException() {
        assertThat(new SandboxNotFoundException("Sandbox x not found")).isInstanceOf(NotFoundException.class);
        assertThat(new PathNotFoundException("no file")).isInstanceOf(NotFoundException.class);
    }
}
