/**
 * A Java client for the Novita Sandbox service, compatible with the official JavaScript SDK's wire format: the control
 * plane (create, connect, list, pause, clone, kill) and each sandbox's envd daemon (files and commands).
 *
 * <p>Start with {@link dev.sandboxemulator.client.SandboxClient}: build one, share it, and use the
 * {@link dev.sandboxemulator.client.Sandbox} handles it returns. {@link dev.sandboxemulator.client.Sandbox#files()} and
 * {@link dev.sandboxemulator.client.Sandbox#commands()} reach the sandbox's data plane. Errors are unchecked and extend
 * {@link dev.sandboxemulator.client.SandboxException}. The {@code internal} subpackage is not part of the API.
 */
package dev.sandboxemulator.client;
