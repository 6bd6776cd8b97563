package dev.sandboxemulator.emulator.envd;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.emulator.NoEmulatorErrorsExtension;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deep paths over the data plane: as deep as PATH_MAX allows works end to end; longer paths and
 * names are refused as envd refuses them, with invalid_argument (400 on /files).
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class EnvdDeepPathsTest {
    /** 2,047 one-letter directories below /: with a one-letter file, exactly PATH_MAX bytes. */
    private static final String DEEPEST_DIR = "/d".repeat(2047);

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
    void aTreeAsDeepAsPathMaxAllowsCanBeMadeUploadedStattedListedAndRemoved() {
        String file = DEEPEST_DIR + "/f";

        EnvdHttp.Reply made = envd.unary("filesystem.Filesystem/MakeDir", "{\"path\":\"" + DEEPEST_DIR + "\"}");
        HttpResponse<byte[]> uploaded = envd.post("/files?path=" + query(file), "application/octet-stream",
                "deep".getBytes(StandardCharsets.UTF_8), Map.of());
        JsonNode stat = envd.unary("filesystem.Filesystem/Stat", "{\"path\":\"" + file + "\"}").json();
        JsonNode listed = envd.unary("filesystem.Filesystem/ListDir", "{\"path\":\"/d\",\"depth\":5000}").json();
        HttpResponse<byte[]> downloaded = envd.get("/files?path=" + query(file), Map.of());
        EnvdHttp.Reply removed = envd.unary("filesystem.Filesystem/Remove", "{\"path\":\"/d\"}");

        assertThat(made.status()).isEqualTo(200);
        assertThat(uploaded.statusCode()).isEqualTo(200);
        assertThat(stat.get("entry").get("size").asText()).isEqualTo("4");
        assertThat(listed.get("entries")).hasSize(2047);
        assertThat(new String(downloaded.body(), StandardCharsets.UTF_8)).isEqualTo("deep");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(envd.unary("filesystem.Filesystem/Stat", "{\"path\":\"/d\"}").json().get("code").asText())
                .isEqualTo("not_found");
    }

    @Test
    void aHundredThousandLevelMakeDirIsRefusedAsInvalidArgument() {
        EnvdHttp.Reply reply = envd.unary("filesystem.Filesystem/MakeDir", "{\"path\":\"" + "/a".repeat(100_000) + "\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("code").asText()).isEqualTo("invalid_argument");
        assertThat(reply.json().get("message").asText()).startsWith("File name too long (ENAMETOOLONG)");
        assertThat(envd.unary("filesystem.Filesystem/Stat", "{\"path\":\"/a\"}").json().get("code").asText())
                .isEqualTo("not_found");
    }

    @Test
    void anUploadToAPathLongerThanPathMaxOrWithANameLongerThanNameMaxIsA400() {
        HttpResponse<byte[]> deep = envd.post("/files?path=" + query("/a".repeat(3000)), "application/octet-stream",
                new byte[1], Map.of());
        HttpResponse<byte[]> longName = envd.post("/files?path=" + query("/tmp/" + "n".repeat(256)),
                "application/octet-stream", new byte[1], Map.of());

        assertThat(deep.statusCode()).isEqualTo(400);
        assertThat(new String(deep.body(), StandardCharsets.UTF_8)).contains("ENAMETOOLONG");
        assertThat(longName.statusCode()).isEqualTo(400);
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
