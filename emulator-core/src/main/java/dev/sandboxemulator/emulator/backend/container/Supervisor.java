package dev.sandboxemulator.emulator.backend.container;

import dev.sandboxemulator.emulator.spi.ProcessSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The in-sandbox supervisor (docs/docker-supervisor.md): the POSIX shell script that is PID 1 of
 * every container sandbox, and the files and control lines through which the emulator drives it.
 *
 * <p>Layout inside the container, all under {@value #DIRECTORY}: {@code control} (a FIFO the
 * supervisor reads lines from), {@code ready}, and one folder per process under {@code p/} with
 * {@code run} (the shell script that execs the command), {@code spec.json}, {@code stdin} (a
 * marker), then, written by the supervisor, {@code in} (the stdin FIFO), {@code pid}, {@code out},
 * {@code err} and finally {@code exit}.
 */
final class Supervisor {
    static final String DIRECTORY = "/run/sandbox-emulator";
    /** What {@code ps} shows as the supervisor's {@code $0}. */
    static final String NAME = "sandbox-supervisor";

    private static final String SCRIPT = load();

    private Supervisor() {
    }

    /** The container's entrypoint: {@code /bin/sh -c <script> sandbox-supervisor}. */
    static List<String> entrypoint() {
        return List.of("/bin/sh", "-c", SCRIPT, NAME);
    }

    /** The host path of the supervisor's folder in a container. */
    static Path directory(ContainerRoot root) {
        return directory(root.root());
    }

    private static Path directory(Path containerRoot) {
        return containerRoot.resolve(DIRECTORY.substring(1));
    }

    /** The host path of one process's folder. */
    static Path processDirectory(ContainerRoot root, String processId) {
        return processDirectory(root.root(), processId);
    }

    /** The host path of one process's folder, below a container root already known to be live. */
    static Path processDirectory(Path containerRoot, String processId) {
        return directory(containerRoot).resolve("p").resolve(processId);
    }

    /** Sends one control line: {@code start ID}, {@code signal KILL PID} or {@code close ID}. */
    static void send(ContainerRoot root, String line) {
        // Opened read-write: opening a FIFO so never blocks, even in the instant no reader holds it.
        try (RandomAccessFile control = new RandomAccessFile(directory(root).resolve("control").toFile(), "rw")) {
            // One write of less than PIPE_BUF bytes: the kernel never interleaves it with another.
            control.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the sandbox's supervisor", e);
        }
    }

    /**
     * The script the supervisor runs for {@code spec}: change to its directory, switch to its user
     * (uid 0 keeps root), and exec the command with exactly its environment.
     */
    static String runScript(ProcessSpec spec, int uid, int gid) {
        StringBuilder script = new StringBuilder();
        script.append("cd ").append(quote(spec.cwd())).append(" || exit 1\n");
        script.append("exec ");
        if (uid != 0) {
            // setpriv is in util-linux (every Debian) and in busybox.
            script.append("setpriv --reuid=").append(uid).append(" --regid=").append(gid).append(" --clear-groups ");
        }
        script.append("env -i");
        for (Map.Entry<String, String> env : spec.envs().entrySet()) {
            script.append(' ').append(quote(env.getKey() + "=" + env.getValue()));
        }
        script.append(' ').append(quote(spec.cmd()));
        for (String arg : spec.args()) {
            script.append(' ').append(quote(arg));
        }
        return script.append('\n').toString();
    }

    /** {@code text} as one single-quoted shell word. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static String load() {
        try (InputStream in = Supervisor.class.getResourceAsStream("supervisor.sh")) {
            if (in == null) {
                throw new IllegalStateException("supervisor.sh is missing from the emulator's jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // Comments stay in the source; the running copy is what `ps` shows as PID 1's command line.
            return text.lines().filter(line -> !line.strip().startsWith("#")).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
