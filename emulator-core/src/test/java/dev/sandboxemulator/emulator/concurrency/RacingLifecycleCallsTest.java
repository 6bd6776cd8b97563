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
import dev.sandboxemulator.emulator.SandboxTenant;
import dev.sandboxemulator.emulator.TenantOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kill, pause, connect and clone of one sandbox, all at once: every call gets a documented answer
 * (never a 500), and the answers and the end state are those of the same calls made one at a time in
 * some order (see {@link SerialOrders}). Over HTTP, on the simulated backend, many rounds from a running
 * and from a paused start.
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class RacingLifecycleCallsTest {

    private static final int ROUNDS = 40;
    /**
     * The tight-quota race's window (a clone taking its slots as a kill comes) is narrow: it takes a few
     * hundred rounds to be sure of meeting it.
     */
    private static final int TIGHT_ROUNDS = 300;
    /** Each round's calls: two of the idempotent ones, so that a race between equals is tried too. */
    private static final List<String> CALLS = List.of("kill", "pause", "pause", "connect", "connect", "clone");
    /** Room for every clone, so that no answer depends on the quota. */
    private static final int QUOTA = 50;

    private final SandboxEmulator emulator = SandboxEmulator.builder().runningQuota(QUOTA).start();
    private final SandboxClient client = SandboxClient.builder().apiUrl(emulator.apiUrl())
            .sandboxUrl(emulator.sandboxUrl()).apiKey(emulator.apiKey()).build();
    private final ExecutorService pool = Executors.newFixedThreadPool(CALLS.size());

    @AfterEach
    void close() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        emulator.close();
    }

    @Test
    void racingCallsAnswerAsSomeSerialOrderOfThemWould() throws Exception {
        race(client, QUOTA, ROUNDS);
    }

    /**
     * The same race where the quota has room for one running sandbox, so that resumes and clones compete
     * for the slot: their 429s, too, must be those of some serial order. It found clones that took slots
     * before they knew their parent was there: a clone that answered 404 had made a resume answer 429.
     */
    @Test
    void racingCallsUnderATightQuotaAnswerAsSomeSerialOrderOfThemWould() throws Exception {
        int tightQuota = 1;
        try (SandboxTenant tenant = emulator.newTenant(TenantOptions.defaults().withRunningQuota(tightQuota))) {
            race(client.newBuilder().apiKey(tenant.apiKey()).build(), tightQuota, TIGHT_ROUNDS);
        }
    }

    private void race(SandboxClient client, int quota, int rounds) throws Exception {
        for (int round = 0; round < rounds; round++) {
            boolean startsRunning = round % 2 == 0;
            Sandbox sandbox = client.create();
            if (!startsRunning) {
                sandbox.pause();
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Future<SerialOrders.Call>> futures = new ArrayList<>();
            for (String operation : CALLS) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return new SerialOrders.Call(operation, call(client, operation, sandbox.id()));
                }));
            }
            go.countDown();
            List<SerialOrders.Call> calls = new ArrayList<>();
            for (Future<SerialOrders.Call> future : futures) {
                calls.add(future.get(30, TimeUnit.SECONDS));
            }

            List<SandboxInfo> listed = client.listAll(ListSandboxesRequest.ALL).toList();
            Optional<SandboxInfo> parent = listed.stream().filter(info -> info.sandboxId().equals(sandbox.id())).findFirst();
            List<SandboxInfo> clones = listed.stream().filter(info -> !info.sandboxId().equals(sandbox.id())).toList();
            assertThat(clones).as("clones are running copies").allMatch(info -> info.state() == SandboxState.RUNNING);
            SerialOrders.End end = new SerialOrders.End(parent.isPresent(),
                    parent.map(info -> info.state() == SandboxState.RUNNING).orElse(false), clones.size());
            assertThat(SerialOrders.explaining(calls, startsRunning, quota, end))
                    .as("a serial order of %s from a %s sandbox that ends %s", calls, startsRunning ? "running" : "paused", end)
                    .isPresent();
            int running = clones.size() + (end.running() ? 1 : 0);
            assertThat(client.getQuota().usage().concurrentInstances()).as("running slots held after %s", calls)
                    .isEqualTo(running);

            listed.forEach(info -> client.kill(info.sandboxId()));
        }
    }

    /** Makes one call and names its answer as {@link SerialOrders} does. */
    private static String call(SandboxClient client, String operation, String id) {
        Supplier<String> call = switch (operation) {
            case "kill" -> () -> String.valueOf(client.kill(id));
            case "pause" -> () -> String.valueOf(client.pause(id));
            case "connect" -> () -> {
                client.connect(id);
                return "connected";
            };
            case "clone" -> () -> "made " + client.clone(id, CloneRequest.DEFAULT).count();
            default -> throw new IllegalArgumentException(operation);
        };
        return Outcomes.of(call, answer -> answer);
    }
}
