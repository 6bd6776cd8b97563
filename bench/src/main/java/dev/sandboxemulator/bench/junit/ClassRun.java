package dev.sandboxemulator.bench.junit;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** One run of one test class with the JUnit Platform Launcher, as an IDE or a build tool would start it. */
final class ClassRun {

    private ClassRun() {
    }

    /**
     * Runs {@code testClass} and returns how long the launcher took (discovery and execution, with
     * every extension's set-up and tear-down), in nanoseconds.
     *
     * @throws IllegalStateException unless exactly {@code expectedTests} tests ran and all passed:
     *     a failing test's time is no measurement
     */
    static long nanos(Launcher launcher, Class<?> testClass, int expectedTests) {
        LauncherDiscoveryRequest discovery = request().selectors(selectClass(testClass)).build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        long start = System.nanoTime();
        launcher.execute(discovery, listener);
        long elapsed = System.nanoTime() - start;
        TestExecutionSummary summary = listener.getSummary();
        if (summary.getTotalFailureCount() > 0 || summary.getTestsSucceededCount() != expectedTests) {
            StringWriter failures = new StringWriter();
            summary.printFailuresTo(new PrintWriter(failures), 20);
            throw new IllegalStateException(testClass.getName() + ": " + summary.getTestsSucceededCount() + " of "
                    + expectedTests + " tests passed; " + failures);
        }
        return elapsed;
    }
}
