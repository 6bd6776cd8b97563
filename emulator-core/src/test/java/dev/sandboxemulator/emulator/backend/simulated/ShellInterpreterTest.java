package dev.sandboxemulator.emulator.backend.simulated;

import dev.sandboxemulator.emulator.backend.simulated.ShellHarness.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ShellInterpreterTest {

    private final ShellHarness sandbox = new ShellHarness();

    @AfterEach
    void close() {
        sandbox.close();
    }

    @Test
    void expandsVariablesFromTheSpecEnvironment() {
        Run run = sandbox.start(ShellHarness.spec("echo \"$GREETING, ${NAME}!\" $HOME", Map.of("GREETING", "hello",
                "NAME", "world"), false, null));

        assertThat(run.stdout()).isEqualTo("hello, world! /home/user\n");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void ansiCQuotingDecodesHexOctalAndUnicodeEscapes() {
        Run run = sandbox.run("echo $'\\x41\\101\\u00e9'");

        assertThat(run.stdout()).isEqualTo("AA\u00e9\n");
    }

    @Test
    void ansiCQuotingDecodesControlCharactersQuotesAndKeepsUnknownEscapes() {
        Run run = sandbox.run("printf '%s|' $'\\cA' $'\\c?' $'\\E\\e' $'\\'\\\"\\?' $'\\q\\x' $'\\U0001F600'");

        assertThat(run.stdout()).isEqualTo("\u0001|\u007f|\u001b\u001b|'\"?|\\q\\x|\uD83D\uDE00|");
    }

    @Test
    void echoAndPrintfDecodeTheSameEscapesAsAnsiCQuoting() {
        Run run = sandbox.run("echo -e '\\x41\\0101\\u00e9\\\"\\c tail'; printf '\\x42\\102\\U000000e9\\n'; "
                + "printf '%b|' '\\0103\\\"'");

        assertThat(run.stdout()).isEqualTo("AA\u00e9\\\"BB\u00e9\nC\"|");
    }

    @Test
    void anUnsetVariableExpandsToNothingAndDefaultsApply() {
        Run run = sandbox.run("echo [$NOPE] [${NOPE:-dflt}] [${HOME:+set}] ${#HOME}");

        assertThat(run.stdout()).isEqualTo("[] [dflt] [set] 10\n");
    }

    @Test
    void unquotedExpansionsAreSplitIntoWordsAndQuotedOnesAreNot() {
        Run run = sandbox.run("X='a   b'; printf '<%s>' $X; printf '<%s>' \"$X\"; echo");

        assertThat(run.stdout()).isEqualTo("<a><b><a   b>\n");
    }

    @Test
    void assignmentsSetShellVariablesAndExportMakesThemVisibleToEnv() {
        Run run = sandbox.run("A=1; B=2; export B; env | grep -E '^(A|B)='; echo $A$B");

        assertThat(run.stdout()).isEqualTo("B=2\n12\n");
    }

    @Test
    void questionMarkHoldsTheLastExitStatus() {
        Run run = sandbox.run("false; echo $?; true; echo $?; ls /nope 2>/dev/null; echo $?");

        assertThat(run.stdout()).isEqualTo("1\n0\n2\n");
    }

    @Test
    void andRunsTheRightSideOnlyAfterSuccessAndOrOnlyAfterFailure() {
        Run run = sandbox.run("true && echo a; false && echo b; false || echo c; true || echo d; "
                + "false && echo e || echo f");

        assertThat(run.stdout()).isEqualTo("a\nc\nf\n");
    }

    @Test
    void theScriptExitsWithItsLastCommandsStatus() {
        assertThat(sandbox.run("echo x; false").exitCode()).isEqualTo(1);
        assertThat(sandbox.run("false; true").exitCode()).isZero();
        assertThat(sandbox.run("false && true").exitCode()).isEqualTo(1);
    }

    @Test
    void exitEndsTheScriptWithItsCode() {
        Run run = sandbox.run("echo before; exit 3; echo after");

        assertThat(run.stdout()).isEqualTo("before\n");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.exit().status()).isEqualTo("exit status 3");
    }

    @Test
    void setEStopsAtTheFirstFailureOutsideConditions() {
        Run run = sandbox.run("set -e; if false; then echo no; fi; false || echo handled; false; echo unreachable");

        assertThat(run.stdout()).isEqualTo("handled\n");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void pipelinesFeedEachStagesOutputToTheNext() {
        Run run = sandbox.run("printf 'b\\na\\nb\\nc\\n' | sort | uniq -c | grep b");

        assertThat(run.stdout()).isEqualTo("      2 b\n");
    }

    @Test
    void aPipelinesStatusIsItsLastStagesUnlessPipefail() {
        assertThat(sandbox.run("false | true").exitCode()).isZero();
        assertThat(sandbox.run("set -o pipefail; false | true").exitCode()).isEqualTo(1);
        assertThat(sandbox.run("! false").exitCode()).isZero();
    }

    @Test
    void redirectionsWriteAppendAndReadFilesInTheSandbox() {
        Run run = sandbox.run("echo one > /tmp/f.txt; echo two >> /tmp/f.txt; cat < /tmp/f.txt; wc -l < /tmp/f.txt");

        assertThat(sandbox.read("/tmp/f.txt")).isEqualTo("one\ntwo\n");
        assertThat(run.stdout()).isEqualTo("one\ntwo\n2\n");
    }

    @Test
    void relativeRedirectionsResolveAgainstTheWorkingDirectory() {
        sandbox.run("mkdir -p proj && cd proj && echo hi > out.txt");

        assertThat(sandbox.read("/home/user/proj/out.txt")).isEqualTo("hi\n");
    }

    @Test
    void stderrCanBeRedirectedToAFileOrMergedIntoStdout() {
        Run run = sandbox.run("cat /missing 2> /tmp/err; cat /missing 2>&1; cat /missing &> /tmp/both; echo x >&2");

        assertThat(sandbox.read("/tmp/err")).isEqualTo("cat: /missing: No such file or directory\n");
        assertThat(sandbox.read("/tmp/both")).isEqualTo("cat: /missing: No such file or directory\n");
        assertThat(run.stdout()).isEqualTo("cat: /missing: No such file or directory\n");
        assertThat(run.stderr()).isEqualTo("x\n");
    }

    @Test
    void theOrderOfRedirectionsMatters() {
        Run run = sandbox.run("cat /missing 2>&1 > /tmp/out");

        // stderr went where stdout pointed before stdout moved to the file.
        assertThat(run.stderr()).isEmpty();
        assertThat(run.stdout()).isEqualTo("cat: /missing: No such file or directory\n");
        assertThat(sandbox.read("/tmp/out")).isEmpty();
    }

    @Test
    void aRedirectionIntoAMissingDirectoryFailsTheCommand() {
        Run run = sandbox.run("echo hi > /no/such/file; echo $?");

        assertThat(run.stderr()).isEqualTo("bash: /no/such/file: No such file or directory\n");
        assertThat(run.stdout()).isEqualTo("1\n");
    }

    @Test
    void devNullSwallowsOutput() {
        Run run = sandbox.run("echo gone > /dev/null; echo kept");

        assertThat(run.stdout()).isEqualTo("kept\n");
    }

    @Test
    void hereDocumentsFeedStdinAndExpandUnlessQuoted() {
        Run run = sandbox.run("cat <<EOF > /tmp/conf\nuser=$USER\nEOF\ncat <<'RAW'\n$USER\nRAW\ncat /tmp/conf");

        assertThat(run.stdout()).isEqualTo("$USER\nuser=user\n");
    }

    @Test
    void commandSubstitutionInsertsOutputWithoutTrailingNewlines() {
        Run run = sandbox.run("cd /tmp; D=$(pwd); echo \"dir=$D\" `echo back`; echo \"$(printf 'a\\n\\n')\"");

        assertThat(run.stdout()).isEqualTo("dir=/tmp back\na\n");
    }

    @Test
    void ifElifAndElseChooseTheFirstTrueBranch() {
        Run run = sandbox.run("if [ -d /tmp ]; then echo dir; fi; if false; then echo a; elif true; then echo b; "
                + "else echo c; fi; if false; then :; else echo c; fi");

        assertThat(run.stdout()).isEqualTo("dir\nb\nc\n");
    }

    @Test
    void forAndWhileLoopsIterate() {
        Run run = sandbox.run("for f in a b c; do echo -n $f; done; echo; printf '1\\n2\\n' > /tmp/n; "
                + "while read n; do echo line $n; done < /tmp/n");

        assertThat(run.stdout()).isEqualTo("abc\nline 1\nline 2\n");
    }

    @Test
    void globsExpandAgainstTheFilesystemInOrder() {
        sandbox.run("mkdir -p /tmp/g && touch /tmp/g/b.txt /tmp/g/a.txt /tmp/g/c.log");

        Run run = sandbox.run("cd /tmp/g && echo *.txt && echo /tmp/g/*.log && echo '*.txt' && echo *.none");

        assertThat(run.stdout()).isEqualTo("a.txt b.txt\n/tmp/g/c.log\n*.txt\n*.none\n");
    }

    @Test
    void aSubshellDoesNotChangeTheParentsDirectoryOrVariables() {
        Run run = sandbox.run("X=1; (cd /tmp; X=2; pwd); pwd; echo $X");

        assertThat(run.stdout()).isEqualTo("/tmp\n/home/user\n1\n");
    }

    @Test
    void nestedBashDashCRunsAScriptWithItsOwnExit() {
        Run run = sandbox.run("bash -c 'echo inner; exit 4'; echo outer $?");

        assertThat(run.stdout()).isEqualTo("inner\nouter 4\n");
    }

    @Test
    void sourceRunsAFileInTheCurrentShell() {
        sandbox.write("/tmp/env.sh", "export STAGE=prod\ncd /tmp\n");

        Run run = sandbox.run(". /tmp/env.sh; echo $STAGE; pwd");

        assertThat(run.stdout()).isEqualTo("prod\n/tmp\n");
    }

    @Test
    void aSyntaxErrorExitsTwoWithBashsMessage() {
        Run run = sandbox.run("echo hi;;");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).isEqualTo("bash: -c: line 1: syntax error near unexpected token `;;'\n"
                + "bash: -c: line 1: `echo hi;;'\n");
    }

    @Test
    void setUMakesAnUnsetVariableAnError() {
        Run run = sandbox.run("set -u; echo $MISSING; echo after");

        assertThat(run.stderr()).isEqualTo("bash: MISSING: unbound variable\n");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void aPlainProgramSpecIsOneSimpleCommand() {
        Run run = sandbox.start(new dev.sandboxemulator.emulator.spi.ProcessSpec("echo", java.util.List.of("a  b",
                "$HOME"), Map.of(), "/tmp", "user", false, java.util.Optional.empty(), java.util.Optional.empty()));

        assertThat(run.stdout()).isEqualTo("a  b $HOME\n");
    }

    @Test
    void aScriptNestedTooDeeplyFailsLikeASyntaxErrorWithStatusTwo() {
        Run run = sandbox.run("(".repeat(100_000) + "echo x" + ")".repeat(100_000));

        assertThat(run.stderr()).isEqualTo("bash: -c: line 1: maximum nesting depth (1000) exceeded\n");
        assertThat(run.stdout()).isEmpty();
        assertThat(run.exitCode()).isEqualTo(2);
    }

    @Test
    void deepButSensibleNestingRuns() {
        int levels = 200;
        Run run = sandbox.run("echo " + "$(echo ".repeat(levels) + "x" + ")".repeat(levels)
                + "; " + "( { if true; then ".repeat(levels) + "echo y" + "; fi; } )".repeat(levels)
                + "; echo \"`echo $(echo \\`echo z\\`)`\"");

        assertThat(run.stdout()).isEqualTo("x\ny\nz\n");
        assertThat(run.exitCode()).isZero();
    }
}
