package dev.sandboxemulator.emulator.backend.simulated.commands;

import dev.sandboxemulator.emulator.spi.FileEntry;

import java.util.List;
import java.util.Optional;

/**
 * {@code test} and {@code [}: file tests ({@code -e -f -d -s -r -w -x}), string tests ({@code -z -n =
 * == !=}), integer comparisons ({@code -eq -ne -lt -le -gt -ge}), {@code !}, and {@code -a}/{@code -o}.
 */
final class TestCommand {
    private TestCommand() {
    }

    /** {@code [ ... ]}: {@code test}, once its last argument is the closing {@code ]}. */
    static int bracket(Builtins.Call call) {
        List<String> args = call.args();
        if (args.isEmpty() || !args.get(args.size() - 1).equals("]")) {
            call.err("bash: [: missing `]'\n");
            return 2;
        }
        return test(call, args.subList(0, args.size() - 1));
    }

    /** Returns 0 (true), 1 (false) or 2 (error, with bash's message printed). */
    static int test(Builtins.Call call, List<String> args) {
        try {
            return evaluate(call, args) ? 0 : 1;
        } catch (IllegalArgumentException e) {
            call.err("bash: " + call.name() + ": " + e.getMessage() + "\n");
            return 2;
        }
    }

    private static boolean evaluate(Builtins.Call call, List<String> args) {
        for (String connective : new String[] {"-o", "-a"}) {
            int at = args.lastIndexOf(connective);
            if (at > 0 && at < args.size() - 1) {
                boolean left = evaluate(call, args.subList(0, at));
                boolean right = evaluate(call, args.subList(at + 1, args.size()));
                return connective.equals("-o") ? left || right : left && right;
            }
        }
        switch (args.size()) {
            case 0:
                return false;
            case 1:
                return !args.get(0).isEmpty();
            case 2:
                if (args.get(0).equals("!")) {
                    return !evaluate(call, args.subList(1, 2));
                }
                return unary(call, args.get(0), args.get(1));
            case 3:
                if (args.get(0).equals("!")) {
                    return !evaluate(call, args.subList(1, 3));
                }
                if (args.get(0).equals("(") && args.get(2).equals(")")) {
                    return evaluate(call, args.subList(1, 2));
                }
                return binary(args.get(0), args.get(1), args.get(2));
            default:
                if (args.get(0).equals("!")) {
                    return !evaluate(call, args.subList(1, args.size()));
                }
                if (args.get(0).equals("(") && args.get(args.size() - 1).equals(")")) {
                    return evaluate(call, args.subList(1, args.size() - 1));
                }
                throw new IllegalArgumentException("too many arguments");
        }
    }

    private static boolean unary(Builtins.Call call, String op, String operand) {
        switch (op) {
            case "-z":
                return operand.isEmpty();
            case "-n":
                return !operand.isEmpty();
            case "-e":
            case "-a":
                return file(call, operand).isPresent();
            case "-f":
                return file(call, operand).map(e -> e.type() == FileEntry.Type.FILE).orElse(false);
            case "-d":
                return file(call, operand).map(e -> e.type() == FileEntry.Type.DIRECTORY).orElse(false);
            case "-s":
                return file(call, operand).map(e -> e.type() == FileEntry.Type.FILE && e.size() > 0).orElse(false);
            case "-r":
            case "-w":
                return file(call, operand).isPresent();
            case "-x":
                return file(call, operand).map(e -> (e.mode() & 0111) != 0).orElse(false);
            case "-L":
            case "-h":
                return false;
            default:
                throw new IllegalArgumentException(op + ": unary operator expected");
        }
    }

    private static Optional<FileEntry> file(Builtins.Call call, String operand) {
        return operand.isEmpty() ? Optional.empty() : call.stat(operand);
    }

    private static boolean binary(String left, String op, String right) {
        switch (op) {
            case "=":
            case "==":
                return left.equals(right);
            case "!=":
                return !left.equals(right);
            case "<":
                return left.compareTo(right) < 0;
            case ">":
                return left.compareTo(right) > 0;
            case "-eq": return integer(left) == integer(right);
            case "-ne": return integer(left) != integer(right);
            case "-lt": return integer(left) < integer(right);
            case "-le": return integer(left) <= integer(right);
            case "-gt": return integer(left) > integer(right);
            case "-ge": return integer(left) >= integer(right);
            default:
                throw new IllegalArgumentException(op + ": binary operator expected");
        }
    }

    private static long integer(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(s + ": integer expression expected");
        }
    }
}
