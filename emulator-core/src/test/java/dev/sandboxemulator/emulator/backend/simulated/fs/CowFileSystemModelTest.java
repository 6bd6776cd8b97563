package dev.sandboxemulator.emulator.backend.simulated.fs;

import dev.sandboxemulator.emulator.ManualClock;
import dev.sandboxemulator.emulator.spi.FileEntry;
import dev.sandboxemulator.emulator.spi.FileSystemException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CowFileSystem against a model anyone can check by eye: a sorted map of path to content and a
 * set of directories. Random sequences of writes, appends, makeDirs, removes, moves, reads and
 * listings run on an original and on forks of it; every answer (value or error reason) and the
 * final trees must match the model, and a fork and its original never see each other's writes.
 *
 * <p>Names come from a small set ({@code a}, {@code b}, {@code ab}) so that operations collide:
 * a file where a directory is wanted, a move into itself, a fork changed on both sides.
 */
class CowFileSystemModelTest {

    private static final List<String> NAMES = List.of("a", "b", "ab");

    /** One step: {@code side} 0 is the original, 1 the latest fork (a fork of 0 until the first Fork). */
    sealed interface Op permits Write, Append, MakeDirs, Remove, Move, Read, ListDir, Fork {
    }

    record Write(int side, String path, String content) implements Op {
    }

    record Append(int side, String path, String content) implements Op {
    }

    record MakeDirs(int side, String path) implements Op {
    }

    record Remove(int side, String path) implements Op {
    }

    record Move(int side, String from, String to) implements Op {
    }

    record Read(int side, String path) implements Op {
    }

    record ListDir(int side, String path, int depth) implements Op {
    }

    /** Replaces side {@code 1 - from} by a copy-on-write fork of side {@code from}. */
    record Fork(int from) implements Op {
    }

    @Property(tries = 300, seed = "20261202")
    void everyAnswerAndTheFinalTreesMatchTheModel(@ForAll("scripts") List<Op> script) {
        ManualClock clock = ManualClock.create();
        CowFileSystem original = CowFileSystem.withDefaultLayout(clock);
        CowFileSystem[] sides = {original, original.fork()};
        Model[] models = {Model.of(original), Model.of(original)};

        for (Op op : script) {
            if (op instanceof Fork fork) {
                sides[1 - fork.from()] = sides[fork.from()].fork();
                models[1 - fork.from()] = models[fork.from()].copy();
                continue;
            }
            int side = side(op);
            String expected = models[side].apply(op);
            String actual = answer(() -> run(sides[side], op));
            assertThat(actual).as("%s after %s", op, script).isEqualTo(expected);
        }

        for (int side = 0; side < 2; side++) {
            assertThat(Model.of(sides[side]).describe()).as("side %d after %s", side, script)
                    .isEqualTo(models[side].describe());
        }
    }

    @Provide
    Arbitrary<List<Op>> scripts() {
        Arbitrary<Integer> side = Arbitraries.integers().between(0, 1);
        Arbitrary<String> path = Arbitraries.of(NAMES).list().ofMinSize(1).ofMaxSize(3)
                .map(names -> "/" + String.join("/", names));
        Arbitrary<String> content = Arbitraries.strings().withChars("xyz").ofMaxLength(4);
        Arbitrary<Op> op = Arbitraries.oneOf(
                Combinators.combine(side, path, content).as(Write::new),
                Combinators.combine(side, path, content).as(Append::new),
                Combinators.combine(side, path).as(MakeDirs::new),
                Combinators.combine(side, path).as(Remove::new),
                Combinators.combine(side, path, path).as(Move::new),
                Combinators.combine(side, path).as(Read::new),
                Combinators.combine(side, path, Arbitraries.integers().between(1, 3)).as(ListDir::new),
                side.map(Fork::new));
        return op.list().ofMinSize(1).ofMaxSize(30);
    }

    private static int side(Op op) {
        if (op instanceof Write o) {
            return o.side();
        } else if (op instanceof Append o) {
            return o.side();
        } else if (op instanceof MakeDirs o) {
            return o.side();
        } else if (op instanceof Remove o) {
            return o.side();
        } else if (op instanceof Move o) {
            return o.side();
        } else if (op instanceof Read o) {
            return o.side();
        }
        return ((ListDir) op).side();
    }

    private static String run(CowFileSystem fs, Op op) {
        if (op instanceof Write o) {
            fs.write(o.path(), bytes(o.content()));
            return "ok";
        } else if (op instanceof Append o) {
            fs.append(o.path(), bytes(o.content()));
            return "ok";
        } else if (op instanceof MakeDirs o) {
            return String.valueOf(fs.makeDirectories(o.path()));
        } else if (op instanceof Remove o) {
            return String.valueOf(fs.remove(o.path()));
        } else if (op instanceof Move o) {
            return fs.move(o.from(), o.to()).path();
        } else if (op instanceof Read o) {
            return new String(fs.read(o.path()), StandardCharsets.UTF_8);
        }
        ListDir o = (ListDir) op;
        List<String> listed = new ArrayList<>();
        for (FileEntry entry : fs.list(o.path(), o.depth())) {
            listed.add(entry.path() + (entry.type() == FileEntry.Type.DIRECTORY ? "/" : ":" + entry.size()));
        }
        return listed.toString();
    }

    /** A value, or the reason of the FileSystemException it failed with. */
    private static String answer(Supplier<String> call) {
        try {
            return call.get();
        } catch (FileSystemException e) {
            return "error " + e.reason();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The reference: files and directories by absolute path, with POSIX-like rules spelled out. */
    static final class Model {
        final TreeMap<String, String> files = new TreeMap<>();
        final TreeSet<String> dirs = new TreeSet<>();

        static Model of(CowFileSystem fs) {
            Model model = new Model();
            model.dirs.add("/");
            for (FileEntry entry : fs.list("/", Integer.MAX_VALUE)) {
                if (entry.type() == FileEntry.Type.DIRECTORY) {
                    model.dirs.add(entry.path());
                } else {
                    model.files.put(entry.path(), new String(fs.read(entry.path()), StandardCharsets.UTF_8));
                }
            }
            return model;
        }

        Model copy() {
            Model copy = new Model();
            copy.files.putAll(files);
            copy.dirs.addAll(dirs);
            return copy;
        }

        /** Every path with its kind and content, in path order. */
        String describe() {
            TreeMap<String, String> all = new TreeMap<>();
            dirs.forEach(d -> all.put(d, "dir"));
            files.forEach((f, c) -> all.put(f, "file " + c));
            return all.toString();
        }

        String apply(Op op) {
            try {
                return applyOrFail(op);
            } catch (Refused e) {
                return "error " + e.reason;
            }
        }

        private String applyOrFail(Op op) {
            if (op instanceof Write o) {
                if (dirs.contains(o.path())) {
                    throw new Refused("IS_A_DIRECTORY");
                }
                makeParents(o.path());
                files.put(o.path(), o.content());
                return "ok";
            } else if (op instanceof Append o) {
                if (!exists(o.path())) {
                    throw new Refused("NOT_FOUND");
                }
                if (dirs.contains(o.path())) {
                    throw new Refused("IS_A_DIRECTORY");
                }
                files.put(o.path(), files.get(o.path()) + o.content());
                return "ok";
            } else if (op instanceof MakeDirs o) {
                if (dirs.contains(o.path())) {
                    return "false";
                }
                if (files.containsKey(o.path())) {
                    throw new Refused("ALREADY_EXISTS");
                }
                makeParents(o.path());
                dirs.add(o.path());
                return "true";
            } else if (op instanceof Remove o) {
                if (!exists(o.path())) {
                    return "false";
                }
                removeTree(o.path());
                return "true";
            } else if (op instanceof Move o) {
                return move(o.from(), o.to());
            } else if (op instanceof Read o) {
                if (!exists(o.path())) {
                    throw new Refused("NOT_FOUND");
                }
                if (dirs.contains(o.path())) {
                    throw new Refused("IS_A_DIRECTORY");
                }
                return files.get(o.path());
            }
            ListDir o = (ListDir) op;
            if (!exists(o.path())) {
                throw new Refused("NOT_FOUND");
            }
            if (!dirs.contains(o.path())) {
                throw new Refused("NOT_A_DIRECTORY");
            }
            // With names made of letters, which sort after '/', path order is depth-first order.
            List<String> listed = new ArrayList<>();
            TreeMap<String, String> all = new TreeMap<>();
            dirs.forEach(d -> all.put(d, d + "/"));
            files.forEach((f, c) -> all.put(f, f + ":" + c.length()));
            for (Map.Entry<String, String> entry : all.tailMap(o.path() + "/").entrySet()) {
                if (!entry.getKey().startsWith(o.path() + "/")) {
                    break;
                }
                int below = depth(entry.getKey()) - depth(o.path());
                if (below <= o.depth()) {
                    listed.add(entry.getValue());
                }
            }
            return listed.toString();
        }

        private String move(String from, String to) {
            if (!exists(from)) {
                throw new Refused("NOT_FOUND");
            }
            if (to.startsWith(from + "/")) {
                throw new Refused("INVALID_PATH");
            }
            if (from.equals(to)) {
                return to;
            }
            Model after = copy();
            TreeMap<String, String> movedFiles = new TreeMap<>();
            TreeSet<String> movedDirs = new TreeSet<>();
            files.forEach((f, c) -> {
                if (f.equals(from) || f.startsWith(from + "/")) {
                    movedFiles.put(to + f.substring(from.length()), c);
                }
            });
            dirs.forEach(d -> {
                if (d.equals(from) || d.startsWith(from + "/")) {
                    movedDirs.add(to + d.substring(from.length()));
                }
            });
            after.removeTree(from);
            after.makeParents(to); // refuses, leaving this model unchanged, when a file is in the way
            after.removeTree(to);
            after.files.putAll(movedFiles);
            after.dirs.addAll(movedDirs);
            files.clear();
            files.putAll(after.files);
            dirs.clear();
            dirs.addAll(after.dirs);
            return to;
        }

        private boolean exists(String path) {
            return files.containsKey(path) || dirs.contains(path);
        }

        private void makeParents(String path) {
            List<String> parents = new ArrayList<>();
            for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
                String parent = path.substring(0, slash);
                if (files.containsKey(parent)) {
                    throw new Refused("NOT_A_DIRECTORY");
                }
                parents.add(parent);
            }
            dirs.addAll(parents);
        }

        private void removeTree(String path) {
            files.keySet().removeIf(f -> f.equals(path) || f.startsWith(path + "/"));
            dirs.removeIf(d -> d.equals(path) || d.startsWith(path + "/"));
        }

        private static int depth(String path) {
            return (int) Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).count();
        }
    }

    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String reason;

        Refused(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }
    }
}
