#!/usr/bin/env bash
# The SKS scale benchmark, in one command:
#
#   scripts/sks-bench.sh [ENTRIES [SAMPLES]]     defaults: 1000000 entries, 1000 samples
#
# Builds the samples jar, starts a throw-away PostgreSQL with scripts/postgres.sh (skipped, and
# said so in the report, when PostgreSQL cannot be installed), populates the embedded store and
# the PostgreSQL store with ENTRIES RSA and EC key blobs, measures getKey+sign latency (cold,
# hot, plain; one and two threads), prints a Markdown report and writes it to
# keystore-sks/results/latest.md. Needs about 2.5 KB of disk per entry per store in $TMPDIR.
set -euo pipefail
cd "$(dirname "$0")/.."

entries=${1:-1000000}
samples=${2:-1000}
work=$(mktemp -d "${TMPDIR:-/tmp}/sks-bench.XXXXXX")
pgdir=""
cleanup() {
  if [[ -n "$pgdir" ]]; then scripts/postgres.sh stop "$pgdir" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "sks-bench: building the samples jar" >&2
mvn -q -pl samples -am package -DskipTests
jar=$(ls samples/target/selene-samples-*-all.jar | head -n 1)

pg_args=()
if pg=$(scripts/postgres.sh start); then
  pgdir=$(sed -n 's/^PGDATA=//p' <<<"$pg")
  pg_args=(--postgres "$(sed -n 's/^JDBC=//p' <<<"$pg")")
else
  echo "sks-bench: PostgreSQL unavailable; measuring the embedded store only" >&2
fi

echo "sks-bench: before: $(uptime)" >&2
java -Xmx1g -cp "$jar" io.selenehsm.samples.SksBench --entries "$entries" --samples "$samples" \
  --dir "$work" "${pg_args[@]}" --out keystore-sks/results/latest.md
echo "sks-bench: after: $(uptime)" >&2
