# sandbox-emulator supervisor: PID 1 of every docker sandbox (design: docs/docker-supervisor.md).
# POSIX sh only. User processes must descend from PID 1 for CRIU to carry them into a clone, so this
# shell starts them; the emulator asks through a FIFO and reads results from files, all of which a
# checkpoint (memory) and a commit (files) carry into every clone.
D=/run/sandbox-emulator
mkdir -p "$D/p" || exit 111
[ -p "$D/control" ] || mkfifo -m 600 "$D/control" || exit 111
# Held open read-write, so a read never meets end-of-file when a writer goes away.
exec 3<>"$D/control" </dev/null >/dev/null

start() {
    p="$D/p/$1"
    [ -f "$p/run" ] || return 0
    (
        exec 3<&-
        h=
        if [ -e "$p/stdin" ]; then
            mkfifo -m 600 "$p/in"
            # The holder keeps a writer on the stdin FIFO until stdin is closed: no early end-of-file.
            sleep 2147483647 <>"$p/in" >/dev/null 2>&1 &
            h=$!
            echo "$h" >"$p/holder"
            sh "$p/run" <"$p/in" >"$p/out" 2>"$p/err" &
        else
            sh "$p/run" </dev/null >"$p/out" 2>"$p/err" &
        fi
        pid=$!
        echo "$pid" >"$p/pid.new" && mv -f "$p/pid.new" "$p/pid"
        wait "$pid"
        code=$?
        if [ -n "$h" ]; then kill "$h" 2>/dev/null; wait "$h"; fi
        echo "$code" >"$p/exit.new" && mv -f "$p/exit.new" "$p/exit"
    ) &
    jobs="$jobs $1:$!"
}

# Reaps the starters that have finished (a non-interactive shell never reaps by itself).
reap() {
    left=
    for j in $jobs; do
        if [ -e "$D/p/${j%%:*}/exit" ]; then wait "${j#*:}"; else left="$left $j"; fi
    done
    jobs=$left
}

jobs=
echo "$$" >"$D/ready"
while :; do
    read -r op a b <&3 || continue
    case "$op" in
        start) start "$a" ;;
        signal) kill -s "$a" "$b" 2>/dev/null ;;
        close) [ -f "$D/p/$a/holder" ] && kill "$(cat "$D/p/$a/holder")" 2>/dev/null ;;
    esac
    reap
done
