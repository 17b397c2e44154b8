#!/usr/bin/env bash
# The SKS scale and cold-key benchmark (issue 15 "SKS cold keys"), in one command:
#
#   scripts/sks-bench.sh [ENTRIES [SAMPLES]]     defaults: 1000000 entries, 1000 samples
#   POSTGRES=1 scripts/sks-bench.sh ...          also the PostgreSQL store (scripts/postgres.sh)
#
# Builds the benchmarks jar, populates the embedded store (and, with POSTGRES=1, a throw-away
# PostgreSQL) with ENTRIES RSA-2048 and EC P-256 key blobs -- 512 real HSM blobs reused under new
# aliases, 10 s per million entries on the embedded store (measured) -- then measures getKey+sign latency
# for a cold key (first use from the store: fetch, verify, decrypt, insert, sign), a hot key and a
# plain sign, with one and two threads, and reports p50, p99 and the cold / plain ratios against
# issue 15's goals. Writes keystore-sks/results/latest.md (a run with other than the default
# ENTRIES and SAMPLES writes keystore-sks/target/sks-bench-partial.md) and prints it. Needs about
# 2.5 KB of disk per entry per store in $TMPDIR; about 1.5 min in all at 1,000,000 entries (72 s
# measured at load average 5-14).
set -euo pipefail
cd "$(dirname "$0")/.."

entries=${1:-1000000}
samples=${2:-1000}
out=keystore-sks/results/latest.md
if [[ "$entries" != 1000000 || "$samples" != 1000 ]]; then
  out=keystore-sks/target/sks-bench-partial.md
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/sks-bench.XXXXXX")
pgdir=""
cleanup() {
  if [[ -n "$pgdir" ]]; then scripts/postgres.sh stop "$pgdir" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "sks-bench: building the benchmarks jar" >&2
mvn -B -ntp -q -pl benchmarks -am package -DskipTests
jar=benchmarks/target/selene-benchmarks.jar

pg_args=()
if [[ "${POSTGRES:-0}" == 1 ]]; then
  if pg=$(scripts/postgres.sh start); then
    pgdir=$(sed -n 's/^PGDATA=//p' <<<"$pg")
    pg_args=(--postgres "$(sed -n 's/^JDBC=//p' <<<"$pg")")
  else
    echo "sks-bench: PostgreSQL unavailable; measuring the embedded store only" >&2
  fi
fi

echo "sks-bench: before: $(uptime)" >&2
start=$(date +%s)
java -Xmx1g -cp "$jar" io.selenehsm.bench.SksBench --entries "$entries" --samples "$samples" \
  --dir "$work" "${pg_args[@]}" --out "$out"
echo "sks-bench: after: $(uptime); $(($(date +%s) - start)) s" >&2
echo "report: $out" >&2
