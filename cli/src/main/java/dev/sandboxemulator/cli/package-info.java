/**
 * The runnable jar's command line: {@code serve} and the root command. The command line (its
 * commands, options, output and exit codes) is the interface; these classes are not API and may
 * change in any release.
 */
package dev.sandboxemulator.cli;
