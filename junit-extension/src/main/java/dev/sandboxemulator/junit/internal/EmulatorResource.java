package dev.sandboxemulator.junit.internal;

import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.http.HttpClient;

/**
 * The emulator shared by every test of one configuration in this JVM. Kept in the root store, so
 * JUnit closes it when the whole run ends.
 */
@SuppressWarnings("deprecation") // CloseableResource is what JUnit 5 before 5.13 closes; later versions close it too.
public final class EmulatorResource implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final SandboxEmulator emulator;
    /** One HTTP client for every test's SandboxClient: each java.net.http client owns a selector thread. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public EmulatorResource(ExtensionSettings.EmulatorKey key) {
        SandboxEmulator.Builder builder = SandboxEmulator.builder().backend(key.backend());
        try {
            key.templates().forEach(builder::templateImage);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@SandboxTest(templates = ...): " + e.getMessage(), e);
        }
        this.emulator = builder.start();
    }

    public SandboxEmulator emulator() {
        return emulator;
    }

    public HttpClient http() {
        return http;
    }

    @Override
    public void close() {
        emulator.close();
    }
}
