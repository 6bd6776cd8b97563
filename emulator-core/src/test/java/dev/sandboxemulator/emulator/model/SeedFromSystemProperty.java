package dev.sandboxemulator.emulator.model;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Lets a run choose the model tests' seed and tries without editing them: every build runs the fixed
 * seed in the annotation, so it is deterministic, while {@code -Dsandbox.emulator.model.seed=<seed>}
 * (or {@code random}, for jqwik's own choice) and {@code -Dsandbox.emulator.model.tries=<n>} explore
 * other sequences. A failure prints the seed that reproduces it.
 */
public final class SeedFromSystemProperty implements AroundPropertyHook {
    static final String SEED_PROPERTY = "sandbox.emulator.model.seed";
    static final String TRIES_PROPERTY = "sandbox.emulator.model.tries";

    /** Registered on a test class, it applies to every property of the class. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String seed = System.getProperty(SEED_PROPERTY, "").trim();
        if (seed.equalsIgnoreCase("random")) {
            context.attributes().setSeed("");
        } else if (!seed.isEmpty()) {
            context.attributes().setSeed(seed);
        }
        String tries = System.getProperty(TRIES_PROPERTY, "").trim();
        if (!tries.isEmpty()) {
            context.attributes().setTries(Integer.parseInt(tries));
        }
        return property.execute();
    }
}
