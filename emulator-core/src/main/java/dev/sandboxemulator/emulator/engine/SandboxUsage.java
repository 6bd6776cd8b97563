package dev.sandboxemulator.emulator.engine;

import java.util.concurrent.atomic.AtomicInteger;

/** What a sandbox's data-plane clients hold open, counted against {@link DataPlaneLimits}. */
final class SandboxUsage {
    /** Held while a process start is counted and made, so concurrent starts cannot pass the bound together. */
    final Object processStarts = new Object();
    final AtomicInteger watches = new AtomicInteger();
}
