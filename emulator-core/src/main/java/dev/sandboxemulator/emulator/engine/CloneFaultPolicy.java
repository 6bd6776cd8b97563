package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.CloneAttempt;

import java.util.Optional;

/** Where the engine asks whether a test planted a fault; {@link #NONE} in production use. */
public interface CloneFaultPolicy {

    CloneFaultPolicy NONE = new CloneFaultPolicy() {
        @Override
        public Optional<String> cloneFailure(CloneAttempt attempt) {
            return Optional.empty();
        }

        @Override
        public void beforeSnapshot(String parentId) {
        }
    };

    /** The reason this copy must fail, or empty to let it proceed. */
    Optional<String> cloneFailure(CloneAttempt attempt);

    /** Called while the parent is held suspended, before its snapshot is taken. */
    void beforeSnapshot(String parentId);
}
