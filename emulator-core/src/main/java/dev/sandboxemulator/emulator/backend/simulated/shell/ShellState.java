package dev.sandboxemulator.emulator.backend.simulated.shell;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** A shell's variables, working directory and options: what a subshell copies and a clone copies. */
public final class ShellState {
    public final Map<String, String> vars;
    public final Set<String> exported;
    public String cwd;
    public int lastStatus;
    public boolean errexit;
    public boolean pipefail;
    public boolean nounset;

    public ShellState(Map<String, String> env, String cwd) {
        this.vars = new LinkedHashMap<>(env);
        this.exported = new LinkedHashSet<>(env.keySet());
        this.cwd = cwd;
        vars.put("PWD", cwd);
        exported.add("PWD");
    }

    private ShellState(ShellState other) {
        this.vars = new LinkedHashMap<>(other.vars);
        this.exported = new LinkedHashSet<>(other.exported);
        this.cwd = other.cwd;
        this.lastStatus = other.lastStatus;
        this.errexit = other.errexit;
        this.pipefail = other.pipefail;
        this.nounset = other.nounset;
    }

    public ShellState copy() {
        return new ShellState(this);
    }

    /** Sets a variable; it stays exported if it was. */
    public void set(String name, String value) {
        vars.put(name, value);
    }

    public void export(String name) {
        exported.add(name);
    }

    public void unset(String name) {
        vars.remove(name);
        exported.remove(name);
    }

    /** The environment a program would get: the exported variables, then {@code extra}. */
    public Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : exported) {
            String value = vars.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putAll(extra);
        return env;
    }
}
