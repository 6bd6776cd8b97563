package dev.sandboxemulator.emulator.engine;

import java.util.List;

/** The copies a clone made, and the id of the snapshot they were made from. */
public record CloneOutcome(List<SandboxView> clones, String snapshotTemplateId) {
    public CloneOutcome {
        clones = List.copyOf(clones);
    }
}
