package dev.sandboxemulator.cli;

import dev.sandboxemulator.emulator.NoEmulatorErrorsExtension;
import dev.sandboxemulator.emulator.SandboxEmulator;
import dev.sandboxemulator.emulator.behaviour.ContainerRequirement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-slot fork errors as the official {@code e2b} SDK sees them. The standalone jar has no fault
 * API, so this test starts the emulator in-process, plants a fault that fails the second copy
 * attempted ({@code faults().failNthClone(2)}) and runs {@code npm run test:e2b-fork-faults}: a fork
 * of 3 must answer a sandbox, an error and a sandbox, in that order, and the two forks must work.
 * Node, the npm dependencies and the container backends are required or skipped as in
 * {@link StandaloneE2bSdkConformanceIT}.
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class E2bForkFaultsIT {
    private static final Map<String, Duration> TIME_LIMIT =
            Map.of("simulated", Duration.ofMinutes(2), "docker", Duration.ofMinutes(5), "podman", Duration.ofMinutes(5));

    private SandboxEmulator emulator;

    @AfterEach
    void close() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @ParameterizedTest(name = "--backend {0}")
    @ValueSource(strings = {"simulated", "docker", "podman"})
    void aForkOfThreeWhoseSecondCopyFailsGivesTheSdkASandboxAnErrorAndASandbox(String backend) throws Exception {
        NodeSuite.assumeBackendSelected(backend);
        if (!backend.equals("simulated")) {
            ContainerRequirement.assumeAvailable(backend);
        }
        NodeSuite.requireSuite();
        emulator = SandboxEmulator.builder().backend(backend).start();
        emulator.faults().failNthClone(2);

        Duration limit = TIME_LIMIT.get(backend);
        NodeSuite.Result run = NodeSuite.run("test:e2b-fork-faults",
                NodeSuite.e2bEnvironment(emulator.apiUrl(), emulator.sandboxUrl(), backend), "e2b-fork-faults-" + backend, limit);

        assertThat(run.finished()).as("the fork-faults suite finishes within %s; its output:%n%s", limit, run.output()).isTrue();
        assertThat(run.exitCode()).as("npm run test:e2b-fork-faults exit code; its output:%n%s", run.output()).isZero();
    }
}
