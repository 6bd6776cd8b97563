package dev.sandboxemulator.emulator.backend.docker;

import java.util.List;
import java.util.stream.Collectors;

/** Finds and kills the CRIU processes working on one container: the children of its runc. */
final class CriuProcesses {
    private CriuProcesses() {
    }

    /** Kills every process below a runc that names {@code containerId}; returns how many. */
    static int killFor(String containerId) {
        List<ProcessHandle> runcs = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> line.contains("runc") && line.contains(containerId)).orElse(false))
                .filter(p -> p.info().command().map(command -> command.endsWith("/runc") || command.endsWith("runc")).orElse(false))
                .collect(Collectors.toList());
        int killed = 0;
        for (ProcessHandle runc : runcs) {
            for (ProcessHandle child : runc.descendants().collect(Collectors.toList())) {
                if (child.destroyForcibly()) {
                    killed++;
                }
            }
        }
        return killed;
    }
}
