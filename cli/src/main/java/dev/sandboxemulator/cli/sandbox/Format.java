package dev.sandboxemulator.cli.sandbox;

/** How a command prints its result: a table for people, or one JSON document for scripts. */
public enum Format {
    PRETTY, JSON
}
