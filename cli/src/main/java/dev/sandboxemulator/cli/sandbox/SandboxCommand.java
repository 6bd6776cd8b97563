package dev.sandboxemulator.cli.sandbox;

import picocli.CommandLine.Command;

/**
 * {@code sandbox}: E2B's CLI verbs, aliases and flags (where the service has them), and Novita's
 * {@code clone}.
 */
@Command(name = "sandbox", aliases = "sbx", mixinStandardHelpOptions = true,
        description = "Work with sandboxes, on the emulator or the real service ($NOVITA_API_URL, $NOVITA_API_KEY).",
        subcommands = {CreateCommand.class, ListCommand.class, InfoCommand.class, KillCommand.class, PauseCommand.class,
                ResumeCommand.class, ExecCommand.class, MetricsCommand.class, CloneCommand.class, SnapshotCommand.class,
                FilesCommand.class})
public final class SandboxCommand {
}
