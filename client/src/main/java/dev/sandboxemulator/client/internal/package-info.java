/**
 * The wire layer of the client: HTTP calls, JSON records named after the wire format, and the error table. This package
 * is not a published API and changes without notice; nothing in it appears in a public signature.
 */
package dev.sandboxemulator.client.internal;
