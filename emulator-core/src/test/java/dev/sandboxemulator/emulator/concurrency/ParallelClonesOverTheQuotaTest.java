package dev.sandboxemulator.emulator.concurrency;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.emulator.NoEmulatorErrorsExtension;
import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.ListSandboxesRequest;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxInfo;
import dev.sandboxemulator.client.SandboxState;
import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clone requests of one parent at once, together asking for more copies than the running quota
 * holds: the running count never passes the quota at any instant a sampler observes, every answer is
 * a documented one, and afterwards exactly the copies the successful answers name exist (a strict
 * clone that failed, or a refused one, leaves nothing behind). Over HTTP, on the simulated backend.
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class ParallelClonesOverTheQuotaTest {

    private static final int QUOTA = 10;
    private static final int THREADS = 8;
    private static final int ROUNDS = 8;
    /** Which copy of every clone request fails, so that strict requests of 3 or more copies fail whole. */
    private static final int FAILING_COPY_INDEX = 2;

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
    void parallelClonesNeverRunPastTheQuotaAndLeaveExactlyTheCopiesTheyAnswered() throws Exception {
        emulator.faults().failClonesWhere(attempt -> attempt.index() == FAILING_COPY_INDEX);
        for (int round = 0; round < ROUNDS; round++) {
            // A paused parent holds no running slot; a running one holds one.
            boolean parentRuns = round % 2 == 0;
            Sandbox parent = client.create();
            if (!parentRuns) {
                parent.pause();
            }
            Map<Integer, List<String>> made = new ConcurrentHashMap<>();
            Map<Integer, String> answers = new ConcurrentHashMap<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> clones = new ArrayList<>();
            try (QuotaSampler sampler = new QuotaSampler(QUOTA, readings())) {
                for (int thread = 0; thread < THREADS; thread++) {
                    int request = thread;
                    clones.add(pool.submit(() -> {
                        go.await();
                        answers.put(request, named(Outcomes.of(
                                () -> client.clone(parent.id(), CloneRequest.builder().count(count(request))
                                        .strict(strict(request)).build()),
                                result -> {
                                    made.put(request, result.sandboxes().stream().map(Sandbox::id).collect(Collectors.toList()));
                                    return "made " + result.count();
                                })));
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> clone : clones) {
                    clone.get(60, TimeUnit.SECONDS);
                }
                sampler.stopAndCheck();
            }

            for (int request = 0; request < THREADS; request++) {
                assertThat(answers.get(request)).as("request %d: %d copies, strict=%s", request, count(request), strict(request))
                        .isIn(allowedAnswers(request));
            }
            assertThat(answers.values()).as("answers of a storm that asks for more than the quota holds").contains("429");
            Set<String> expected = new HashSet<>();
            expected.add(parent.id());
            made.values().forEach(expected::addAll);
            int copies = made.values().stream().mapToInt(List::size).sum();
            assertThat(expected).as("copies are all distinct").hasSize(1 + copies);
            List<SandboxInfo> listed = client.listAll(ListSandboxesRequest.ALL).collect(Collectors.toList());
            assertThat(listed).extracting(SandboxInfo::sandboxId).as("what exists after the storm")
                    .containsExactlyInAnyOrderElementsOf(expected);
            int running = copies + (parentRuns ? 1 : 0);
            assertThat(client.getQuota().usage().concurrentInstances()).as("running slots held").isEqualTo(running);
            assertThat(emulator.runningCount()).isEqualTo(running);
            assertThat(listed).filteredOn(info -> info.state() == SandboxState.RUNNING).hasSize(running);

            listed.forEach(info -> client.kill(info.sandboxId()));
        }
    }

    /** Requests of 1 to 4 copies, so that together they ask for 20 while 9 or 10 are free. */
    private static int count(int request) {
        return 1 + request % 4;
    }

    private static boolean strict(int request) {
        return request % 2 == 0;
    }

    /**
     * The answers a request may get: its copies (all, or all but the failing one when not strict), a
     * 429 when the quota had no room for it when it came, or the strict failure (500) when it asked for
     * the failing copy.
     */
    private static Set<String> allowedAnswers(int request) {
        int count = count(request);
        boolean reachesTheFailingCopy = count > FAILING_COPY_INDEX;
        if (!reachesTheFailingCopy) {
            return Set.of("made " + count, "429");
        }
        if (!strict(request)) {
            return Set.of("made " + (count - 1), "429");
        }
        return Set.of("429", "strict clone failed: 1 of " + count + " copies failed and " + (count - 1) + " were removed");
    }

    private static final Pattern STRICT_FAILURE = Pattern.compile(
            "500 500: clone failed: (\\d+) of (\\d+) copies of sandbox \\w+ failed \\(.*\\); strict mode removed the (\\d+) that succeeded");

    /** The documented strict failure, named by its figures; any other answer as it came. */
    private static String named(String answer) {
        Matcher strictFailure = STRICT_FAILURE.matcher(answer);
        if (strictFailure.matches()) {
            return "strict clone failed: " + strictFailure.group(1) + " of " + strictFailure.group(2) + " copies failed and "
                    + strictFailure.group(3) + " were removed";
        }
        return answer;
    }

    private List<QuotaSampler.Reading> readings() {
        // While copies are only ever added, every view of the running count must stay within the quota: the
        // quota endpoint (slots held), the emulator's own count and the list's running sandboxes.
        return List.of(
                new QuotaSampler.Reading("the quota endpoint", () -> client.getQuota().usage().concurrentInstances()),
                new QuotaSampler.Reading("the emulator's running count", emulator::runningCount),
                new QuotaSampler.Reading("the list", () -> (int) client.listAll(ListSandboxesRequest.ALL)
                        .filter(info -> info.state() == SandboxState.RUNNING).count()));
    }
}
