package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.engine.error.BackendFailureException;
import dev.sandboxemulator.emulator.spi.Backend;
import dev.sandboxemulator.emulator.spi.BackendSnapshot;
import dev.sandboxemulator.emulator.spi.ProcessManager;
import dev.sandboxemulator.emulator.spi.ResourceUsage;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import dev.sandboxemulator.emulator.spi.SandboxSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The copies of clone and fork requests are restored on one pool that the engine owns for its life: in
 * parallel up to the backend's limit, on named daemon threads, without deadlock however many
 * requests clone at once, and with nothing left behind when a request is abandoned.
 */
@Timeout(60)
class CloneRestorePoolTest {

    private final ClockScheduler time = ClockScheduler.ticking(Clock.systemUTC());
    private final Tenant tenant = new Tenant("pool-test", Clock.systemUTC(), time, 1000, CloneFaultPolicy.NONE);

    @AfterEach
    void stopClock() {
        time.close();
    }

    @Test
    void oneRequestRestoresInParallelUpToTheBackendsLimitOnNamedDaemonThreads() {
        // A barrier of 3 lets no restore finish until 3 are under way at once.
        FakeBackend backend = new FakeBackend(3, new CyclicBarrier(3));
        try (Engine engine = engineOver(backend)) {
            String parent = engine.create(tenant, aSandbox()).sandboxId();

            CloneOutcome outcome = engine.clone(tenant, parent, new CloneCommand(6, true, OptionalLong.empty()));

            assertThat(outcome.clones()).hasSize(6);
            assertThat(backend.mostAtOnce.get()).isEqualTo(3);
            assertThat(backend.restoreThreads).allSatisfy(thread -> {
                assertThat(thread.getName()).startsWith("sandbox-emulator-clone-restore-");
                assertThat(thread.isDaemon()).isTrue();
            });
        }
    }

    @Test
    void aForkMakesTheSameBackendCallsAsAClone_oneSnapshotRestoredInParallelThenDiscarded() {
        FakeBackend backend = new FakeBackend(3, new CyclicBarrier(3));
        try (Engine engine = engineOver(backend)) {
            String parent = engine.create(tenant, aSandbox()).sandboxId();

            List<ForkSlot> slots = engine.fork(tenant, parent, new ForkCommand(6, 60));

            assertThat(slots).hasSize(6).allSatisfy(slot -> assertThat(slot.sandbox()).isPresent());
            assertThat(backend.snapshotted).containsExactly(parent);
            assertThat(backend.restored).hasSize(6)
                    .containsExactlyInAnyOrderElementsOf(slots.stream().map(slot -> slot.sandbox().orElseThrow().sandboxId()).toList());
            assertThat(backend.mostAtOnce.get()).isEqualTo(3);
            assertThat(backend.discarded.get()).isEqualTo(1);
            assertThat(backend.restoreThreads).allSatisfy(thread -> assertThat(thread.getName()).startsWith("sandbox-emulator-clone-restore-"));
        }
    }

    @Test
    void manyRequestsAtOnceShareOneBoundedPoolAndAllFinish() throws Exception {
        FakeBackend backend = new FakeBackend(4, null);
        ExecutorService requests = Executors.newFixedThreadPool(40);
        try (Engine engine = engineOver(backend)) {
            String parent = engine.create(tenant, aSandbox()).sandboxId();
            List<Future<CloneOutcome>> clones = new ArrayList<>();
            for (int request = 0; request < 40; request++) {
                clones.add(requests.submit(() -> engine.clone(tenant, parent, new CloneCommand(4, true, OptionalLong.empty()))));
            }
            for (Future<CloneOutcome> clone : clones) {
                assertThat(clone.get(30, TimeUnit.SECONDS).clones()).hasSize(4);
            }
            long poolThreads = backend.restoreThreads.stream()
                    .filter(thread -> thread.getName().startsWith("sandbox-emulator-clone-restore-"))
                    .distinct().count();
            assertThat(poolThreads).isBetween(1L, (long) CloneOrchestrator.MAX_RESTORE_THREADS);
        } finally {
            requests.shutdownNow();
        }
    }

    @Test
    void closingTheEngineEndsItsRestoreThreads() throws Exception {
        FakeBackend backend = new FakeBackend(2, null);
        Engine engine = engineOver(backend);
        String parent = engine.create(tenant, aSandbox()).sandboxId();
        engine.clone(tenant, parent, new CloneCommand(2, true, OptionalLong.empty()));
        assertThat(backend.restoreThreads).isNotEmpty();

        engine.close();

        for (Thread thread : backend.restoreThreads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(thread.isAlive()).as(thread.getName()).isFalse();
        }
    }

    @Test
    void aRequestInterruptedWhileItsCopiesAreRestoredRemovesEveryCopy() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        FakeBackend backend = new FakeBackend(2, null);
        backend.block = never;
        try (Engine engine = engineOver(backend)) {
            String parent = engine.create(tenant, aSandbox()).sandboxId();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread request = new Thread(() -> {
                try {
                    engine.clone(tenant, parent, new CloneCommand(4, false, OptionalLong.empty()));
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            request.start();
            backend.blocked.await(10, TimeUnit.SECONDS);

            request.interrupt();
            request.join(TimeUnit.SECONDS.toMillis(30));

            assertThat(failure.get()).isInstanceOf(BackendFailureException.class)
                    .hasMessageContaining("restoring clones of sandbox " + parent);
            assertThat(backend.killed).hasSize(4);
            assertThat(engine.all(tenant)).extracting(SandboxView::sandboxId).containsExactly(parent);
            assertThat(engine.quota(tenant).usedInstances()).isEqualTo(1);
        }
    }

    @Test
    void aBackendThatRestoresOneAtATimeIsCalledOnTheRequestThreadInOrder() {
        FakeBackend backend = new FakeBackend(1, null);
        try (Engine engine = engineOver(backend)) {
            String parent = engine.create(tenant, aSandbox()).sandboxId();

            CloneOutcome outcome = engine.clone(tenant, parent, new CloneCommand(3, true, OptionalLong.empty()));

            assertThat(backend.restoreThreads).containsOnly(Thread.currentThread());
            assertThat(backend.restored).containsExactlyElementsOf(
                    outcome.clones().stream().map(SandboxView::sandboxId).toList());
        }
    }

    private Engine engineOver(Backend backend) {
        return new Engine(backend, EngineSettings.DEFAULTS, IdGenerator.seeded(7),
                new Tenant("default", Clock.systemUTC(), time, 10, CloneFaultPolicy.NONE));
    }

    private static CreateCommand aSandbox() {
        return CreateCommand.asRequested("base", Map.of(), Map.of(), null, null, null, Lifecycle.DEFAULT);
    }

    /** Keeps no sandboxes, only counts restores: how many at once, and on which threads. */
    private static final class FakeBackend implements Backend {
        private final int concurrency;
        private final CyclicBarrier together;
        final AtomicInteger underWay = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final List<Thread> restoreThreads = new CopyOnWriteArrayList<>();
        final List<String> restored = new CopyOnWriteArrayList<>();
        final Set<String> killed = ConcurrentHashMap.newKeySet();
        final List<String> snapshotted = new CopyOnWriteArrayList<>();
        final AtomicInteger discarded = new AtomicInteger();
        final CountDownLatch blocked = new CountDownLatch(1);
        volatile CountDownLatch block;

        FakeBackend(int concurrency, CyclicBarrier together) {
            this.concurrency = concurrency;
            this.together = together;
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public int restoreConcurrency() {
            return concurrency;
        }

        @Override
        public void create(String sandboxId, SandboxSpec spec) {
        }

        @Override
        public void restore(BackendSnapshot snapshot, String sandboxId, SandboxSpec spec) {
            restoreThreads.add(Thread.currentThread());
            int now = underWay.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                if (together != null) {
                    together.await(10, TimeUnit.SECONDS);
                }
                if (block != null) {
                    blocked.countDown();
                    block.await();
                }
                restored.add(sandboxId);
            } catch (Exception e) {
                throw new IllegalStateException("restore of " + sandboxId + " stopped: " + e, e);
            } finally {
                underWay.decrementAndGet();
            }
        }

        @Override
        public BackendSnapshot snapshot(String sandboxId) {
            snapshotted.add(sandboxId);
            return () -> sandboxId;
        }

        @Override
        public void discard(BackendSnapshot snapshot) {
            discarded.incrementAndGet();
        }

        @Override
        public void pause(String sandboxId) {
        }

        @Override
        public void resume(String sandboxId) {
        }

        @Override
        public void kill(String sandboxId) {
            killed.add(sandboxId);
        }

        @Override
        public SandboxFileSystem fileSystem(String sandboxId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ProcessManager processes(String sandboxId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ResourceUsage usage(String sandboxId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
