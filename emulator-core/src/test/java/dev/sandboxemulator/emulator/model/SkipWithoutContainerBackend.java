package dev.sandboxemulator.emulator.model;

import dev.sandboxemulator.emulator.SandboxEmulator;
import dev.sandboxemulator.emulator.behaviour.ContainerRequirement;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.SkipExecutionHook;

import java.util.Optional;

/**
 * {@link ContainerRequirement} for jqwik, whose container hooks cannot abort: skips a test class's
 * properties with the reason where the backend cannot run, unless container backends are required; the
 * property then calls {@link ContainerRequirement#assumeAvailable(String)} itself, which fails with the reason.
 */
abstract class SkipWithoutContainerBackend implements SkipExecutionHook {
    private final String backend;

    SkipWithoutContainerBackend(String backend) {
        this.backend = backend;
    }

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        Optional<String> reason = SandboxEmulator.backendUnavailableReason(backend);
        if (reason.isEmpty() || ContainerRequirement.isRequired()) {
            return SkipResult.doNotSkip();
        }
        return SkipResult.skip("the " + backend + " backend is unavailable: " + reason.get() + " (set "
                + ContainerRequirement.ENVIRONMENT_VARIABLE + "=true to fail instead of skipping)");
    }

    /** Skips where docker cannot run. */
    public static final class Docker extends SkipWithoutContainerBackend {
        public Docker() {
            super("docker");
        }
    }

    /** Skips where podman cannot run. */
    public static final class Podman extends SkipWithoutContainerBackend {
        public Podman() {
            super("podman");
        }
    }
}
