package dev.sandboxemulator.junit.internal;

import java.util.Optional;

/** Whether a backend can run on this machine, and if not, why. */
public final class BackendAvailability {
    private BackendAvailability() {
    }

    /** Empty when {@code backend} can run here; otherwise the reason it cannot. */
    public static Optional<String> unavailableReason(String backend) {
        if (backend.equals("simulated")) {
            return Optional.empty();
        }
        // The docker backend (containers with CRIU checkpoint/restore) is not part of this version;
        // when it is, this becomes a probe of the daemon, its experimental mode and CRIU.
        return Optional.of("the docker backend is not available in this version of sandbox-emulator;"
                + " use the simulated backend");
    }
}
