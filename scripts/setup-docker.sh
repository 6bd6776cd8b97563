#!/usr/bin/env bash
# Provisions the two container engines that clone running containers with CRIU, Docker and
# Podman, for the emulator's docker and podman backends, on a Debian 12 (bookworm) machine run
# as root.
#
#   1. installs Debian's docker.io, podman, runc, debootstrap, busybox-static (only if missing);
#   2. provides a criu that really dumps and restores here (system criu if it passes a
#      real dump+restore test, else Debian forky's criu 4.2 (or trixie's 4.1) run through
#      that suite's own dynamic loader), behind a wrapper at /usr/local/sbin/criu, and
#      tells runc's criu to close established TCP connections (/etc/criu/runc.conf);
#   3. turns on "experimental" in /etc/docker/daemon.json and starts dockerd if needed;
#   4. builds the sandbox images locally (no registry): sandbox-emulator/minimal and
#      sandbox-emulator/base, cached by a content label;
#   5. verifies the chain with a real clone of a running container;
#   6. Podman: runc as its runtime and resource limits this host allows (containers.conf.d),
#      the images copied into its store, its API service, and a real clone through it;
#   7. prints a summary.
#
# Idempotent: a second run installs, downloads and builds nothing. Safe with CI=true and
# no stdin. See docs/container-setup.md for the reasons behind each step.
#
# Environment overrides:
#   SANDBOX_EMULATOR_DEBIAN_MIRROR   Debian mirror (default: the one in /etc/apt/sources.list*)
#   SANDBOX_EMULATOR_SKIP_BASE=1     do not build sandbox-emulator/base (saves ~2 min cold)
#   SANDBOX_EMULATOR_SKIP_VERIFY=1   do not run the clone checks
#   SANDBOX_EMULATOR_SKIP_PODMAN=1   do not set up Podman
#   SANDBOX_EMULATOR_CRIU_SUITES     Debian suites to take criu from, in order (default: forky trixie)
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
export LC_ALL=C

STATE_DIR=/opt/sandbox-emulator
CRIU_ROOT=$STATE_DIR/criu
CRIU_MODE_FILE=$STATE_DIR/criu.mode
CACHE_DIR=/var/cache/sandbox-emulator
WRAPPER_DIR=/usr/local/sbin
WRAPPER=$WRAPPER_DIR/criu
WRAPPER_MARK="# sandbox-emulator criu wrapper"
DOCKERD_LOG=/var/log/sandbox-emulator-dockerd.log
PODMAN_LOG=/var/log/sandbox-emulator-podman.log
PODMAN_SOCK=/run/podman/podman.sock
PODMAN_CONF=/etc/containers/containers.conf.d/sandbox-emulator.conf
DOCKER_SOCK=/var/run/docker.sock
DAEMON_JSON=/etc/docker/daemon.json
# Debian suites whose criu to try, in order, when the system has no working one. forky's 4.2
# dumps inet sockets on kernel 6.18; trixie's 4.1.1 fails on them ("Can't get 1:16 opt").
CRIU_SUITES=${SANDBOX_EMULATOR_CRIU_SUITES:-forky trixie}
CRIU_RUNC_CONF=/etc/criu/runc.conf
IMAGE_RECIPE_VERSION=1            # bump to force a rebuild of both images
BASE_SUITE=bookworm
BASE_INCLUDE=python3,bash,coreutils
LABEL_NAME=dev.sandboxemulator.image
LABEL_CONTENT=dev.sandboxemulator.content
OP_TIMEOUT=60                     # seconds for each checkpoint / restore call

DAEMON_PATH="$WRAPPER_DIR:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
export PATH="$DAEMON_PATH:$PATH"

T_START=$EPOCHREALTIME

# ---------------------------------------------------------------------------- helpers

log()  { printf '[setup-docker %6ss] %s\n' "$(elapsed "$T_START")" "$*"; }
die()  { printf '\n[setup-docker] FAILED: %s\n' "$*" >&2; exit 1; }
# elapsed START -> seconds with 2 decimals since START (an $EPOCHREALTIME value)
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'; }
ms_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", (b - a) * 1000 }'; }

declare -a STEP_TIMES=()
step_begin() { STEP_NAME=$1; STEP_T0=$EPOCHREALTIME; log "== $1"; }
step_end()   { local s; s=$(elapsed "$STEP_T0"); STEP_TIMES+=("$STEP_NAME: ${s}s"); log "   done in ${s}s"; }

# write_if_changed PATH MODE  (content on stdin); returns 0 if written, 1 if unchanged
write_if_changed() {
  local path=$1 mode=$2 tmp
  tmp=$(mktemp "$path.XXXXXX")
  cat >"$tmp"
  if [[ -f $path ]] && cmp -s "$tmp" "$path"; then
    rm -f "$tmp"; return 1
  fi
  chmod "$mode" "$tmp"
  mv -f "$tmp" "$path"
  return 0
}

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }

# The Debian mirror this machine's apt uses (first "…/debian" URI), or deb.debian.org.
debian_mirror() {
  if [[ -n ${SANDBOX_EMULATOR_DEBIAN_MIRROR:-} ]]; then echo "${SANDBOX_EMULATOR_DEBIAN_MIRROR%/}"; return; fi
  local u
  u=$(
    {
      shopt -s nullglob
      for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -f $f ]] && awk '$1=="deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }' "$f"
      done
      for f in /etc/apt/sources.list.d/*.sources; do
        awk 'tolower($1)=="uris:" { for (i = 2; i <= NF; i++) print $i }' "$f"
      done
    } | grep -E '^https?://[^ ]*/debian/?$' | head -n 1 || true
  )
  u=${u:-http://deb.debian.org/debian}
  echo "${u%/}"
}

# ------------------------------------------------------------------ 1. Debian packages

step_begin "packages"
[[ $(id -u) == 0 ]] || die "must run as root"
command -v dpkg >/dev/null || die "not a Debian system (no dpkg)"
NEEDED_PKGS=(docker.io debootstrap busybox-static curl jq ca-certificates)
[[ ${SANDBOX_EMULATOR_SKIP_PODMAN:-0} == 1 ]] || NEEDED_PKGS+=(podman runc)
MISSING=()
for p in "${NEEDED_PKGS[@]}"; do pkg_installed "$p" || MISSING+=("$p"); done
if ((${#MISSING[@]})); then
  log "installing: ${MISSING[*]}"
  # Keep the packages' init scripts from starting dockerd during the install: it is started
  # below with the right PATH (criu wrapper first) and daemon.json.
  POLICY_RC=/usr/sbin/policy-rc.d
  ADDED_POLICY=0
  if [[ ! -e $POLICY_RC ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$POLICY_RC"; chmod 755 "$POLICY_RC"; ADDED_POLICY=1
  fi
  trap '[[ $ADDED_POLICY == 1 ]] && rm -f "$POLICY_RC"' EXIT
  apt-get update -qq </dev/null || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${MISSING[@]}" </dev/null >/tmp/sandbox-emulator-apt.log 2>&1 \
    || { tail -n 30 /tmp/sandbox-emulator-apt.log >&2; die "apt-get install ${MISSING[*]} failed"; }
  [[ $ADDED_POLICY == 1 ]] && rm -f "$POLICY_RC"
  trap - EXIT
else
  log "all present: ${NEEDED_PKGS[*]}"
fi
step_end

# ------------------------------------------------------------------------------ 2. CRIU

# criu_selftest CRIU_CMD...: a real dump + restore of a throwaway process tree.
# Prints a reason on failure. Everything runs under a timeout: a dump that hangs (no
# hardware debug registers, see docs) must not hang the script.
criu_selftest() {
  local d pid before after rc=0
  d=$(mktemp -d /tmp/sandbox-emulator-criu-test.XXXXXX)
  if ! timeout 30 "$@" check >"$d/check.log" 2>&1; then
    echo "criu check: $(grep -v '^Warn' "$d/check.log" | tail -n 1)"; rm -rf "$d"; return 1
  fi
  # setsid: the tree must own its session, otherwise criu refuses it (no --shell-job here).
  # Builtins only (read -t on a fifo instead of sleep): a forked child killed by the dump
  # becomes a zombie of PID 1, keeps the session id alive, and restore then fails with
  # "Can't fork for <pid>: File exists" until PID 1 reaps it.
  mkfifo "$d/fifo"
  setsid bash -c 'i=0; while :; do i=$((i+1)); echo $i >"$1/n"; read -r -t 0.05 <>"$1/fifo" || :; done' sh "$d" \
    </dev/null >/dev/null 2>&1 &
  pid=$!
  sleep 0.3
  mkdir "$d/img"
  if ! timeout 20 "$@" dump -t "$pid" -D "$d/img" -o dump.log >/dev/null 2>&1; then
    rc=1; echo "criu dump failed or hung: $(grep -E 'Error|rror ' "$d/img/dump.log" 2>/dev/null | tail -n 1)"
    kill -9 "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true          # reap it: restore needs the same pid to be free
  if ((rc == 0)); then
    before=$(cat "$d/n")
    if ! timeout 20 "$@" restore -D "$d/img" -o restore.log -d >/dev/null 2>&1; then
      rc=1; echo "criu restore failed or hung: $(grep -E 'Error' "$d/img/restore.log" 2>/dev/null | tail -n 1)"
    else
      sleep 0.4
      after=$(cat "$d/n")
      kill -9 "$pid" 2>/dev/null || true
      if ! ((after > before)); then rc=1; echo "restored process did not continue (counter $before -> $after)"; fi
    fi
  fi
  rm -rf "$d"
  return $rc
}

is_our_wrapper() { [[ -f $1 ]] && grep -qF "$WRAPPER_MARK" "$1"; }

install_wrapper() {   # install_wrapper MODE [PATH]: writes /usr/local/sbin/criu for MODE (system PATH | a Debian suite)
  local mode=$1 target=${2:-}
  mkdir -p "$WRAPPER_DIR"
  if [[ $mode == system ]]; then
    write_if_changed "$WRAPPER" 755 <<EOF || true
#!/bin/sh
$WRAPPER_MARK (system criu). Written by scripts/setup-docker.sh.
# CRIU_FAULT=130 = CRIU's "no hardware breakpoints" switch: this microVM has no debug
# registers, and without it the dump hangs in the parasite phase.
export CRIU_FAULT="\${CRIU_FAULT:-130}"
exec "$target" "\$@"
EOF
  else
    write_if_changed "$WRAPPER" 755 <<EOF || true
#!/bin/sh
$WRAPPER_MARK (Debian $mode criu). Written by scripts/setup-docker.sh.
# $mode's criu needs a newer glibc than bookworm's 2.36: run it through $mode's own
# dynamic loader and libraries, unpacked (not installed) under $CRIU_ROOT.
# CRIU_FAULT=130 = CRIU's "no hardware breakpoints" switch: this microVM has no debug
# registers, and without it the dump hangs in the parasite phase.
export CRIU_FAULT="\${CRIU_FAULT:-130}"
exec "$CRIU_ROOT/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --library-path "$CRIU_ROOT/usr/lib/x86_64-linux-gnu" "$CRIU_ROOT/usr/sbin/criu" "\$@"
EOF
  fi
}

# fetch_debian_criu SUITE: downloads (never installs) SUITE's criu and its library closure
# with a private apt state, and unpacks them into $CRIU_ROOT. Returns 1 if SUITE has none.
fetch_debian_criu() {
  [[ $(dpkg --print-architecture) == amd64 ]] || die "the Debian criu recipe is written for amd64 only"
  local suite=$1 mirror apt_dir keyring pkgs
  mirror=$(debian_mirror)
  apt_dir=$CACHE_DIR/$suite-apt
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [[ -f $keyring ]] || die "missing $keyring (package debian-archive-keyring)"
  mkdir -p "$apt_dir"/{lists/partial,cache/archives/partial,parts,prefs,debs}
  : >"$apt_dir/status"     # empty dpkg status: resolve the full closure, ignore the system's
  echo "deb [signed-by=$keyring] $mirror $suite main" >"$apt_dir/sources.list"
  local -a A=(
    -o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o "Dir::Etc::sourceparts=$apt_dir/parts"
    -o "Dir::Etc::preferencesparts=$apt_dir/prefs" -o "Dir::State::Lists=$apt_dir/lists"
    -o "Dir::Cache=$apt_dir/cache" -o "Dir::State::status=$apt_dir/status"
    -o "APT::Get::List-Cleanup=0" -o "APT::Sandbox::User=root"
  )
  log "$suite apt state in $apt_dir, mirror $mirror"
  apt-get "${A[@]}" -qq update </dev/null >"$apt_dir/update.log" 2>&1 \
    || { cat "$apt_dir/update.log" >&2; die "apt-get update for $suite at $mirror failed"; }
  # The closure of criu in $suite, without recommends, as name=version.
  pkgs=$(apt-get "${A[@]}" -s --no-install-recommends install criu </dev/null 2>/dev/null \
           | awk '/^Inst /{ v = $3; gsub(/[()]/, "", v); print $2 "=" v }')
  [[ -n $pkgs ]] || { log "could not resolve criu's dependencies in $suite"; return 1; }
  log "$suite packages: $(echo $pkgs | tr '\n' ' ')"
  (cd "$apt_dir/debs" && rm -f ./*.deb && apt-get "${A[@]}" -qq download $pkgs </dev/null >"$apt_dir/download.log" 2>&1) \
    || { cat "$apt_dir/download.log" >&2; die "downloading $suite's criu failed"; }
  rm -rf "$CRIU_ROOT.tmp"; mkdir -p "$CRIU_ROOT.tmp"
  local f
  for f in "$apt_dir"/debs/*.deb; do dpkg -x "$f" "$CRIU_ROOT.tmp"; done
  echo "$pkgs" >"$CRIU_ROOT.tmp/.sandbox-emulator-packages"
  echo "$suite" >"$CRIU_ROOT.tmp/.sandbox-emulator-suite"
  rm -rf "$CRIU_ROOT"; mv "$CRIU_ROOT.tmp" "$CRIU_ROOT"
  rm -rf "$apt_dir/debs" "$apt_dir/cache"      # keep only the lists (small) for diagnosis
}

step_begin "criu"
mkdir -p "$STATE_DIR" "$CACHE_DIR"
CRIU_MODE=""
CRIU_WHY=""
# (a) a criu that is not our wrapper: Debian's own package, or one installed by hand.
SYSTEM_CRIU=""
for c in /usr/sbin/criu /usr/bin/criu /sbin/criu /usr/local/bin/criu; do
  if [[ -x $c ]] && ! is_our_wrapper "$c"; then SYSTEM_CRIU=$c; break; fi
done
if [[ -n $SYSTEM_CRIU ]]; then
  if why=$(CRIU_FAULT=130 criu_selftest "$SYSTEM_CRIU"); then
    CRIU_MODE=system
    install_wrapper system "$SYSTEM_CRIU"
  else
    CRIU_WHY="system criu $SYSTEM_CRIU ($("$SYSTEM_CRIU" --version 2>/dev/null | awk '/Version/{print $2}')) unusable: $why"
    log "$CRIU_WHY"
  fi
else
  log "no system criu"
fi
# (b) a newer Debian suite's criu through that suite's own loader: the first of
# $CRIU_SUITES whose criu passes the self-test. An unpacked one is kept while it passes.
if [[ -z $CRIU_MODE ]]; then
  UNPACKED_SUITE=$(cat "$CRIU_ROOT/.sandbox-emulator-suite" 2>/dev/null || echo trixie)
  if [[ -x $CRIU_ROOT/usr/sbin/criu && -f $CRIU_ROOT/.sandbox-emulator-packages && $UNPACKED_SUITE == "${CRIU_SUITES%% *}" ]]; then
    log "$UNPACKED_SUITE criu already unpacked in $CRIU_ROOT"
    install_wrapper "$UNPACKED_SUITE"
    if why=$(criu_selftest "$WRAPPER"); then
      CRIU_MODE=$UNPACKED_SUITE
    else
      log "unpacked criu failed its self-test ($why); fetching again"
    fi
  fi
  for suite in $CRIU_SUITES; do
    [[ -z $CRIU_MODE ]] || break
    fetch_debian_criu "$suite" || continue
    install_wrapper "$suite"
    if why=$(criu_selftest "$WRAPPER"); then
      CRIU_MODE=$suite
    else
      CRIU_WHY="$CRIU_WHY; $suite criu unusable: $why"
      log "$suite criu via $WRAPPER does not work here: $why"
    fi
  done
  [[ -n $CRIU_MODE ]] || die "no working criu (tried the system's and Debian $CRIU_SUITES)$CRIU_WHY"
fi
# runc reads this file for every checkpoint and restore. tcp-close: established TCP
# connections are closed in the restored copy instead of failing the dump (Docker exposes
# no tcp-established); on the real service too, clients reconnect after a clone.
mkdir -p "$(dirname "$CRIU_RUNC_CONF")"
if ! grep -qx 'tcp-close' "$CRIU_RUNC_CONF" 2>/dev/null; then
  echo 'tcp-close' >>"$CRIU_RUNC_CONF"
  log "added tcp-close to $CRIU_RUNC_CONF"
fi
echo "$CRIU_MODE" | write_if_changed "$CRIU_MODE_FILE" 644 || true
CRIU_VERSION=$("$WRAPPER" --version | awk '/^Version/{print $2}')
[[ $(command -v criu) == "$WRAPPER" ]] || die "criu on PATH is $(command -v criu), not $WRAPPER"
log "criu $CRIU_VERSION ($CRIU_MODE) via $WRAPPER: dump+restore self-test passed"
step_end

# ---------------------------------------------------------------------------- 3. dockerd

api() {   # api METHOD PATH [curl args...]: prints body, then the HTTP code on the last line
  local m=$1 p=$2; shift 2
  curl -sS --unix-socket "$DOCKER_SOCK" -X "$m" -w '\n%{http_code}' "$@" "http://localhost$p"
}
api_ok() {  # api_ok EXPECTED_CODE METHOD PATH [curl args...]: prints body, fails otherwise
  local want=$1 out code; shift
  out=$(api "$@") || { echo "curl failed: $1 $2" >&2; return 1; }
  code=${out##*$'\n'}; out=${out%$'\n'*}
  if [[ $code != "$want" ]]; then echo "$1 $2 -> HTTP $code: $out" >&2; return 1; fi
  printf '%s' "$out"
}
docker_up() { timeout 5 docker version >/dev/null 2>&1; }
daemon_experimental() { api_ok 200 GET /info 2>/dev/null | jq -r '.ExperimentalBuild'; }
dockerd_pid() { pgrep -xo dockerd 2>/dev/null || true; }

step_begin "dockerd"
mkdir -p /etc/docker
if [[ -s $DAEMON_JSON ]]; then
  jq -e 'type == "object"' "$DAEMON_JSON" >/dev/null 2>&1 || die "$DAEMON_JSON is not a JSON object; fix it by hand"
  NEW_JSON=$(jq --indent 2 '.experimental = true' "$DAEMON_JSON")
else
  NEW_JSON='{
  "experimental": true
}'
fi
CONFIG_CHANGED=0
printf '%s\n' "$NEW_JSON" | write_if_changed "$DAEMON_JSON" 644 && CONFIG_CHANGED=1
((CONFIG_CHANGED)) && log "wrote $DAEMON_JSON: $(jq -c . "$DAEMON_JSON")" || log "$DAEMON_JSON already has experimental=true"

start_dockerd() {
  log "starting dockerd (log: $DOCKERD_LOG)"
  # PATH: runc finds criu through the PATH that dockerd (and its containerd) was started with.
  # From /: a daemon's children inherit its folder, and fail once it is deleted (a CI checkout).
  (cd / && exec env -i PATH="$DAEMON_PATH" HOME=/root \
    setsid dockerd </dev/null >>"$DOCKERD_LOG" 2>&1) &
  local i
  for ((i = 0; i < 120; i++)); do
    docker_up && return 0
    sleep 0.5
  done
  tail -n 30 "$DOCKERD_LOG" >&2
  die "dockerd did not answer 'docker version' within 60 s (see $DOCKERD_LOG)"
}
stop_dockerd() {
  local pid; pid=$(dockerd_pid)
  [[ -n $pid ]] || return 0
  log "stopping dockerd (pid $pid) to apply experimental=true"
  kill -TERM "$pid"
  local i; for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  die "dockerd (pid $pid) did not stop within 30 s"
}

# criu_seen_by_dockerd: which criu runc will run, from the PATH the running dockerd has.
criu_seen_by_dockerd() {
  local pid dpath; pid=$(dockerd_pid)
  [[ -n $pid && -r /proc/$pid/environ ]] || { echo "$WRAPPER"; return; }   # cannot tell: assume ok
  dpath=$(tr '\0' '\n' </proc/"$pid"/environ | sed -n 's/^PATH=//p')
  PATH=${dpath:-/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin} command -v criu || echo none
}
restart_docker() {   # restart_docker REASON
  if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
    log "restarting docker.service: $1"
    systemctl restart docker; for ((i = 0; i < 120; i++)); do docker_up && break; sleep 0.5; done
    docker_up || die "docker.service did not come back"
  else
    log "restarting dockerd: $1"
    stop_dockerd; start_dockerd
  fi
}

if docker_up; then
  if [[ $(daemon_experimental) != true ]]; then
    restart_docker "experimental is off"
  elif [[ $(criu_seen_by_dockerd) != "$WRAPPER" ]]; then
    restart_docker "its PATH finds criu at $(criu_seen_by_dockerd), not $WRAPPER"
  else
    log "dockerd already running with experimental=true and $WRAPPER on its PATH: left as it is"
  fi
else
  if [[ -n $(dockerd_pid) ]]; then
    log "dockerd is running but not answering; waiting up to 60 s"
    for ((i = 0; i < 120; i++)); do docker_up && break; sleep 0.5; done
    docker_up || die "dockerd (pid $(dockerd_pid)) runs but does not answer; see $DOCKERD_LOG"
  elif [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
    log "starting docker.service"
    systemctl start docker; for ((i = 0; i < 120; i++)); do docker_up && break; sleep 0.5; done
    docker_up || die "docker.service did not come up"
  else
    start_dockerd
  fi
fi
[[ $(daemon_experimental) == true ]] || die "dockerd answers but experimental is off (is it managed elsewhere? check $DAEMON_JSON)"
[[ $(criu_seen_by_dockerd) == "$WRAPPER" ]] || die "dockerd would run criu '$(criu_seen_by_dockerd)', not $WRAPPER: put $WRAPPER_DIR first in its PATH"
INFO=$(api_ok 200 GET /info)
VER=$(api_ok 200 GET /version)
SERVER_VERSION=$(jq -r .Version <<<"$VER")
API_VERSION=$(jq -r .ApiVersion <<<"$VER")
DOCKER_ROOT=$(jq -r .DockerRootDir <<<"$INFO")
log "dockerd $SERVER_VERSION (API $API_VERSION), experimental, root $DOCKER_ROOT, storage $(jq -r .Driver <<<"$INFO"), cgroup v$(jq -r '.CgroupVersion // "1"' <<<"$INFO")"
step_end

# ----------------------------------------------------------------------------- 4. images

image_label() { docker image inspect --format "{{ index .Config.Labels \"$LABEL_CONTENT\" }}" "$1" 2>/dev/null || true; }
image_id()    { docker image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }

# import_image NAME KEY TARBALL CMD: docker import with labels; drops the old image it replaces.
import_image() {
  local name=$1 key=$2 tarball=$3 cmd=$4 old
  old=$(image_id "sandbox-emulator/$name")
  docker import \
    --change "LABEL $LABEL_NAME=$name" \
    --change "LABEL $LABEL_CONTENT=$key" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "CMD $cmd" \
    "$tarball" "sandbox-emulator/$name:latest" >/dev/null
  if [[ -n $old && $old != "$(image_id "sandbox-emulator/$name")" ]]; then
    docker image rm "$old" >/dev/null 2>&1 || log "old image $old of $name still in use; left"
  fi
}

step_begin "image sandbox-emulator/minimal"
BUSYBOX=/bin/busybox
MINIMAL_KEY=v$IMAGE_RECIPE_VERSION-$( { echo "recipe $IMAGE_RECIPE_VERSION"; dpkg-query -W -f='${Version}' busybox-static; sha256sum <"$BUSYBOX"; } | sha256sum | cut -c1-16)
if [[ $(image_label sandbox-emulator/minimal) == "$MINIMAL_KEY" ]]; then
  log "up to date ($MINIMAL_KEY)"
else
  D=$(mktemp -d /tmp/sandbox-emulator-minimal.XXXXXX)
  mkdir -p "$D"/rootfs/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,proc,sys,dev,home/user,var/tmp}
  chmod 1777 "$D/rootfs/tmp" "$D/rootfs/var/tmp"
  install -m 755 "$BUSYBOX" "$D/rootfs/bin/busybox"
  for a in $("$BUSYBOX" --list); do [[ $a == busybox ]] || ln -sf busybox "$D/rootfs/bin/$a"; done
  ln -sf /bin/busybox "$D/rootfs/usr/bin/env"
  printf 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\n' >"$D/rootfs/etc/passwd"
  printf 'root:x:0:\nuser:x:1000:\n' >"$D/rootfs/etc/group"
  chown 1000:1000 "$D/rootfs/home/user"
  tar -C "$D/rootfs" --sort=name --mtime=@0 --numeric-owner -cf "$D/rootfs.tar" .
  import_image minimal "$MINIMAL_KEY" "$D/rootfs.tar" '["/bin/sh"]'
  rm -rf "$D"
  log "built ($MINIMAL_KEY)"
fi
MINIMAL_ID=$(image_id sandbox-emulator/minimal)
step_end

BASE_ID="(skipped)"
if [[ ${SANDBOX_EMULATOR_SKIP_BASE:-0} != 1 ]]; then
  step_begin "image sandbox-emulator/base"
  MIRROR=$(debian_mirror)
  # The cache key names the recipe, not the mirror: any mirror gives the same packages.
  BASE_RECIPE="recipe $IMAGE_RECIPE_VERSION debootstrap minbase $BASE_SUITE include=$BASE_INCLUDE"
  BASE_RKEY=$(echo "$BASE_RECIPE" | sha256sum | cut -c1-12)
  BASE_TAR=$CACHE_DIR/base-rootfs-$BASE_RKEY.tar
  if [[ ! -s $BASE_TAR || ! -s $BASE_TAR.sha256 ]]; then
    D=$(mktemp -d /var/tmp/sandbox-emulator-base.XXXXXX)
    log "debootstrap $BASE_SUITE (minbase, $BASE_INCLUDE) from $MIRROR; takes ~2 min"
    T0=$EPOCHREALTIME
    debootstrap --variant=minbase --include="$BASE_INCLUDE" "$BASE_SUITE" "$D/rootfs" "$MIRROR" \
      </dev/null >"$D/debootstrap.log" 2>&1 \
      || { tail -n 30 "$D/debootstrap.log" >&2; [[ -f $D/rootfs/debootstrap/debootstrap.log ]] && tail -n 30 "$D/rootfs/debootstrap/debootstrap.log" >&2; rm -rf "$D"; die "debootstrap failed"; }
    log "debootstrap took $(elapsed "$T0")s"
    chroot "$D/rootfs" /bin/bash -c 'id -u user >/dev/null 2>&1 || useradd -m -u 1000 -s /bin/bash user' \
      || log "could not add user 'user' to base (ignored)"
    rm -rf "$D"/rootfs/var/cache/apt/archives/*.deb "$D"/rootfs/var/lib/apt/lists/* \
           "$D"/rootfs/var/log/*.log "$D"/rootfs/debootstrap
    tar -C "$D/rootfs" --sort=name --numeric-owner --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
      -cf "$BASE_TAR.tmp" .
    sha256sum <"$BASE_TAR.tmp" | cut -c1-64 >"$BASE_TAR.sha256.tmp"
    mv -f "$BASE_TAR.tmp" "$BASE_TAR"; mv -f "$BASE_TAR.sha256.tmp" "$BASE_TAR.sha256"
    rm -rf "$D"
    log "cached rootfs $BASE_TAR ($(du -h "$BASE_TAR" | cut -f1))"
  else
    log "cached rootfs $BASE_TAR"
  fi
  BASE_KEY=v$IMAGE_RECIPE_VERSION-$(cut -c1-16 "$BASE_TAR.sha256")
  if [[ $(image_label sandbox-emulator/base) == "$BASE_KEY" ]]; then
    log "up to date ($BASE_KEY)"
  else
    T0=$EPOCHREALTIME
    import_image base "$BASE_KEY" "$BASE_TAR" '["/bin/bash"]'
    log "imported ($BASE_KEY) in $(elapsed "$T0")s"
  fi
  BASE_ID=$(image_id sandbox-emulator/base)
  step_end
fi

# ------------------------------------------------------------------------ 5. verification

VERIFY_SUMMARY="(skipped)"
if [[ ${SANDBOX_EMULATOR_SKIP_VERIFY:-0} != 1 ]]; then
  step_begin "verify: clone of a running container"
  RUN_ID=$(date +%s)-$$
  CP=verify-$RUN_ID
  PARENT="" CLONE="" COMMIT_IMG=""
  cleanup_verify() {
    [[ -n $CLONE ]] && api DELETE "/containers/$CLONE?force=1" >/dev/null 2>&1 || true
    # Docker leaves a copy of every restored checkpoint in its temp folder (containerd issue 10166).
    if [[ -n $CLONE ]]; then
      grep -lsx "$CLONE" /tmp/ctrd-checkpoint*/sandbox-emulator-clone-id | xargs -r -n1 dirname | xargs -r rm -rf
    fi
    if [[ -n $PARENT ]]; then
      api POST "/containers/$PARENT/unpause" >/dev/null 2>&1 || true
      api DELETE "/containers/$PARENT/checkpoints/$CP" >/dev/null 2>&1 || true
      api DELETE "/containers/$PARENT?force=1" >/dev/null 2>&1 || true
    fi
    [[ -n $COMMIT_IMG ]] && api DELETE "/images/$COMMIT_IMG?force=1" >/dev/null 2>&1 || true
    return 0
  }
  trap cleanup_verify EXIT
  vfail() { die "clone check: $*"; }
  declare -A T=()
  timed() {  # timed NAME CMD...: runs CMD, records its time in ms in T[NAME], keeps its stdout in $OUT
    local n=$1 t0; shift; t0=$EPOCHREALTIME
    OUT=$("$@") || vfail "$n failed${OUT:+: $OUT}"
    T[$n]=$(ms_since "$t0")
  }
  last_log_value() { { docker logs --tail 1 "$1" 2>/dev/null || true; } | tr -dc '0-9'; }
  first_log_value() { { docker logs "$1" 2>/dev/null || true; } | awk 'NR == 1' | tr -dc '0-9'; }

  LOOP='i=0; while :; do i=$((i+1)); echo $i; sleep 0.2; done'
  CREATE_BODY=$(jq -cn --arg img sandbox-emulator/minimal --arg loop "$LOOP" \
    '{Image: $img, Cmd: ["/bin/sh", "-c", $loop], Labels: {"dev.sandboxemulator.verify": "1"}}')

  timed create_parent api_ok 201 POST "/containers/create?name=sbx-verify-parent-$RUN_ID" \
    -H 'Content-Type: application/json' -d "$CREATE_BODY"
  PARENT=$(jq -r .Id <<<"$OUT")
  timed start_parent api_ok 204 POST "/containers/$PARENT/start"
  for ((i = 0; i < 50; i++)); do v=$(last_log_value "$PARENT"); [[ ${v:-0} -ge 5 ]] && break; sleep 0.2; done
  [[ ${v:-0} -ge 5 ]] || vfail "parent's counter did not reach 5 (last '$v')"

  timed pause api_ok 204 POST "/containers/$PARENT/pause"
  sleep 0.3       # let the log copier catch up with the frozen loop's last line
  N=$(last_log_value "$PARENT")
  T0=$EPOCHREALTIME
  OUT=$(api_ok 201 POST "/containers/$PARENT/checkpoints" -H 'Content-Type: application/json' \
          -d "{\"CheckpointID\":\"$CP\",\"Exit\":false}" --max-time "$OP_TIMEOUT") \
    || vfail "checkpoint failed or timed out after ${OP_TIMEOUT}s: $OUT (see $DOCKERD_LOG; the error names criu's log when it has one)"
  T[checkpoint]=$(ms_since "$T0")
  timed commit api_ok 201 POST "/commit?container=$PARENT&repo=sandbox-emulator/verify-commit&tag=$RUN_ID&pause=false"
  COMMIT_IMG=$(jq -r .Id <<<"$OUT")
  timed unpause api_ok 204 POST "/containers/$PARENT/unpause"
  CP_SRC=$DOCKER_ROOT/containers/$PARENT/checkpoints/$CP
  [[ -d $CP_SRC ]] || vfail "checkpoint folder $CP_SRC not found"
  CP_SIZE=$(du -sh "$CP_SRC" | cut -f1)

  CLONE_BODY=$(jq -c --arg img "$COMMIT_IMG" '.Image = $img' <<<"$CREATE_BODY")
  timed create_clone api_ok 201 POST "/containers/create?name=sbx-verify-clone-$RUN_ID" \
    -H 'Content-Type: application/json' -d "$CLONE_BODY"
  CLONE=$(jq -r .Id <<<"$OUT")
  T0=$EPOCHREALTIME
  mkdir -p "$DOCKER_ROOT/containers/$CLONE/checkpoints"
  cp -a "$CP_SRC" "$DOCKER_ROOT/containers/$CLONE/checkpoints/$CP"
  # A unique file per copy: byte-identical copies restored concurrently collide in containerd.
  echo "$CLONE" >"$DOCKER_ROOT/containers/$CLONE/checkpoints/$CP/sandbox-emulator-clone-id"
  T[copy_checkpoint]=$(ms_since "$T0")
  T0=$EPOCHREALTIME
  OUT=$(api_ok 204 POST "/containers/$CLONE/start?checkpoint=$CP" --max-time "$OP_TIMEOUT") \
    || vfail "start from checkpoint failed or timed out after ${OP_TIMEOUT}s: $OUT (see $DOCKERD_LOG)"
  T[start_clone_from_checkpoint]=$(ms_since "$T0")

  for ((i = 0; i < 25; i++)); do M=$(first_log_value "$CLONE"); [[ -n $M ]] && break; sleep 0.2; done
  [[ -n ${M:-} ]] || vfail "the clone printed nothing"
  sleep 0.5
  M2=$(last_log_value "$CLONE")
  P2=$(last_log_value "$PARENT")
  STATE=$(api_ok 200 GET "/containers/$CLONE/json" | jq -r .State.Status)
  [[ $STATE == running ]] || vfail "the clone is $STATE, not running"
  ((M > 1)) || vfail "the clone started its counter from scratch ($M): memory was not restored"
  ((M >= N && M <= N + 5)) || vfail "the clone's counter $M does not continue the parent's $N"
  ((M2 > M)) || vfail "the clone's counter does not advance ($M -> $M2)"
  ((P2 > N)) || vfail "the parent did not keep running after the clone ($N -> $P2)"
  log "parent counter at checkpoint $N; clone first printed $M, then $M2; parent now $P2; checkpoint $CP_SIZE"

  # base image: bash + python3 run (as the SDK starts commands: /bin/bash -l -c CMD)
  if [[ $BASE_ID != "(skipped)" ]]; then
    T0=$EPOCHREALTIME
    PY=$(timeout 60 docker run --rm --network none sandbox-emulator/base /bin/bash -l -c 'python3 -c "import sys; print(sys.version.split()[0])"') \
      || vfail "python3 in sandbox-emulator/base did not run"
    T[base_run_python]=$(ms_since "$T0")
    log "sandbox-emulator/base runs python $PY"
  fi

  T0=$EPOCHREALTIME
  cleanup_verify; trap - EXIT
  T[cleanup]=$(ms_since "$T0")
  LEFT=$(docker ps -aq --filter label=dev.sandboxemulator.verify=1)
  [[ -z $LEFT ]] || die "verification containers left behind: $LEFT"
  TIMES=""
  for k in create_parent start_parent pause checkpoint commit unpause create_clone copy_checkpoint start_clone_from_checkpoint base_run_python cleanup; do
    [[ -n ${T[$k]:-} ]] && TIMES+="$k=${T[$k]}ms "
  done
  log "timings (API via curl): $TIMES"
  log "parent suspended (pause+checkpoint+commit+unpause, API time): $(( T[pause] + T[checkpoint] + T[commit] + T[unpause] ))ms; this check also waits 300 ms while paused to read the log"
  VERIFY_SUMMARY="ok (counter $N -> $M in clone)"
  step_end
fi

# ------------------------------------------------------------------------------ 6. podman

PODMAN_SUMMARY="(skipped)"
podman_up() { curl -sf --max-time 5 --unix-socket "$PODMAN_SOCK" http://d/_ping >/dev/null 2>&1; }
podman_service_pid() { pgrep -o -f "podman system service" 2>/dev/null || true; }
if [[ ${SANDBOX_EMULATOR_SKIP_PODMAN:-0} != 1 ]]; then
  step_begin "podman"
  # runc, not Debian's crun 1.8.1 (built without CRIU, and it refuses this machine's hybrid cgroups).
  # Resource limits: Podman gives root's containers the highest limits, which a host that withholds
  # CAP_SYS_RESOURCE refuses ("error setting rlimit"): ask for no more than this host's hard limits,
  # with room for a caller whose own hard limits are lower (nproc differs between sessions here).
  HARD_NOFILE=$(ulimit -Hn); [[ $HARD_NOFILE == unlimited ]] && HARD_NOFILE=1048576
  HARD_NPROC=$(ulimit -Hu); [[ $HARD_NPROC == unlimited ]] && HARD_NPROC=1048576
  NOFILE=$(( HARD_NOFILE < 65536 ? HARD_NOFILE : 65536 ))
  NPROC=$(( HARD_NPROC < 32768 ? HARD_NPROC : 32768 ))
  CGROUP_MANAGER=cgroupfs
  [[ -d /run/systemd/system ]] && CGROUP_MANAGER=systemd
  mkdir -p "$(dirname "$PODMAN_CONF")"
  PODMAN_CONF_CHANGED=0
  write_if_changed "$PODMAN_CONF" 644 <<CONF && PODMAN_CONF_CHANGED=1
# Written by sandbox-emulator's scripts/setup-docker.sh: Podman for the emulator's podman backend.
[containers]
default_ulimits = ["nofile=$NOFILE:$NOFILE", "nproc=$NPROC:$NPROC"]

[engine]
runtime = "runc"
cgroup_manager = "$CGROUP_MANAGER"
events_logger = "file"
CONF
  if ((PODMAN_CONF_CHANGED)); then log "wrote $PODMAN_CONF (nofile $NOFILE, nproc $NPROC, $CGROUP_MANAGER)"; else log "$PODMAN_CONF up to date"; fi
  [[ $(podman info --format '{{.Host.OCIRuntime.Name}}' 2>/dev/null) == runc ]] || die "podman does not use runc (see $PODMAN_CONF)"

  # Images: the same content as Docker's, copied into Podman's store (where they are named localhost/...).
  for name in minimal base; do
    [[ $name == base && $BASE_ID == "(skipped)" ]] && continue
    want=$(image_label "sandbox-emulator/$name")
    have=$(podman image inspect --format "{{ index .Config.Labels \"$LABEL_CONTENT\" }}" "sandbox-emulator/$name:latest" 2>/dev/null || true)
    if [[ $have == "$want" ]]; then
      log "podman image sandbox-emulator/$name up to date ($want)"
    else
      T0=$EPOCHREALTIME
      docker save "sandbox-emulator/$name:latest" | podman load -q >/dev/null || die "copying sandbox-emulator/$name into podman failed"
      log "podman image sandbox-emulator/$name loaded ($want) in $(elapsed "$T0")s"
    fi
  done
  podman image prune -f >/dev/null 2>&1 || true

  # The API service, with a PATH that finds the criu wrapper first: runc finds criu through it,
  # and the emulator runs the podman command with the service's PATH.
  start_podman_service() {
    mkdir -p "$(dirname "$PODMAN_SOCK")"
    log "starting podman system service (log: $PODMAN_LOG)"
    # From /: conmon inherits the service's folder and fails every container once it is deleted.
    (cd / && exec env -i PATH="$DAEMON_PATH" HOME=/root \
      setsid podman system service --time=0 "unix://$PODMAN_SOCK" </dev/null >>"$PODMAN_LOG" 2>&1) &
    local i
    for ((i = 0; i < 60; i++)); do podman_up && return 0; sleep 0.5; done
    tail -n 30 "$PODMAN_LOG" >&2
    die "the podman API service did not answer within 30 s (see $PODMAN_LOG)"
  }
  SERVICE_PID=$(podman_service_pid)
  if [[ -n $SERVICE_PID ]] && podman_up; then
    SERVICE_PATH=$(tr '\0' '\n' </proc/"$SERVICE_PID"/environ | sed -n 's/^PATH=//p')
    if [[ $(PATH=$SERVICE_PATH command -v criu || echo none) != "$WRAPPER" ]] || ((PODMAN_CONF_CHANGED)) \
        || [[ $(readlink /proc/"$SERVICE_PID"/cwd) == *" (deleted)" ]]; then
      log "restarting the podman service (its PATH, its configuration or its folder was not ours)"
      kill -TERM "$SERVICE_PID"
      for ((i = 0; i < 20; i++)); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
      start_podman_service
    else
      log "podman service already running at $PODMAN_SOCK with $WRAPPER on its PATH: left as it is"
    fi
  else
    if [[ -n $SERVICE_PID ]]; then kill -TERM "$SERVICE_PID" 2>/dev/null || true; fi
    start_podman_service
  fi
  PODMAN_VERSION=$(podman --version | awk '{print $3}')

  if [[ ${SANDBOX_EMULATOR_SKIP_VERIFY:-0} != 1 ]]; then
    # A real clone through Podman: checkpoint a counting loop leaving it running, restore a copy.
    VP=sbx-verify-podman-$$
    VC=sbx-verify-podman-clone-$$
    VT=/var/tmp/sbx-verify-podman-$$.tar
    cleanup_podman_verify() { podman rm -f -t 0 "$VP" "$VC" >/dev/null 2>&1 || true; rm -f "$VT"; }
    trap cleanup_podman_verify EXIT
    PATH=$DAEMON_PATH podman run -d --name "$VP" --network none sandbox-emulator/minimal:latest \
      sh -c 'i=0; while :; do i=$((i+1)); echo $i >/n; sleep 0.1; done' >/dev/null || die "podman run failed"
    sleep 0.5
    T0=$EPOCHREALTIME
    PATH=$DAEMON_PATH timeout "$OP_TIMEOUT" podman container checkpoint --leave-running --export "$VT" --compress none "$VP" >/dev/null \
      || die "podman checkpoint failed (see $PODMAN_LOG)"
    T_CP=$(ms_since "$T0")
    T0=$EPOCHREALTIME
    PATH=$DAEMON_PATH timeout "$OP_TIMEOUT" podman container restore --import "$VT" --name "$VC" >/dev/null \
      || die "podman restore failed (see $PODMAN_LOG)"
    T_RS=$(ms_since "$T0")
    A=$(podman exec "$VC" cat /n)
    sleep 0.4
    B=$(podman exec "$VC" cat /n)
    ((A > 1 && B > A)) || die "the podman clone does not count on from the parent (read $A, then $B)"
    cleanup_podman_verify
    trap - EXIT
    PODMAN_SUMMARY="ok ($PODMAN_VERSION, runc; the clone counted on from $A; checkpoint ${T_CP}ms, restore ${T_RS}ms)"
  else
    PODMAN_SUMMARY="ok ($PODMAN_VERSION, runc; clone check skipped)"
  fi
  log "podman: $PODMAN_SUMMARY"
  step_end
fi

# ------------------------------------------------------------------------------ 7. summary

CLIENT_VERSION=$(docker version --format '{{.Client.Version}}' 2>/dev/null || echo '?')
cat <<EOF

==================== sandbox-emulator docker setup ====================
docker: ok ($SERVER_VERSION, experimental; API $API_VERSION; client $CLIENT_VERSION at $(command -v docker))
        root $DOCKER_ROOT, socket $DOCKER_SOCK, dockerd log $DOCKERD_LOG
criu: ok ($CRIU_VERSION, $( [[ $CRIU_MODE == system ]] && echo "system $SYSTEM_CRIU" || echo "Debian $CRIU_MODE recipe" )) via $WRAPPER${CRIU_WHY:+
      ($CRIU_WHY)}
images: minimal ${MINIMAL_ID#sha256:}, base ${BASE_ID#sha256:}
clone check: $VERIFY_SUMMARY
podman: $PODMAN_SUMMARY
steps: $(IFS=';'; echo "${STEP_TIMES[*]}" | sed 's/;/; /g')
total: $(elapsed "$T_START")s
========================================================================
EOF
