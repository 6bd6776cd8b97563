package dev.sandboxemulator.emulator.model;

import net.jqwik.api.state.ActionChain;

/** Runs one chain of a model test, checking agreement after every step, and always closes its emulator. */
final class ServiceModelRunner {
    private ServiceModelRunner() {
    }

    static void run(ActionChain<ModelRun> chain) {
        try {
            chain.withInvariant("the emulator agrees with the model", ModelRun::checkAgreement).run();
        } finally {
            chain.finalState().ifPresent(ModelRun::close);
        }
    }
}
