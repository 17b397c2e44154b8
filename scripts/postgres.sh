#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for tests.
#
#   scripts/postgres.sh start      initdb a temporary cluster, start it on a free loopback port;
#                                  prints PGDATA=<dir> and JDBC=<url> (user selene, trust auth)
#   scripts/postgres.sh stop DIR   stop the cluster in DIR and delete it
#
# Installs PostgreSQL with apt-get when no initdb/pg_ctl is found (root only); quick and
# idempotent when already installed. As root the server runs as the 'postgres' user, since
# PostgreSQL refuses to run as root. Exit status 3: PostgreSQL is unavailable and cannot be
# installed here (the tests then skip and say so).
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
      echo "$d"
      return 0
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

install_postgres() {
  if [[ $(id -u) -ne 0 ]]; then
    log "PostgreSQL is not installed and installing it needs root"
    exit 3
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    log "PostgreSQL is not installed and there is no apt-get to install it"
    exit 3
  fi
  log "installing postgresql with apt-get (once)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q postgresql >&2; then
    apt-get update -q >&2 || true
    apt-get install -y -q postgresql >&2 || { log "apt-get install postgresql failed"; exit 3; }
  fi
}

# Runs a command as the server's user: 'postgres' when we are root, else ourselves.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

free_port() {
  local port i
  for i in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  log "no free port found"
  exit 1
}

start() {
  local bin dir port
  bin=$(find_bin) || { install_postgres; bin=$(find_bin) || { log "no initdb after install"; exit 3; }; }
  if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    log "running as root but there is no 'postgres' user to run the server"
    exit 3
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/selene-pg.XXXXXX")
  chmod 700 "$dir"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres "$dir"
  fi
  as_owner "$bin/initdb" -D "$dir/data" -U selene --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { log "initdb failed:"; cat "$dir/initdb.log" >&2; exit 1; }
  for attempt in 1 2 3; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=100" \
        start >&2; then
      echo "PGDATA=$dir"
      echo "JDBC=jdbc:postgresql://127.0.0.1:$port/postgres?user=selene"
      return 0
    fi
    log "start on port $port failed (attempt $attempt)"
  done
  cat "$dir/data/server.log" >&2 || true
  exit 1
}

stop() {
  local dir=${1:?usage: postgres.sh stop DIR}
  local bin
  bin=$(find_bin) || exit 0
  if [[ -d "$dir/data" ]]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >&2 || true
  fi
  case "$dir" in
    */selene-pg.*) rm -rf "$dir" ;;
    *) log "not deleting $dir: not a directory this script made" ;;
  esac
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
