package dev.sandboxemulator.emulator.concurrency;

import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.ForkRequest;
import dev.sandboxemulator.client.ForkSlot;
import dev.sandboxemulator.client.ListSandboxesRequest;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxException;
import dev.sandboxemulator.client.SandboxInfo;
import dev.sandboxemulator.client.SandboxState;
import dev.sandboxemulator.emulator.NoEmulatorErrorsExtension;
import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forks and clones of one running parent at once, together asking for more copies than the running quota holds.
 * They share the parent's snapshot path but take running slots differently (a clone all or nothing, a fork slot by
 * slot): at every instant a sampler observes, no more sandboxes run than the quota allows; every fork slot is a
 * sandbox, a 429 or the planted 500; and afterwards exactly the sandboxes the answers name exist. Over HTTP, on the
 * simulated backend.
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class ParallelForksAndClonesTest {

    private static final int QUOTA = 10;
    private static final int THREADS = 8;
    private static final int ROUNDS = 6;
    /** The slot (or copy) of every request that fails, so that forks answer per-slot 500s under the storm. */
    private static final int FAILING_INDEX = 2;

    private final SandboxEmulator emulator = SandboxEmulator.builder().runningQuota(QUOTA).start();
    private final SandboxClient client = SandboxClient.builder().apiUrl(emulator.apiUrl())
            .sandboxUrl(emulator.sandboxUrl()).apiKey(emulator.apiKey()).build();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void close() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        emulator.close();
    }

    @Test
    void forksAndClonesTogetherNeverRunPastTheQuotaAndLeaveExactlyWhatTheyAnswered() throws Exception {
        emulator.faults().failClonesWhere(attempt -> attempt.index() == FAILING_INDEX);
        for (int round = 0; round < ROUNDS; round++) {
            Sandbox parent = client.create();
            Map<Integer, List<String>> made = new ConcurrentHashMap<>();
            Map<Integer, List<String>> answers = new ConcurrentHashMap<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> requests = new ArrayList<>();
            try (QuotaSampler sampler = new QuotaSampler(QUOTA, readings())) {
                for (int thread = 0; thread < THREADS; thread++) {
                    int request = thread;
                    requests.add(pool.submit(() -> {
                        go.await();
                        if (forks(request)) {
                            fork(parent, request, made, answers);
                        } else {
                            answers.put(request, List.of(Outcomes.of(
                                    () -> client.clone(parent.id(), CloneRequest.builder().count(count(request)).build()),
                                    result -> {
                                        made.put(request, result.sandboxes().stream().map(Sandbox::id).collect(Collectors.toList()));
                                        return "made " + result.count();
                                    })));
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> request : requests) {
                    request.get(60, TimeUnit.SECONDS);
                }
                sampler.stopAndCheck();
            }

            for (int request = 0; request < THREADS; request++) {
                if (forks(request)) {
                    List<String> slots = answers.get(request);
                    assertThat(slots).as("fork request %d of %d slots", request, count(request)).hasSize(count(request));
                    for (int slot = 0; slot < slots.size(); slot++) {
                        assertThat(slots.get(slot)).as("fork request %d, slot %d", request, slot)
                                .isIn(slot == FAILING_INDEX ? Set.of("500", "429") : Set.of("made", "429"));
                    }
                } else {
                    int count = count(request);
                    // Not strict: all its copies but the failing one, or a 429 when the quota had no room for all of them.
                    assertThat(answers.get(request)).as("clone request %d of %d copies", request, count).hasSize(1)
                            .element(0).isIn("made " + (count > FAILING_INDEX ? count - 1 : count), "429");
                }
            }
            assertThat(answers.values().stream().flatMap(List::stream))
                    .as("answers of a storm that asks for more than the quota holds").contains("429");
            Set<String> expected = new HashSet<>();
            expected.add(parent.id());
            made.values().forEach(expected::addAll);
            int copies = made.values().stream().mapToInt(List::size).sum();
            assertThat(expected).as("copies are all distinct").hasSize(1 + copies);
            List<SandboxInfo> listed = client.listAll(ListSandboxesRequest.ALL).collect(Collectors.toList());
            assertThat(listed).extracting(SandboxInfo::sandboxId).as("what exists after the storm")
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(client.getQuota().usage().concurrentInstances()).as("running slots held").isEqualTo(1 + copies);
            assertThat(emulator.runningCount()).isEqualTo(1 + copies);

            listed.forEach(info -> client.kill(info.sandboxId()));
        }
    }

    private void fork(Sandbox parent, int request, Map<Integer, List<String>> made, Map<Integer, List<String>> answers) {
        List<ForkSlot> slots = client.fork(parent.id(),
                ForkRequest.builder().count(count(request)).timeout(Duration.ofMinutes(5)).build()).slots();
        made.put(request, slots.stream().flatMap(slot -> slot.sandbox().stream()).map(Sandbox::id).collect(Collectors.toList()));
        answers.put(request, slots.stream()
                .map(slot -> slot.sandbox().isPresent() ? "made"
                        : String.valueOf(slot.error().map(SandboxException::statusCode).orElseThrow()))
                .collect(Collectors.toList()));
    }

    /** Even requests fork, odd ones clone (not strict). */
    private static boolean forks(int request) {
        return request % 2 == 0;
    }

    /** Requests of 1 to 4 copies, so that together they ask for 20 while 9 are free. */
    private static int count(int request) {
        return 1 + (request / 2) % 4;
    }

    private List<QuotaSampler.Reading> readings() {
        return List.of(
                new QuotaSampler.Reading("the quota endpoint", () -> client.getQuota().usage().concurrentInstances()),
                new QuotaSampler.Reading("the emulator's running count", emulator::runningCount),
                new QuotaSampler.Reading("the list", () -> (int) client.listAll(ListSandboxesRequest.ALL)
                        .filter(info -> info.state() == SandboxState.RUNNING).count()));
    }
}
