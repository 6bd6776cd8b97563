package dev.sandboxemulator.emulator.model;

import dev.sandboxemulator.client.Lifecycle;
import dev.sandboxemulator.client.SandboxState;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The operations a model run draws from, as jqwik actions: each picks its arguments (often a sandbox
 * that exists, sometimes one that is gone or never was) from the run's current state, and is described
 * in the chain's transcript so that a failure reads as a reproduction.
 */
final class ServiceActions {

    /** Timeouts around the interesting edges: 0 (expires at once), short, the default, above the 1 h cap. */
    static final Arbitrary<Long> TIMEOUTS = Arbitraries.frequency(
            Tuple.of(1, 0L), Tuple.of(1, 1L), Tuple.of(2, 30L), Tuple.of(2, 120L), Tuple.of(3, 300L), Tuple.of(3, 600L),
            Tuple.of(2, 3600L), Tuple.of(1, 7200L));

    /**
     * Timeouts for short sequences, where a sandbox that expires at once would leave little to do: long
     * enough to outlive most clock steps, still crossing the cap.
     */
    static final Arbitrary<Long> LONG_TIMEOUTS = Arbitraries.of(120L, 600L, 3600L, 7200L);

    /** Time steps that let short timeouts pass while longer ones survive. */
    private static final Arbitrary<Duration> CLOCK_STEPS = Arbitraries.of(
            Duration.ofSeconds(1), Duration.ofSeconds(31), Duration.ofMinutes(2), Duration.ofMinutes(5),
            Duration.ofMinutes(11), Duration.ofMinutes(70));

    private static final Arbitrary<String> CONTENTS = Arbitraries.strings().withCharRange('a', 'z').numeric()
            .ofMinLength(1).ofMaxLength(12);

    private ServiceActions() {
    }

    /**
     * Chains of up to {@code steps} actions on a fresh run made by {@code newRun}, with timeouts drawn from
     * {@code timeouts}; {@link ServiceModelRunner} checks the run's agreement after every step.
     */
    static ActionChainArbitrary<ModelRun> chains(Supplier<ModelRun> newRun, int steps, Arbitrary<Long> timeouts) {
        return ActionChain.<ModelRun>startWith(newRun)
                .withAction(3, create(timeouts))
                .withAction(3, kill())
                .withAction(2, pause())
                .withAction(2, connect(timeouts))
                .withAction(2, setTimeout(timeouts))
                .withAction(5, cloneOf(timeouts))
                .withAction(1, invalid())
                .withAction(3, write())
                .withAction(2, read())
                .withAction(1, remove())
                .withAction(1, rename())
                .withAction(1, printfInto())
                .withAction(2, cat())
                .withAction(1, echo())
                .withAction(1, list())
                .withAction(1, listInPages())
                .withAction(2, advanceClock())
                .withMaxTransformations(steps);
    }

    /** Lifecycles: mostly the default (kill at expiry), sometimes pause at expiry, with or without auto-resume. */
    private static final Arbitrary<Lifecycle> LIFECYCLES = Arbitraries.frequency(
            Tuple.of(4, Lifecycle.killOnTimeout()), Tuple.of(1, Lifecycle.pauseOnTimeout(false)),
            Tuple.of(1, Lifecycle.pauseOnTimeout(true)));

    static Action.Independent<ModelRun> create(Arbitrary<Long> timeouts) {
        return () -> Combinators.combine(timeouts, LIFECYCLES)
                .as((timeout, lifecycle) -> Transformer.mutate("create(timeout=" + timeout + "s"
                                + (lifecycle.onTimeout() == Lifecycle.OnTimeout.PAUSE ? ", pause on timeout" : "")
                                + (lifecycle.autoResume() ? ", auto-resume" : "") + ")",
                        run -> run.create(timeout, lifecycle)));
    }

    static Action.Dependent<ModelRun> kill() {
        return run -> targets(run).map(ref -> on(ref, "kill", "", ModelRun::kill));
    }

    static Action.Dependent<ModelRun> pause() {
        return run -> targets(run).map(ref -> on(ref, "pause", "", ModelRun::pause));
    }

    static Action.Dependent<ModelRun> connect(Arbitrary<Long> timeouts) {
        return run -> Combinators.combine(targets(run), timeouts)
                .as((ref, timeout) -> on(ref, "connect", ", timeout=" + timeout + "s", (r, id) -> r.connect(id, timeout)));
    }

    static Action.Dependent<ModelRun> setTimeout(Arbitrary<Long> timeouts) {
        return run -> Combinators.combine(targets(run), timeouts)
                .as((ref, timeout) -> on(ref, "setTimeout", ", " + timeout + "s", (r, id) -> r.setTimeout(id, timeout)));
    }

    /** Clones with counts from 1 to past the quota, strict or not, with or without a timeout. */
    static Action.Dependent<ModelRun> cloneOf(Arbitrary<Long> timeouts) {
        return run -> {
            Arbitrary<Integer> counts = Arbitraries.integers().between(1, run.model().quota + 2)
                    .edgeCases(edges -> edges.includeOnly(1, run.model().quota + 1));
            return Combinators.combine(targets(run), counts, Arbitraries.of(true, false), timeouts.optional(0.6))
                    .as((ref, count, strict, timeout) -> on(ref, "clone",
                            ", count=" + count + ", strict=" + strict + timeout.map(t -> ", timeout=" + t + "s").orElse(""),
                            (r, id) -> r.clone(id, count, strict, timeout)));
        };
    }

    static Action.Dependent<ModelRun> invalid() {
        return run -> Combinators.combine(targets(run), Arbitraries.of(ModelRun.InvalidRequest.class))
                .as((ref, request) -> on(ref, "send " + request, "", (r, id) -> r.sendInvalid(id, request)));
    }

    static Action.Dependent<ModelRun> write() {
        return new Action.Dependent<>() {
            @Override
            public boolean precondition(ModelRun run) {
                return !run.made().isEmpty();
            }

            @Override
            public Arbitrary<Transformer<ModelRun>> transformer(ModelRun run) {
                return Combinators.combine(madeTargets(run), Arbitraries.of(ModelRun.PATHS), CONTENTS)
                        .as((ref, path, content) -> on(ref, "write", ", " + path + ", \"" + content + "\"",
                                (r, id) -> r.write(id, path, content)));
            }
        };
    }

    static Action.Dependent<ModelRun> remove() {
        return onSandboxAndPath("remove", ModelRun::remove);
    }

    static Action.Dependent<ModelRun> rename() {
        return new Action.Dependent<>() {
            @Override
            public boolean precondition(ModelRun run) {
                return !run.made().isEmpty();
            }

            @Override
            public Arbitrary<Transformer<ModelRun>> transformer(ModelRun run) {
                return Combinators.combine(madeTargets(run), Arbitraries.of(ModelRun.PATHS), Arbitraries.of(ModelRun.PATHS))
                        .as((ref, from, to) -> on(ref, "rename", ", " + from + " to " + to, (r, id) -> r.rename(id, from, to)));
            }
        };
    }

    static Action.Dependent<ModelRun> printfInto() {
        return new Action.Dependent<>() {
            @Override
            public boolean precondition(ModelRun run) {
                return !run.made().isEmpty();
            }

            @Override
            public Arbitrary<Transformer<ModelRun>> transformer(ModelRun run) {
                return Combinators.combine(madeTargets(run), Arbitraries.of(ModelRun.PATHS), CONTENTS)
                        .as((ref, path, content) -> on(ref, "printf into", ", " + path + ", \"" + content + "\"",
                                (r, id) -> r.printfInto(id, path, content)));
            }
        };
    }

    static Action.Dependent<ModelRun> read() {
        return onSandboxAndPath("read", ModelRun::read);
    }

    static Action.Dependent<ModelRun> cat() {
        return onSandboxAndPath("cat", ModelRun::cat);
    }

    static Action.Dependent<ModelRun> echo() {
        return new Action.Dependent<>() {
            @Override
            public boolean precondition(ModelRun run) {
                return !run.made().isEmpty();
            }

            @Override
            public Arbitrary<Transformer<ModelRun>> transformer(ModelRun run) {
                return Combinators.combine(madeTargets(run), CONTENTS)
                        .as((ref, word) -> on(ref, "echo", ", " + word, (r, id) -> r.echo(id, word)));
            }
        };
    }

    /** Only the agreement check, which lists: a step that changes nothing must change nothing. */
    static Action.Independent<ModelRun> list() {
        return Action.just("list", Transformer.mutate("list", run -> { }));
    }

    static Action.Independent<ModelRun> listInPages() {
        return () -> Combinators.combine(Arbitraries.integers().between(1, 3),
                        Arbitraries.of(SandboxState.class).optional(0.5))
                .as((limit, state) -> Transformer.mutate(
                        "list in pages of " + limit + state.map(s -> " of " + s + " sandboxes").orElse(""),
                        run -> run.listInPages(limit, state)));
    }

    static Action.Independent<ModelRun> advanceClock() {
        return () -> CLOCK_STEPS.map(by -> Transformer.mutate("advance the clock by " + by, run -> run.advanceClock(by)));
    }

    /**
     * The sandbox a control-plane call targets: mostly one that exists, sometimes one that is gone (killed or
     * timed out) or an id never issued, which must all be 404s.
     */
    private static Arbitrary<Integer> targets(ModelRun run) {
        List<Integer> live = run.live();
        List<Integer> gone = new ArrayList<>(run.made());
        gone.removeAll(live);
        List<Tuple.Tuple2<Integer, Arbitrary<Integer>>> choices = new ArrayList<>();
        if (!live.isEmpty()) {
            choices.add(Tuple.of(8, Arbitraries.of(live)));
        }
        if (!gone.isEmpty()) {
            choices.add(Tuple.of(1, Arbitraries.of(gone)));
        }
        choices.add(Tuple.of(1, Arbitraries.just(ModelRun.NEVER_ISSUED)));
        return Arbitraries.frequencyOf(choices.toArray(new Tuple.Tuple2[0]));
    }

    /** The sandbox a data-plane call targets: mostly one that exists, sometimes one that is gone. */
    private static Arbitrary<Integer> madeTargets(ModelRun run) {
        List<Integer> live = run.live();
        List<Integer> gone = new ArrayList<>(run.made());
        gone.removeAll(live);
        if (live.isEmpty() || gone.isEmpty()) {
            return Arbitraries.of(run.made());
        }
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(live)), Tuple.of(1, Arbitraries.of(gone)));
    }

    /**
     * A step on the sandbox {@code reference} names, described as {@code name(#3, details)}; in a
     * shrunk replay that made fewer sandboxes it does nothing.
     */
    private static Transformer<ModelRun> on(int reference, String name, String details, BiConsumer<ModelRun, String> call) {
        String target = reference == ModelRun.NEVER_ISSUED ? "never-issued id" : "#" + reference;
        return Transformer.mutate(name + "(" + target + details + ")", run -> run.resolve(reference).ifPresent(id -> call.accept(run, id)));
    }

    private interface PathCall {
        void call(ModelRun run, String id, String path);
    }

    private static Action.Dependent<ModelRun> onSandboxAndPath(String name, PathCall call) {
        return new Action.Dependent<>() {
            @Override
            public boolean precondition(ModelRun run) {
                return !run.made().isEmpty();
            }

            @Override
            public Arbitrary<Transformer<ModelRun>> transformer(ModelRun run) {
                return Combinators.combine(madeTargets(run), Arbitraries.of(ModelRun.PATHS))
                        .as((ref, path) -> on(ref, name, ", " + path, (r, id) -> call.call(r, id, path)));
            }
        };
    }
}
