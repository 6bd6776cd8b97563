package dev.sandboxemulator.emulator.concurrency;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.emulator.NoEmulatorErrorsExtension;
import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.Lifecycle;
import dev.sandboxemulator.client.ListSandboxesRequest;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxInfo;
import dev.sandboxemulator.client.SandboxState;
import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Churn: many threads creating, cloning, pausing, resuming and killing sandboxes in a loop, often each
 * other's, always near the quota, while others write and read files and run commands in them. Every answer is a documented one; the quota endpoint never reports more
 * running slots than the quota at any sampled instant; once the threads stop, the slots held are exactly
 * the running sandboxes; and killing what is left leaves nothing.
 *
 * <p>Only the quota endpoint is sampled while the threads run: it reads the slot count at one instant,
 * while the list and the emulator's count read sandboxes one after another, so a kill and a create that
 * both land during one listing may both show in it, above the quota, without the service ever being so.
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class ChurnTest {

    private static final int QUOTA = 6;
    private static final int THREADS = 6;
    private static final int ITERATIONS = 60;

    /** What each operation may answer while other threads kill, pause and fill the quota around it. */
    private static final Map<String, Set<String>> DOCUMENTED = Map.of(
            "create", Set.of("ok", "429"),
            "clone", Set.of("ok", "404", "429"),
            "kill", Set.of("true", "false"),
            "pause", Set.of("true", "false", "404"),
            "connect", Set.of("ok", "404", "429"),
            "set timeout", Set.of("ok", "404"),
            // A sandbox killed or paused by another thread refuses the data plane; a file written and read
            // back in one that still runs holds what was written.
            // Waking a paused sandbox with auto-resume is refused when the quota is full.
            "write and read back", Set.of("ok", "unavailable", "429"),
            // Commands report a sandbox that stopped answering as not found.
            "echo", Set.of("ok", "404", "429"));

    /** On a manual clock: time stands still unless a test moves it. */
    private final SandboxEmulator emulator = SandboxEmulator.builder().manualClock().runningQuota(QUOTA).start();
    private final SandboxClient client = SandboxClient.builder().apiUrl(emulator.apiUrl())
            .sandboxUrl(emulator.sandboxUrl()).apiKey(emulator.apiKey()).build();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    /** Ids any thread may act on: every sandbox made, live or not. */
    private final List<String> known = new CopyOnWriteArrayList<>();
    /** A data-plane handle for every sandbox made. */
    private final Map<String, Sandbox> handles = new ConcurrentHashMap<>();
    private final Map<String, String> undocumented = new ConcurrentHashMap<>();

    @AfterEach
    void close() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        emulator.close();
    }

    /** Whether creates ask for short timeouts and every lifecycle, for the test that moves the clock. */
    private volatile boolean expiring;

    @Test
    void churnKeepsWithinTheQuotaAnswersAsDocumentedAndLeavesNothingOnceCleanedUp() throws Exception {
        churn();
        checkTheEndAndCleanUp();
    }

    /**
     * The same churn while another thread keeps moving the clock, so that sandboxes time out (killed,
     * or paused, some to be woken by the data plane) in the middle of calls on them.
     */
    @Test
    void churnWhileTimeoutsExpireKeepsWithinTheQuotaAndLeavesNothingOnceCleanedUp() throws Exception {
        expiring = true;
        AtomicBoolean stop = new AtomicBoolean();
        Thread clock = new Thread(() -> {
            while (!stop.get()) {
                emulator.manualClock().advance(Duration.ofSeconds(7));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
        }, "clock");
        clock.start();
        try {
            churn();
        } finally {
            stop.set(true);
            clock.join();
        }
        checkTheEndAndCleanUp();
    }

    private void churn() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        try (QuotaSampler sampler = new QuotaSampler(QUOTA, List.of(new QuotaSampler.Reading("the quota endpoint",
                () -> client.getQuota().usage().concurrentInstances())))) {
            for (int thread = 0; thread < THREADS; thread++) {
                Random random = new Random(thread);
                workers.add(pool.submit(() -> {
                    go.await();
                    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
                        step(random);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
            sampler.stopAndCheck();
        }
        assertThat(undocumented).as("answers that are not documented for the operation").isEmpty();
    }

    /** Once nothing moves: the slots held are the running sandboxes, and killing them all leaves nothing. */
    private void checkTheEndAndCleanUp() {
        List<SandboxInfo> left = client.listAll(ListSandboxesRequest.ALL).toList();
        long running = left.stream().filter(info -> info.state() == SandboxState.RUNNING).count();
        assertThat(client.getQuota().usage().concurrentInstances()).as("slots held once the churn stopped, by %s", left)
                .isEqualTo(running);
        assertThat(emulator.runningCount()).isEqualTo(running);

        left.forEach(info -> assertThat(client.kill(info.sandboxId())).isTrue());
        assertThat(client.listAll(ListSandboxesRequest.ALL)).isEmpty();
        assertThat(emulator.sandboxIds()).isEmpty();
        assertThat(client.getQuota().usage().concurrentInstances()).isZero();
        assertThat(emulator.runningCount()).isZero();
    }

    private void step(Random random) {
        int choice = random.nextInt(13);
        if (choice < 3 || known.isEmpty()) {
            record("create", () -> {
                add(client.create(expiring ? expiringRequest(random) : CreateSandboxRequest.builder().build()));
                return "ok";
            });
            return;
        }
        String id = known.get(random.nextInt(known.size()));
        switch (choice) {
            case 3, 4 -> record("clone", () -> {
                client.clone(id, CloneRequest.builder().count(1 + random.nextInt(3)).strict(random.nextBoolean()).build())
                        .sandboxes().forEach(this::add);
                return "ok";
            });
            case 5, 6 -> record("kill", () -> String.valueOf(client.kill(id)));
            case 7 -> record("pause", () -> String.valueOf(client.pause(id)));
            case 12 -> record("set timeout", () -> {
                client.setTimeout(id, Duration.ofSeconds(10 + random.nextInt(120)));
                return "ok";
            });
            case 8 -> record("write and read back", () -> {
                String path = "/home/user/churn-" + Thread.currentThread().getId() + ".txt";
                String content = "written " + random.nextInt();
                handles.get(id).files().write(path, content);
                String read = handles.get(id).files().readText(path);
                return read.equals(content) ? "ok" : "read back " + read + " after writing " + content;
            });
            case 9 -> record("echo", () -> {
                String stdout = handles.get(id).commands().run("echo churn").stdout();
                return stdout.equals("churn\n") ? "ok" : "echo printed " + stdout;
            });
            default -> record("connect", () -> {
                Sandbox connected = client.connect(id);
                assertThat(connected.id()).isEqualTo(id);
                return "ok";
            });
        }
    }

    /** Timeouts the moving clock passes within a few of its steps, and every lifecycle. */
    private static CreateSandboxRequest expiringRequest(Random random) {
        Lifecycle lifecycle = switch (random.nextInt(3)) {
            case 0 -> Lifecycle.killOnTimeout();
            case 1 -> Lifecycle.pauseOnTimeout(false);
            default -> Lifecycle.pauseOnTimeout(true);
        };
        return CreateSandboxRequest.builder().timeout(Duration.ofSeconds(random.nextInt(90))).lifecycle(lifecycle).build();
    }

    private void add(Sandbox sandbox) {
        handles.put(sandbox.id(), sandbox);
        known.add(sandbox.id());
    }

    private void record(String operation, Supplier<String> call) {
        String answer = Outcomes.of(call, outcome -> outcome);
        if (!DOCUMENTED.get(operation).contains(answer)) {
            undocumented.put(operation + " #" + undocumented.size(), answer);
        }
    }
}
