package dev.sandboxemulator.cli;

import dev.sandboxemulator.emulator.SandboxTeam;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/** Runs command lines in this process, as a shell would run the jar, with a team's settings in the environment. */
final class Cli {
    private final Map<String, String> environment;

    private Cli(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** A command line whose environment points at {@code team}, as `serve` tells a user to export. */
    static Cli against(SandboxTeam team) {
        return new Cli(Map.of("NOVITA_API_URL", team.apiUrl(), "NOVITA_SANDBOX_URL", team.sandboxUrl(),
                "NOVITA_API_KEY", team.apiKey()));
    }

    static Cli withEnvironment(Map<String, String> environment) {
        return new Cli(environment);
    }

    Cli without(String variable) {
        Map<String, String> changed = new HashMap<>(environment);
        changed.remove(variable);
        return new Cli(changed);
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = SandboxEmulatorCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), environment);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** What one command line printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {
        /** The printed lines of stdout. */
        java.util.List<String> lines() {
            return stdout.lines().collect(java.util.stream.Collectors.toList());
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
