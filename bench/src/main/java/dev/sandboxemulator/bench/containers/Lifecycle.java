package dev.sandboxemulator.bench.containers;

import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;

import java.util.ArrayList;
import java.util.List;

/** A sandbox's create, and its pause + resume, through the emulator's HTTP API with the project's client. */
final class Lifecycle {
    private Lifecycle() {
    }

    /**
     * One of each operation, untimed, on a fresh emulator: the first request also pays for loading classes in
     * the client and the emulator and for the engine's first use of the image, which no later one does.
     */
    static void warmUp(SandboxClient client) {
        Sandbox sandbox = client.create(ApiClones.PARENT);
        try {
            sandbox.commands().start("sleep 3600", ApiClones.BACKGROUND);
            sandbox.clone(CloneRequest.builder().count(1).build()).sandboxes().forEach(Sandbox::kill);
            sandbox.pause();
            sandbox.connect();
        } finally {
            sandbox.kill();
        }
    }

    /** From sending each create request until it answers; the kill after it is not timed. */
    static List<Double> create(SandboxClient client, int runs) throws InterruptedException {
        List<Double> samples = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            Settle.moment();
            long start = System.nanoTime();
            Sandbox sandbox = client.create(ApiClones.PARENT);
            long end = System.nanoTime();
            sandbox.kill();
            samples.add((end - start) / 1e6);
        }
        return samples;
    }

    /** From sending the pause request until the connect that resumes the sandbox answers, on one sandbox. */
    static List<Double> pauseResume(SandboxClient client, int runs) throws InterruptedException {
        List<Double> samples = new ArrayList<>();
        Sandbox sandbox = client.create(ApiClones.PARENT);
        try {
            for (int run = 0; run < runs; run++) {
                Settle.moment();
                long start = System.nanoTime();
                if (!sandbox.pause()) {
                    throw new IllegalStateException("sandbox " + sandbox.id() + " was already paused");
                }
                sandbox.connect();
                samples.add((System.nanoTime() - start) / 1e6);
            }
        } finally {
            sandbox.kill();
        }
        return samples;
    }
}
