package dev.sandboxemulator.compat.assertj;

import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CloneResult;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.junit.NewSandbox;
import dev.sandboxemulator.junit.SandboxTest;
import dev.sandboxemulator.junit.await.SandboxAwait;
import org.junit.jupiter.api.Test;

import static dev.sandboxemulator.junit.assertj.SandboxAssertions.assertThat;

/** Compiled and run only where the combination has AssertJ and Awaitility: our assertions and our wait on a clone. */
@SandboxTest
class CloneAssertionsTest {

    @Test
    void theClonesAreRunningCopies(@NewSandbox Sandbox parent) {
        parent.files().write("/tmp/hello.txt", "hello");

        CloneResult result = parent.clone(CloneRequest.builder().count(2).build());

        SandboxAwait.defaults().untilRunning(result.sandboxes().get(0));
        assertThat(result).hasCount(2).allRunning().allDistinctFrom(parent)
                .eachHasFileWithContent("/tmp/hello.txt", "hello");
    }
}
