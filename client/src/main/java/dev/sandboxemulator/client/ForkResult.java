package dev.sandboxemulator.client;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The answer to {@link SandboxClient#fork(String, ForkRequest)}: one slot per fork asked for, in request order, each
 * holding either a fork or its own error. Forks that succeeded are running whatever happened to the other slots; kill
 * them when done. Instances are immutable.
 *
 * @param slots the slots, in request order
 */
public record ForkResult(List<ForkSlot> slots) {
    /** Checks for nulls and makes an immutable copy of {@code slots}. */
    public ForkResult {
        slots = List.copyOf(Objects.requireNonNull(slots, "slots == null"));
    }

    /** Returns the forks that were made, in slot order. */
    public List<Sandbox> sandboxes() {
        return slots.stream().flatMap(slot -> slot.sandbox().stream()).collect(Collectors.toUnmodifiableList());
    }

    /** Returns the errors of the slots that failed, in slot order. */
    public List<SandboxException> errors() {
        return slots.stream().flatMap(slot -> slot.error().stream()).collect(Collectors.toUnmodifiableList());
    }

    /** Returns true if every slot's fork was made. */
    public boolean allSucceeded() {
        return slots.stream().allMatch(ForkSlot::succeeded);
    }
}
