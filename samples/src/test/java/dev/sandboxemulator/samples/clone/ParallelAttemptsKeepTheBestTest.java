package dev.sandboxemulator.samples.clone;

import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CloneResult;
import dev.sandboxemulator.client.CommandResult;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.emulator.SandboxTeam;
import dev.sandboxemulator.emulator.stub.CommandMatcher;
import dev.sandboxemulator.emulator.stub.StubBehavior;
import dev.sandboxemulator.junit.NewSandbox;
import dev.sandboxemulator.junit.SandboxTest;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "parallel attempts" pattern: prepare a sandbox once (an expensive checkout and setup), clone
 * it once per approach, try a different approach in each copy, keep the best copy and kill the
 * rest. Cloning is what makes this cheap: every copy starts from the prepared state.
 */
@SandboxTest
class ParallelAttemptsKeepTheBestTest {

    private static final List<String> STRATEGIES = List.of("greedy", "beam-search", "random-restart", "annealing");

    @Test
    void eachCloneTriesOneStrategyAndTheBestCopyIsKept(@NewSandbox(metadata = "job=solver") Sandbox prepared,
                                                       SandboxTeam team) {
        // The expensive preparation happens once, in the parent.
        prepared.files().write("/home/user/problem/input.txt", "route: A B C D E");
        prepared.commands().run("mkdir -p /home/user/problem/out && echo prepared > /home/user/problem/state");

        // The real sandbox would run a solver binary; the emulator stubs it. The stub reads the
        // strategy from its arguments and the prepared input from the copy's own filesystem.
        team.stubs().register(CommandMatcher.prefix("./solve"), StubBehavior.handler(context -> {
            String strategy = context.args().get(context.args().indexOf("--strategy") + 1);
            String input = new String(context.fileSystem().read("/home/user/problem/input.txt"));
            int score = input.length() * (STRATEGIES.indexOf(strategy) + 1) % 17;
            context.fileSystem().write("/home/user/problem/out/result.txt", (strategy + " " + score).getBytes());
            context.stdout("score=" + score + "\n");
            context.exit(0);
        }));

        CloneResult attempts = prepared.clone(CloneRequest.builder().count(STRATEGIES.size()).build());
        assertThat(attempts.count()).isEqualTo(STRATEGIES.size());

        Map<Sandbox, Integer> scores = new LinkedHashMap<>();
        for (int i = 0; i < STRATEGIES.size(); i++) {
            Sandbox attempt = attempts.sandboxes().get(i);
            // Every copy starts from the prepared state...
            assertThat(attempt.files().readText("/home/user/problem/state")).isEqualTo("prepared\n");
            CommandResult result = attempt.commands().run("cd /home/user/problem && ./solve --strategy " + STRATEGIES.get(i));
            scores.put(attempt, Integer.parseInt(result.stdout().trim().substring("score=".length())));
        }

        Sandbox best = scores.entrySet().stream().max(Comparator.comparingInt(Map.Entry::getValue)).orElseThrow().getKey();
        scores.keySet().stream().filter(attempt -> !attempt.equals(best)).forEach(Sandbox::kill);

        // ...and each copy's work stayed in that copy: the parent never saw any result.
        assertThat(best.files().readText("/home/user/problem/out/result.txt")).endsWith(" " + scores.get(best));
        assertThat(prepared.files().exists("/home/user/problem/out/result.txt")).isFalse();
        assertThat(team.sandboxIds()).containsExactlyInAnyOrder(prepared.id(), best.id());
        best.kill();
    }
}
