/**
 * The {@code sandbox} commands, each a thin layer over the Java client: parse, call, print. Not API.
 */
package dev.sandboxemulator.cli.sandbox;
