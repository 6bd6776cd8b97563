package dev.sandboxemulator.emulator.envd;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.emulator.NoEmulatorErrorsExtension;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client's mistakes on the data plane are answered as the client's mistakes: a Connect
 * {@code invalid_argument} on RPCs and a 400 JSON body on {@code /files}, never a 500.
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class EnvdBadInputTest {

    private SandboxEmulator emulator;
    private EnvdHttp envd;

    @BeforeEach
    void createSandbox() {
        emulator = SandboxEmulator.builder().manualClock().start();
        envd = EnvdHttp.forNewSandbox(HttpClient.newHttpClient(), emulator);
    }

    @AfterEach
    void close() {
        emulator.close();
    }

    @Test
    void aNulByteInADownloadPathIsA400() throws IOException {
        HttpResponse<byte[]> response = envd.get("/files?path=/home/user/a%00b", Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = EnvdHttp.JSON.readTree(response.body());
        assertThat(body.get("code").asInt()).isEqualTo(400);
        assertThat(body.get("message").asText()).contains("NUL");
    }

    @Test
    void aNulByteInAnUploadPathIsA400() throws IOException {
        HttpResponse<byte[]> response = envd.post("/files?path=/home/user/a%00b", "application/octet-stream",
                "x".getBytes(StandardCharsets.UTF_8), Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EnvdHttp.JSON.readTree(response.body()).get("code").asInt()).isEqualTo(400);
    }

    @Test
    void aNulByteInAFilesystemRpcPathIsInvalidArgument() {
        for (String procedure : List.of("filesystem.Filesystem/Stat", "filesystem.Filesystem/MakeDir",
                "filesystem.Filesystem/ListDir", "filesystem.Filesystem/Remove")) {
            EnvdHttp.Reply reply = envd.unary(procedure, "{\"path\":\"/home/user/a\\u0000b\"}");

            assertThat(reply.status()).as(procedure + " → " + reply).isEqualTo(400);
            assertThat(reply.json().get("code").asText()).isEqualTo("invalid_argument");
        }
    }

    @Test
    void aNulByteInTheWorkingDirectoryOfAProcessIsInvalidArgument() {
        try (EnvdHttp.Stream stream = envd.stream("process.Process/Start",
                "{\"process\":{\"cmd\":\"/bin/bash\",\"args\":[\"-c\",\"pwd\"],\"cwd\":\"/home/user/a\\u0000b\"}}", 10_000)) {
            EnvdHttp.Envelope end = stream.next();

            assertThat(stream.status()).isEqualTo(200);
            assertThat(end.isEndStream()).isTrue();
            assertThat(end.message().at("/error/code").asText()).isEqualTo("invalid_argument");
            assertThat(end.message().at("/error/message").asText()).contains("NUL");
        }
    }

    @Test
    void aDeadlineTooLongForAnyClockStillStartsTheProcess() {
        try (EnvdHttp.Stream stream = envd.stream("process.Process/Start",
                "{\"process\":{\"cmd\":\"/bin/bash\",\"args\":[\"-c\",\"echo ok\"]}}", Long.MAX_VALUE)) {
            EnvdHttp.Envelope first = stream.next();

            assertThat(first.message().at("/event/start/pid").asInt()).as(first.toString()).isPositive();
        }
    }
}
