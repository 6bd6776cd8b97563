package dev.sandboxemulator.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The clones made by {@link SandboxClient#clone(String, CloneRequest)}. Instances are immutable.
 *
 * @param sandboxes handles for the clones, in the server's order; fewer than requested when a non-strict clone partly
 *     failed
 * @param snapshotTemplateId the template the clones were started from, when the server reports it
 */
public record CloneResult(List<Sandbox> sandboxes, Optional<String> snapshotTemplateId) {
    /** Checks for nulls and makes an immutable copy of {@code sandboxes}. */
    public CloneResult {
        sandboxes = List.copyOf(Objects.requireNonNull(sandboxes, "sandboxes == null"));
        Objects.requireNonNull(snapshotTemplateId, "snapshotTemplateId == null");
    }

    /** Returns the number of clones made. */
    public int count() {
        return sandboxes.size();
    }
}
