package dev.sandboxemulator.emulator.model;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;

/**
 * The service model test on the simulated backend: random sequences of every control-plane and
 * data-plane operation, checked after every step against {@link ServiceModel}. Runs in every build
 * with a fixed seed (a few hundred steps, a few seconds); see {@link SeedFromSystemProperty} to explore
 * other seeds.
 */
@AddLifecycleHook(SeedFromSystemProperty.class)
class SimulatedServiceModelTest {

    /** Small, so that sequences reach the quota often. */
    private static final int QUOTA = 5;
    private static final int STEPS = 100;

    @Property(tries = 4, seed = "20261202", shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
    void everySequenceOfOperationsAgreesWithTheModel(@ForAll("sequences") ActionChain<ModelRun> chain) {
        ServiceModelRunner.run(chain);
    }

    @Provide
    ActionChainArbitrary<ModelRun> sequences() {
        return ServiceActions.chains(() -> new ModelRun("simulated", QUOTA, true), STEPS, ServiceActions.TIMEOUTS);
    }
}
