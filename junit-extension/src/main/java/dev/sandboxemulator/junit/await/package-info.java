/**
 * Waits for asynchronous sandbox states, files and output, built on Awaitility: start at
 * {@link dev.sandboxemulator.junit.await.SandboxAwait#defaults()}. Settings are immutable values and nothing in this
 * package changes Awaitility's JVM-wide defaults.
 */
package dev.sandboxemulator.junit.await;
