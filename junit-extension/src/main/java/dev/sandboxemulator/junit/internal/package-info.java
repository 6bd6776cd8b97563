/**
 * The extension's machinery: settings, the shared emulator resource, per-test scopes. Not API.
 *
 * <p>This module has no {@code module-info.java}: Awaitility, which the waits build on, declares no
 * module name, and requiring it by file name would make this module unpublishable. Client and
 * emulator modules do declare theirs, so their internals are not exported.
 */
package dev.sandboxemulator.junit.internal;
