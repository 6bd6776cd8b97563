package dev.sandboxemulator.bench.containers;

import dev.sandboxemulator.bench.Mode;
import dev.sandboxemulator.bench.Results;
import dev.sandboxemulator.bench.Section;

/** PLACEHOLDER until the section is written (never lands as is). */
public final class ContainerSection implements Section {
    @Override
    public String name() {
        return "containers";
    }

    @Override
    public void run(Mode mode, Results results) {
        throw new UnsupportedOperationException("not written yet");
    }
}
