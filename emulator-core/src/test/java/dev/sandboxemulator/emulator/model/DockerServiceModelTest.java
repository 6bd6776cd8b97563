package dev.sandboxemulator.emulator.model;

import dev.sandboxemulator.emulator.behaviour.ContainerRequirement;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;

/**
 * The service model test on the docker backend: one short, fixed sequence (real containers make each step
 * cost up to a second), checked after every step against {@link ServiceModel}. The manual clock moves
 * the sandboxes' timeouts here too. Skipped with the reason where docker cannot run, unless container
 * backends are required (see {@link ContainerRequirement}). Not shrunk: every replay costs seconds.
 *
 * <p>The seed was chosen for its coverage (on the simulated backend, which draws the same steps): from one
 * sandbox holding a file, its 15 steps pause, resume, clone running and paused parents, are refused over
 * the quota, and reach files and commands in sandboxes that run, are paused and are gone. Adding actions
 * to {@link ServiceActions} changes what a seed draws: check the coverage table again.
 */
@AddLifecycleHook(SeedFromSystemProperty.class)
@AddLifecycleHook(SkipWithoutContainerBackend.Docker.class)
class DockerServiceModelTest {

    /** Small, so that the short sequence reaches the quota. */
    private static final int QUOTA = 3;
    private static final int STEPS = 15;

    @Property(tries = 1, seed = "16", shrinking = ShrinkingMode.OFF)
    void aShortSequenceOfOperationsAgreesWithTheModel(@ForAll("sequences") ActionChain<ModelRun> chain) {
        ContainerRequirement.assumeAvailable("docker");
        ServiceModelRunner.run(chain);
    }

    @Provide
    ActionChainArbitrary<ModelRun> sequences() {
        return ServiceActions.chains(() -> new ModelRun("docker", QUOTA, false).withOneSandbox(), STEPS,
                ServiceActions.LONG_TIMEOUTS);
    }
}
