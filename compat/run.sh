#!/usr/bin/env bash
# The compatibility matrix: installs the project (without its tests) into a local repository of its own, then builds
# the consumer modules under compat/ against it, one module per combination of JUnit, Jackson, AssertJ and Spring Boot
# versions, in one Maven run. Prints combination -> result, tests run, time; exits non-zero if any combination fails.
#
#   bash compat/run.sh                    # repository in compat/work/m2 (downloads from Maven Central the first time)
#   COMPAT_REPO=/tmp/m2 bash compat/run.sh
#   COMPAT_SKIP_INSTALL=1 bash compat/run.sh   # reuse what is installed there
#
# The repository is kept apart from ~/.m2 so that the consumers see the artifacts exactly as installed, and nothing of
# this run lands in the user's own repository.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
repo=${COMPAT_REPO:-$root/compat/work/m2}
mkdir -p "$repo" "$root/compat/work"
repo=$(cd "$repo" && pwd)
version=$(sed -n '/<artifactId>sandbox-emulator-parent<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;q}' pom.xml)
[ -n "$version" ] || { echo "compat: cannot read the project's version from pom.xml" >&2; exit 2; }
mvn_opts=(-B -Dmaven.repo.local="$repo" -Dstyle.color=never)

if [ -z "${COMPAT_SKIP_INSTALL:-}" ]; then
  # What a user's build can reach: the extension and what it depends on, plus the BOM where there is one.
  modules=junit-extension
  [ -f bom/pom.xml ] && modules+=,bom
  echo "== compat: installing sandbox-emulator $version ($modules and what they need) into $repo"
  start=$SECONDS
  if ! mvn "${mvn_opts[@]}" -q -DskipTests -Dmaven.javadoc.skip=true -pl "$modules" -am install \
       >"$root/compat/work/install.log" 2>&1; then
    tail -50 "$root/compat/work/install.log"
    echo "compat: installing the project failed (log: compat/work/install.log)" >&2
    exit 2
  fi
  echo "   done in $((SECONDS - start)) s"
fi

echo "== compat: building the consumers against it (log: compat/work/matrix.log)"
start=$SECONDS
mvn "${mvn_opts[@]}" -f compat/pom.xml --fail-at-end -Dsandbox-emulator.version="$version" clean test \
    >"$root/compat/work/matrix.log" 2>&1
rc=$?
total=$((SECONDS - start))

# The reactor summary names each module and its outcome and time: "[INFO] <name> ....... SUCCESS [  3.2 s]".
failed=0
printf '\n%-74s %-8s %5s %9s  %s\n' "combination" "result" "tests" "time" "found on the test class path"
while read -r dir; do
  name=$(sed -n 's:.*<name>\(.*\)</name>.*:\1:p' "compat/$dir/pom.xml" | head -1)
  line=$(grep -F "] $name " "compat/work/matrix.log" | grep -E '(SUCCESS|FAILURE|SKIPPED)' | tail -1)
  result=$(grep -oE 'SUCCESS|FAILURE|SKIPPED' <<<"$line" | tail -1)
  time=$(sed -n 's/.*\[ *\([0-9.:]* [a-z]*\)\]$/\1/p' <<<"$line")
  tests=0
  for report in "compat/$dir"/target/surefire-reports/TEST-*.xml; do
    [ -f "$report" ] || continue
    n=$(sed -n 's/.*<testsuite[^>]* tests="\([0-9]*\)".*/\1/p' "$report" | head -1)
    tests=$((tests + ${n:-0}))
  done
  found=$(cat "compat/$dir/target/compat-versions.txt" 2>/dev/null || echo -)
  [ "$result" = SUCCESS ] || failed=$((failed + 1))
  printf '%-74s %-8s %5s %9s  %s\n' "$name" "${result:-UNKNOWN}" "$tests" "${time:--}" "$found"
done < <(sed -n 's:.*<module>\(.*\)</module>.*:\1:p' compat/pom.xml)
echo "matrix: ${total} s"

if [ $rc -ne 0 ] || [ $failed -ne 0 ]; then
  echo
  grep -E 'NoClassDefFoundError|NoSuchMethodError|ClassNotFoundException|Tests run:.*(Failures: [1-9]|Errors: [1-9])|\[ERROR\] Failed to execute' \
      compat/work/matrix.log | sort | uniq -c | head -20
  echo "compat: $failed combination(s) failed (mvn exit $rc); see compat/work/matrix.log" >&2
  exit 1
fi
echo "compat: all combinations passed"
