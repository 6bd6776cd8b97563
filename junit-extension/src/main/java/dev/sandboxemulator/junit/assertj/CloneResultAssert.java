package dev.sandboxemulator.junit.assertj;

import dev.sandboxemulator.client.CloneResult;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxState;
import dev.sandboxemulator.junit.assertj.error.EachCloneShould;
import dev.sandboxemulator.junit.assertj.error.ShouldBeDistinctClones;
import dev.sandboxemulator.junit.assertj.error.ShouldHaveCloneCount;
import org.assertj.core.api.AbstractAssert;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Assertions on the clones of a {@link CloneResult}, reached through
 * {@link SandboxAssertions#assertThat(CloneResult)}. The {@code each…} assertions check every clone with the matching
 * {@link SandboxAssert} assertion and fail once, naming every clone that failed together with what it held.
 *
 * <p>A result with no clones fails the {@code each…} and {@code all…} assertions instead of passing them
 * vacuously: a non-strict clone that made nothing should not look like a clone that made everything right. Check
 * the count first with {@link #hasCount(int)}.
 *
 * <pre>{@code
 * CloneResult clones = parent.clone(CloneRequest.builder().count(3).build());
 * assertThat(clones)
 *         .hasCount(3)
 *         .allDistinctFrom(parent)
 *         .allRunning()
 *         .eachHasFileWithContent("/tmp/state", "warm\n");
 * }</pre>
 */
public final class CloneResultAssert extends AbstractAssert<CloneResultAssert, CloneResult> {

    CloneResultAssert(CloneResult actual) {
        super(actual, CloneResultAssert.class);
    }

    /**
     * Verifies how many clones the result holds. The failure message lists their IDs.
     *
     * <p>Assertion will pass :
     * <pre>{@code assertThat(parent.clone(CloneRequest.builder().count(2).build())).hasCount(2);}</pre>
     *
     * @param expected the expected number of clones
     * @return this assertion object
     * @throws AssertionError if the result holds another number of clones
     */
    public CloneResultAssert hasCount(int expected) {
        isNotNull();
        if (actual.count() != expected) {
            throw assertionError(ShouldHaveCloneCount.shouldHaveCloneCount(expected, ids()));
        }
        return myself;
    }

    /**
     * Verifies that the control plane reports every clone as running. The failure message names each clone that is
     * not, with its state or the fact that it is gone.
     *
     * @return this assertion object
     * @throws AssertionError if any clone is paused or gone, or there are no clones
     * @see SandboxAssert#isRunning()
     */
    public CloneResultAssert allRunning() {
        return each("to be in state " + SandboxState.RUNNING, clone -> new SandboxAssert(clone).isRunning());
    }

    /**
     * Verifies that every clone has a regular file at {@code path}. The failure message names each clone without it
     * and lists what its directory holds.
     *
     * <p>Assertion will pass :
     * <pre>{@code
     * parent.files().write("/tmp/state", "warm\n");
     * assertThat(parent.clone(CloneRequest.builder().count(2).build())).eachHasFile("/tmp/state");
     * }</pre>
     *
     * @param path the file's path
     * @return this assertion object
     * @throws AssertionError if any clone lacks the file, or there are no clones
     * @see SandboxAssert#hasFile(String)
     */
    public CloneResultAssert eachHasFile(String path) {
        Objects.requireNonNull(path, "path == null");
        return each("to have file \"" + path + "\"", clone -> new SandboxAssert(clone).hasFile(path));
    }

    /**
     * Verifies that every clone's file at {@code path} holds exactly {@code content}. The failure message names each
     * clone that differs, with the content it held.
     *
     * @param path the file's path
     * @param content the expected content
     * @return this assertion object
     * @throws AssertionError if any clone lacks the file or holds other content, or there are no clones
     * @see SandboxAssert#hasFileWithContent(String, String)
     */
    public CloneResultAssert eachHasFileWithContent(String path, String content) {
        Objects.requireNonNull(path, "path == null");
        Objects.requireNonNull(content, "content == null");
        return each("to have file \"" + path + "\" with content \"" + content + "\"",
                clone -> new SandboxAssert(clone).hasFileWithContent(path, content));
    }

    /**
     * Verifies that every clone runs a process whose command line contains {@code commandSubstring}. A process
     * survives a clone only on backends that checkpoint memory; the failure message lists each failing clone's
     * processes.
     *
     * @param commandSubstring text the command line should contain
     * @return this assertion object
     * @throws AssertionError if any clone runs no such process, or there are no clones
     * @see SandboxAssert#hasProcessRunning(String)
     */
    public CloneResultAssert eachHasRunningProcess(String commandSubstring) {
        Objects.requireNonNull(commandSubstring, "commandSubstring == null");
        return each("to have a running process whose command line contains \"" + commandSubstring + "\"",
                clone -> new SandboxAssert(clone).hasProcessRunning(commandSubstring));
    }

    /**
     * Verifies that every clone runs a process with the given PID, as it does when the parent's processes were
     * checkpointed with its memory.
     *
     * @param pid the process ID
     * @return this assertion object
     * @throws AssertionError if any clone runs no process with that PID, or there are no clones
     * @see SandboxAssert#hasProcessWithPid(int)
     */
    public CloneResultAssert eachHasProcessWithPid(int pid) {
        return each("to have a running process with pid " + pid,
                clone -> new SandboxAssert(clone).hasProcessWithPid(pid));
    }

    /**
     * Verifies that every clone passes the given assertions, such as
     * {@code clone -> assertThat(clone).hasFile("/tmp/state").isRunning()}. The failure message names each failing
     * clone with the message of its assertion.
     *
     * @param requirements the assertions to run on each clone
     * @return this assertion object
     * @throws AssertionError if any clone fails, or there are no clones
     */
    public CloneResultAssert eachCloneSatisfies(Consumer<Sandbox> requirements) {
        Objects.requireNonNull(requirements, "requirements == null");
        return each("to satisfy the given requirements", requirements);
    }

    /**
     * Verifies that the clones' IDs differ from the parent's and from one another.
     *
     * <p>Assertion will pass :
     * <pre>{@code assertThat(parent.clone(CloneRequest.builder().count(2).build())).allDistinctFrom(parent);}</pre>
     *
     * @param parent the sandbox that was cloned
     * @return this assertion object
     * @throws AssertionError if a clone carries the parent's ID or another clone's ID, or there are no clones
     */
    public CloneResultAssert allDistinctFrom(Sandbox parent) {
        Objects.requireNonNull(parent, "parent == null");
        String requirement = "to have an ID distinct from the parent " + parent.id() + " and from each other";
        requireClones(requirement);
        List<String> ids = ids();
        int sameAsParent = (int) ids.stream().filter(parent.id()::equals).count();
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                duplicates.add(id);
            }
        }
        if (sameAsParent > 0 || !duplicates.isEmpty()) {
            throw assertionError(ShouldBeDistinctClones.shouldBeDistinctClones(
                    parent.id(), ids, sameAsParent, new ArrayList<>(duplicates)));
        }
        return myself;
    }

    private CloneResultAssert each(String requirement, Consumer<Sandbox> check) {
        requireClones(requirement);
        Map<String, String> failures = new LinkedHashMap<>();
        for (Sandbox clone : actual.sandboxes()) {
            try {
                check.accept(clone);
            } catch (AssertionError e) {
                failures.put(clone.id(), String.valueOf(e.getMessage()));
            }
        }
        if (!failures.isEmpty()) {
            throw assertionError(EachCloneShould.eachCloneShould(requirement, actual.count(), failures));
        }
        return myself;
    }

    private void requireClones(String requirement) {
        isNotNull();
        if (actual.sandboxes().isEmpty()) {
            throw assertionError(EachCloneShould.eachCloneShouldButThereWereNone(requirement));
        }
    }

    private List<String> ids() {
        return actual.sandboxes().stream().map(Sandbox::id).collect(Collectors.toList());
    }
}
