package dev.sandboxemulator.junit.assertj;

import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CloneResult;
import dev.sandboxemulator.client.CommandHandle;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.sandboxemulator.junit.assertj.SandboxAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link CloneResultAssert} on real clones of the simulated backend, which copies files and processes. */
class CloneResultAssertTest {

    private final SandboxEmulator emulator = SandboxEmulator.builder().manualClock().start();
    private final SandboxClient client = SandboxClient.builder()
            .apiUrl(emulator.apiUrl())
            .sandboxUrl(emulator.sandboxUrl())
            .apiKey("test")
            .build();
    private final Sandbox parent = client.create();

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }

    private CloneResult cloneThrice() {
        return parent.clone(CloneRequest.builder().count(3).build());
    }

    @Test
    void clonesOfAPreparedParentPassEveryAssertion() {
        parent.files().write("/tmp/state", "warm\n");
        CommandHandle sleeper = parent.commands().start("sleep 100");

        CloneResult clones = cloneThrice();

        assertThat(clones)
                .hasCount(3)
                .allDistinctFrom(parent)
                .allRunning()
                .eachHasFile("/tmp/state")
                .eachHasFileWithContent("/tmp/state", "warm\n")
                .eachHasRunningProcess("sleep 100")
                .eachHasProcessWithPid(sleeper.pid())
                .eachCloneSatisfies(clone -> assertThat(clone).isRunning().hasProcessRunning("sleep"));
    }

    @Test
    void anotherCountFailsAndListsTheCloneIds() {
        CloneResult clones = cloneThrice();

        assertThatThrownBy(() -> assertThat(clones).hasCount(2))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the clone result to hold:%n  2 clones%nbut it held 3:%n  %s"
                        .formatted(ids(clones)));
    }

    @Test
    void aClonePausedAfterwardsFailsAllRunningByItsId() {
        CloneResult clones = cloneThrice();
        Sandbox paused = clones.sandboxes().get(1);
        paused.pause();

        assertThatThrownBy(() -> assertThat(clones).allRunning())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting each of the 3 clones%nto be in state RUNNING%nbut 1 did not: [%s]"
                        .formatted(paused.id()))
                .hasMessageContaining("- clone %s:%nExpecting sandbox %s".formatted(paused.id(), paused.id()))
                .hasMessageContaining("but was:%n  PAUSED".formatted());
    }

    @Test
    void aFileChangedInOneCloneFailsAndShowsWhatThatCloneHeld() {
        parent.files().write("/tmp/state", "warm\n");
        CloneResult clones = cloneThrice();
        Sandbox diverged = clones.sandboxes().get(2);
        diverged.files().write("/tmp/state", "cold\n");

        assertThatThrownBy(() -> assertThat(clones).eachHasFileWithContent("/tmp/state", "warm\n"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have file \"/tmp/state\" with content \"warm%n\"%nbut 1 did not: [%s]"
                        .formatted(diverged.id()))
                .hasMessageContaining("but its content was:%n  \"cold%n\"".formatted());
    }

    @Test
    void aFileWrittenAfterTheCloneIsMissingFromEveryClone() {
        parent.files().write("/tmp/early", "");
        CloneResult clones = cloneThrice();
        parent.files().write("/tmp/late", "");

        assertThatThrownBy(() -> assertThat(clones).eachHasFile("/tmp/late"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting each of the 3 clones%nto have file \"/tmp/late\"%nbut 3 did not: %s"
                        .formatted(ids(clones)))
                .hasMessageContaining("but it does not exist; /tmp holds: [early]");
    }

    @Test
    void aProcessStartedAfterTheCloneRunsInNoClone() {
        CloneResult clones = parent.clone(CloneRequest.builder().count(2).build());
        CommandHandle late = parent.commands().start("sleep 100");

        assertThatThrownBy(() -> assertThat(clones).eachHasRunningProcess("sleep"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have a running process whose command line contains \"sleep\"%nbut 2 did not"
                        .formatted())
                .hasMessageContaining("no running processes");
        assertThatThrownBy(() -> assertThat(clones).eachHasProcessWithPid(late.pid()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have a running process with pid " + late.pid());
    }

    @Test
    void eachCloneSatisfiesReportsTheFailingClonesWithTheirMessages() {
        CloneResult clones = parent.clone(CloneRequest.builder().count(2).build());
        Sandbox withFile = clones.sandboxes().get(0);
        withFile.files().write("/tmp/marker", "x");

        assertThatThrownBy(() -> assertThat(clones)
                .eachCloneSatisfies(clone -> assertThat(clone).hasFile("/tmp/marker")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to satisfy the given requirements%nbut 1 did not: [%s]"
                        .formatted(clones.sandboxes().get(1).id()))
                .hasMessageContaining("to have file:%n  \"/tmp/marker\"".formatted());
    }

    @Test
    void aCloneCarryingTheParentsIdOrARepeatedIdIsNotDistinct() {
        Sandbox other = client.create();
        CloneResult fake = new CloneResult(List.of(parent, other, other), Optional.empty());

        assertThatThrownBy(() -> assertThat(fake).allDistinctFrom(parent))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(
                        "Expecting clones:%n  [%s, %s, %s]".formatted(parent.id(), other.id(), other.id()))
                .hasMessageContaining(
                        "to have IDs distinct from their parent %s and from each other".formatted(parent.id()))
                .hasMessageContaining("but 1 of them had the parent's ID, and these IDs were repeated:%n  [%s]"
                        .formatted(other.id()));
    }

    @Test
    void anEmptyResultFailsEachAssertionInsteadOfPassingVacuously() {
        CloneResult none = new CloneResult(List.of(), Optional.empty());

        assertThat(none).hasCount(0);
        assertThatThrownBy(() -> assertThat(none).eachHasFile("/tmp/state"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting each clone%nto have file \"/tmp/state\"%n".formatted()
                        + "but the clone result holds no clones");
        assertThatThrownBy(() -> assertThat(none).allDistinctFrom(parent))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but the clone result holds no clones");
    }

    private static String ids(CloneResult clones) {
        return clones.sandboxes().stream().map(Sandbox::id).toList().toString();
    }
}
