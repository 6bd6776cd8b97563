package dev.sandboxemulator.bench.http;

import dev.sandboxemulator.bench.Mode;
import dev.sandboxemulator.bench.Results;
import dev.sandboxemulator.bench.Section;

/** PLACEHOLDER until the section is written (never lands as is). */
public final class HttpSection implements Section {
    @Override
    public String name() {
        return "http";
    }

    @Override
    public void run(Mode mode, Results results) {
        throw new UnsupportedOperationException("not written yet");
    }
}
