package dev.sandboxemulator.emulator.backend.container;

import dev.sandboxemulator.emulator.spi.BackendException;
import dev.sandboxemulator.emulator.spi.SandboxSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ContainerFailureContract} on Podman, and a damaged checkpoint archive. */
class PodmanFailureCleanupTest extends ContainerFailureContract {
    private static final SandboxSpec SPEC = new SandboxSpec("base", Map.of(), 1, 512, 1024);

    PodmanFailureCleanupTest() {
        super("podman");
    }

    @Test
    void aDamagedArchiveFailsTheRestoreClearlyAndLeavesNoContainer() throws IOException {
        EngineLeftovers.Inventory before = EngineLeftovers.take("podman");
        try (ContainerBackend backend = ContainerBackend.connect("podman", ContainerOptions.defaults(Map.of()))) {
            backend.create("parent", SPEC);
            PodmanEngine.PodmanArchive snapshot = (PodmanEngine.PodmanArchive) backend.snapshot("parent");
            Files.write(snapshot.archive(), new byte[] {1, 2, 3});

            assertThatThrownBy(() -> backend.restore(snapshot, "copy", SPEC))
                    .isInstanceOf(BackendException.class)
                    .hasMessageContaining("restoring sandbox copy from the checkpoint of parent failed");

            assertThat(EngineLeftovers.take("podman").containers()).as("the parent's container, and no other")
                    .hasSize(before.containers().size() + 1);
            backend.discard(snapshot);
            assertThat(snapshot.archive()).doesNotExist();
        }
        assertThat(EngineLeftovers.take("podman").newSince(before)).isEmpty();
    }
}
