/**
 * AssertJ assertions on sandboxes, command results and clone results. Start at
 * {@link dev.sandboxemulator.junit.assertj.SandboxAssertions}, imported beside AssertJ's own {@code assertThat}. Each
 * assertion reads the live sandbox through the public client when it runs, and its failure message says what was
 * expected and what the sandbox held; the messages are built in the {@code error} subpackage.
 */
package dev.sandboxemulator.junit.assertj;
