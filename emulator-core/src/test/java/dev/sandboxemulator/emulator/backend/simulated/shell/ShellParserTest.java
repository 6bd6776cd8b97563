package dev.sandboxemulator.emulator.backend.simulated.shell;

import dev.sandboxemulator.emulator.backend.simulated.shell.Ast.AndOr;
import dev.sandboxemulator.emulator.backend.simulated.shell.Ast.CommandList;
import dev.sandboxemulator.emulator.backend.simulated.shell.Ast.Literal;
import dev.sandboxemulator.emulator.backend.simulated.shell.Ast.Pipeline;
import dev.sandboxemulator.emulator.backend.simulated.shell.Ast.Redirect;
import dev.sandboxemulator.emulator.backend.simulated.shell.Ast.SimpleCommand;
import dev.sandboxemulator.emulator.backend.simulated.shell.Ast.Variable;
import dev.sandboxemulator.emulator.backend.simulated.shell.Ast.Word;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShellParserTest {

    private static SimpleCommand only(String script) {
        CommandList list = ShellParser.parse(script);
        assertThat(list.items()).hasSize(1);
        return (SimpleCommand) list.items().get(0).command();
    }

    private static String literal(Word word) {
        StringBuilder out = new StringBuilder();
        for (Ast.Part part : word.parts()) {
            out.append(part instanceof Literal ? ((Literal) part).text() : "${" + ((Variable) part).name() + "}");
        }
        return out.toString();
    }

    @Test
    void splitsWordsOnBlanksAndKeepsQuotedBlanks() {
        SimpleCommand command = only("echo  'a b'  \"c  d\" e\\ f");

        assertThat(command.words()).extracting(ShellParserTest::literal).containsExactly("echo", "a b", "c  d", "e f");
    }

    @Test
    void singleQuotesKeepDollarSignsLiteralAndDoubleQuotesExpandThem() {
        SimpleCommand command = only("echo '$HOME' \"$HOME/x\" ${USER}");

        assertThat(command.words().get(1).parts()).containsExactly(new Literal("$HOME", true));
        assertThat(command.words().get(2).parts()).containsExactly(new Variable("HOME", true, null, null),
                new Literal("/x", true));
        assertThat(command.words().get(3).parts()).containsExactly(new Variable("USER", false, null, null));
    }

    @Test
    void readsSpecialParametersAndDefaults() {
        SimpleCommand command = only("echo $? ${X:-fallback}");

        assertThat(command.words().get(1).parts()).containsExactly(new Variable("?", false, null, null));
        Variable withDefault = (Variable) command.words().get(2).parts().get(0);
        assertThat(withDefault.operator()).isEqualTo(":-");
        assertThat(literal(withDefault.operand())).isEqualTo("fallback");
    }

    @Test
    void separatesListsAndOperators() {
        CommandList list = ShellParser.parse("a; b && c || d\ne &");

        assertThat(list.items()).hasSize(3);
        AndOr andOr = (AndOr) list.items().get(1).command();
        assertThat(andOr.ops()).containsExactly(AndOr.Operator.AND, AndOr.Operator.OR);
        assertThat(list.items().get(2).background()).isTrue();
    }

    @Test
    void parsesPipelinesAndNegation() {
        Pipeline pipeline = (Pipeline) ShellParser.parse("! cat f | grep x | wc -l").items().get(0).command();

        assertThat(pipeline.negated()).isTrue();
        assertThat(pipeline.stages()).hasSize(3);
    }

    @Test
    void parsesRedirectionsWithDescriptorNumbers() {
        SimpleCommand command = only("cmd > out 2>&1 >> log < in 2> err &> both");

        assertThat(command.redirects()).extracting(Redirect::fd, Redirect::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, Redirect.Kind.WRITE),
                org.assertj.core.groups.Tuple.tuple(2, Redirect.Kind.DUPLICATE),
                org.assertj.core.groups.Tuple.tuple(1, Redirect.Kind.APPEND),
                org.assertj.core.groups.Tuple.tuple(0, Redirect.Kind.READ),
                org.assertj.core.groups.Tuple.tuple(2, Redirect.Kind.WRITE),
                org.assertj.core.groups.Tuple.tuple(1, Redirect.Kind.WRITE_BOTH));
        assertThat(command.words()).hasSize(1);
    }

    @Test
    void treatsLeadingNameEqualsValueAsAssignments() {
        SimpleCommand command = only("A=1 B=\"two words\" env x=y");

        assertThat(command.assignments()).extracting(Ast.Assignment::name).containsExactly("A", "B");
        assertThat(command.words()).extracting(ShellParserTest::literal).containsExactly("env", "x=y");
    }

    @Test
    void skipsComments() {
        CommandList list = ShellParser.parse("# setup\necho hi # trailing\n");

        assertThat(list.items()).hasSize(1);
        assertThat(((SimpleCommand) list.items().get(0).command()).words()).hasSize(2);
    }

    @Test
    void parsesCompoundCommands() {
        CommandList list = ShellParser.parse("if true; then echo a; elif false; then echo b; else echo c; fi\n"
                + "for x in 1 2; do echo $x; done; while false; do :; done\n{ echo g; } > f; (cd /tmp)");

        assertThat(list.items()).extracting(i -> i.command().getClass().getSimpleName())
                .containsExactly("If", "For", "While", "Redirected", "Subshell");
    }

    @Test
    void readsHereDocumentsAndCommandSubstitutions() {
        CommandList list = ShellParser.parse("cat <<EOF > f\nhello $USER\nEOF\necho \"$(pwd)\" `date`");

        SimpleCommand cat = (SimpleCommand) list.items().get(0).command();
        assertThat(cat.redirects().get(0).kind()).isEqualTo(Redirect.Kind.HERE_DOCUMENT);
        SimpleCommand echo = (SimpleCommand) list.items().get(1).command();
        assertThat(echo.words().get(1).parts().get(0)).isInstanceOf(Ast.CommandSubstitution.class);
        assertThat(echo.words().get(2).parts().get(0)).isInstanceOf(Ast.CommandSubstitution.class);
    }

    @Test
    void reportsAnUnexpectedTokenAsBashDoes() {
        assertThatThrownBy(() -> ShellParser.parse("echo hi;;"))
                .isInstanceOf(ShellSyntaxException.class)
                .hasMessage("bash: -c: line 1: syntax error near unexpected token `;;'\nbash: -c: line 1: `echo hi;;'");
        assertThatThrownBy(() -> ShellParser.parse("| grep x"))
                .hasMessageStartingWith("bash: -c: line 1: syntax error near unexpected token `|'");
    }

    @Test
    void reportsAnUnexpectedEndOfFile() {
        assertThatThrownBy(() -> ShellParser.parse("echo hi &&"))
                .hasMessage("bash: -c: line 1: syntax error: unexpected end of file");
        assertThatThrownBy(() -> ShellParser.parse("if true; then echo"))
                .hasMessage("bash: -c: line 1: syntax error: unexpected end of file");
    }

    @Test
    void reportsAnUnterminatedQuote() {
        assertThatThrownBy(() -> ShellParser.parse("echo \"oops"))
                .hasMessageContaining("unexpected EOF while looking for matching `\"'");
    }

    @Test
    void reportsAMissingRedirectionTarget() {
        assertThatThrownBy(() -> ShellParser.parse("echo >"))
                .hasMessageStartingWith("bash: -c: line 1: syntax error near unexpected token `newline'");
    }

    @Test
    void refusesArithmeticExpansionLoudly() {
        assertThatThrownBy(() -> ShellParser.parse("echo $((1+2))"))
                .hasMessageContaining("is not supported by the simulated shell");
    }

    @Test
    void parsesAnEmptyScript() {
        assertThat(ShellParser.parse("").items()).isEmpty();
        assertThat(ShellParser.parse("\n  # only a comment\n").items()).isEmpty();
        assertThat(List.of()).isEmpty();
    }
}
