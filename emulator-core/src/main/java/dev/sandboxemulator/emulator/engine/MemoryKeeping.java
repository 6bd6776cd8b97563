package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;

/**
 * E2B's {@code memory: false} (on pause, on connect, and {@code autoPauseMemory: false} at create)
 * asks for a filesystem-only snapshot: the sandbox's processes are dropped and it reboots on
 * resume. The emulator does not emulate that on any backend, so it refuses the request rather than
 * keep memory anyway: a test that relies on the reboot would otherwise pass here and fail against
 * the service (docs/differences.md).
 */
public final class MemoryKeeping {

    private MemoryKeeping() {
    }

    /** Accepts {@code memory} absent or {@code true}; {@code false} is a 400 naming {@code field}. */
    public static void requireKept(Boolean memory, String field) {
        if (Boolean.FALSE.equals(memory)) {
            throw new InvalidRequestException("'" + field + "': false (a filesystem-only snapshot that reboots the sandbox"
                    + " on resume) is not emulated; leave it out or set it to true to keep memory");
        }
    }
}
