package dev.sandboxemulator.emulator.backend.simulated.shell;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nesting depth is the client's to choose, so the parser bounds it: past
 * {@link ShellParser#MAX_NESTING} levels a script is a syntax error, never a StackOverflowError,
 * while deep but sensible nesting parses.
 */
class ShellNestingTest {

    /** Each kind of nesting, as a script {@code levels} deep around {@code echo x}. */
    static Stream<Nesting> kinds() {
        return Stream.of(
                new Nesting("subshells", n -> "(".repeat(n) + "echo x" + ")".repeat(n)),
                new Nesting("groups", n -> "{ ".repeat(n) + "echo x" + "; }".repeat(n)),
                new Nesting("ifs", n -> "if true; then ".repeat(n) + "echo x" + "; fi".repeat(n)),
                new Nesting("whiles", n -> "while false; do ".repeat(n) + "echo x" + "; done".repeat(n)),
                new Nesting("command substitutions", n -> "echo " + "$(echo ".repeat(n) + "x" + ")".repeat(n)),
                new Nesting("quoted command substitutions", n -> "echo " + "\"$(echo ".repeat(n) + "x" + ")\"".repeat(n)),
                new Nesting("a backquote inside substitutions", n -> "echo " + "$(echo ".repeat(n - 1) + "`echo x`"
                        + ")".repeat(n - 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aHundredThousandLevelsAreASyntaxErrorNotAStackOverflow(Nesting kind) {
        String script = kind.script.apply(100_000);

        assertThatThrownBy(() -> ShellParser.parse(script))
                .isInstanceOf(ShellSyntaxException.class)
                .hasMessage("bash: -c: line 1: maximum nesting depth (" + ShellParser.MAX_NESTING + ") exceeded");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void nestingJustPastTheLimitIsRefused(Nesting kind) {
        String script = kind.script.apply(ShellParser.MAX_NESTING + 2);

        assertThatThrownBy(() -> ShellParser.parse(script)).isInstanceOf(ShellSyntaxException.class)
                .hasMessageContaining("maximum nesting depth");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void nestingBelowTheLimitParsesEvenOnAHalfMegabyteStack(Nesting kind) throws Throwable {
        String script = kind.script.apply(ShellParser.MAX_NESTING - 2);
        AtomicReference<Throwable> failure = new AtomicReference<>();

        Thread thread = new Thread(null, () -> {
            try {
                ShellParser.parse(script);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "half-megabyte-stack", 512 * 1024);
        thread.start();
        thread.join();

        assertThat(failure.get()).isNull();
    }

    record Nesting(String name, IntFunction<String> script) {
        @Override
        public String toString() {
            return name;
        }
    }
}
