package dev.sandboxemulator.emulator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Fails a test class whose run made the emulator log an error or let an exception escape a thread:
 * whatever a test does, the emulator must answer it without an uncaught failure. Registered
 * with {@code @ExtendWith} on each class that runs an emulator (autodetection cannot reach it: the
 * tests run inside the emulator's named module, which declares no test services); a class that
 * provokes errors on purpose says so with {@link EmulatorErrorsExpected}.
 */
public final class NoEmulatorErrorsExtension implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoEmulatorErrorsExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(EmulatorErrorLog.class, EmulatorErrorLog.start());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        EmulatorErrorLog log = context.getStore(NAMESPACE).remove(EmulatorErrorLog.class, EmulatorErrorLog.class);
        List<String> errors = log.stop();
        boolean expected = context.getRequiredTestClass().isAnnotationPresent(EmulatorErrorsExpected.class);
        if (!errors.isEmpty() && !expected) {
            throw new AssertionError("the emulator logged " + errors.size() + " error(s) during "
                    + context.getRequiredTestClass().getSimpleName() + ":\n" + String.join("\n", errors));
        }
    }
}
