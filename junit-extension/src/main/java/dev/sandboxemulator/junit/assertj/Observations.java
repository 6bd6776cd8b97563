package dev.sandboxemulator.junit.assertj;

import dev.sandboxemulator.client.EntryInfo;
import dev.sandboxemulator.client.ProcessInfo;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxException;
import dev.sandboxemulator.client.SandboxInfo;
import dev.sandboxemulator.client.SandboxNotFoundException;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a failing assertion reports about a sandbox beyond the value it checked: the entries beside a missing file,
 * the processes that were running. Every method reads the sandbox through the public client, and none of them throws
 * for a reading that fails: it describes the failure instead, because a failure message must never hide the original
 * assertion.
 */
final class Observations {
    /** How many entries of a directory a message lists before it summarises the rest. */
    static final int MAX_LISTED_ENTRIES = 20;

    private Observations() {
    }

    /** Returns the sandbox's info, or empty when it no longer exists. */
    static Optional<SandboxInfo> info(Sandbox sandbox) {
        try {
            return Optional.of(sandbox.info());
        } catch (SandboxNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Returns the command line a process runs: the argument after {@code -c} for a shell command
     * ({@code bash -l -c "sleep 100"} gives {@code sleep 100}), else the executable and its arguments.
     */
    static String commandLine(ProcessInfo process) {
        List<String> args = process.args();
        int last = args.size() - 1;
        if (last >= 1 && args.get(last - 1).equals("-c")) {
            return args.get(last);
        }
        if (args.isEmpty()) {
            return process.cmd();
        }
        return process.cmd() + " " + String.join(" ", args);
    }

    /** Describes a process as {@code pid 12: sleep 100}, with its tag when it has one. */
    static String describe(ProcessInfo process) {
        String tag = process.tag().map(t -> " [tag " + t + "]").orElse("");
        return "pid " + process.pid() + tag + ": " + commandLine(process);
    }

    /** Describes a list of processes, one per line and indented, or says there were none. */
    static String describe(List<ProcessInfo> processes) {
        if (processes.isEmpty()) {
            return "  no running processes";
        }
        return processes.stream()
                .sorted(Comparator.comparingInt(ProcessInfo::pid))
                .map(process -> "  " + describe(process))
                .collect(Collectors.joining(System.lineSeparator()));
    }

    /** Describes an entry as {@code /tmp/a.txt (file, 5 bytes)}. */
    static String describe(EntryInfo entry) {
        String kind = entry.type().name().toLowerCase(Locale.ROOT);
        String size = entry.isDirectory() ? "" : ", " + entry.size() + " bytes";
        String link = entry.symlinkTarget().map(target -> ", -> " + target).orElse("");
        return entry.path() + " (" + kind + size + link + ")";
    }

    /** Returns the directory holding {@code path}: {@code /tmp} for {@code /tmp/a.txt}, {@code .} for a bare name. */
    static String parentOf(String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        int slash = trimmed.lastIndexOf('/');
        if (slash < 0) {
            return ".";
        }
        return slash == 0 ? "/" : trimmed.substring(0, slash);
    }

    /**
     * Describes what the directory holding {@code path} contains, such as {@code /tmp holds: [a.txt, logs/]}, or that
     * it does not exist either.
     */
    static String describeSurroundings(Sandbox sandbox, String path) {
        String parent = parentOf(path);
        try {
            if (!sandbox.files().exists(parent)) {
                return parent + " does not exist either";
            }
            List<String> names = sandbox.files().list(parent).stream()
                    .sorted(Comparator.comparing(EntryInfo::name))
                    .map(entry -> entry.isDirectory() ? entry.name() + "/" : entry.name())
                    .collect(Collectors.toList());
            if (names.isEmpty()) {
                return parent + " is empty";
            }
            String shown = String.join(", ", names.subList(0, Math.min(names.size(), MAX_LISTED_ENTRIES)));
            String more = names.size() > MAX_LISTED_ENTRIES
                    ? ", ... and " + (names.size() - MAX_LISTED_ENTRIES) + " more"
                    : "";
            return parent + " holds: [" + shown + more + "]";
        } catch (SandboxException e) {
            return "listing " + parent + " failed: " + e.getMessage();
        }
    }
}
