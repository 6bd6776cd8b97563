/**
 * A Java client for the Novita Sandbox control plane, compatible with the official JavaScript SDK's wire format.
 *
 * <p>Start with {@link dev.sandboxemulator.client.SandboxClient}: build one, share it, and use the
 * {@link dev.sandboxemulator.client.Sandbox} handles it returns. Errors are unchecked and extend
 * {@link dev.sandboxemulator.client.SandboxException}. The {@code internal} subpackage is not part of the API.
 */
package dev.sandboxemulator.client;
