/**
 * The failure messages of the sandbox assertions, one factory class per kind of failure. Each message states what
 * was expected and then what the sandbox or command actually held, on separate lines, so that a failing test explains
 * itself without a debugger.
 */
package dev.sandboxemulator.junit.assertj.error;
