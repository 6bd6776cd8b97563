package dev.sandboxemulator.emulator.backend.container;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.emulator.NoEmulatorErrorsExtension;
import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CommandHandle;
import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.RunOptions;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.emulator.SandboxEmulator;
import dev.sandboxemulator.emulator.behaviour.ContainerRequirement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What only real containers can prove, on each container engine: a process's in-memory state (a
 * random value python holds, a counter a bash loop keeps) is in every clone and keeps going there
 * from the parent's value, while the parent keeps going too; the same across pause and resume, and
 * in a clone of a clone; and a clone's files and memory come from one instant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(NoEmulatorErrorsExtension.class)
abstract class ContainerMemoryStateContract {
    /** Prints "SECRET COUNT" five times a second; SECRET is drawn once, in memory only. */
    private static final String PYTHON_HOLDER = "python3 -u -c 'import random, time\n"
            + "secret = random.random()\ncount = 0\nwhile True:\n    count += 1\n    print(secret, count)\n    time.sleep(0.2)'";
    private static final String BASH_COUNTER = "i=0; while true; do i=$((i+1)); echo \"tick $i\"; sleep 0.2; done";
    private static final RunOptions BACKGROUND = RunOptions.builder().timeout(Duration.ofMinutes(5)).build();

    private final String backend;
    private SandboxEmulator emulator;
    private SandboxClient client;
    private final List<Sandbox> made = new ArrayList<>();

    ContainerMemoryStateContract(String backend) {
        this.backend = backend;
    }

    @BeforeAll
    void start() {
        ContainerRequirement.assumeAvailable(backend);
        emulator = SandboxEmulator.builder().backend(backend).start();
        client = SandboxClient.builder().apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl()).apiKey("test").build();
    }

    @AfterAll
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @AfterEach
    void killSandboxes() {
        made.forEach(sandbox -> {
            try {
                sandbox.kill();
            } catch (RuntimeException ignored) {
                // already gone
            }
        });
    }

    @Test
    void aPythonProcessKeepsItsRandomValueInEveryCloneAndCountsOnFromTheParentsCount() {
        Sandbox parent = create();
        int pid = parent.commands().start(PYTHON_HOLDER, BACKGROUND).pid();
        List<long[]> before = awaitLines(parent, pid, lines -> lines.size() >= 3);
        String secret = secretOf(parent, pid);

        List<Sandbox> clones = clone(parent, 2);

        for (Sandbox clone : clones) {
            List<String> lines = awaitOutput(clone, pid, out -> countsIn(out).size() >= before.size() + 5);
            assertThat(lines).allSatisfy(line -> assertThat(line).startsWith(secret + " "));
            assertThat(countsIn(lines)).as("one count sequence in clone %s, never restarted", clone.id())
                    .isEqualTo(sequence(1, countsIn(lines).size()));
        }
        List<String> parentLines = awaitOutput(parent, pid, out -> countsIn(out).size() >= before.size() + 5);
        assertThat(parentLines).allSatisfy(line -> assertThat(line).startsWith(secret + " "));
    }

    @Test
    void aBashLoopCountingInMemoryContinuesInEachCloneWhileTheParentContinuesToo() {
        Sandbox parent = create();
        int pid = parent.commands().start(BASH_COUNTER, BACKGROUND).pid();
        awaitOutput(parent, pid, out -> out.size() >= 3);

        List<Sandbox> clones = clone(parent, 2);

        for (Sandbox clone : clones) {
            List<String> lines = awaitOutput(clone, pid, out -> out.size() >= 12);
            assertThat(lines).as("clone %s counts on without starting again", clone.id())
                    .isEqualTo(sequence(1, lines.size()).stream().map(n -> "tick " + n).collect(Collectors.toList()));
        }
        List<String> parentLines = awaitOutput(parent, pid, out -> out.size() >= 12);
        assertThat(parentLines.get(parentLines.size() - 1)).isEqualTo("tick " + parentLines.size());
    }

    @Test
    void pauseAndResumeCarryTheProcessAndItsMemory() {
        Sandbox sandbox = create();
        int pid = sandbox.commands().start(PYTHON_HOLDER, BACKGROUND).pid();
        awaitOutput(sandbox, pid, out -> out.size() >= 2);
        String secret = secretOf(sandbox, pid);

        assertThat(sandbox.pause()).isTrue();
        Sandbox resumed = sandbox.connect();

        List<String> lines = awaitOutput(resumed, pid, out -> out.size() >= 8);
        assertThat(lines).allSatisfy(line -> assertThat(line).startsWith(secret + " "));
        assertThat(countsIn(lines)).isEqualTo(sequence(1, lines.size()));
    }

    @Test
    void aCloneOfAPausedParentAndACloneOfACloneCarryTheSameMemory() {
        Sandbox parent = create();
        int pid = parent.commands().start(PYTHON_HOLDER, BACKGROUND).pid();
        awaitOutput(parent, pid, out -> out.size() >= 2);
        String secret = secretOf(parent, pid);
        parent.pause();

        Sandbox child = clone(parent, 1).get(0);
        Sandbox grandchild = clone(child, 1).get(0);

        for (Sandbox copy : List.of(child, grandchild)) {
            List<String> lines = awaitOutput(copy, pid, out -> out.size() >= 8);
            assertThat(lines).allSatisfy(line -> assertThat(line).startsWith(secret + " "));
            assertThat(countsIn(lines)).isEqualTo(sequence(1, lines.size()));
        }
    }

    /**
     * A server in the sandbox: its listening socket is carried into every clone, which answers on
     * it from the same process; a connection established before the clone is closed in the clone
     * (the client must reconnect, as on the real service) and stays open in the parent.
     */
    @Test
    void aServersListeningSocketGoesIntoEachCloneAndItsOpenConnectionsAreClosedThere() {
        Sandbox parent = create();
        String server = "python3 -u -c 'import socket, threading\n"
                + "server = socket.create_server((\"127.0.0.1\", 8765))\n"
                + "def serve(conn):\n"
                + "    while True:\n"
                + "        data = conn.recv(100)\n"
                + "        if not data:\n"
                + "            print(\"closed\"); return\n"
                + "        conn.sendall(b\"echo \" + data)\n"
                + "print(\"listening\")\n"
                + "while True:\n"
                + "    conn, _ = server.accept()\n"
                + "    threading.Thread(target=serve, args=(conn,)).start()'";
        int serverPid = parent.commands().start(server, BACKGROUND).pid();
        awaitOutput(parent, serverPid, out -> out.contains("listening"));
        // A client that holds one connection open, and says what happens to it (then stays, to be asked).
        String client = "python3 -u -c 'import socket, time\n"
                + "c = socket.create_connection((\"127.0.0.1\", 8765))\n"
                + "while True:\n"
                + "    try:\n"
                + "        c.sendall(b\"ping\")\n"
                + "        print(\"got\" if c.recv(100) else \"lost\")\n"
                + "    except OSError:\n"
                + "        print(\"lost\")\n"
                + "        time.sleep(3600)\n"
                + "    time.sleep(0.2)'";
        int clientPid = parent.commands().start(client, BACKGROUND).pid();
        awaitOutput(parent, clientPid, out -> out.contains("got"));

        Sandbox clone = clone(parent, 1).get(0);

        assertThat(clone.commands().run("python3 -c 'import socket; c = socket.create_connection((\"127.0.0.1\", 8765));"
                + " c.sendall(b\"hi\"); print(c.recv(100).decode())'").stdout()).isEqualTo("echo hi\n");
        assertThat(awaitOutput(clone, clientPid, out -> out.contains("lost"))).as("the old connection, in the clone").contains("lost");
        int before = awaitOutput(parent, clientPid, out -> true).size();
        List<String> parentClient = awaitOutput(parent, clientPid, out -> out.size() >= before + 3);
        assertThat(parentClient).as("the old connection, in the parent").doesNotContain("lost");
    }

    @Test
    void eachCloneKnowsItsOwnIdByEnvironmentAndHostname() {
        Sandbox parent = create();
        List<Sandbox> clones = clone(parent, 2);

        for (Sandbox sandbox : concat(parent, clones)) {
            String out = sandbox.commands().run("echo \"$E2B_SANDBOX_ID $(hostname)\"").stdout().strip();
            assertThat(out).isEqualTo(sandbox.id() + " " + sandbox.id());
        }
    }

    /**
     * The parent is captured at one instant, files and memory alike: a process that keeps a counter
     * in memory and in a file, as fast as it can, and checks before each write that the file still
     * says what its memory says, finds them agreeing in every clone (an engine that collected the
     * files after thawing the parent would hand the clone a file ahead of its memory).
     */
    @Test
    void everyCloneFindsItsFilesAgreeingWithItsMemory() {
        Sandbox parent = create();
        String writer = "python3 -u -c 'import os\n"
                + "path = \"/home/user/counter\"\n"
                + "i = 0\n"
                + "open(path, \"w\").write(\"0\")\n"
                + "while True:\n"
                + "    seen = open(path).read()\n"
                + "    if seen != str(i):\n"
                + "        print(\"MISMATCH file\", seen, \"memory\", i)\n"
                + "        i = int(seen)\n"
                + "    i += 1\n"
                + "    open(path + \".new\", \"w\").write(str(i))\n"
                + "    os.replace(path + \".new\", path)\n"
                + "    if i % 20000 == 0:\n"
                + "        print(\"at\", i)'";
        int pid = parent.commands().start(writer, BACKGROUND).pid();
        awaitOutput(parent, pid, out -> !out.isEmpty());

        List<Sandbox> clones = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            clones.addAll(clone(parent, 2));
        }

        for (Sandbox sandbox : concat(parent, clones)) {
            long first = counterIn(sandbox);
            long later = first;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (later <= first && System.nanoTime() < deadline) {
                later = counterIn(sandbox);
            }
            List<String> output = awaitOutput(sandbox, pid, out -> true);
            assertThat(output).as("the writer's output in %s", sandbox.id()).noneMatch(line -> line.startsWith("MISMATCH"));
            assertThat(later).as("the writer still runs in %s", sandbox.id()).isGreaterThan(first);
        }
    }

    @Test
    void aSandboxThatRanManyCommandsKeepsOnlyTheLastEndedOnesAndItsCloneStillCarriesTheRunningOne() {
        Sandbox parent = create();
        int sleeper = parent.commands().start(BASH_COUNTER, BACKGROUND).pid();
        for (int i = 0; i < ContainerProcessManager.ENDED_KEPT + 16; i++) {
            parent.commands().run("true");
        }

        String folders = parent.commands().run("ls " + Supervisor.DIRECTORY + "/p | wc -l", RunOptions.builder().user("root").build())
                .stdout().strip();
        // the last ENDED_KEPT ended commands, the counter, and the ls itself
        assertThat(Integer.parseInt(folders)).isLessThanOrEqualTo(ContainerProcessManager.ENDED_KEPT + 2);
        Sandbox clone = clone(parent, 1).get(0);
        assertThat(clone.commands().list()).extracting(process -> process.pid()).containsExactly(sleeper);
        List<String> lines = awaitOutput(clone, sleeper, out -> out.size() >= 3);
        assertThat(lines.get(lines.size() - 1)).isEqualTo("tick " + lines.size());
    }

    private static long counterIn(Sandbox sandbox) {
        return Long.parseLong(sandbox.commands().run("cat /home/user/counter").stdout().strip());
    }

    // ---- helpers ---------------------------------------------------------------------------

    private Sandbox create() {
        Sandbox sandbox = client.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(10)).build());
        made.add(sandbox);
        return sandbox;
    }

    private List<Sandbox> clone(Sandbox parent, int count) {
        List<Sandbox> clones = parent.clone(CloneRequest.builder().count(count).build()).sandboxes();
        made.addAll(clones);
        return clones;
    }

    private static List<Sandbox> concat(Sandbox first, List<Sandbox> rest) {
        List<Sandbox> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static String secretOf(Sandbox sandbox, int pid) {
        return awaitOutput(sandbox, pid, out -> !out.isEmpty()).get(0).split(" ")[0];
    }

    private static List<long[]> awaitLines(Sandbox sandbox, int pid, Predicate<List<String>> done) {
        return awaitOutput(sandbox, pid, done).stream().map(line -> new long[] {Long.parseLong(line.split(" ")[1])})
                .collect(Collectors.toList());
    }

    /** The process's complete lines so far (envd replays all output on connect), once {@code done} holds. */
    private static List<String> awaitOutput(Sandbox sandbox, int pid, Predicate<List<String>> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (CommandHandle handle = sandbox.commands().connect(pid, BACKGROUND)) {
            while (true) {
                List<String> lines = completeLines(handle.stdout());
                if (done.test(lines)) {
                    return lines;
                }
                assertThat(System.nanoTime()).as("output of pid %d in %s: %s", pid, sandbox.id(), lines).isLessThan(deadline);
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<String> completeLines(String output) {
        int end = output.lastIndexOf('\n');
        if (end < 0) {
            return List.of();
        }
        return output.substring(0, end).lines().collect(Collectors.toList());
    }

    private static List<Long> countsIn(List<String> lines) {
        return lines.stream().map(line -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1))).collect(Collectors.toList());
    }

    private static List<Long> sequence(long from, long count) {
        List<Long> numbers = new ArrayList<>();
        for (long n = from; n < from + count; n++) {
            numbers.add(n);
        }
        return numbers;
    }
}
