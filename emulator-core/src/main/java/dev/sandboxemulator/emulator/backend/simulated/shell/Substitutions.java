package dev.sandboxemulator.emulator.backend.simulated.shell;

import dev.sandboxemulator.emulator.backend.simulated.process.Syscalls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command substitutions ({@code $(...)}) of some words, run one at a time before the words
 * are expanded. Results are keyed by the syntax node itself: nodes are shared between copies of a
 * process, so a copied map still finds them.
 */
final class Substitutions {
    private final List<Ast.CommandSubstitution> nodes;
    private final IdentityHashMap<Ast.CommandSubstitution, String> results;
    private int next;
    private int buffer = -1;
    /** The exit status of the last substitution run, or -1 if there was none. */
    int lastStatus = -1;

    private Substitutions(List<Ast.CommandSubstitution> nodes, IdentityHashMap<Ast.CommandSubstitution, String> results) {
        this.nodes = nodes;
        this.results = results;
    }

    static Substitutions in(List<Ast.Word> words) {
        List<Ast.CommandSubstitution> found = new ArrayList<>();
        for (Ast.Word word : words) {
            collect(word, found);
        }
        return new Substitutions(found, new IdentityHashMap<>());
    }

    private static void collect(Ast.Word word, List<Ast.CommandSubstitution> found) {
        if (word == null) {
            return;
        }
        for (Ast.Part part : word.parts()) {
            if (part instanceof Ast.CommandSubstitution) {
                found.add((Ast.CommandSubstitution) part);
            } else if (part instanceof Ast.Variable) {
                collect(((Ast.Variable) part).operand(), found);
            }
        }
    }

    /**
     * Collects the result of the substitution that just finished, then starts the next one.
     * Returns true when it pushed a frame (the caller steps again once that frame is done) and
     * false once every substitution has a result.
     */
    boolean advance(Syscalls sys, Job job, CommandStreams io) {
        if (buffer >= 0) {
            String text = new String(job.takeBuffer(buffer), StandardCharsets.UTF_8);
            int end = text.length();
            while (end > 0 && text.charAt(end - 1) == '\n') {
                end--;
            }
            results.put(nodes.get(next - 1), text.substring(0, end));
            lastStatus = job.shell.lastStatus;
            buffer = -1;
        }
        if (next >= nodes.size()) {
            return false;
        }
        Ast.CommandSubstitution node = nodes.get(next++);
        buffer = job.newBuffer();
        CommandStreams inner = new CommandStreams(io.stdin(), CommandStreams.Sink.buffer(buffer), io.stderr());
        job.stack.push(new Frames.SubshellFrame(inner, node.body(), Map.of()));
        return true;
    }

    Map<Ast.CommandSubstitution, String> results() {
        return results;
    }

    Substitutions copy() {
        Substitutions copy = new Substitutions(nodes, new IdentityHashMap<>(results));
        copy.next = next;
        copy.buffer = buffer;
        copy.lastStatus = lastStatus;
        return copy;
    }
}
