package dev.sandboxemulator.emulator;

import dev.sandboxemulator.emulator.backend.container.ContainerBackends;
import dev.sandboxemulator.emulator.backend.simulated.SimulatedBackend;
import dev.sandboxemulator.emulator.spi.Backend;
import dev.sandboxemulator.emulator.spi.VirtualTime;
import dev.sandboxemulator.emulator.stub.Stubs;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The backends this build offers by name ({@code simulated}, {@code docker}, {@code podman}): the one
 * place that maps a name to the code that makes the backend and to the check of whether it can run here,
 * so that {@link SandboxEmulator.Builder#backend(String)}, {@link SandboxEmulator#backendUnavailableReason}
 * and the command line cannot disagree on what a name means.
 */
final class BuiltInBackends {

    /** What a built-in backend may need from the emulator that makes it. */
    record Context(Clock clock, VirtualTime time, Stubs stubs, Map<String, String> templateImages) {
    }

    private interface Factory {
        Backend create(Context context);
    }

    private record BuiltIn(Factory factory, Supplier<Optional<String>> unavailableReason) {
    }

    private static final Map<String, BuiltIn> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("simulated", new BuiltIn(
                context -> new SimulatedBackend(context.clock(), context.time(), context.stubs()),
                Optional::empty));
        for (String engine : ContainerBackends.ENGINES) {
            BY_NAME.put(engine, new BuiltIn(
                    context -> ContainerBackends.create(engine, context.templateImages()),
                    () -> ContainerBackends.unavailableReason(engine)));
        }
    }

    private BuiltInBackends() {
    }

    /**
     * Makes the built-in backend called {@code name}.
     *
     * @throws IllegalArgumentException if this build offers no backend by that name
     */
    static Backend create(String name, Context context) {
        BuiltIn builtIn = BY_NAME.get(name);
        if (builtIn == null) {
            throw new IllegalArgumentException(unknown(name));
        }
        return builtIn.factory().create(context);
    }

    /** Why the built-in backend {@code name} cannot run on this machine; empty when it can. */
    static Optional<String> unavailableReason(String name) {
        BuiltIn builtIn = BY_NAME.get(name);
        return builtIn == null ? Optional.of(unknown(name)) : builtIn.unavailableReason().get();
    }

    private static String unknown(String name) {
        // No hint at backend(Backend) here: the command line, which has no way to plug one in, shows this too.
        return "unknown backend '" + name + "'; this build offers: " + String.join(", ", BY_NAME.keySet());
    }
}
