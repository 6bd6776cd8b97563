package dev.sandboxemulator.bench.junit;

import dev.sandboxemulator.bench.Experiment;
import dev.sandboxemulator.bench.Mode;
import dev.sandboxemulator.bench.Results;
import dev.sandboxemulator.bench.Section;
import dev.sandboxemulator.bench.Unit;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sandboxemulator.bench.junit.OverheadTests.TESTS_PER_RUN;

/**
 * What {@code @SandboxTest} adds to a test: warm, per test, against a plain JUnit test, and the first
 * sandbox test in a cold JVM.
 */
public final class JUnitSection implements Section {
    static final String EXPERIMENT = "junit-overhead";
    static final String SERIES = "per test";
    static final String PLAIN = "plain test, warm";
    static final String EMPTY = "@SandboxTest test, empty body, warm";
    static final String CREATE_KILL = "@SandboxTest test with create + kill, warm";
    static final String COLD = "first @SandboxTest test in a cold JVM";

    @Override
    public String name() {
        return "junit";
    }

    @Override
    public void run(Mode mode, Results results) throws Exception {
        // the per-test time settles only after 15 to 20 runs of each class (JIT of JUnit, the extension, the emulator)
        int warmupRuns = mode.pick(5, 20);
        int samples = mode.pick(3, 7);
        int coldSamples = mode.pick(2, 5);
        Experiment overhead = results.experiment(EXPERIMENT, "@SandboxTest overhead per test", "test", Unit.MILLIS,
                "Warm rows: one JUnit Platform Launcher run of a class of " + TESTS_PER_RUN + " repeated tests, timed from the "
                        + "launcher's execute until it returns (discovery, every test and, for @SandboxTest classes, the start and "
                        + "stop of the emulator that each launcher run has), divided by " + TESTS_PER_RUN + "; one sample per run, after " + warmupRuns + " unmeasured runs of each class. "
                        + "Cold row: a new JVM runs one @SandboxTest class of one test (create + kill), timed inside it from before "
                        + "the launcher is created until its run returns (JVM start itself not included).");

        // the classes take turns, so a disturbance on the machine hits each of them alike
        Map<String, Class<?>> warm = new LinkedHashMap<>();
        warm.put(PLAIN, OverheadTests.Plain.class);
        warm.put(EMPTY, OverheadTests.EmptyBody.class);
        warm.put(CREATE_KILL, OverheadTests.CreateAndKill.class);
        Launcher launcher = LauncherFactory.create();
        for (int i = 0; i < warmupRuns; i++) {
            warm.values().forEach(testClass -> ClassRun.nanos(launcher, testClass, TESTS_PER_RUN));
        }
        Map<String, List<Double>> perTest = new LinkedHashMap<>();
        warm.keySet().forEach(row -> perTest.put(row, new ArrayList<>()));
        for (int i = 0; i < samples; i++) {
            warm.forEach((row, testClass) -> perTest.get(row).add(ClassRun.nanos(launcher, testClass, TESTS_PER_RUN) / 1e6 / TESTS_PER_RUN));
        }
        perTest.forEach((row, measured) -> results.add(overhead, SERIES, row, measured));

        List<Double> cold = new ArrayList<>();
        for (int i = 0; i < coldSamples; i++) {
            cold.add(ColdJvm.firstTestMillis());
        }
        results.add(overhead, SERIES, COLD, cold);
    }
}
