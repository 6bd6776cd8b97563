package dev.sandboxemulator.emulator;

import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(NoEmulatorErrorsExtension.class)
class SandboxMemoryTest {

    @Test
    void sandboxesHave512MiBUnlessTheEmulatorIsToldOtherwise() {
        try (SandboxEmulator emulator = SandboxEmulator.builder().start()) {
            SandboxClient client = clientOf(emulator);

            assertThat(client.create().info().memoryMb()).isEqualTo(512);
        }
    }

    @Test
    void aSandboxAndItsClonesHaveTheMemoryTheEmulatorWasGiven() {
        try (SandboxEmulator emulator = SandboxEmulator.builder().sandboxMemoryMb(2048).start()) {
            SandboxClient client = clientOf(emulator);
            Sandbox parent = client.create();
            Sandbox copy = parent.clone(CloneRequest.DEFAULT).sandboxes().get(0);

            assertThat(parent.info().memoryMb()).isEqualTo(2048);
            assertThat(copy.info().memoryMb()).isEqualTo(2048);
            assertThat(client.getQuota().limit().maxRamMb()).isEqualTo(2048);
            assertThat(client.getQuota().usage().concurrentRamMb()).isEqualTo(2 * 2048);
        }
    }

    @Test
    void lessThan64MiBIsRefusedWhenTheEmulatorIsBuilt() {
        assertThatThrownBy(() -> SandboxEmulator.builder().sandboxMemoryMb(63))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 64 MiB, was 63");
    }

    private static SandboxClient clientOf(SandboxEmulator emulator) {
        return SandboxClient.builder().apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl()).apiKey(emulator.apiKey()).build();
    }
}
