package dev.sandboxemulator.bench.junit;

import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.junit.SandboxTest;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The test classes the junit section runs with the JUnit Platform Launcher. They live in main code
 * (bench has no test sources), so Surefire never runs them; they are public for the launcher.
 */
public final class OverheadTests {
    /** Tests per run of a warm class: a class run's time divided by this is the time per test. */
    public static final int TESTS_PER_RUN = 50;

    private OverheadTests() {
    }

    /** The baseline: a test with a body too small to notice, and no extension. */
    public static class Plain {
        @RepeatedTest(TESTS_PER_RUN)
        void test() {
            // a branch the JIT cannot drop, instead of an empty body
            if (System.nanoTime() == 0) {
                throw new AssertionError();
            }
        }
    }

    /** What {@code @SandboxTest} itself costs: a tenant and an injected client per test, used for nothing. */
    @SandboxTest
    public static class EmptyBody {
        @RepeatedTest(TESTS_PER_RUN)
        void test(SandboxClient client) {
            if (client == null) {
                throw new AssertionError();
            }
        }
    }

    /** A typical small sandbox test: the extension, an injected client, and one sandbox made and killed. */
    @SandboxTest
    public static class CreateAndKill {
        @RepeatedTest(TESTS_PER_RUN)
        void test(SandboxClient client) {
            client.create().kill();
        }
    }

    /** A newcomer's first sandbox test, run alone in a fresh JVM by {@link ColdFirstTest}. */
    @SandboxTest
    public static class FirstSandboxTest {
        @Test
        void test(SandboxClient client) {
            client.create().kill();
        }
    }
}
