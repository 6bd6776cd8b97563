package dev.sandboxemulator.emulator.backend.simulated.commands;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Commands that report on the sandbox or on their arguments and change nothing: who and where the sandbox
 * is ({@code whoami id hostname uname date}), path names ({@code basename dirname}), which commands exist
 * ({@code which}, {@code command -v}), and {@code yes}, which cannot run here.
 */
final class SystemCommands {
    private SystemCommands() {
    }

    static int whoami(Builtins.Call call) {
        call.out(call.sys.user() + "\n");
        return 0;
    }

    static int id(Builtins.Call call) {
        boolean root = call.sys.user().equals("root");
        String uid = root ? "0" : "1000";
        call.out("uid=" + uid + "(" + call.sys.user() + ") gid=" + uid + "(" + call.sys.user() + ") groups="
                + uid + "(" + call.sys.user() + ")\n");
        return 0;
    }

    static int hostname(Builtins.Call call) {
        call.out(call.sys.sandboxId() + "\n");
        return 0;
    }

    static int uname(Builtins.Call call) {
        call.out(call.args().contains("-a") ? "Linux " + call.sys.sandboxId()
                + " 6.1.0 #1 SMP x86_64 GNU/Linux\n" : "Linux\n");
        return 0;
    }

    static int basename(Builtins.Call call) {
        List<String> args = call.args();
        if (args.isEmpty()) {
            return call.usage("missing operand", 1);
        }
        String path = args.get(0).replaceAll("/+$", "");
        String base = path.isEmpty() ? "/" : path.substring(path.lastIndexOf('/') + 1);
        if (args.size() > 1 && base.endsWith(args.get(1)) && !base.equals(args.get(1))) {
            base = base.substring(0, base.length() - args.get(1).length());
        }
        call.out(base + "\n");
        return 0;
    }

    static int dirname(Builtins.Call call) {
        if (call.args().isEmpty()) {
            return call.usage("missing operand", 1);
        }
        String path = call.args().get(0).replaceAll("/+$", "");
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash).replaceAll("/+$", "");
        call.out((dir.isEmpty() ? "/" : dir) + "\n");
        return 0;
    }

    static int date(Builtins.Call call) {
        var now = call.sys.now().atZone(ZoneOffset.UTC);
        String format = call.args().stream().filter(a -> a.startsWith("+")).findFirst().orElse(null);
        if (format == null) {
            call.out(DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss 'UTC' yyyy", Locale.ROOT).format(now) + "\n");
            return 0;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                out.append(c);
                continue;
            }
            char f = format.charAt(++i);
            switch (f) {
                case 'Y': out.append(String.format("%04d", now.getYear())); break;
                case 'm': out.append(String.format("%02d", now.getMonthValue())); break;
                case 'd': out.append(String.format("%02d", now.getDayOfMonth())); break;
                case 'H': out.append(String.format("%02d", now.getHour())); break;
                case 'M': out.append(String.format("%02d", now.getMinute())); break;
                case 'S': out.append(String.format("%02d", now.getSecond())); break;
                case 's': out.append(now.toEpochSecond()); break;
                case 'N': out.append(String.format("%09d", now.getNano())); break;
                case 'F': out.append(now.toLocalDate()); break;
                case 'T': out.append(String.format("%02d:%02d:%02d", now.getHour(), now.getMinute(), now.getSecond()));
                    break;
                case '%': out.append('%'); break;
                default: out.append('%').append(f);
            }
        }
        call.out(out + "\n");
        return 0;
    }

    static int which(Builtins.Call call) {
        int status = 0;
        for (String name : call.args()) {
            if (name.startsWith("-")) {
                continue;
            }
            String found = locate(call, name);
            if (found == null) {
                status = 1;
            } else {
                call.out(found + "\n");
            }
        }
        return status;
    }

    private static String locate(Builtins.Call call, String name) {
        if (call.sys.stubs().find(call.sys.sandboxId(), name).isPresent()) {
            return "/usr/bin/" + name;
        }
        Command command = Builtins.COMMANDS.get(name);
        if (command != null && command.location() != Command.Location.SHELL) {
            return command.location().directory + name;
        }
        return null;
    }

    static Builtins.Outcome command(Builtins.Call call) {
        List<String> args = call.args();
        if (!args.isEmpty() && (args.get(0).equals("-v") || args.get(0).equals("-V"))) {
            int status = 0;
            for (String name : args.subList(1, args.size())) {
                String found = Builtins.NAMES.contains(name) && locate(call, name) == null ? name : locate(call, name);
                if (found == null) {
                    status = 1;
                } else {
                    call.out(found + "\n");
                }
            }
            return Builtins.Outcome.status(status);
        }
        return args.isEmpty() ? Builtins.Outcome.status(0) : Builtins.Outcome.run(args, call.assignments);
    }

    static int yes(Builtins.Call call) {
        call.err("yes: an endless command cannot run in the simulated shell (pipelines are not concurrent)\n");
        return 1;
    }
}
