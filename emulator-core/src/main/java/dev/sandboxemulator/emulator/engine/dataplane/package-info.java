/**
 * The data plane's rules (envd's, as the service applies them) for every backend: routing a
 * request to a sandbox of its tenant, access tokens and signed URLs, users and their homes, a
 * process's environment and working directory, MakeDir. The server's envd endpoints translate
 * HTTP and Connect to and from this package and decide nothing themselves.
 *
 * <p>Internal, not API: it may change in any release.
 */
package dev.sandboxemulator.emulator.engine.dataplane;
