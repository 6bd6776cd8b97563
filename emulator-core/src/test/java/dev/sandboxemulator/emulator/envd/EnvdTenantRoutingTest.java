package dev.sandboxemulator.emulator.envd;

import dev.sandboxemulator.emulator.NoEmulatorErrorsExtension;
import dev.sandboxemulator.emulator.SandboxEmulator;
import dev.sandboxemulator.emulator.SandboxTeam;
import dev.sandboxemulator.emulator.SandboxTenant;
import dev.sandboxemulator.emulator.TenantOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data plane routes within one tenant: each tenant has a data-plane URL of its own, and a
 * request there reaches only that tenant's sandboxes. Tests that share one emulator (parallel
 * {@code @SandboxTest}s) therefore cannot reach each other's sandboxes through a link that names
 * none, and a link that names none still finds the tenant's only running sandbox whatever the
 * others run.
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class EnvdTenantRoutingTest {
    private final SandboxEmulator emulator = SandboxEmulator.builder().start();
    private final SandboxTenant alice = emulator.newTenant(TenantOptions.defaults());
    private final SandboxTenant bob = emulator.newTenant(TenantOptions.defaults());
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        emulator.close();
    }

    @Test
    void aLinkThatNamesNoSandboxReachesTheTenantsOnlyRunningSandboxWhateverOtherTenantsRun() {
        EnvdHttp mine = EnvdHttp.forNewSandbox(http, alice);
        EnvdHttp.forNewSandbox(http, bob);
        EnvdHttp.forNewSandbox(http, emulator);
        alice.fileSystem(mine.sandboxId()).write("/home/user/note.txt", "alice's".getBytes(StandardCharsets.UTF_8));

        HttpResponse<byte[]> download = unnamed(alice).get("/files?path=note.txt", Map.of());

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(new String(download.body(), StandardCharsets.UTF_8)).isEqualTo("alice's");
    }

    @Test
    void aLinkThatNamesNoSandboxNeverReachesAnotherTenantsSandbox() {
        EnvdHttp theirs = EnvdHttp.forNewSandbox(http, bob);
        bob.fileSystem(theirs.sandboxId()).write("/home/user/secret.txt", "bob's".getBytes(StandardCharsets.UTF_8));

        for (SandboxTeam other : new SandboxTeam[] {alice, emulator}) {
            HttpResponse<byte[]> download = unnamed(other).get("/files?path=secret.txt", Map.of());
            assertThat(download.statusCode()).as("through %s", other.sandboxUrl()).isEqualTo(400);
            assertThat(new String(download.body(), StandardCharsets.UTF_8)).contains("missing Novita-Sandbox-Id header")
                    .doesNotContain("bob's");
        }
    }

    @Test
    void aTenantsUrlServesAnotherTenantsSandboxToNobodyEvenByName() {
        EnvdHttp theirs = EnvdHttp.forNewSandbox(http, bob);
        EnvdHttp throughAlice = new EnvdHttp(http, alice.sandboxUrl(), theirs.sandboxId(), null);

        EnvdHttp.Reply listed = throughAlice.unary("filesystem.Filesystem/ListDir", "{\"path\":\"/\"}");
        assertThat(listed.status()).isEqualTo(502);
        assertThat(listed.json().get("code").asText()).isEqualTo("unavailable");
        assertThat(listed.json().get("message").asText()).contains("is not running");
        assertThat(throughAlice.get("/files?path=/etc/hostname", Map.of()).statusCode()).isEqualTo(502);
        assertThat(throughAlice.get("/health", Map.of()).statusCode()).isEqualTo(502);

        assertThat(theirs.get("/health", Map.of()).statusCode()).as("through bob's own URL").isEqualTo(204);
        assertThat(theirs.unary("filesystem.Filesystem/ListDir", "{\"path\":\"/\"}").status()).isEqualTo(200);
    }

    @Test
    void aClosedTenantsUrlAnswersThatNothingRunsThere() {
        EnvdHttp mine = EnvdHttp.forNewSandbox(http, alice);
        String url = alice.sandboxUrl();
        alice.close();

        EnvdHttp afterwards = new EnvdHttp(http, url, mine.sandboxId(), null);
        assertThat(afterwards.get("/health", Map.of()).statusCode()).isEqualTo(502);
        EnvdHttp.Reply listed = afterwards.unary("filesystem.Filesystem/ListDir", "{\"path\":\"/\"}");
        assertThat(listed.status()).isEqualTo(502);
        assertThat(listed.json().get("code").asText()).isEqualTo("unavailable");
    }

    /** A client of {@code tenant}'s data plane that names no sandbox, as a link from downloadUrl() is used. */
    private EnvdHttp unnamed(SandboxTeam tenant) {
        return new EnvdHttp(http, tenant.sandboxUrl(), null, null);
    }
}
