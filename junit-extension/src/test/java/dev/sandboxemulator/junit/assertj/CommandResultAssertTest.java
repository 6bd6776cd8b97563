package dev.sandboxemulator.junit.assertj;

import dev.sandboxemulator.client.CommandExitException;
import dev.sandboxemulator.client.CommandResult;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.sandboxemulator.junit.assertj.SandboxAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link CommandResultAssert} on the results of commands run in the simulated shell. */
class CommandResultAssertTest {

    private static SandboxEmulator emulator;
    private static Sandbox sandbox;

    @BeforeAll
    static void startEmulator() {
        emulator = SandboxEmulator.builder().manualClock().start();
        SandboxClient client = SandboxClient.builder()
                .apiUrl(emulator.apiUrl())
                .sandboxUrl(emulator.sandboxUrl())
                .apiKey("test")
                .build();
        sandbox = client.create();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    private static CommandResult failed(String command) {
        return catchThrowableOfType(CommandExitException.class, () -> sandbox.commands().run(command)).result();
    }

    @Test
    void aCleanRunSucceedsWithItsOutputAndNoStderr() {
        CommandResult result = sandbox.commands().run("echo one two");

        assertThat(result)
                .succeeded()
                .hasExitCode(0)
                .hasStdout("one two\n")
                .stdoutContains("two", "one")
                .hasNoStderr()
                .hasStderr("");
    }

    @Test
    void aFailedRunDoesNotSucceedAndTheMessageShowsEverything() {
        CommandResult result = failed("echo so far; echo oops >&2; exit 3");

        assertThatThrownBy(() -> assertThat(result).succeeded())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting command to succeed (exit code 0)%n".formatted()
                        + "but it exited with code 3 (exit status 3)")
                .hasMessageContaining("stdout:%n  \"so far%n\"".formatted())
                .hasMessageContaining("stderr:%n  \"oops%n\"".formatted());
    }

    @Test
    void anotherExitCodeFailsHasExitCode() {
        CommandResult result = failed("exit 4");

        assertThat(result).hasExitCode(4);
        assertThatThrownBy(() -> assertThat(result).hasExitCode(2))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting command to exit with code:%n  2%nbut it exited with code:%n  4"
                        .formatted());
    }

    @Test
    void otherStdoutFailsAndShowsStderrForContext() {
        CommandResult result = failed("echo partial; echo broken pipe >&2; exit 1");

        assertThatThrownBy(() -> assertThat(result).hasStdout("complete\n"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting command's stdout to be:%n  \"complete%n\"%nbut was:%n  \"partial%n\""
                        .formatted())
                .hasMessageContaining("(exit code 1 (exit status 1); stderr was:%n  \"broken pipe%n\")".formatted());
    }

    @Test
    void missingStdoutValuesAreListed() {
        CommandResult result = sandbox.commands().run("echo alpha beta");

        assertThatThrownBy(() -> assertThat(result).stdoutContains("alpha", "gamma", "delta"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting command's stdout:%n  \"alpha beta%n\"".formatted())
                .hasMessageContaining("to contain:%n  [\"alpha\", \"gamma\", \"delta\"]".formatted())
                .hasMessageContaining("but could not find:%n  [\"gamma\", \"delta\"]".formatted());
    }

    @Test
    void stderrIsCheckedExactlyAndByContent() {
        CommandResult result = failed("cat /missing");

        assertThat(result)
                .hasStderr("cat: /missing: No such file or directory\n")
                .stderrContains("No such file", "/missing");
        assertThatThrownBy(() -> assertThat(result).stderrContains("Permission denied"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting command's stderr:%n  \"cat: /missing: No such file or directory%n\""
                        .formatted())
                .hasMessageContaining("but could not find:%n  [\"Permission denied\"]".formatted());
        assertThatThrownBy(() -> assertThat(result).hasStderr(""))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting command's stderr to be:%n  \"\"%nbut was:%n  \"cat: /missing"
                        .formatted());
    }

    @Test
    void stderrOutputFailsHasNoStderr() {
        CommandResult result = sandbox.commands().run("echo fine; echo deprecated flag >&2");

        assertThatThrownBy(() -> assertThat(result).hasNoStderr())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting command to write nothing to stderr%n".formatted()
                        + "but it wrote:%n  \"deprecated flag%n\"".formatted())
                .hasMessageContaining("(exit code 0; stdout was:%n  \"fine%n\")".formatted());
    }

    @Test
    void stdoutChainsIntoAssertJStringAssertionsNamedStdout() {
        CommandResult result = sandbox.commands().run("echo Python 3.12");

        assertThat(result).succeeded().stdout().startsWith("Python 3").endsWith("\n");
        assertThatThrownBy(() -> assertThat(result).stdout().contains("Ruby"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[stdout] ")
                .hasMessageContaining("Python 3.12");
        assertThatThrownBy(() -> assertThat(result).as("version check").stderr().isNotEmpty())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[version check stderr] ");
    }

    @Test
    void aResultWithoutEnvdErrorOmitsTheParenthesis() {
        CommandResult result = new CommandResult(137, "", "", Optional.empty());

        assertThatThrownBy(() -> assertThat(result).succeeded())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but it exited with code 137%nstdout:".formatted());
    }

    @Test
    void containsNeedsAtLeastOneValue() {
        CommandResult result = new CommandResult(0, "x", "", Optional.empty());

        assertThatThrownBy(() -> assertThat(result).stdoutContains())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
