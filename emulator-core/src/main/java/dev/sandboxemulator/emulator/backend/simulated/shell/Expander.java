package dev.sandboxemulator.emulator.backend.simulated.shell;

import dev.sandboxemulator.emulator.backend.simulated.process.Syscalls;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Expands words the way bash does, in its order: parameters and command substitutions (from
 * results computed beforehand), field splitting of unquoted results on blanks, pathname expansion,
 * quote removal. Brace expansion and arithmetic are not offered.
 */
final class Expander {
    private final Syscalls sys;
    private final Job job;
    private final Map<Ast.CommandSubstitution, String> substitutions;

    Expander(Syscalls sys, Job job, Map<Ast.CommandSubstitution, String> substitutions) {
        this.sys = sys;
        this.job = job;
        this.substitutions = substitutions;
    }

    /** A failed expansion ({@code set -u}, {@code ${x:?message}}); the message is bash's. */
    static final class ExpansionError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ExpansionError(String message) {
            super(message, null, false, false);
        }
    }

    /** Expands words into fields: splitting and globbing apply. */
    List<String> fields(List<Ast.Word> words) {
        List<String> out = new ArrayList<>();
        for (Ast.Word word : words) {
            Fields fields = new Fields();
            append(word, fields, true);
            fields.end();
            for (int i = 0; i < fields.texts.size(); i++) {
                String pattern = fields.patterns.get(i);
                if (Glob.hasWildcards(pattern)) {
                    List<String> matches = Glob.expand(sys.fs(), job.shell.cwd, pattern);
                    if (!matches.isEmpty()) {
                        out.addAll(matches);
                        continue;
                    }
                }
                out.add(fields.texts.get(i));
            }
        }
        return out;
    }

    /** Expands one word into one string: no splitting or globbing (assignments, redirections, here-documents). */
    String single(Ast.Word word) {
        Fields fields = new Fields();
        append(word, fields, false);
        fields.end();
        return String.join(" ", fields.texts);
    }

    private void append(Ast.Word word, Fields fields, boolean split) {
        for (Ast.Part part : word.parts()) {
            if (part instanceof Ast.Literal) {
                Ast.Literal literal = (Ast.Literal) part;
                if (literal.quoted()) {
                    fields.quoted(literal.text());
                } else {
                    fields.unquoted(literal.text(), false);
                }
            } else if (part instanceof Ast.Variable) {
                Ast.Variable variable = (Ast.Variable) part;
                String value = variable(variable);
                if (value == null) {
                    continue;
                }
                if (variable.quoted()) {
                    fields.quoted(value);
                } else {
                    fields.unquoted(value, split);
                }
            } else {
                Ast.CommandSubstitution substitution = (Ast.CommandSubstitution) part;
                String value = substitutions.getOrDefault(substitution, "");
                if (substitution.quoted()) {
                    fields.quoted(value);
                } else {
                    fields.unquoted(value, split);
                }
            }
        }
    }

    /** A variable's expansion, or null for {@code $@} and {@code $*}, which expand to nothing here. */
    private String variable(Ast.Variable variable) {
        String name = variable.name();
        if (name.equals("@") || name.equals("*")) {
            return null;
        }
        String value = lookup(name);
        String op = variable.operator();
        if (op == null) {
            if (value == null && job.shell.nounset && !name.equals("!")) {
                throw new ExpansionError("bash: " + name + ": unbound variable");
            }
            return value == null ? "" : value;
        }
        boolean colon = op.startsWith(":");
        boolean missing = value == null || colon && value.isEmpty();
        switch (op) {
            case "#":
                return String.valueOf(value == null ? 0 : value.codePointCount(0, value.length()));
            case ":-":
            case "-":
                return missing ? single(variable.operand()) : value;
            case ":=":
            case "=":
                if (missing) {
                    String assigned = single(variable.operand());
                    job.shell.set(name, assigned);
                    return assigned;
                }
                return value;
            case ":+":
            case "+":
                return missing ? "" : single(variable.operand());
            default: // ":?" and "?"
                if (missing) {
                    String message = single(variable.operand());
                    throw new ExpansionError("bash: " + name + ": "
                            + (message.isEmpty() ? "parameter null or not set" : message));
                }
                return value;
        }
    }

    private String lookup(String name) {
        switch (name) {
            case "?":
                return String.valueOf(job.shell.lastStatus);
            case "$":
                return String.valueOf(sys.pid());
            case "#":
                return "0";
            case "0":
                return "bash";
            case "-":
                return "hB";
            case "!":
                return "";
            default:
                if (Character.isDigit(name.charAt(0))) {
                    return null;
                }
                return job.shell.vars.get(name);
        }
    }

    private static final class Fields {
        final List<String> texts = new ArrayList<>();
        final List<String> patterns = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        final StringBuilder pattern = new StringBuilder();
        boolean started;

        void quoted(String s) {
            text.append(s);
            pattern.append(Glob.escape(s));
            started = true;
        }

        void unquoted(String s, boolean split) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (split && (c == ' ' || c == '\t' || c == '\n')) {
                    end();
                    continue;
                }
                text.append(c);
                pattern.append(c == '\\' ? "\\\\" : String.valueOf(c));
                started = true;
            }
        }

        void end() {
            if (started) {
                texts.add(text.toString());
                patterns.add(pattern.toString());
            }
            text.setLength(0);
            pattern.setLength(0);
            started = false;
        }
    }
}
