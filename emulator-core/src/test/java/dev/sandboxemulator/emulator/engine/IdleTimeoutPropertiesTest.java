package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.ManualClock;
import dev.sandboxemulator.emulator.backend.simulated.SimulatedBackend;
import dev.sandboxemulator.emulator.engine.error.EngineException;
import dev.sandboxemulator.emulator.stub.Stubs;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's idle timeout against a model of the rule, for any sequence of clock advances,
 * calls, data-plane requests and streams opened and closed: a running sandbox ends once it has
 * gone {@code idle_timeout} seconds with no stream open since its last use (or once its regular
 * timeout passes), and at no other moment.
 */
class IdleTimeoutPropertiesTest {

    private static final long TIMEOUT_SECONDS = 3600;

    sealed interface Step permits Advance, Call, Request, OpenStream, CloseStream {
    }

    record Advance(int seconds) implements Step {
    }

    /** A control-plane call on the sandbox (get). */
    record Call() implements Step {
    }

    /** A unary data-plane request. */
    record Request() implements Step {
    }

    record OpenStream() implements Step {
    }

    /** Closes the open stream at this index (modulo how many are open), if any is. */
    record CloseStream(int index) implements Step {
    }

    /** The rule, written plainly: what the engine must agree with. */
    static final class Model {
        final long idleSeconds;
        long now;
        long lastUse;
        int open;
        boolean alive = true;

        Model(long idleSeconds) {
            this.idleSeconds = idleSeconds;
        }

        void advance(long seconds) {
            now += seconds;
            if (!alive) {
                return;
            }
            boolean idle = idleSeconds > 0 && open == 0 && now - lastUse >= idleSeconds;
            if (idle || now >= TIMEOUT_SECONDS) {
                alive = false;
            }
        }

        void use() {
            if (alive) {
                lastUse = now;
            }
        }
    }

    @Property(tries = 300, seed = "20261202")
    void theEngineEndsTheSandboxExactlyWhenTheModelSaysItIsIdle(@ForAll @IntRange(min = 0, max = 120) int idleSeconds,
                                                               @ForAll("steps") List<Step> steps) {
        ManualClock clock = ManualClock.create();
        ClockScheduler time = ClockScheduler.ticking(clock);
        Tenant tenant = new Tenant("idle", clock, time, 10, CloneFaultPolicy.NONE);
        try (Engine engine = new Engine(new SimulatedBackend(clock, time, new Stubs()), EngineSettings.DEFAULTS,
                IdGenerator.seeded(1), tenant)) {
            String id = engine.create(tenant, CreateCommand.asRequested("base",
                    Map.of("idle_timeout", Integer.toString(idleSeconds)), Map.of(), TIMEOUT_SECONDS, false, null,
                    Lifecycle.DEFAULT)).sandboxId();
            Model model = new Model(idleSeconds);
            List<DataPlaneAccess.Connection> open = new ArrayList<>();

            for (Step step : steps) {
                if (step instanceof Advance advance) {
                    clock.advance(Duration.ofSeconds(advance.seconds()));
                    model.advance(advance.seconds());
                } else if (step instanceof CloseStream close) {
                    if (!open.isEmpty()) {
                        open.remove(close.index() % open.size()).close();
                        model.open--;
                        model.use();
                    }
                } else {
                    boolean succeeded = attempt(engine, tenant, id, step, open);
                    assertThat(succeeded).as("%s reached the sandbox", step).isEqualTo(model.alive);
                    model.use();
                    if (step instanceof OpenStream && succeeded) {
                        model.open++;
                    }
                }
                boolean listed = engine.all(tenant).stream().anyMatch(view -> view.sandboxId().equals(id));
                assertThat(listed).as("alive after %s at %d s (model: %d open, last use at %d s)",
                        step, model.now, model.open, model.lastUse).isEqualTo(model.alive);
            }
            open.forEach(DataPlaneAccess.Connection::close);
        } finally {
            time.close();
        }
    }

    /** Runs a call, request or stream opening; false if the sandbox was gone. */
    private static boolean attempt(Engine engine, Tenant tenant, String id, Step step, List<DataPlaneAccess.Connection> open) {
        try {
            if (step instanceof Call) {
                engine.get(tenant, id);
            } else if (step instanceof Request) {
                engine.dataPlane(id).use(() -> null);
            } else {
                open.add(engine.dataPlane(id).connect());
            }
            return true;
        } catch (EngineException gone) {
            return false;
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 150).map(Advance::new),
                Arbitraries.just(new Call()),
                Arbitraries.just(new Request()),
                Arbitraries.just(new OpenStream()),
                Arbitraries.integers().between(0, 10).map(CloseStream::new));
        return step.list().ofMaxSize(40);
    }
}
