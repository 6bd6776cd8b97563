package dev.sandboxemulator.emulator.backend.simulated;

import dev.sandboxemulator.emulator.backend.simulated.ShellHarness.Run;
import dev.sandboxemulator.emulator.spi.FileEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BuiltinsTest {

    private final ShellHarness sandbox = new ShellHarness();

    @AfterEach
    void close() {
        sandbox.close();
    }

    private Run run(String script) {
        return sandbox.run(script);
    }

    @Test
    void echoHandlesNoNewlineAndEscapes() {
        assertThat(run("echo -n a; echo b c").stdout()).isEqualTo("ab c\n");
        assertThat(run("echo -e 'x\\ty\\nz'; echo 'x\\ty'").stdout()).isEqualTo("x\ty\nz\nx\\ty\n");
        assertThat(run("echo -ne 'a\\n'; echo -- -n").stdout()).isEqualTo("a\n-- -n\n");
    }

    @Test
    void printfFormatsStringsNumbersAndRepeatsTheFormat() {
        assertThat(run("printf '%s=%d%%\\n' cpu 42").stdout()).isEqualTo("cpu=42%\n");
        assertThat(run("printf '%s\\n' a b c").stdout()).isEqualTo("a\nb\nc\n");
        assertThat(run("printf '%5s|%-3s|%03d|%.2f\\n' ab c 7 3.14159").stdout()).isEqualTo("   ab|c  |007|3.14\n");
        Run bad = run("printf '%d\\n' abc");
        assertThat(bad.stdout()).isEqualTo("0\n");
        assertThat(bad.stderr()).isEqualTo("printf: abc: invalid number\n");
        assertThat(bad.exitCode()).isEqualTo(1);
    }

    @Test
    void catConcatenatesFilesAndNumbersLines() {
        sandbox.write("/tmp/a", "1\n2\n");
        sandbox.write("/tmp/b", "3\n");

        assertThat(run("cat /tmp/a /tmp/b").stdout()).isEqualTo("1\n2\n3\n");
        assertThat(run("cat -n /tmp/a").stdout()).isEqualTo("     1\t1\n     2\t2\n");
    }

    @Test
    void catReportsAMissingFileAndADirectory() {
        Run run = run("cat /tmp/x /tmp");

        assertThat(run.stderr()).isEqualTo("cat: /tmp/x: No such file or directory\ncat: /tmp: Is a directory\n");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void lsListsOneNamePerLineHidingDotFilesUnlessAsked() {
        run("mkdir /tmp/d && touch /tmp/d/b /tmp/d/.hidden /tmp/d/a && mkdir /tmp/d/sub");

        assertThat(run("ls /tmp/d").stdout()).isEqualTo("a\nb\nsub\n");
        assertThat(run("ls -a /tmp/d").stdout()).isEqualTo(".\n..\n.hidden\na\nb\nsub\n");
        assertThat(run("ls -A1 /tmp/d").stdout()).isEqualTo(".hidden\na\nb\nsub\n");
        assertThat(run("cd /tmp/d && ls").stdout()).isEqualTo("a\nb\nsub\n");
    }

    @Test
    void lsLongFormatShowsModeOwnerSizeAndDate() {
        sandbox.write("/tmp/d/data.csv", "12345");
        run("mkdir /tmp/d/sub");

        Run run = run("ls -l /tmp/d");

        assertThat(run.stdout()).isEqualTo("total 8\n"
                + "-rw-r--r-- 1 user user    5 Jan  1 00:00 data.csv\n"
                + "drwxr-xr-x 2 user user 4096 Jan  1 00:00 sub\n");
    }

    @Test
    void lsOfFilesAndSeveralDirectoriesPrintsHeadings() {
        run("mkdir -p /tmp/x /tmp/y && touch /tmp/x/1 /tmp/f");

        assertThat(run("ls /tmp/f /tmp/x /tmp/y").stdout()).isEqualTo("/tmp/f\n\n/tmp/x:\n1\n\n/tmp/y:\n");
    }

    @Test
    void lsOfAMissingPathExitsTwo() {
        Run run = run("ls /nope");

        assertThat(run.stderr()).isEqualTo("ls: cannot access '/nope': No such file or directory\n");
        assertThat(run.exitCode()).isEqualTo(2);
    }

    @Test
    void mkdirNeedsDashPForMissingParentsAndRefusesExistingPaths() {
        Run plain = run("mkdir /tmp/a/b");
        assertThat(plain.stderr()).isEqualTo("mkdir: cannot create directory '/tmp/a/b': No such file or directory\n");
        assertThat(plain.exitCode()).isEqualTo(1);

        assertThat(run("mkdir -p /tmp/a/b && mkdir -p /tmp/a/b").exitCode()).isZero();
        assertThat(sandbox.fs().stat("/tmp/a/b")).map(FileEntry::type).contains(FileEntry.Type.DIRECTORY);

        Run again = run("mkdir /tmp/a");
        assertThat(again.stderr()).isEqualTo("mkdir: cannot create directory '/tmp/a': File exists\n");
    }

    @Test
    void rmRemovesFilesAndNeedsDashRForDirectories() {
        run("mkdir -p /tmp/d/e && touch /tmp/d/e/f /tmp/g");

        Run dir = run("rm /tmp/d");
        assertThat(dir.stderr()).isEqualTo("rm: cannot remove '/tmp/d': Is a directory\n");
        assertThat(run("rm /tmp/g && rm -r /tmp/d").exitCode()).isZero();
        assertThat(sandbox.fs().stat("/tmp/d")).isEmpty();
        assertThat(sandbox.fs().stat("/tmp/g")).isEmpty();

        Run missing = run("rm /tmp/none");
        assertThat(missing.stderr()).isEqualTo("rm: cannot remove '/tmp/none': No such file or directory\n");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(run("rm -rf /tmp/none").exitCode()).isZero();
    }

    @Test
    void mvRenamesAndMovesIntoDirectories() {
        sandbox.write("/tmp/a.txt", "A");
        run("mkdir /tmp/dir");

        run("mv /tmp/a.txt /tmp/b.txt && mv /tmp/b.txt /tmp/dir");

        assertThat(sandbox.read("/tmp/dir/b.txt")).isEqualTo("A");
        Run missing = run("mv /tmp/a.txt /tmp/c");
        assertThat(missing.stderr()).isEqualTo("mv: cannot stat '/tmp/a.txt': No such file or directory\n");
        assertThat(missing.exitCode()).isEqualTo(1);
    }

    @Test
    void cpCopiesFilesAndDirectoriesOnlyWithDashR() {
        sandbox.write("/tmp/src/a/f.txt", "F");
        sandbox.write("/tmp/one.txt", "1");

        Run noR = run("cp /tmp/src /tmp/dst");
        assertThat(noR.stderr()).isEqualTo("cp: -r not specified; omitting directory '/tmp/src'\n");
        assertThat(noR.exitCode()).isEqualTo(1);

        run("cp -r /tmp/src /tmp/dst && cp /tmp/one.txt /tmp/two.txt && mkdir /tmp/in && cp /tmp/one.txt /tmp/in");

        assertThat(sandbox.read("/tmp/dst/a/f.txt")).isEqualTo("F");
        assertThat(sandbox.read("/tmp/two.txt")).isEqualTo("1");
        assertThat(sandbox.read("/tmp/in/one.txt")).isEqualTo("1");
        assertThat(run("cp /tmp/nope /tmp/x").stderr()).isEqualTo("cp: cannot stat '/tmp/nope': No such file or directory\n");
    }

    @Test
    void touchCreatesEmptyFilesAndKeepsContents() {
        sandbox.write("/tmp/kept", "data");

        run("touch /tmp/new /tmp/kept");

        assertThat(sandbox.read("/tmp/new")).isEmpty();
        assertThat(sandbox.read("/tmp/kept")).isEqualTo("data");
        assertThat(run("touch /tmp/no/such").stderr())
                .isEqualTo("touch: cannot touch '/tmp/no/such': No such file or directory\n");
    }

    @Test
    void pwdAndCdTrackTheWorkingDirectory() {
        assertThat(run("pwd; cd /tmp; pwd; cd ..; pwd; cd; pwd; cd -").stdout())
                .isEqualTo("/home/user\n/tmp\n/\n/home/user\n/\n");
        Run missing = run("cd /nowhere");
        assertThat(missing.stderr()).isEqualTo("bash: cd: /nowhere: No such file or directory\n");
        assertThat(missing.exitCode()).isEqualTo(1);
    }

    @Test
    void envPrintsTheEnvironmentAndRunsACommandWithMore() {
        assertThat(run("env").stdout()).contains("HOME=/home/user\n", "USER=user\n", "PATH=");
        assertThat(run("FOO=bar env | grep FOO; env BAZ=1 env | grep BAZ").stdout()).isEqualTo("FOO=bar\nBAZ=1\n");
    }

    @Test
    void unsetRemovesAVariable() {
        assertThat(run("export X=1; unset X; echo \"[$X]\"; env | grep -c '^X='").stdout()).isEqualTo("[]\n0\n");
    }

    @Test
    void trueFalseAndExitCodes() {
        assertThat(run("true").exitCode()).isZero();
        assertThat(run("false").exitCode()).isEqualTo(1);
        assertThat(run("exit 300").exitCode()).isEqualTo(44);
        Run bad = run("exit abc");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).isEqualTo("bash: exit: abc: numeric argument required\n");
    }

    @Test
    void testAndBracketEvaluateFileStringAndNumberTests() {
        sandbox.write("/tmp/f", "x");
        Run run = run("[ -f /tmp/f ] && echo f; [ -d /tmp ] && echo d; [ -e /tmp/none ] || echo none; "
                + "[ -z '' ] && echo z; [ -n x ] && echo n; [ a = a ] && echo eq; [ a != b ] && echo ne; "
                + "[ 3 -lt 10 ] && echo lt; [ 10 -gt 3 ] && echo gt; [ 2 -eq 2 ] && echo numeq; "
                + "test 2 -ne 2 || echo numne; [ ! -f /tmp ] && echo notfile");

        assertThat(run.stdout()).isEqualTo("f\nd\nnone\nz\nn\neq\nne\nlt\ngt\nnumeq\nnumne\nnotfile\n");
    }

    @Test
    void bracketWithoutClosingBracketIsAnError() {
        Run run = run("[ -f /tmp");

        assertThat(run.stderr()).isEqualTo("bash: [: missing `]'\n");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run("[ abc -eq 1 ]").stderr()).isEqualTo("bash: [: abc: integer expression expected\n");
    }

    @Test
    void headAndTailTakeLinesFromFilesAndStdin() {
        sandbox.write("/tmp/n", "1\n2\n3\n4\n5\n");

        assertThat(run("head -n 2 /tmp/n").stdout()).isEqualTo("1\n2\n");
        assertThat(run("head -3 /tmp/n").stdout()).isEqualTo("1\n2\n3\n");
        assertThat(run("tail -n 2 /tmp/n").stdout()).isEqualTo("4\n5\n");
        assertThat(run("tail -1 /tmp/n").stdout()).isEqualTo("5\n");
        assertThat(run("tail -n +4 /tmp/n").stdout()).isEqualTo("4\n5\n");
        assertThat(run("cat /tmp/n | head -n 1").stdout()).isEqualTo("1\n");
        assertThat(run("head /tmp/missing").stderr())
                .isEqualTo("head: cannot open '/tmp/missing' for reading: No such file or directory\n");
    }

    @Test
    void wcCountsLinesWordsAndBytesLikeCoreutils() {
        sandbox.write("/tmp/w", "one two\nthree\n");

        assertThat(run("wc -l /tmp/w").stdout()).isEqualTo("2 /tmp/w\n");
        assertThat(run("wc /tmp/w").stdout()).isEqualTo(" 2  3 14 /tmp/w\n");
        assertThat(run("cat /tmp/w | wc -w").stdout()).isEqualTo("3\n");
        assertThat(run("cat /tmp/w | wc").stdout()).isEqualTo("      2       3      14\n");
        assertThat(run("wc -c < /tmp/w").stdout()).isEqualTo("14\n");
        Run missing = run("wc /tmp/none");
        assertThat(missing.stderr()).isEqualTo("wc: /tmp/none: No such file or directory\n");
        assertThat(missing.exitCode()).isEqualTo(1);
    }

    @Test
    void grepWithARegexThatWouldExhaustTheStackFailsTheCommandNotTheProcess() {
        sandbox.write("/tmp/long", "ab".repeat(500_000) + "\n");

        Run run = run("grep -cE '(a|b)*c' /tmp/long; echo \"status $?\"");

        assertThat(run.stderr()).isEqualTo(
                "grep: the regular expression is too complex for so long a line in the simulated shell\n");
        assertThat(run.stdout()).isEqualTo("status 2\n");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void grepFiltersLinesWithItsCommonFlags() {
        sandbox.write("/tmp/log", "INFO start\nerror: disk\nINFO ok\nError: net\n");

        assertThat(run("grep error /tmp/log").stdout()).isEqualTo("error: disk\n");
        assertThat(run("grep -i error /tmp/log").stdout()).isEqualTo("error: disk\nError: net\n");
        assertThat(run("grep -v INFO /tmp/log").stdout()).isEqualTo("error: disk\nError: net\n");
        assertThat(run("grep -c INFO /tmp/log").stdout()).isEqualTo("2\n");
        assertThat(run("grep -n ok /tmp/log").stdout()).isEqualTo("3:INFO ok\n");
        assertThat(run("grep -q start /tmp/log && echo found").stdout()).isEqualTo("found\n");
        assertThat(run("grep -E '^(INFO|error)' /tmp/log | wc -l").stdout()).isEqualTo("3\n");
        assertThat(run("grep 'I.FO s' /tmp/log").stdout()).isEqualTo("INFO start\n");
        assertThat(run("grep nothing /tmp/log").exitCode()).isEqualTo(1);
        Run missing = run("grep x /tmp/none");
        assertThat(missing.stderr()).isEqualTo("grep: /tmp/none: No such file or directory\n");
        assertThat(missing.exitCode()).isEqualTo(2);
    }

    @Test
    void sleepWaitsOnTheClockAndRejectsBadIntervals() {
        Run run = sandbox.start("sleep 1.5; echo done");

        assertThat(run.running()).isTrue();
        sandbox.advance(java.time.Duration.ofMillis(1499));
        assertThat(run.running()).isTrue();
        sandbox.advance(java.time.Duration.ofMillis(1));
        assertThat(run.stdout()).isEqualTo("done\n");

        Run bad = run("sleep soon");
        assertThat(bad.stderr()).startsWith("sleep: invalid time interval 'soon'");
        assertThat(bad.exitCode()).isEqualTo(1);
    }

    @Test
    void smallUtilitiesBehaveLikeCoreutils() {
        assertThat(run("basename /a/b/c.txt .txt; dirname /a/b/c.txt; seq 3; whoami").stdout())
                .isEqualTo("c\n/a/b\n1\n2\n3\nuser\n");
        assertThat(run("echo hi | tee /tmp/t; cat /tmp/t").stdout()).isEqualTo("hi\nhi\n");
        assertThat(run("date +%Y-%m-%d; date +%s").stdout()).isEqualTo("2026-01-01\n1767225600\n");
        assertThat(run("which ls; which python3 || echo missing").stdout()).isEqualTo("/bin/ls\nmissing\n");
    }

    @Test
    void whichFindsBuiltinsInBinOrUsrBinButNotThoseBuiltIntoTheShell() {
        Run found = run("which grep sh cd; command -v cd grep ls :");
        assertThat(found.stdout()).isEqualTo("/usr/bin/grep\n/bin/sh\ncd\n/usr/bin/grep\n/bin/ls\n:\n");
        assertThat(run("which cd").exitCode()).isEqualTo(1);
    }

    @Test
    void absoluteBinPathsRunTheSameBuiltins() {
        assertThat(run("/bin/echo hi; /usr/bin/env | grep -c HOME").stdout()).isEqualTo("hi\n1\n");
    }
}
