package dev.sandboxemulator.bench.junit;

import dev.sandboxemulator.bench.Mode;
import dev.sandboxemulator.bench.Results;
import dev.sandboxemulator.bench.Section;

/** PLACEHOLDER until the section is written (never lands as is). */
public final class JUnitSection implements Section {
    @Override
    public String name() {
        return "junit";
    }

    @Override
    public void run(Mode mode, Results results) {
        throw new UnsupportedOperationException("not written yet");
    }
}
