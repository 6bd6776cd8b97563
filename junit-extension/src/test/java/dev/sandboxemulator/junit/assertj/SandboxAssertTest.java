package dev.sandboxemulator.junit.assertj;

import dev.sandboxemulator.client.CommandHandle;
import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.RunOptions;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxState;
import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static dev.sandboxemulator.junit.assertj.SandboxAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SandboxAssert} against a live sandbox of the simulated backend: each assertion passes, then fails. */
class SandboxAssertTest {

    private final SandboxEmulator emulator = SandboxEmulator.builder().manualClock().start();
    private final SandboxClient client = SandboxClient.builder()
            .apiUrl(emulator.apiUrl())
            .sandboxUrl(emulator.sandboxUrl())
            .apiKey("test")
            .build();
    private final Sandbox sandbox = client.create(CreateSandboxRequest.builder().putMetadata("owner", "ci").build());

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }

    @Nested
    class States {

        @Test
        void aNewSandboxIsRunningAndNotPaused() {
            assertThat(sandbox).isRunning().isInState(SandboxState.RUNNING);

            assertThatThrownBy(() -> assertThat(sandbox).isPaused())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expecting sandbox " + sandbox.id())
                    .hasMessageContaining("to be in state:%n  PAUSED%nbut was:%n  RUNNING".formatted())
                    .hasMessageContaining("its timeout ends at 2026-01-01T00:05:00Z");
        }

        @Test
        void aPausedSandboxIsPausedAndNotRunning() {
            sandbox.pause();

            assertThat(sandbox).isPaused();
            assertThatThrownBy(() -> assertThat(sandbox).isRunning())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expecting sandbox " + sandbox.id())
                    .hasMessageContaining("to be in state:%n  RUNNING%nbut was:%n  PAUSED".formatted());
        }

        @Test
        void aKilledSandboxIsGoneAndItsStateAssertionsSaySo() {
            sandbox.kill();

            assertThat(sandbox).isGone();
            assertThatThrownBy(() -> assertThat(sandbox).isRunning())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expecting sandbox " + sandbox.id())
                    .hasMessageContaining("to be in state:%n  RUNNING%nbut it no longer exists".formatted());
        }

        @Test
        void aSandboxThatStillExistsIsNotGone() {
            assertThatThrownBy(() -> assertThat(sandbox).isGone())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expecting sandbox " + sandbox.id())
                    .hasMessageContaining("to be gone (killed, or its timeout expired)%nbut it still exists in state:%n"
                            .formatted() + "  RUNNING");
        }

        @Test
        void anExpiredTimeoutMakesTheSandboxGone() {
            emulator.manualClock().advance(Duration.ofMinutes(6));

            assertThat(sandbox).isGone();
        }

        @Test
        void theDescriptionPrefixesTheMessage() {
            assertThatThrownBy(() -> assertThat(sandbox).as("worker").isPaused())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("[worker] ");
        }
    }

    @Nested
    class Metadata {

        @Test
        void anEntryGivenAtCreationIsFound() {
            assertThat(sandbox).hasMetadataEntry("owner", "ci");
        }

        @Test
        void anotherValueForTheKeyFailsAndShowsTheMetadata() {
            assertThatThrownBy(() -> assertThat(sandbox).hasMetadataEntry("owner", "alice"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("to have metadata entry:%n  \"owner\"=\"alice\"".formatted())
                    .hasMessageContaining("but \"owner\" was:%n  \"ci\"".formatted())
                    .hasMessageContaining("in its metadata:%n  {\"owner\"=\"ci\"}".formatted());
        }

        @Test
        void aMissingKeyFailsAndShowsTheMetadata() {
            assertThatThrownBy(() -> assertThat(sandbox).hasMetadataEntry("team", "infra"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("but there is no key \"team\" in its metadata:%n  {\"owner\"=\"ci\"}"
                            .formatted());
        }

        @Test
        void aGoneSandboxFailsBecauseItNoLongerExists() {
            sandbox.kill();

            assertThatThrownBy(() -> assertThat(sandbox).hasMetadataEntry("owner", "ci"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("to exist%nbut it no longer exists".formatted());
        }
    }

    @Nested
    class Files {

        @Test
        void aWrittenFileIsThereWithItsContent() {
            sandbox.files().write("/tmp/state", "warm\n");

            assertThat(sandbox)
                    .hasFile("/tmp/state")
                    .hasFileWithContent("/tmp/state", "warm\n")
                    .hasFileContaining("/tmp/state", "arm")
                    .doesNotHaveFile("/tmp/other");
        }

        @Test
        void aMissingFileFailsAndListsItsDirectory() {
            sandbox.files().write("/tmp/work/a.txt", "a");
            sandbox.files().write("/tmp/work/b.txt", "b");
            sandbox.files().makeDir("/tmp/work/logs");

            assertThatThrownBy(() -> assertThat(sandbox).hasFile("/tmp/work/c.txt"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expecting sandbox " + sandbox.id())
                    .hasMessageContaining("to have file:%n  \"/tmp/work/c.txt\"".formatted())
                    .hasMessageContaining("but it does not exist; /tmp/work holds: [a.txt, b.txt, logs/]");
        }

        @Test
        void aMissingFileInAMissingDirectorySaysTheDirectoryIsMissingToo() {
            assertThatThrownBy(() -> assertThat(sandbox).hasFile("/nowhere/c.txt"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("but it does not exist; /nowhere does not exist either");
        }

        @Test
        void aDirectoryIsNotAFile() {
            sandbox.files().makeDir("/tmp/dir");

            assertThatThrownBy(() -> assertThat(sandbox).hasFile("/tmp/dir"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("to have file:%n  \"/tmp/dir\"%nbut it is a directory".formatted());
        }

        @Test
        void otherContentFailsAndShowsBothContents() {
            sandbox.files().write("/tmp/state", "cold\n");

            assertThatThrownBy(() -> assertThat(sandbox).hasFileWithContent("/tmp/state", "warm\n"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expecting sandbox " + sandbox.id())
                    .hasMessageContaining("to have file:%n  \"/tmp/state\"".formatted())
                    .hasMessageContaining("with content:%n  \"warm%n\"".formatted())
                    .hasMessageContaining("but its content was:%n  \"cold%n\"".formatted());
        }

        @Test
        void contentOfAMissingFileFailsAndListsItsDirectory() {
            sandbox.files().write("/tmp/work/a.txt", "a");

            assertThatThrownBy(() -> assertThat(sandbox).hasFileWithContent("/tmp/work/state", "warm"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("to have file:%n  \"/tmp/work/state\"%nwith content:%n  \"warm\"".formatted())
                    .hasMessageContaining("but it does not exist; /tmp/work holds: [a.txt]");
        }

        @Test
        void textMissingFromAFileFailsAndShowsItsContent() {
            sandbox.files().write("/tmp/log", "starting\n");

            assertThatThrownBy(() -> assertThat(sandbox).hasFileContaining("/tmp/log", "ready"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("containing:%n  \"ready\"%nbut its content was:%n  \"starting%n\""
                            .formatted());
        }

        @Test
        void aFileThatExistsFailsDoesNotHaveFileAndIsDescribed() {
            sandbox.files().write("/tmp/secret", "12345");

            assertThatThrownBy(() -> assertThat(sandbox).doesNotHaveFile("/tmp/secret"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("not to have file:%n  \"/tmp/secret\"%n".formatted()
                            + "but found:%n  /tmp/secret (file, 5 bytes)".formatted());
        }

        @Test
        void aLongDirectoryIsListedOnlyInPart() {
            for (int i = 0; i < Observations.MAX_LISTED_ENTRIES + 3; i++) {
                sandbox.files().write("/tmp/many/f" + (char) ('a' + i), "");
            }

            assertThatThrownBy(() -> assertThat(sandbox).hasFile("/tmp/many/zz"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("/tmp/many holds: [fa, fb, ")
                    .hasMessageContaining("ft, ... and 3 more]");
        }
    }

    @Nested
    class Processes {

        @Test
        void aStartedCommandIsARunningProcess() {
            CommandHandle sleeper = sandbox.commands().start("sleep 100", RunOptions.builder().cwd("/tmp").build());

            assertThat(sandbox)
                    .hasProcessWithPid(sleeper.pid())
                    .hasProcessRunning("sleep 1")
                    .hasRunningProcess(p -> p.cwd().equals(Optional.of("/tmp")))
                    .hasRunningProcess(p -> p.pid() == sleeper.pid(), "started by the test");
        }

        @Test
        void aMissingPidFailsAndListsTheRunningProcesses() {
            CommandHandle sleeper = sandbox.commands().start("sleep 100");

            assertThatThrownBy(() -> assertThat(sandbox).hasProcessWithPid(sleeper.pid() + 1000))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expecting sandbox " + sandbox.id())
                    .hasMessageContaining("to have a running process with pid " + (sleeper.pid() + 1000))
                    .hasMessageContaining("but it had:%n  pid %d: sleep 100".formatted(sleeper.pid()));
        }

        @Test
        void aMissingCommandFailsAndListsTheRunningProcesses() {
            CommandHandle sleeper = sandbox.commands().start("sleep 100");

            assertThatThrownBy(() -> assertThat(sandbox).hasProcessRunning("python3 server.py"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("to have a running process whose command line contains \"python3 server.py\"")
                    .hasMessageContaining("but it had:%n  pid %d: sleep 100".formatted(sleeper.pid()));
        }

        @Test
        void aPredicateWithoutDescriptionIsCalledTheGivenPredicate() {
            assertThatThrownBy(() -> assertThat(sandbox).hasRunningProcess(p -> true))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("to have a running process matching the given predicate%nbut it had:%n"
                            .formatted() + "  no running processes");
        }

        @Test
        void aKilledProcessIsNoLongerRunning() {
            CommandHandle sleeper = sandbox.commands().start("sleep 100");
            sleeper.kill();

            assertThat(sandbox).hasNoRunningProcesses();
            assertThatThrownBy(() -> assertThat(sandbox).hasProcessWithPid(sleeper.pid()))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("no running processes");
        }

        @Test
        void runningProcessesFailHasNoRunningProcessesAndAreListed() {
            CommandHandle first = sandbox.commands().start("sleep 100");
            CommandHandle second = sandbox.commands().start("sleep 200 && echo done");

            assertThatThrownBy(() -> assertThat(sandbox).hasNoRunningProcesses())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("to have no running processes%nbut it had:%n".formatted()
                            + "  pid %d: sleep 100%n  pid %d: sleep 200 && echo done"
                                    .formatted(first.pid(), second.pid()));
        }
    }

    @Test
    void aNullSandboxFailsLikeAnyAssertJAssertion() {
        assertThatThrownBy(() -> assertThat((Sandbox) null).isRunning())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting actual not to be null");
    }

    @Test
    void sandboxAssertionsSitBesideAssertJsOwnWithoutAmbiguity() {
        assertThat(sandbox.id()).isNotBlank();
        assertThat(sandbox).isRunning();
    }
}
