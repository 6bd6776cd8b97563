package dev.sandboxemulator.emulator.stub;

import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Selects the command lines a stub answers. Immutable and thread-safe.
 *
 * <p>A matcher sees one <em>simple command</em> at a time, after expansion: its words joined by
 * single spaces, with quotes removed and variables substituted. In {@code cd /app && python3
 * train.py --epochs "$N"} with {@code N=3}, the lines are {@code cd /app} and {@code python3
 * train.py --epochs 3}.
 */
public final class CommandMatcher {
    private final String description;
    private final Predicate<String> predicate;

    private CommandMatcher(String description, Predicate<String> predicate) {
        this.description = description;
        this.predicate = predicate;
    }

    /** Matches exactly {@code commandLine}. */
    public static CommandMatcher exact(String commandLine) {
        Objects.requireNonNull(commandLine, "commandLine");
        return new CommandMatcher("exact(" + commandLine + ")", commandLine::equals);
    }

    /**
     * Matches {@code prefix} followed by nothing or by a space and more words: {@code
     * prefix("git")} matches {@code git} and {@code git status} but not {@code gitk}. A prefix that
     * ends with a space matches any line that starts with it.
     */
    public static CommandMatcher prefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("prefix is empty; use matching(line -> true) to match everything");
        }
        Predicate<String> predicate = prefix.endsWith(" ")
                ? line -> line.startsWith(prefix)
                : line -> line.equals(prefix) || line.startsWith(prefix + " ");
        return new CommandMatcher("prefix(" + prefix + ")", predicate);
    }

    /** Matches lines that match {@code regex} as a whole ({@link java.util.regex.Matcher#matches}). */
    public static CommandMatcher regex(String regex) {
        Pattern pattern = Pattern.compile(Objects.requireNonNull(regex, "regex"));
        return new CommandMatcher("regex(" + regex + ")", line -> pattern.matcher(line).matches());
    }

    /** Matches lines the predicate accepts; it must be thread-safe and must not block. */
    public static CommandMatcher matching(Predicate<String> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new CommandMatcher("matching(" + predicate + ")", predicate);
    }

    /** Whether this matcher answers {@code commandLine}. */
    public boolean matches(String commandLine) {
        return predicate.test(commandLine);
    }

    @Override
    public String toString() {
        return description;
    }
}
