#!/usr/bin/env bash
# Runs a main class of Selene's launchers (selenecm, selene-server) from
# provider/target/selene-provider-<version>-all.jar, building it first when it is missing or older
# than any source or pom of the modules it contains.
#
#   scripts/launch.sh <main class> [arguments...]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$root/provider/target"
modules=(device-driver ha-router keystore-sks server provider)

find_jar() {
  compgen -G "$target/selene-provider-*-all.jar" | head -n 1 || true
}

stale() {
  local jar="$1"
  [[ -z "$jar" ]] && return 0
  local m
  [[ "$root/pom.xml" -nt "$jar" ]] && return 0
  for m in "${modules[@]}"; do
    [[ "$root/$m/pom.xml" -nt "$jar" ]] && return 0
    if [[ -d "$root/$m/src/main" ]] \
        && [[ -n "$(find "$root/$m/src/main" -newer "$jar" -print -quit)" ]]; then
      return 0
    fi
  done
  return 1
}

# Maven with its progress lines only (module names, result, time, errors) and no escape
# sequences (Maven 3.8 writes colour resets even in batch mode): plain text for logs and pipes.
build() {
  echo "selene: building Selene (first run, or sources changed; about a minute)..."
  (cd "$root" && mvn -B -ntp -Dstyle.color=never -pl provider -am package -Dmaven.test.skip=true 2>&1) \
    | sed -u -e 's/\x1b\[[0-9;]*m//g' \
    | grep --line-buffered -E '^\[INFO\] (Building |BUILD |Total time)|^\[ERROR\]' \
    | sed -u -e 's/^\[INFO\] /  /'
  echo "selene: build done."
}

jar="$(find_jar)"
if stale "$jar"; then
  mkdir -p "$target"
  # one build at a time when several launchers start together
  exec 9>"$target/.selenecm-build.lock"
  if command -v flock >/dev/null; then flock 9; fi
  jar="$(find_jar)"
  if stale "$jar"; then
    build >&2
    jar="$(find_jar)"
    touch "$jar"
  fi
  exec 9>&-
fi

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
main="$1"
shift
exec "$java" -cp "$jar" "$main" "$@"
