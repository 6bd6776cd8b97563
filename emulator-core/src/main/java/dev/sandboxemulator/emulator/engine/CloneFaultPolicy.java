package dev.sandboxemulator.emulator.engine;

import java.util.Optional;

/**
 * Where the engine asks whether a test planted a fault; {@link #NONE} in production use.
 *
 * <p>The engine describes each copy with its own {@link PlannedCopy} rather than the public
 * {@code CloneAttempt}, so that it depends on nothing in the public package; the public
 * {@code CloneFaults} adapts one to the other.
 */
public interface CloneFaultPolicy {

    CloneFaultPolicy NONE = new CloneFaultPolicy() {
        @Override
        public Optional<String> cloneFailure(PlannedCopy copy) {
            return Optional.empty();
        }

        @Override
        public void beforeSnapshot(String parentId) {
        }
    };

    /** The reason this copy must fail, or empty to let it proceed. */
    Optional<String> cloneFailure(PlannedCopy copy);

    /** Called while the parent is held suspended, before its snapshot is taken. */
    void beforeSnapshot(String parentId);

    /**
     * One copy that a clone request is about to make.
     *
     * @param parentId the sandbox being cloned
     * @param cloneId the id the copy will have if it succeeds
     * @param index this copy's position in its request, from 0
     * @param count how many copies the request asked for
     */
    record PlannedCopy(String parentId, String cloneId, int index, int count) {
    }
}
