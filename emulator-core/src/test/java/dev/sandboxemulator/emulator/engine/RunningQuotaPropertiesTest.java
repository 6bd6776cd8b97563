package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.engine.error.QuotaExceededException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The running quota against a model that cannot overflow (a {@code long}): any sequence of takes
 * and releases, with any numbers, takes exactly what fits, refuses the rest without changing
 * anything, and never counts below zero or above the limit, also under concurrent use.
 */
class RunningQuotaPropertiesTest {

    record Step(boolean take, int n) {
    }

    @Property(tries = 500, seed = "20261211")
    void anySequenceOfTakesAndReleasesMatchesTheModel(@ForAll @IntRange(min = 0, max = 1000) int limit,
                                                     @ForAll("steps") List<Step> steps) {
        RunningQuota quota = new RunningQuota(limit);
        long used = 0;
        for (Step step : steps) {
            if (step.take()) {
                boolean fits = step.n() >= 0 && used + step.n() <= limit;
                if (fits) {
                    quota.acquire(step.n(), "the step");
                    used += step.n();
                } else if (step.n() < 0) {
                    assertThatThrownBy(() -> quota.acquire(step.n(), "the step")).isInstanceOf(IllegalArgumentException.class);
                } else {
                    assertThatThrownBy(() -> quota.acquire(step.n(), "the step"))
                            .isInstanceOf(QuotaExceededException.class);
                }
            } else {
                boolean held = step.n() >= 0 && step.n() <= used;
                if (held) {
                    quota.release(step.n());
                    used -= step.n();
                } else {
                    assertThatThrownBy(() -> quota.release(step.n())).isInstanceOf(IllegalStateException.class);
                }
            }
            assertThat((long) quota.used()).as("slots taken after %s", step).isEqualTo(used);
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> n = Arbitraries.oneOf(Arbitraries.integers().between(0, 30),
                Arbitraries.of(Integer.MAX_VALUE, Integer.MAX_VALUE - 1, Integer.MIN_VALUE, -1, 1000, 1001),
                Arbitraries.integers());
        return Combinators.combine(Arbitraries.of(true, true, false), n).as(Step::new).list().ofMaxSize(60);
    }

    @Property(tries = 5, seed = "20261212")
    void concurrentTakesAndReleasesNeverExceedTheLimitAtAnyObservedInstant(@ForAll @IntRange(min = 1, max = 16) int limit)
            throws InterruptedException {
        RunningQuota quota = new RunningQuota(limit);
        AtomicBoolean storming = new AtomicBoolean(true);
        AtomicInteger worst = new AtomicInteger();
        Thread sampler = new Thread(() -> {
            while (storming.get()) {
                int used = quota.used();
                worst.accumulateAndGet(used, Math::max);
                assertThat(used).isBetween(0, limit);
            }
        });
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            workers.add(new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 5_000; i++) {
                    int n = random.nextInt(4) == 0 ? Integer.MAX_VALUE - random.nextInt(3) : random.nextInt(1, 4);
                    try {
                        quota.acquire(n, "a worker");
                    } catch (QuotaExceededException full) {
                        continue;
                    }
                    quota.release(n);
                }
            }));
        }
        sampler.setUncaughtExceptionHandler((t, e) -> worst.set(Integer.MAX_VALUE));
        sampler.start();
        workers.forEach(Thread::start);
        for (Thread worker : workers) {
            worker.join();
        }
        storming.set(false);
        sampler.join();

        assertThat(worst.get()).as("most slots taken at one observed instant").isBetween(0, limit);
        assertThat(quota.used()).as("slots taken after every worker gave its back").isZero();
    }
}
