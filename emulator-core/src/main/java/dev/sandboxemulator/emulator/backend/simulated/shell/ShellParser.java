package dev.sandboxemulator.emulator.backend.simulated.shell;

import dev.sandboxemulator.emulator.backend.simulated.shell.Ast.AndOr;
import dev.sandboxemulator.emulator.backend.simulated.shell.Ast.Assignment;
import dev.sandboxemulator.emulator.backend.simulated.shell.Ast.Command;
import dev.sandboxemulator.emulator.backend.simulated.shell.Ast.CommandList;
import dev.sandboxemulator.emulator.backend.simulated.shell.Ast.CommandSubstitution;
import dev.sandboxemulator.emulator.backend.simulated.shell.Ast.Literal;
import dev.sandboxemulator.emulator.backend.simulated.shell.Ast.Part;
import dev.sandboxemulator.emulator.backend.simulated.shell.Ast.Redirect;
import dev.sandboxemulator.emulator.backend.simulated.shell.Ast.Variable;
import dev.sandboxemulator.emulator.backend.simulated.shell.Ast.Word;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Parses the subset of bash that SDK users send: words with quotes, escapes and {@code $}
 * expansions, {@code ;}, {@code &}, {@code &&}, {@code ||}, pipes, redirections, here-documents,
 * {@code if}/{@code while}/{@code until}/{@code for}, groups and subshells.
 *
 * <p>One recursive-descent pass: the lexer runs on demand, so a {@code $( ... )} is parsed by a
 * nested parser over the same text. Errors carry bash's own wording, prefixed as {@code bash -c}
 * prints them.
 */
public final class ShellParser {

    private static final Set<String> RESERVED_ENDS = Set.of("then", "fi", "do", "done", "else", "elif", "}");
    private static final String METACHARACTERS = " \t\n;&|()<>";

    /**
     * How deeply lists may nest: groups, subshells, {@code if}/{@code while}/{@code for} bodies
     * and command substitutions, {@code $(...)} and backquotes alike. The parser descends
     * recursively, so without a bound a client's script of 100,000 {@code (} would overflow the
     * stack of the thread running it. A thousand levels is far beyond any script written by hand.
     */
    public static final int MAX_NESTING = 1000;
    /**
     * Scripts that may nest deeper than this are parsed on a thread of their own with
     * {@link #DEEP_STACK_BYTES} of stack: before the JIT compiles the parser, one level of
     * {@code "$(...)"} costs about 3 KiB of stack, so {@link #MAX_NESTING} levels would not fit
     * in the 1 MiB a thread gets by default.
     */
    private static final int SHALLOW = 100;
    private static final long DEEP_STACK_BYTES = 32L * 1024 * 1024;

    private final String src;
    private int pos;
    /** Lists open around the current position, counting those of the parsers this one is inside. */
    private int nesting;
    private Token peeked;
    /** Where a line with here-documents ends, and where lexing resumes after their bodies. */
    private int heredocLineEnd = -1;
    private int heredocResume = -1;

    private ShellParser(String src, int pos, int nesting) {
        this.src = src;
        this.pos = pos;
        this.nesting = nesting;
    }

    /**
     * Parses a whole script.
     *
     * @throws ShellSyntaxException with bash's message when the script is malformed or uses
     *         syntax the simulated shell does not offer
     */
    public static CommandList parse(String script) {
        if (nestingBound(script) <= SHALLOW) {
            return parse(script, 0);
        }
        return onDeepStack(script);
    }

    /**
     * An upper bound of how deeply {@code script} can nest: every level opens with a {@code (},
     * {@code {} or backquote, or with {@code if}, {@code while}, {@code until} or {@code for}.
     */
    private static int nestingBound(String script) {
        int bound = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (c == '(' || c == '{' || c == '`') {
                bound++;
            } else if (script.startsWith("if", i) || script.startsWith("while", i) || script.startsWith("until", i)
                    || script.startsWith("for", i)) {
                bound++;
            }
        }
        return bound;
    }

    private static CommandList onDeepStack(String script) {
        AtomicReference<CommandList> parsed = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread parser = new Thread(null, () -> {
            try {
                parsed.set(parse(script, 0));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "sandbox-emulator-shell-parser", DEEP_STACK_BYTES);
        parser.setDaemon(true);
        parser.start();
        boolean interrupted = false;
        while (true) {
            try {
                parser.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the parse is short; finish it, then restore the flag
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable thrown = failure.get();
        if (thrown instanceof RuntimeException) {
            throw (RuntimeException) thrown;
        }
        if (thrown instanceof Error) {
            throw (Error) thrown;
        }
        return parsed.get();
    }

    private static CommandList parse(String script, int nesting) {
        ShellParser parser = new ShellParser(script, 0, nesting);
        CommandList list = parser.parseList(Set.of());
        Token next = parser.peek();
        if (next.kind != Kind.EOF) {
            throw parser.unexpected(next);
        }
        return list;
    }

    // ---- grammar ----

    private CommandList parseList(Set<String> terminators) {
        // Every kind of nesting passes through here, so this one count bounds the recursion.
        if (nesting >= MAX_NESTING) {
            throw new ShellSyntaxException(prefix(lineAt(pos)) + "maximum nesting depth (" + MAX_NESTING + ") exceeded");
        }
        nesting++;
        try {
            return parseItems(terminators);
        } finally {
            nesting--;
        }
    }

    private CommandList parseItems(Set<String> terminators) {
        List<CommandList.Item> items = new ArrayList<>();
        skipNewlines();
        while (!atListEnd(terminators)) {
            Command command = parseAndOr();
            Token t = peek();
            if (t.isOp(";")) {
                next();
                items.add(new CommandList.Item(command, false));
            } else if (t.isOp("&")) {
                next();
                items.add(new CommandList.Item(command, true));
            } else if (t.kind == Kind.NEWLINE) {
                next();
                items.add(new CommandList.Item(command, false));
            } else {
                items.add(new CommandList.Item(command, false));
                break;
            }
            skipNewlines();
        }
        return new CommandList(items);
    }

    private boolean atListEnd(Set<String> terminators) {
        Token t = peek();
        if (t.kind == Kind.EOF) {
            return true;
        }
        if (t.isOp(")")) {
            return terminators.contains(")");
        }
        return t.kind == Kind.WORD && t.reserved() != null && terminators.contains(t.reserved());
    }

    private Command parseAndOr() {
        List<Command> commands = new ArrayList<>();
        List<AndOr.Operator> ops = new ArrayList<>();
        commands.add(parsePipeline());
        while (peek().isOp("&&") || peek().isOp("||")) {
            ops.add(next().text.equals("&&") ? AndOr.Operator.AND : AndOr.Operator.OR);
            skipNewlines();
            commands.add(parsePipeline());
        }
        return commands.size() == 1 ? commands.get(0) : new AndOr(commands, ops);
    }

    private Command parsePipeline() {
        boolean negated = false;
        if (peek().kind == Kind.WORD && "!".equals(peek().reserved())) {
            next();
            negated = true;
        }
        List<Command> stages = new ArrayList<>();
        stages.add(parseCommand());
        while (peek().isOp("|")) {
            next();
            skipNewlines();
            stages.add(parseCommand());
        }
        return stages.size() == 1 && !negated ? stages.get(0) : new Ast.Pipeline(stages, negated);
    }

    private Command parseCommand() {
        Token t = peek();
        if (t.kind == Kind.EOF) {
            throw unexpectedEnd();
        }
        if (t.kind == Kind.WORD && t.reserved() != null) {
            String word = t.reserved();
            Command compound;
            switch (word) {
                case "if":
                    compound = parseIf();
                    break;
                case "while":
                case "until":
                    compound = parseWhile(word.equals("until"));
                    break;
                case "for":
                    compound = parseFor();
                    break;
                case "{":
                    next();
                    CommandList body = parseList(Set.of("}"));
                    expectReserved("}");
                    compound = new Ast.Group(body);
                    break;
                case "!":
                    throw unexpected(t);
                default:
                    if (RESERVED_ENDS.contains(word)) {
                        throw unexpected(t);
                    }
                    return parseSimple();
            }
            return withRedirects(compound);
        }
        if (t.isOp("(")) {
            next();
            CommandList body = parseList(Set.of(")"));
            if (!peek().isOp(")")) {
                throw peek().kind == Kind.EOF ? unexpectedEnd() : unexpected(peek());
            }
            next();
            return withRedirects(new Ast.Subshell(body));
        }
        if (t.kind == Kind.WORD || t.kind == Kind.IO_NUMBER || isRedirectOp(t)) {
            return parseSimple();
        }
        throw unexpected(t);
    }

    private Command withRedirects(Command compound) {
        List<Redirect> redirects = new ArrayList<>();
        while (peek().kind == Kind.IO_NUMBER || isRedirectOp(peek())) {
            redirects.add(parseRedirect());
        }
        return redirects.isEmpty() ? compound : new Ast.Redirected(compound, redirects);
    }

    private Command parseIf() {
        expectReserved("if");
        List<Ast.If.Branch> branches = new ArrayList<>();
        CommandList condition = parseList(Set.of("then"));
        expectReserved("then");
        CommandList body = parseList(Set.of("elif", "else", "fi"));
        branches.add(new Ast.If.Branch(condition, body));
        CommandList otherwise = null;
        while (true) {
            Token t = peek();
            if ("elif".equals(t.reserved())) {
                next();
                CommandList c = parseList(Set.of("then"));
                expectReserved("then");
                CommandList b = parseList(Set.of("elif", "else", "fi"));
                branches.add(new Ast.If.Branch(c, b));
            } else if ("else".equals(t.reserved())) {
                next();
                otherwise = parseList(Set.of("fi"));
                expectReserved("fi");
                break;
            } else {
                expectReserved("fi");
                break;
            }
        }
        return new Ast.If(branches, otherwise);
    }

    private Command parseWhile(boolean until) {
        next();
        CommandList condition = parseList(Set.of("do"));
        expectReserved("do");
        CommandList body = parseList(Set.of("done"));
        expectReserved("done");
        return new Ast.While(condition, body, until);
    }

    private Command parseFor() {
        next();
        Token name = peek();
        if (name.kind != Kind.WORD || !name.text.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw name.kind == Kind.EOF ? unexpectedEnd() : new ShellSyntaxException(
                    prefix(name.line) + "`" + name.text + "': not a valid identifier");
        }
        next();
        List<Word> words = new ArrayList<>();
        skipNewlines();
        if ("in".equals(peek().reserved()) || peek().kind == Kind.WORD && peek().text.equals("in")) {
            next();
            while (peek().kind == Kind.WORD) {
                words.add(next().word);
            }
        } else {
            words = null;
        }
        Token t = peek();
        if (t.isOp(";") || t.kind == Kind.NEWLINE) {
            next();
        }
        skipNewlines();
        expectReserved("do");
        CommandList body = parseList(Set.of("done"));
        expectReserved("done");
        return new Ast.For(name.text, words == null ? List.of(new Word(List.of(new Variable("@", true, null, null))))
                : words, body);
    }

    private Command parseSimple() {
        List<Assignment> assignments = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        List<Redirect> redirects = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind == Kind.WORD) {
                next();
                Assignment assignment = words.isEmpty() ? asAssignment(t.word) : null;
                if (assignment != null) {
                    assignments.add(assignment);
                } else {
                    words.add(t.word);
                }
            } else if (t.kind == Kind.IO_NUMBER || isRedirectOp(t)) {
                redirects.add(parseRedirect());
            } else {
                break;
            }
        }
        if (assignments.isEmpty() && words.isEmpty() && redirects.isEmpty()) {
            throw unexpected(peek());
        }
        return new Ast.SimpleCommand(assignments, words, redirects);
    }

    private static Assignment asAssignment(Word word) {
        if (word.parts().isEmpty() || !(word.parts().get(0) instanceof Literal)) {
            return null;
        }
        Literal first = (Literal) word.parts().get(0);
        if (first.quoted()) {
            return null;
        }
        int eq = first.text().indexOf('=');
        if (eq <= 0 || !first.text().substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return null;
        }
        List<Part> value = new ArrayList<>();
        String rest = first.text().substring(eq + 1);
        if (!rest.isEmpty()) {
            value.add(new Literal(rest, false));
        }
        value.addAll(word.parts().subList(1, word.parts().size()));
        return new Assignment(first.text().substring(0, eq), new Word(value));
    }

    private static boolean isRedirectOp(Token t) {
        return t.kind == Kind.OP && Set.of(">", ">>", "<", ">&", "<&", "&>", "&>>", ">|", "<<", "<<-", "<<<")
                .contains(t.text);
    }

    private Redirect parseRedirect() {
        Integer fd = null;
        if (peek().kind == Kind.IO_NUMBER) {
            fd = Integer.parseInt(next().text);
        }
        Token op = next();
        Token target = peek();
        if (target.kind != Kind.WORD) {
            throw target.kind == Kind.EOF || target.kind == Kind.NEWLINE
                    ? new ShellSyntaxException(prefix(target.line) + "syntax error near unexpected token `newline'"
                            + "\n" + lineEcho(target.line))
                    : unexpected(target);
        }
        next();
        switch (op.text) {
            case ">":
            case ">|":
                return new Redirect(fd == null ? 1 : fd, Redirect.Kind.WRITE, target.word);
            case ">>":
                return new Redirect(fd == null ? 1 : fd, Redirect.Kind.APPEND, target.word);
            case "<":
                return new Redirect(fd == null ? 0 : fd, Redirect.Kind.READ, target.word);
            case "&>":
                return new Redirect(1, Redirect.Kind.WRITE_BOTH, target.word);
            case "&>>":
                return new Redirect(1, Redirect.Kind.APPEND_BOTH, target.word);
            case ">&":
            case "<&":
                if (target.text.matches("[0-9]+")) {
                    return new Redirect(fd == null ? (op.text.equals(">&") ? 1 : 0) : fd, Redirect.Kind.DUPLICATE,
                            target.word);
                }
                if (op.text.equals(">&") && fd == null) {
                    return new Redirect(1, Redirect.Kind.WRITE_BOTH, target.word);
                }
                throw new ShellSyntaxException(prefix(target.line) + target.text + ": ambiguous redirect");
            case "<<<": {
                List<Part> parts = new ArrayList<>(target.word.parts());
                parts.add(new Literal("\n", true));
                return new Redirect(fd == null ? 0 : fd, Redirect.Kind.HERE_DOCUMENT, new Word(parts));
            }
            default:
                return new Redirect(fd == null ? 0 : fd, Redirect.Kind.HERE_DOCUMENT,
                        hereDocument(target, op.text.equals("<<-")));
        }
    }

    /** Reads a here-document's body from the lines after the current one; lexing skips them later. */
    private Word hereDocument(Token delimiterToken, boolean stripTabs) {
        String raw = delimiterToken.text;
        boolean quoted = raw.contains("'") || raw.contains("\"") || raw.contains("\\");
        String delimiter = raw.replace("'", "").replace("\"", "").replace("\\", "");
        int bodyStart;
        if (heredocLineEnd >= 0) {
            bodyStart = heredocResume;
        } else {
            int newline = src.indexOf('\n', pos);
            if (newline < 0) {
                bodyStart = src.length();
                heredocLineEnd = src.length();
            } else {
                bodyStart = newline + 1;
                heredocLineEnd = newline;
            }
        }
        StringBuilder body = new StringBuilder();
        int at = bodyStart;
        boolean found = false;
        while (at < src.length()) {
            int end = src.indexOf('\n', at);
            String line = end < 0 ? src.substring(at) : src.substring(at, end);
            at = end < 0 ? src.length() : end + 1;
            if (stripTabs) {
                line = line.replaceFirst("^\t+", "");
            }
            if (line.equals(delimiter)) {
                found = true;
                break;
            }
            body.append(line).append('\n');
        }
        heredocResume = at;
        if (!found) {
            // bash only warns here and uses what it read as the document.
            heredocResume = src.length();
        }
        if (quoted) {
            return Word.quoted(body.toString());
        }
        return new Word(quotedText(body.toString(), true));
    }

    private void expectReserved(String word) {
        Token t = peek();
        if (t.kind == Kind.WORD && word.equals(t.reserved())) {
            next();
            return;
        }
        throw t.kind == Kind.EOF ? unexpectedEnd() : unexpected(t);
    }

    private void skipNewlines() {
        while (peek().kind == Kind.NEWLINE) {
            next();
        }
    }

    // ---- errors ----

    private ShellSyntaxException unexpected(Token t) {
        if (t.kind == Kind.EOF) {
            return unexpectedEnd();
        }
        String text = t.kind == Kind.NEWLINE ? "newline" : t.text;
        return new ShellSyntaxException(prefix(t.line) + "syntax error near unexpected token `" + text + "'\n"
                + lineEcho(t.line));
    }

    private ShellSyntaxException unexpectedEnd() {
        return new ShellSyntaxException(prefix(lineAt(src.length())) + "syntax error: unexpected end of file");
    }

    private static String prefix(int line) {
        return "bash: -c: line " + line + ": ";
    }

    private String lineEcho(int line) {
        String[] lines = src.split("\n", -1);
        String text = line - 1 < lines.length ? lines[line - 1] : "";
        return prefix(line) + "`" + text + "'";
    }

    private int lineAt(int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < src.length(); i++) {
            if (src.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private ShellSyntaxException unsupported(String what) {
        return new ShellSyntaxException(prefix(lineAt(pos)) + what + " is not supported by the simulated shell");
    }

    // ---- lexer ----

    private enum Kind { WORD, OP, NEWLINE, IO_NUMBER, EOF }

    private static final class Token {
        final Kind kind;
        final String text;
        final Word word;
        final int line;

        Token(Kind kind, String text, Word word, int line) {
            this.kind = kind;
            this.text = text;
            this.word = word;
            this.line = line;
        }

        boolean isOp(String op) {
            return kind == Kind.OP && text.equals(op);
        }

        /** The reserved word this token spells when unquoted, or null. */
        String reserved() {
            if (kind != Kind.WORD || word.parts().size() != 1 || !(word.parts().get(0) instanceof Literal)
                    || ((Literal) word.parts().get(0)).quoted()) {
                return null;
            }
            switch (text) {
                case "if": case "then": case "else": case "elif": case "fi": case "while": case "until":
                case "for": case "do": case "done": case "{": case "}": case "!": case "in":
                    return text;
                default:
                    return null;
            }
        }
    }

    private Token peek() {
        if (peeked == null) {
            peeked = lex();
        }
        return peeked;
    }

    private Token next() {
        Token t = peek();
        peeked = null;
        return t;
    }

    private Token lex() {
        while (true) {
            while (pos < src.length()) {
                char c = src.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\r') {
                    pos++;
                } else if (c == '\\' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
                    pos += 2;
                } else {
                    break;
                }
            }
            if (pos >= src.length()) {
                return new Token(Kind.EOF, "", null, lineAt(pos));
            }
            if (src.charAt(pos) == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
                continue;
            }
            break;
        }
        int start = pos;
        int line = lineAt(start);
        char c = src.charAt(pos);
        if (c == '\n') {
            if (pos == heredocLineEnd) {
                pos = heredocResume;
                heredocLineEnd = -1;
                heredocResume = -1;
            } else {
                pos++;
            }
            return new Token(Kind.NEWLINE, "\n", null, line);
        }
        for (String op : new String[] {"&>>", "<<<", "<<-", "&&", "||", ";;", ">>", ">&", "<&", "&>", ">|", "<<",
                ";", "&", "|", "(", ")", "<", ">"}) {
            if (src.startsWith(op, pos)) {
                pos += op.length();
                return new Token(Kind.OP, op, null, line);
            }
        }
        if (Character.isDigit(c)) {
            int end = pos;
            while (end < src.length() && Character.isDigit(src.charAt(end))) {
                end++;
            }
            if (end < src.length() && (src.charAt(end) == '>' || src.charAt(end) == '<')) {
                String digits = src.substring(pos, end);
                pos = end;
                return new Token(Kind.IO_NUMBER, digits, null, line);
            }
        }
        Word word = lexWord();
        return new Token(Kind.WORD, src.substring(start, pos), word, line);
    }

    private Word lexWord() {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int start = pos;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (METACHARACTERS.indexOf(c) >= 0 || c == '\r') {
                break;
            }
            if (c == '\\') {
                if (pos + 1 >= src.length()) {
                    literal.append('\\');
                    pos++;
                } else if (src.charAt(pos + 1) == '\n') {
                    pos += 2;
                } else {
                    flush(literal, parts, false);
                    parts.add(new Literal(String.valueOf(src.charAt(pos + 1)), true));
                    pos += 2;
                }
            } else if (c == '\'') {
                flush(literal, parts, false);
                int end = src.indexOf('\'', pos + 1);
                if (end < 0) {
                    throw unterminated("'");
                }
                parts.add(new Literal(src.substring(pos + 1, end), true));
                pos = end + 1;
            } else if (c == '"') {
                flush(literal, parts, false);
                lexDoubleQuoted(parts);
            } else if (c == '$') {
                flush(literal, parts, false);
                lexDollar(parts, false);
            } else if (c == '`') {
                flush(literal, parts, false);
                lexBackquote(parts, false);
            } else if (c == '~' && pos == start && (pos + 1 >= src.length() || src.charAt(pos + 1) == '/'
                    || METACHARACTERS.indexOf(src.charAt(pos + 1)) >= 0)) {
                parts.add(new Variable("HOME", true, null, null));
                pos++;
            } else {
                literal.append(c);
                pos++;
            }
        }
        flush(literal, parts, false);
        return new Word(parts);
    }

    private static void flush(StringBuilder literal, List<Part> parts, boolean quoted) {
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString(), quoted));
            literal.setLength(0);
        }
    }

    private ShellSyntaxException unterminated(String quote) {
        return new ShellSyntaxException(prefix(lineAt(pos)) + "unexpected EOF while looking for matching `" + quote
                + "'\n" + prefix(lineAt(src.length())) + "syntax error: unexpected end of file");
    }

    private void lexDoubleQuoted(List<Part> parts) {
        pos++;
        int before = parts.size();
        StringBuilder text = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw unterminated("\"");
            }
            char c = src.charAt(pos);
            if (c == '"') {
                pos++;
                break;
            }
            if (c == '\\' && pos + 1 < src.length()) {
                char n = src.charAt(pos + 1);
                if (n == '\n') {
                    pos += 2;
                } else if ("$`\"\\".indexOf(n) >= 0) {
                    text.append(n);
                    pos += 2;
                } else {
                    text.append('\\');
                    pos++;
                }
            } else if (c == '$') {
                flush(text, parts, true);
                lexDollar(parts, true);
            } else if (c == '`') {
                flush(text, parts, true);
                lexBackquote(parts, true);
            } else {
                text.append(c);
                pos++;
            }
        }
        flush(text, parts, true);
        if (parts.size() == before) {
            parts.add(new Literal("", true));
        }
    }

    /** Parts of text that behaves like the inside of double quotes (here-documents, {@code ${x:-word}}). */
    private List<Part> quotedText(String text, boolean quoted) {
        ShellParser inner = new ShellParser(text, 0, nesting);
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        while (inner.pos < text.length()) {
            char c = text.charAt(inner.pos);
            if (c == '\\' && inner.pos + 1 < text.length() && "$`\\".indexOf(text.charAt(inner.pos + 1)) >= 0) {
                literal.append(text.charAt(inner.pos + 1));
                inner.pos += 2;
            } else if (c == '$') {
                flush(literal, parts, quoted);
                inner.lexDollar(parts, quoted);
            } else if (c == '`') {
                flush(literal, parts, quoted);
                inner.lexBackquote(parts, quoted);
            } else {
                literal.append(c);
                inner.pos++;
            }
        }
        flush(literal, parts, quoted);
        if (parts.isEmpty()) {
            parts.add(new Literal("", true));
        }
        return parts;
    }

    private void lexDollar(List<Part> parts, boolean quoted) {
        int at = pos + 1;
        if (at >= src.length()) {
            parts.add(new Literal("$", quoted));
            pos = at;
            return;
        }
        char c = src.charAt(at);
        if (c == '\'' && !quoted) {
            pos = at;
            parts.add(new Literal(ansiC(), true));
            return;
        }
        if (c == '(') {
            if (at + 1 < src.length() && src.charAt(at + 1) == '(') {
                throw unsupported("arithmetic expansion $((...))");
            }
            ShellParser inner = new ShellParser(src, at + 1, nesting);
            CommandList body = inner.parseList(Set.of(")"));
            if (!inner.peek().isOp(")")) {
                pos = src.length();
                throw inner.peek().kind == Kind.EOF ? unterminated(")") : inner.unexpected(inner.peek());
            }
            inner.next();
            pos = inner.pos;
            parts.add(new CommandSubstitution(body, quoted));
            return;
        }
        if (c == '{') {
            int end = src.indexOf('}', at);
            if (end < 0) {
                throw unterminated("}");
            }
            String inside = src.substring(at + 1, end);
            pos = end + 1;
            parts.add(braced(inside, quoted));
            return;
        }
        if (Character.isLetter(c) || c == '_') {
            int end = at;
            while (end < src.length() && (Character.isLetterOrDigit(src.charAt(end)) || src.charAt(end) == '_')) {
                end++;
            }
            parts.add(new Variable(src.substring(at, end), quoted, null, null));
            pos = end;
            return;
        }
        if (Character.isDigit(c) || "?$#@*!-".indexOf(c) >= 0) {
            parts.add(new Variable(String.valueOf(c), quoted, null, null));
            pos = at + 1;
            return;
        }
        parts.add(new Literal("$", quoted));
        pos = at;
    }

    private Variable braced(String inside, boolean quoted) {
        if (inside.startsWith("#") && inside.length() > 1) {
            String name = inside.substring(1);
            if (name.matches("[A-Za-z_][A-Za-z0-9_]*|[0-9?$#@*!-]")) {
                return new Variable(name, quoted, "#", null);
            }
        }
        int end = 0;
        if (!inside.isEmpty() && "?$#@*!-".indexOf(inside.charAt(0)) >= 0 || !inside.isEmpty()
                && Character.isDigit(inside.charAt(0))) {
            end = 1;
        } else {
            while (end < inside.length() && (Character.isLetterOrDigit(inside.charAt(end)) || inside.charAt(end) == '_')) {
                end++;
            }
        }
        if (end == 0) {
            throw new ShellSyntaxException("bash: ${" + inside + "}: bad substitution");
        }
        String name = inside.substring(0, end);
        String rest = inside.substring(end);
        if (rest.isEmpty()) {
            return new Variable(name, quoted, null, null);
        }
        for (String op : new String[] {":-", ":=", ":+", ":?", "-", "=", "+", "?"}) {
            if (rest.startsWith(op)) {
                Word operand = new Word(quotedText(rest.substring(op.length()), quoted));
                return new Variable(name, quoted, op, operand);
            }
        }
        throw new ShellSyntaxException("bash: ${" + inside + "}: bad substitution");
    }

    private String ansiC() {
        // pos is at the opening quote of $'...'; a backslash hides the character after it from the scan
        int at = pos + 1;
        while (at < src.length() && src.charAt(at) != '\'') {
            at += src.charAt(at) == '\\' ? 2 : 1;
        }
        if (at >= src.length()) {
            pos = src.length();
            throw unterminated("'");
        }
        String decoded = Escapes.ansiC(src.substring(pos + 1, at));
        pos = at + 1;
        // as in bash, a NUL ($'\0', $'\x00') ends the string
        int nul = decoded.indexOf('\0');
        return nul < 0 ? decoded : decoded.substring(0, nul);
    }

    private void lexBackquote(List<Part> parts, boolean quoted) {
        StringBuilder inner = new StringBuilder();
        int at = pos + 1;
        while (true) {
            if (at >= src.length()) {
                pos = at;
                throw unterminated("`");
            }
            char c = src.charAt(at);
            if (c == '`') {
                break;
            }
            if (c == '\\' && at + 1 < src.length() && "`$\\".indexOf(src.charAt(at + 1)) >= 0) {
                inner.append(src.charAt(at + 1));
                at += 2;
            } else {
                inner.append(c);
                at++;
            }
        }
        pos = at + 1;
        parts.add(new CommandSubstitution(parse(inner.toString(), nesting), quoted));
    }
}
