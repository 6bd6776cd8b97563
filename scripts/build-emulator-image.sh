#!/usr/bin/env bash
# Builds the emulator's container image (the Dockerfile at the repository root) without any
# registry: its Java runtime comes from a base image made here, not from eclipse-temurin.
#
#   scripts/build-emulator-image.sh [TAG]      # the image TAG (default: sandbox-emulator)
#   scripts/build-emulator-image.sh --jre-only # only the local JRE base image
#
# 1. The JRE base, sandbox-emulator/jre:17: sandbox-emulator/base (Debian, built by
#    scripts/setup-docker.sh with debootstrap) plus a Java runtime jlink'd from this machine's JDK
#    with the modules the emulator's jar uses. Cached: rebuilt only when the JDK, the module list
#    or the base image change (a content label says which).
# 2. The image: `docker build --build-arg JRE_IMAGE=sandbox-emulator/jre:17 -t TAG .`, from
#    cli/target/sandbox-emulator.jar (mvn -B -q -DskipTests package -pl cli -am builds it).
#
# Users who reach Docker Hub need none of this: `docker build -t sandbox-emulator .` takes
# eclipse-temurin:17-jre. Needs docker and a JDK 17+ (jlink); not root.
set -euo pipefail
cd "$(dirname "$0")/.."

JRE_IMAGE=${SANDBOX_EMULATOR_JRE_IMAGE:-sandbox-emulator/jre:17}
BASE_IMAGE=sandbox-emulator/base
JAR=cli/target/sandbox-emulator.jar
RECIPE_VERSION=1                  # bump to force a rebuild of the JRE base
LABEL_CONTENT=dev.sandboxemulator.content
# What the jar needs: `jdeps --multi-release 17 --ignore-missing-deps --print-module-deps` on
# cli/target/sandbox-emulator.jar (it and its shaded libraries) prints java.base, java.compiler,
# java.desktop, java.naming, java.net.http, java.security.jgss, java.sql, jdk.httpserver and
# jdk.unsupported; java.logging and java.management are named for the JDK's own logging and
# management, jdk.crypto.ec for TLS (a docker host over https), jdk.zipfs for jar file systems.
MODULES=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.sql,jdk.crypto.ec,jdk.httpserver,jdk.unsupported,jdk.zipfs

log() { printf '[build-emulator-image] %s\n' "$*"; }
die() { printf '[build-emulator-image] FAILED: %s\n' "$*" >&2; exit 1; }

# quiet_build ARGS...: docker build, its output shown only when it fails (the legacy builder
# warns about BuildKit on every run).
quiet_build() {
  local out
  out=$(docker build "$@" 2>&1) || { printf '%s\n' "$out" >&2; die "docker build $*"; }
}

JRE_ONLY=0
TAG=sandbox-emulator
case "${1:-}" in
  --jre-only) JRE_ONLY=1 ;;
  -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
  "") ;;
  *) TAG=$1 ;;
esac

command -v docker >/dev/null || die "docker is not installed"
docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 \
  || die "$BASE_IMAGE is missing: scripts/setup-docker.sh builds it (as root)"

# The JDK whose jlink makes the runtime: JAVA_HOME's, else the one of `java` on the PATH.
if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/jlink ]]; then
  JDK=$JAVA_HOME
else
  JDK=$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.home/ { print $2 }')
fi
[[ -x $JDK/bin/jlink ]] || die "no jlink in $JDK: a JDK 17+ is needed, not a JRE"

JDK_VERSION=$("$JDK/bin/java" -version 2>&1 | head -n 1)
BASE_ID=$(docker image inspect --format '{{.Id}}' "$BASE_IMAGE")
KEY=v$RECIPE_VERSION-$(printf '%s\n' "$JDK_VERSION" "$MODULES" "$BASE_ID" | sha256sum | cut -c1-16)

if [[ $(docker image inspect --format "{{ index .Config.Labels \"$LABEL_CONTENT\" }}" "$JRE_IMAGE" 2>/dev/null || true) == "$KEY" ]]; then
  log "$JRE_IMAGE up to date ($KEY)"
else
  log "building $JRE_IMAGE: $BASE_IMAGE + a runtime jlink'd from $JDK ($JDK_VERSION)"
  D=$(mktemp -d /tmp/sandbox-emulator-jre.XXXXXX)
  trap 'rm -rf "$D"' EXIT
  "$JDK/bin/jlink" --add-modules "$MODULES" --output "$D/jre" \
    --strip-debug --no-header-files --no-man-pages --compress=2
  "$D/jre/bin/java" -version >/dev/null 2>&1 || die "the jlink'd runtime does not start"
  cat >"$D/Dockerfile" <<DOCKERFILE
FROM $BASE_IMAGE
COPY jre /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
LABEL $LABEL_CONTENT=$KEY
CMD ["java", "-version"]
DOCKERFILE
  quiet_build -t "$JRE_IMAGE" "$D"
  rm -rf "$D"; trap - EXIT
  RUNS=$(docker run --rm --network none "$JRE_IMAGE" java -version 2>&1) || die "java does not run in $JRE_IMAGE: $RUNS"
  log "$JRE_IMAGE runs ${RUNS%%$'\n'*}"
  log "built $JRE_IMAGE ($KEY)"
fi
[[ $JRE_ONLY == 1 ]] && exit 0

[[ -s $JAR ]] || die "$JAR is missing: mvn -B -q -DskipTests package -pl cli -am builds it"
log "building $TAG from $JAR on $JRE_IMAGE"
quiet_build --build-arg JRE_IMAGE="$JRE_IMAGE" -t "$TAG" .
log "built $TAG: docker run -p 3000:3000 $TAG"
