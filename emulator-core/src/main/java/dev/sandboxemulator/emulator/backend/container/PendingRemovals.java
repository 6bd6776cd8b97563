package dev.sandboxemulator.emulator.backend.container;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Container removals that failed, tried again until they succeed. A removal fails when the
 * engine's daemon does not answer (stopped, or restarting in the middle of a clone); what a failed
 * clone made must still go once the daemon is back, without waiting for the emulator to close.
 */
final class PendingRemovals {
    private static final System.Logger LOG = System.getLogger(PendingRemovals.class.getName());

    private final Set<String> containers = ConcurrentHashMap.newKeySet();
    private final Consumer<String> remove;

    /** {@code remove} removes one container (by id or name), a missing one being fine, and throws when it cannot. */
    PendingRemovals(Consumer<String> remove) {
        this.remove = remove;
    }

    void add(String container) {
        containers.add(container);
    }

    boolean isEmpty() {
        return containers.isEmpty();
    }

    /** Tries each pending removal once; those that fail again stay pending. */
    void retry() {
        for (String container : List.copyOf(containers)) {
            try {
                remove.accept(container);
                containers.remove(container);
                LOG.log(System.Logger.Level.INFO, "removed container " + DockerApi.short12(container) + " on a later try");
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "removing container " + DockerApi.short12(container) + " failed again", e);
            }
        }
    }

    /** Retries until nothing is pending or {@code limit} has passed; logs what is left. */
    void drain(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        retry();
        while (!containers.isEmpty() && System.nanoTime() < deadline) {
            ContainerBackend.sleep(500);
            retry();
        }
        if (!containers.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, containers.size() + " container(s) could not be removed; the next emulator to start"
                    + " removes them once their owner has ended: " + containers);
        }
    }
}
