package dev.sandboxemulator.emulator.backend.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The containers that Docker's containerd keeps but Docker no longer lists: a dockerd killed while
 * containerd restores a copy forgets it (docs/container-backends.md, Failures). The backend cannot
 * see them through Docker's API; a test that kills dockerd removes those it caused with
 * {@code ctr}, so that the host stays clean.
 */
final class ForgottenContainerdContainers {
    private static final List<String> CTR = List.of("ctr", "--address", "/var/run/docker/containerd/containerd.sock", "-n", "moby");

    private ForgottenContainerdContainers() {
    }

    /** Every container in containerd's {@code moby} namespace. */
    static Set<String> all() {
        return Arrays.stream(ctr("containers", "ls", "-q").split("\n")).map(String::strip).filter(id -> !id.isEmpty())
                .collect(Collectors.toSet());
    }

    /** Removes, with their tasks, the containers of containerd that were not there {@code before} and that Docker does not list. */
    static List<String> removeNewOnesDockerForgot(Set<String> before) {
        Set<String> dockerLists = Arrays.stream(run(List.of("docker", "ps", "-aq", "--no-trunc")).split("\n")).map(String::strip)
                .filter(id -> !id.isEmpty()).collect(Collectors.toSet());
        List<String> removed = new ArrayList<>();
        for (String id : all()) {
            if (!before.contains(id) && !dockerLists.contains(id)) {
                ctr("tasks", "kill", "-s", "KILL", id);
                ctr("tasks", "delete", id);
                ctr("containers", "delete", id);
                removed.add(id);
            }
        }
        return removed;
    }

    private static String ctr(String... arguments) {
        List<String> command = new ArrayList<>(CTR);
        command.addAll(List.of(arguments));
        return run(command);
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
