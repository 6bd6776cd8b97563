package dev.sandboxemulator.emulator;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that provokes emulator errors on purpose (to check how they are answered),
 * so that {@link NoEmulatorErrorsExtension} lets it log them. The value says why.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EmulatorErrorsExpected {
    String value();
}
