package dev.sandboxemulator.junit.assertj;

import dev.sandboxemulator.client.EntryInfo;
import dev.sandboxemulator.client.PathNotFoundException;
import dev.sandboxemulator.client.ProcessInfo;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxInfo;
import dev.sandboxemulator.client.SandboxState;
import dev.sandboxemulator.junit.assertj.error.ShouldBeInState;
import dev.sandboxemulator.junit.assertj.error.ShouldHaveFile;
import dev.sandboxemulator.junit.assertj.error.ShouldHaveMetadataEntry;
import dev.sandboxemulator.junit.assertj.error.ShouldHaveProcess;
import dev.sandboxemulator.junit.assertj.error.ShouldNotHaveFile;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.error.ErrorMessageFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Assertions on a live {@link Sandbox}, reached through {@link SandboxAssertions#assertThat(Sandbox)}. Every assertion
 * asks the sandbox at the moment it runs: states come from the control plane ({@link Sandbox#info()}), files and
 * processes from the sandbox's envd ({@link Sandbox#files()}, {@link Sandbox#commands()}). A failure says what was
 * expected and what the sandbox held instead.
 *
 * <p>Errors the client raises while asking (a sandbox that is paused cannot list its files, for example) are not
 * turned into assertion failures: they propagate as the client's exceptions, so a broken setup is not mistaken for a
 * wrong result. A sandbox that no longer exists fails the state assertions, which say so.
 *
 * <pre>{@code
 * assertThat(sandbox)
 *         .isRunning()
 *         .hasFileWithContent("/tmp/state", "ready\n")
 *         .hasProcessRunning("python3 server.py");
 * }</pre>
 */
public final class SandboxAssert extends AbstractAssert<SandboxAssert, Sandbox> {

    SandboxAssert(Sandbox actual) {
        super(actual, SandboxAssert.class);
    }

    /**
     * Verifies that the control plane reports the sandbox as {@link SandboxState#RUNNING running}.
     *
     * <p>Assertion will pass :
     * <pre>{@code assertThat(client.create()).isRunning();}</pre>
     *
     * <p>Assertion will fail :
     * <pre>{@code
     * sandbox.pause();
     * assertThat(sandbox).isRunning();
     * }</pre>
     *
     * @return this assertion object
     * @throws AssertionError if the sandbox is paused or no longer exists
     */
    public SandboxAssert isRunning() {
        return isInState(SandboxState.RUNNING);
    }

    /**
     * Verifies that the control plane reports the sandbox as {@link SandboxState#PAUSED paused}.
     *
     * <p>Assertion will pass :
     * <pre>{@code
     * sandbox.pause();
     * assertThat(sandbox).isPaused();
     * }</pre>
     *
     * <p>Assertion will fail :
     * <pre>{@code assertThat(client.create()).isPaused();}</pre>
     *
     * @return this assertion object
     * @throws AssertionError if the sandbox is running or no longer exists
     */
    public SandboxAssert isPaused() {
        return isInState(SandboxState.PAUSED);
    }

    /**
     * Verifies that the control plane reports the sandbox in the given state. The failure message names the sandbox,
     * the expected state and the actual one (or that the sandbox no longer exists).
     *
     * <p>Assertion will pass :
     * <pre>{@code assertThat(client.create()).isInState(SandboxState.RUNNING);}</pre>
     *
     * <p>Assertion will fail :
     * <pre>{@code
     * sandbox.kill();
     * assertThat(sandbox).isInState(SandboxState.RUNNING);
     * }</pre>
     *
     * @param expected the expected state
     * @return this assertion object
     * @throws AssertionError if the sandbox is in another state or no longer exists
     */
    public SandboxAssert isInState(SandboxState expected) {
        Objects.requireNonNull(expected, "expected == null");
        isNotNull();
        Optional<SandboxInfo> info = Observations.info(actual);
        if (info.isEmpty()) {
            throw assertionError(ShouldBeInState.shouldBeInStateButWasGone(actual.id(), expected));
        }
        if (info.get().state() != expected) {
            throw assertionError(ShouldBeInState.shouldBeInState(actual.id(), expected, info.get()));
        }
        return myself;
    }

    /**
     * Verifies that the sandbox no longer exists: it was killed, or its timeout expired and killed it.
     *
     * <p>Assertion will pass :
     * <pre>{@code
     * sandbox.kill();
     * assertThat(sandbox).isGone();
     * }</pre>
     *
     * <p>Assertion will fail :
     * <pre>{@code assertThat(client.create()).isGone();}</pre>
     *
     * @return this assertion object
     * @throws AssertionError if the sandbox still exists, running or paused
     */
    public SandboxAssert isGone() {
        isNotNull();
        Optional<SandboxInfo> info = Observations.info(actual);
        if (info.isPresent()) {
            throw assertionError(ShouldBeInState.shouldBeGone(actual.id(), info.get()));
        }
        return myself;
    }

    /**
     * Verifies that the sandbox's metadata maps {@code key} to {@code value}. The failure message shows all the
     * metadata.
     *
     * <p>Assertion will pass :
     * <pre>{@code
     * Sandbox sandbox = client.create(CreateSandboxRequest.builder().putMetadata("owner", "ci").build());
     * assertThat(sandbox).hasMetadataEntry("owner", "ci");
     * }</pre>
     *
     * <p>Assertion will fail :
     * <pre>{@code assertThat(sandbox).hasMetadataEntry("owner", "alice");}</pre>
     *
     * @param key the expected key
     * @param value the expected value
     * @return this assertion object
     * @throws AssertionError if the key is missing or maps to another value, or the sandbox no longer exists
     */
    public SandboxAssert hasMetadataEntry(String key, String value) {
        Objects.requireNonNull(key, "key == null");
        Objects.requireNonNull(value, "value == null");
        SandboxInfo info = existingInfo();
        if (!value.equals(info.metadata().get(key))) {
            throw assertionError(
                    ShouldHaveMetadataEntry.shouldHaveMetadataEntry(actual.id(), key, value, info.metadata()));
        }
        return myself;
    }

    /**
     * Verifies that a regular file exists at {@code path}. When it does not, the failure message lists the directory
     * that should hold it.
     *
     * <p>Assertion will pass :
     * <pre>{@code
     * sandbox.files().write("/tmp/a.txt", "hello");
     * assertThat(sandbox).hasFile("/tmp/a.txt");
     * }</pre>
     *
     * <p>Assertion will fail :
     * <pre>{@code assertThat(sandbox).hasFile("/tmp/missing.txt");}</pre>
     *
     * @param path the file's path
     * @return this assertion object
     * @throws AssertionError if nothing exists at {@code path}, or it is a directory
     */
    public SandboxAssert hasFile(String path) {
        Objects.requireNonNull(path, "path == null");
        isNotNull();
        Optional<EntryInfo> entry = stat(path);
        if (entry.isEmpty()) {
            throw assertionError(
                    ShouldHaveFile.shouldHaveFile(actual.id(), path, Observations.describeSurroundings(actual, path)));
        }
        if (entry.get().isDirectory()) {
            throw assertionError(ShouldHaveFile.shouldHaveFileButFoundDirectory(actual.id(), path));
        }
        return myself;
    }

    /**
     * Verifies that the file at {@code path} holds exactly {@code expected}, read as UTF-8. The failure message shows
     * the expected and the actual content, or, when the file is missing, the directory that should hold it.
     *
     * <p>Assertion will pass :
     * <pre>{@code
     * sandbox.files().write("/tmp/a.txt", "hello");
     * assertThat(sandbox).hasFileWithContent("/tmp/a.txt", "hello");
     * }</pre>
     *
     * <p>Assertion will fail :
     * <pre>{@code assertThat(sandbox).hasFileWithContent("/tmp/a.txt", "hello\n");}</pre>
     *
     * @param path the file's path
     * @param expected the expected content
     * @return this assertion object
     * @throws AssertionError if the file is missing, is a directory, or holds something else
     */
    public SandboxAssert hasFileWithContent(String path, String expected) {
        Objects.requireNonNull(expected, "expected == null");
        String content = contentOf(path, surroundings ->
                ShouldHaveFile.shouldHaveFileWithContentButMissing(actual.id(), path, expected, surroundings));
        if (!content.equals(expected)) {
            throw assertionError(ShouldHaveFile.shouldHaveFileWithContent(actual.id(), path, expected, content));
        }
        return myself;
    }

    /**
     * Verifies that the file at {@code path} contains {@code text} somewhere, read as UTF-8.
     *
     * <p>Assertion will pass :
     * <pre>{@code
     * sandbox.files().write("/tmp/log", "starting\nready\n");
     * assertThat(sandbox).hasFileContaining("/tmp/log", "ready");
     * }</pre>
     *
     * <p>Assertion will fail :
     * <pre>{@code assertThat(sandbox).hasFileContaining("/tmp/log", "stopped");}</pre>
     *
     * @param path the file's path
     * @param text the text the file should contain
     * @return this assertion object
     * @throws AssertionError if the file is missing, is a directory, or does not contain {@code text}
     */
    public SandboxAssert hasFileContaining(String path, String text) {
        Objects.requireNonNull(text, "text == null");
        String content = contentOf(path, surroundings ->
                ShouldHaveFile.shouldHaveFile(actual.id(), path, surroundings));
        if (!content.contains(text)) {
            throw assertionError(ShouldHaveFile.shouldHaveFileContaining(actual.id(), path, text, content));
        }
        return myself;
    }

    /**
     * Verifies that nothing exists at {@code path}, neither a file nor a directory. The failure message describes what
     * is there.
     *
     * <p>Assertion will pass :
     * <pre>{@code assertThat(sandbox).doesNotHaveFile("/tmp/never-written");}</pre>
     *
     * <p>Assertion will fail :
     * <pre>{@code
     * sandbox.files().write("/tmp/a.txt", "hello");
     * assertThat(sandbox).doesNotHaveFile("/tmp/a.txt");
     * }</pre>
     *
     * @param path the path
     * @return this assertion object
     * @throws AssertionError if something exists at {@code path}
     */
    public SandboxAssert doesNotHaveFile(String path) {
        Objects.requireNonNull(path, "path == null");
        isNotNull();
        Optional<EntryInfo> entry = stat(path);
        if (entry.isPresent()) {
            throw assertionError(
                    ShouldNotHaveFile.shouldNotHaveFile(actual.id(), path, Observations.describe(entry.get())));
        }
        return myself;
    }

    /**
     * Verifies that the sandbox runs a process that matches {@code condition}. The failure message lists every running
     * process; {@link #hasRunningProcess(Predicate, String)} also names the condition.
     *
     * @param condition what the process should satisfy
     * @return this assertion object
     * @throws AssertionError if no running process matches
     */
    public SandboxAssert hasRunningProcess(Predicate<ProcessInfo> condition) {
        return hasRunningProcess(condition, "matching the given predicate");
    }

    /**
     * Verifies that the sandbox runs a process that matches {@code condition}, described in the failure message as
     * {@code "to have a running process <description>"}, followed by every running process.
     *
     * <p>Assertion will pass :
     * <pre>{@code
     * sandbox.commands().start("sleep 100", RunOptions.builder().cwd("/tmp").build());
     * assertThat(sandbox).hasRunningProcess(p -> p.cwd().equals(Optional.of("/tmp")), "started in /tmp");
     * }</pre>
     *
     * @param condition what the process should satisfy
     * @param description what the condition means, completing {@code "to have a running process ..."}
     * @return this assertion object
     * @throws AssertionError if no running process matches
     */
    public SandboxAssert hasRunningProcess(Predicate<ProcessInfo> condition, String description) {
        Objects.requireNonNull(condition, "condition == null");
        Objects.requireNonNull(description, "description == null");
        isNotNull();
        List<ProcessInfo> processes = actual.commands().list();
        if (processes.stream().noneMatch(condition)) {
            throw assertionError(
                    ShouldHaveProcess.shouldHaveProcess(actual.id(), description, Observations.describe(processes)));
        }
        return myself;
    }

    /**
     * Verifies that the sandbox runs a process with the given PID.
     *
     * <p>Assertion will pass :
     * <pre>{@code
     * CommandHandle handle = sandbox.commands().start("sleep 100");
     * assertThat(sandbox).hasProcessWithPid(handle.pid());
     * }</pre>
     *
     * <p>Assertion will fail :
     * <pre>{@code
     * handle.kill();
     * assertThat(sandbox).hasProcessWithPid(handle.pid());
     * }</pre>
     *
     * @param pid the process ID
     * @return this assertion object
     * @throws AssertionError if no running process has that PID
     */
    public SandboxAssert hasProcessWithPid(int pid) {
        return hasRunningProcess(process -> process.pid() == pid, "with pid " + pid);
    }

    /**
     * Verifies that the sandbox runs a process whose command line contains {@code commandSubstring}. The command line
     * of a command started with {@code sandbox.commands().start(cmd)} is {@code cmd}: the argument after {@code -c} in
     * {@code /bin/bash -l -c cmd}.
     *
     * <p>Assertion will pass :
     * <pre>{@code
     * sandbox.commands().start("sleep 100");
     * assertThat(sandbox).hasProcessRunning("sleep");
     * }</pre>
     *
     * <p>Assertion will fail :
     * <pre>{@code assertThat(sandbox).hasProcessRunning("python3");}</pre>
     *
     * @param commandSubstring text the command line should contain
     * @return this assertion object
     * @throws AssertionError if no running process's command line contains {@code commandSubstring}
     */
    public SandboxAssert hasProcessRunning(String commandSubstring) {
        Objects.requireNonNull(commandSubstring, "commandSubstring == null");
        return hasRunningProcess(
                process -> Observations.commandLine(process).contains(commandSubstring),
                "whose command line contains \"" + commandSubstring + "\"");
    }

    /**
     * Verifies that the sandbox runs no process started through envd. The failure message lists the processes.
     *
     * <p>Assertion will pass :
     * <pre>{@code assertThat(client.create()).hasNoRunningProcesses();}</pre>
     *
     * <p>Assertion will fail :
     * <pre>{@code
     * sandbox.commands().start("sleep 100");
     * assertThat(sandbox).hasNoRunningProcesses();
     * }</pre>
     *
     * @return this assertion object
     * @throws AssertionError if any process runs
     */
    public SandboxAssert hasNoRunningProcesses() {
        isNotNull();
        List<ProcessInfo> processes = actual.commands().list();
        if (!processes.isEmpty()) {
            throw assertionError(
                    ShouldHaveProcess.shouldHaveNoRunningProcesses(actual.id(), Observations.describe(processes)));
        }
        return myself;
    }

    private SandboxInfo existingInfo() {
        isNotNull();
        Optional<SandboxInfo> info = Observations.info(actual);
        if (info.isEmpty()) {
            throw assertionError(ShouldBeInState.shouldExist(actual.id()));
        }
        return info.get();
    }

    private Optional<EntryInfo> stat(String path) {
        try {
            return Optional.of(actual.files().getInfo(path));
        } catch (PathNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Returns the content of the regular file at {@code path}, failing the assertion with {@code whenMissing} (given
     * what the parent directory holds) if there is none.
     */
    private String contentOf(String path, Function<String, ErrorMessageFactory> whenMissing) {
        Objects.requireNonNull(path, "path == null");
        isNotNull();
        Optional<EntryInfo> entry = stat(path);
        if (entry.isEmpty()) {
            throw assertionError(whenMissing.apply(Observations.describeSurroundings(actual, path)));
        }
        if (entry.get().isDirectory()) {
            throw assertionError(ShouldHaveFile.shouldHaveFileButFoundDirectory(actual.id(), path));
        }
        try {
            return actual.files().readText(path);
        } catch (PathNotFoundException e) {
            // Removed between the stat and the read: report it like a file that was never there.
            throw assertionError(whenMissing.apply(Observations.describeSurroundings(actual, path)));
        }
    }
}
