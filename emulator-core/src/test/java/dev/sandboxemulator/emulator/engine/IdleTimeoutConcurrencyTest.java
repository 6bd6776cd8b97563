package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.ManualClock;
import dev.sandboxemulator.emulator.backend.simulated.SimulatedBackend;
import dev.sandboxemulator.emulator.stub.Stubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams opening and closing on many threads while the clock races past the idle timeout: one
 * stream held open throughout keeps the sandbox alive however the others interleave with the sweeps,
 * and once every stream is closed the sandbox is idle exactly one idle timeout later (no connection
 * is lost or counted twice).
 */
@Timeout(60)
class IdleTimeoutConcurrencyTest {

    private static final int THREADS = 8;
    private static final int ROUNDS = 500;

    private final ManualClock clock = ManualClock.create();
    private final ClockScheduler time = ClockScheduler.ticking(clock);
    private final Tenant tenant = new Tenant("idle", clock, time, 10, CloneFaultPolicy.NONE);
    private final Engine engine = new Engine(new SimulatedBackend(clock, time, new Stubs()), EngineSettings.DEFAULTS,
            IdGenerator.seeded(3), tenant);

    @AfterEach
    void close() {
        engine.close();
        time.close();
    }

    @Test
    void connectionsCountedFromManyThreadsKeepTheSandboxAliveAndAllComeBack() throws Exception {
        String id = engine.create(tenant, CreateCommand.asRequested("base", Map.of("idle_timeout", "10"), Map.of(),
                3600L, false, null, Lifecycle.DEFAULT)).sandboxId();
        DataPlaneAccess.Connection keeper = engine.dataPlane(id).connect();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        CyclicBarrier start = new CyclicBarrier(THREADS + 1);
        AtomicBoolean churning = new AtomicBoolean(true);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < ROUNDS; round++) {
                        DataPlaneAccess access = engine.dataPlane(id);
                        DataPlaneAccess.Connection connection = access.connect();
                        access.use(() -> null);
                        connection.close();
                        connection.close(); // a second close must not count the client out twice
                    }
                    return null;
                }));
            }
            Future<?> sweeper = pool.submit(() -> {
                start.await();
                while (churning.get()) {
                    // Keeps the regular timeout from ending the run (this also counts as use, at the old time).
                    engine.setTimeout(tenant, id, 3600);
                    // Then a whole idle timeout passes and sweeps: any moment with nothing counted ends the sandbox.
                    clock.advance(Duration.ofSeconds(10));
                    engine.expireDue();
                }
                return null;
            });
            for (Future<?> worker : workers) {
                worker.get();
            }
            churning.set(false);
            sweeper.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(listed(id)).as("alive while the keeper's stream was open").isTrue();

        keeper.close();
        clock.advance(Duration.ofSeconds(9));
        assertThat(listed(id)).as("idle for 9 s since the last stream closed").isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(listed(id)).as("idle for 10 s: every connection was given back").isFalse();
    }

    private boolean listed(String id) {
        return engine.all(tenant).stream().anyMatch(view -> view.sandboxId().equals(id));
    }
}
