package dev.sandboxemulator.compat;

import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CloneResult;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.junit.NewSandbox;
import dev.sandboxemulator.junit.SandboxTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** What every combination runs: an in-process emulator, a sandbox, a clone of it; JUnit's own assertions only. */
@SandboxTest
class CloneTest {

    @Test
    void aCloneCarriesTheParentsFiles(@NewSandbox Sandbox parent) {
        parent.files().write("/tmp/hello.txt", "hello");

        CloneResult result = parent.clone(CloneRequest.builder().count(2).build());

        assertEquals(2, result.count());
        for (Sandbox clone : result.sandboxes()) {
            assertNotEquals(parent.id(), clone.id());
            assertEquals("hello", clone.files().readText("/tmp/hello.txt"));
        }
    }
}
