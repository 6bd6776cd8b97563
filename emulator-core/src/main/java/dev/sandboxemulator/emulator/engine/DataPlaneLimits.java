package dev.sandboxemulator.emulator.engine;

/**
 * Per-sandbox bounds on what data-plane clients can pile up, so that one client's loop cannot
 * exhaust the emulator's memory or threads. Past a bound, the call is refused with a 429
 * ({@code resource_exhausted} on RPCs) and nothing is started.
 */
public final class DataPlaneLimits {
    /** Processes running at once in one sandbox; a real sandbox runs out of memory long before. */
    public static final int MAX_PROCESSES = 1024;
    /** Open {@code WatchDir} streams of one sandbox: Linux's default {@code fs.inotify.max_user_instances}. */
    public static final int MAX_WATCHES = 128;

    private DataPlaneLimits() {
    }
}
