package dev.sandboxemulator.emulator.stub;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The registry of stubbed commands. Thread-safe; one per emulator.
 *
 * <p>When a simulated script runs a simple command, the emulator asks {@link #find} for a stub
 * before it looks at its own builtins, so a stub can also replace {@code ls} or {@code cat}. Stubs
 * registered for a sandbox win over global ones; among equals, the latest registration wins. A
 * sandbox's stubs do not carry over to its clones, which have ids of their own.
 */
public final class Stubs {
    private final List<Entry> entries;
    /** Which sandboxes this view's registrations apply to; null for the whole registry. */
    private final Predicate<String> scope;

    public Stubs() {
        this(new CopyOnWriteArrayList<>(), null);
    }

    private Stubs(List<Entry> entries, Predicate<String> scope) {
        this.entries = entries;
        this.scope = scope;
    }

    /**
     * A view of this registry whose registrations apply only to the sandboxes {@code sandboxFilter}
     * accepts, and whose {@link #clear()} removes only its own: what keeps one test's stubs away
     * from the sandboxes of tests running beside it.
     */
    public Stubs scoped(Predicate<String> sandboxFilter) {
        Objects.requireNonNull(sandboxFilter, "sandboxFilter");
        return new Stubs(entries, scope == null ? sandboxFilter : scope.and(sandboxFilter));
    }

    /** Registers a stub for every sandbox; close the returned registration to remove it. */
    public Registration register(CommandMatcher matcher, StubBehavior behavior) {
        return add(new Entry(null, scope, matcher, behavior));
    }

    /** Registers a stub for one sandbox; it wins over global stubs there. */
    public Registration register(String sandboxId, CommandMatcher matcher, StubBehavior behavior) {
        return add(new Entry(Objects.requireNonNull(sandboxId, "sandboxId"), scope, matcher, behavior));
    }

    /** The behavior that answers {@code commandLine} in {@code sandboxId}, if any stub matches. */
    public Optional<StubBehavior> find(String sandboxId, String commandLine) {
        Object[] snapshot = entries.toArray();
        for (int i = snapshot.length - 1; i >= 0; i--) {
            Entry entry = (Entry) snapshot[i];
            if (entry.sandboxId != null && entry.sandboxId.equals(sandboxId) && entry.appliesTo(sandboxId)
                    && entry.matcher.matches(commandLine)) {
                return Optional.of(entry.behavior);
            }
        }
        for (int i = snapshot.length - 1; i >= 0; i--) {
            Entry entry = (Entry) snapshot[i];
            if (entry.sandboxId == null && entry.appliesTo(sandboxId) && entry.matcher.matches(commandLine)) {
                return Optional.of(entry.behavior);
            }
        }
        return Optional.empty();
    }

    /** Removes every stub registered through this registry (or, for a {@linkplain #scoped scoped} view, through it). */
    public void clear() {
        if (scope == null) {
            entries.clear();
        } else {
            entries.removeIf(entry -> entry.scope == scope);
        }
    }

    private Registration add(Entry entry) {
        entries.add(entry);
        return new Registration(this, entry);
    }

    /** A registered stub; {@link #close()} removes it (again is harmless). */
    public static final class Registration implements AutoCloseable {
        private final Stubs owner;
        private final Entry entry;

        private Registration(Stubs owner, Entry entry) {
            this.owner = owner;
            this.entry = entry;
        }

        @Override
        public void close() {
            owner.entries.remove(entry);
        }

        @Override
        public String toString() {
            return "Stubs.Registration[" + (entry.sandboxId == null ? "global" : entry.sandboxId) + ", "
                    + entry.matcher + "]";
        }
    }

    private static final class Entry {
        final String sandboxId;
        final Predicate<String> scope;
        final CommandMatcher matcher;
        final StubBehavior behavior;

        Entry(String sandboxId, Predicate<String> scope, CommandMatcher matcher, StubBehavior behavior) {
            this.sandboxId = sandboxId;
            this.scope = scope;
            this.matcher = Objects.requireNonNull(matcher, "matcher");
            this.behavior = Objects.requireNonNull(behavior, "behavior");
        }

        boolean appliesTo(String sandbox) {
            return scope == null || scope.test(sandbox);
        }
    }
}
