package dev.sandboxemulator.bench.simulated;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The memory measurement itself, run in a JVM of its own (see {@link RetainedHeap}) so that nothing
 * else lives on its heap: the used heap after full collections, before and after making N items,
 * divided by N. Prints one {@code retained<TAB>row<TAB>bytes per item} line per sample.
 *
 * <p>Usage: {@code RetainedHeapProbe <samples>}.
 */
public final class RetainedHeapProbe {
    static final String EMPTY = "an empty sandbox";
    static final String FILLED = "a sandbox holding 64 MiB of files";
    static final String CLONE = "a clone of that sandbox";
    static final int EMPTY_SANDBOXES = 200;
    static final int FILLED_SANDBOXES = 4;
    static final int CLONES = 50;
    static final int FILLED_MIB = 64;

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    /** The pause between two readings of the heap. */
    private static final long SETTLE_MILLIS = 100;

    private RetainedHeapProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        int samples = Integer.parseInt(args[0]);
        try (InProcessEngine engine = new InProcessEngine()) {
            // one unrecorded round first, so that class loading and the JIT's first allocations are not counted
            for (int round = 0; round <= samples; round++) {
                boolean recorded = round > 0;
                measure(engine, EMPTY, EMPTY_SANDBOXES, recorded, () -> engine.create().sandboxId());
                measure(engine, FILLED, FILLED_SANDBOXES, recorded, () -> filled(engine));
                String parent = filled(engine);
                try {
                    measure(engine, CLONE, CLONES, recorded, () -> engine.clone(parent, 1).get(0));
                } finally {
                    engine.kill(parent);
                }
            }
        }
    }

    private static String filled(InProcessEngine engine) {
        String id = engine.create().sandboxId();
        ParentFiles.data(engine.fileSystem(id), FILLED_MIB);
        return id;
    }

    /** Makes {@code count} items, prints the heap they retain each, then kills them. */
    private static void measure(InProcessEngine engine, String row, int count, boolean recorded, Supplier<String> make)
            throws InterruptedException {
        List<String> made = new ArrayList<>();
        try {
            long before = usedAfterGc();
            for (int i = 0; i < count; i++) {
                made.add(make.get());
            }
            long after = usedAfterGc();
            if (recorded) {
                System.out.println("retained\t" + row + "\t" + (after - before) / (double) count);
            }
        } finally {
            engine.killAll(made);
        }
    }

    /**
     * The heap in use once full collections stop freeing anything (this JVM runs the serial collector).
     * Killed sandboxes are let go of a little after their kill returns (their processes' last tasks run on
     * the scheduler's thread), so it collects until two readings a moment apart agree to within a KiB.
     */
    private static long usedAfterGc() throws InterruptedException {
        long previous = collect();
        for (int i = 0; i < 20; i++) {
            Thread.sleep(SETTLE_MILLIS);
            long now = collect();
            if (Math.abs(now - previous) < 1024) {
                return Math.min(now, previous);
            }
            previous = now;
        }
        throw new IllegalStateException("the heap in use did not settle: last reading " + previous + " bytes");
    }

    private static long collect() {
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
