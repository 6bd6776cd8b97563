package dev.sandboxemulator.cli;

import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every failure ends with one line on stderr (no stack trace unless {@code --verbose}) and an exit
 * code of its own, so scripts can tell the causes apart.
 */
class ExitCodesTest {
    private final SandboxEmulator emulator = SandboxEmulator.builder().apiKey("the-key").start();
    private final Cli cli = Cli.against(emulator);

    @AfterEach
    void close() {
        emulator.close();
    }

    @Test
    void anUnknownSandboxIsNotFound() {
        Cli.Result result = cli.run("sandbox", "info", "nosuchsandbox");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(result.stderr()).startsWith("sandbox-emulator: ").contains("nosuchsandbox").hasLineCount(1);
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void anEndpointWhereNothingListensIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Cli.Result result = cli.run("sandbox", "list", "--api-url", "http://127.0.0.1:" + closedPort);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(result.stderr()).hasLineCount(1).contains("is the emulator running?");
    }

    @Test
    void aRefusedKeyIsUnauthorized() {
        Cli.Result result = cli.run("sandbox", "list", "--api-key", "wrong");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNAUTHORIZED);
        assertThat(result.stderr()).hasLineCount(1);
    }

    @Test
    void noKeyAtAllIsABadArgumentThatSaysWhereAKeyComesFrom() {
        Cli.Result result = cli.without("NOVITA_API_KEY").run("sandbox", "list");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
        assertThat(result.stderr()).isEqualTo("sandbox-emulator: no API key: set NOVITA_API_KEY (or E2B_API_KEY) or pass"
                + " --api-key (the emulator takes any non-empty key)\n");
    }

    @Test
    void unknownCommandsOptionsAndMissingArgumentsAreBadArgumentsWithAHint() {
        Cli.Result unknownOption = cli.run("sandbox", "list", "--colour");
        assertThat(unknownOption.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
        assertThat(unknownOption.stderr()).contains("Unknown option: '--colour'", "Try 'sandbox-emulator sandbox list --help'");

        Cli.Result missing = cli.run("sandbox", "info");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
        assertThat(missing.stderr()).contains("Missing required parameter");

        assertThat(cli.run("sandbox", "lst").exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
        assertThat(cli.run("sandbox", "list", "-f", "xml").exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
        assertThat(cli.run("sandbox", "list", "-s", "sleeping").exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
    }

    @Test
    void verboseAddsTheStackTrace() {
        Cli.Result quiet = cli.run("sandbox", "info", "nosuchsandbox");
        Cli.Result verbose = cli.run("--verbose", "sandbox", "info", "nosuchsandbox");

        assertThat(quiet.stderr()).doesNotContain("\tat ");
        assertThat(verbose.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(verbose.stderr()).contains("SandboxNotFoundException", "\tat ");
    }

    @Test
    void helpVersionAndCompletionAreThereForEveryone() {
        Cli.Result help = cli.run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("serve", "sandbox", "generate-completion", "Exit codes:");
        assertThat(cli.run("sandbox", "--help").stdout()).contains("create", "list", "clone", "exec", "files", "snapshot");
        assertThat(cli.run("sandbox", "clone", "--help").stdout()).contains("-c, --count", "-s, --strict", "-t, --timeout");
        assertThat(cli.run("--version").stdout()).startsWith("sandbox-emulator ");
        assertThat(cli.run("generate-completion").stdout()).contains("complete -F");
    }

    @Test
    void theSettingsComeFromTheSdksEnvironmentOrFromFlags() {
        Cli flagsOnly = Cli.withEnvironment(Map.of());
        Cli.Result listed = flagsOnly.run("sandbox", "list", "--api-url", emulator.apiUrl(), "--api-key", "the-key");

        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.stdout()).isEqualTo("No sandboxes found\n");
    }

    @Test
    void e2bsVariablesServeWhenNovitasAreNotSet() {
        Cli e2bOnly = Cli.withEnvironment(Map.of("E2B_API_URL", emulator.apiUrl(), "E2B_SANDBOX_URL", emulator.sandboxUrl(),
                "E2B_API_KEY", "the-key"));

        String id = e2bOnly.run("sandbox", "create").stdout().strip();
        Cli.Result exec = e2bOnly.run("sandbox", "exec", id, "echo through the e2b settings");

        assertThat(exec.stdout()).as(exec.toString()).isEqualTo("through the e2b settings\n");
        assertThat(e2bOnly.run("sandbox", "list", "--api-key", "wrong").exitCode()).as("a flag wins over the environment")
                .isEqualTo(ExitCodes.UNAUTHORIZED);
    }
}
