#!/usr/bin/env bash
# The one documented benchmark command (issue 3 "Speed", issue 4 "Performance"):
#
#   scripts/bench.sh             full run: every row x route, 1 and 2 threads (~15 min on 2 cores)
#
# Routes: the engine (io.selenehsm.firmware.Hsm -> crypto()), the Selene JCA provider, the JDK's
# providers, Bouncy Castle, ACCP, and SunPKCS11 over SoftHSM2.
#   QUICK=1 scripts/bench.sh     smoke run: one short iteration per row, 1 thread (~2 min)
#
# Builds the JMH uber-jar, sets up a SoftHSM2 token (scripts/softhsm.sh), runs
# io.selenehsm.bench.CryptoBenchmark with JSON output and prints the Markdown report. A full run
# writes it to benchmarks/results/latest.md; a QUICK run to benchmarks/target/jmh/quick.md, a run
# narrowed by BENCH or changed by JMH_ARGS to benchmarks/target/jmh/partial.md.
#
# Optional environment: BENCH (a JMH include regex, default every row), THREADS ("1 2"),
# JMH_ARGS (extra JMH options, e.g. "-prof gc").
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/benchmarks/target/jmh"
JAR="$ROOT/benchmarks/target/selene-benchmarks.jar"

echo "== building the benchmarks jar" >&2
mvn -q -pl benchmarks -am package -DskipTests

echo "== setting up SoftHSM2" >&2
PKCS11_ARGS=()
if CONF=$(scripts/softhsm.sh); then
  export SOFTHSM2_CONF="$(dirname "$CONF")/softhsm2.conf"
  PKCS11_ARGS=("-Dselene.bench.pkcs11.config=$CONF" "-Dselene.bench.pkcs11.pin=$(cat "$(dirname "$CONF")/pin")")
else
  echo "bench.sh: SoftHSM2 could not be set up; its rows will be skipped" >&2
fi

BENCH="${BENCH:-io.selenehsm.bench.CryptoBenchmark}"
if [ "${QUICK:-0}" = "1" ]; then
  SETTINGS=(-f 1 -wi 0 -i 1 -r 500ms)
  THREADS="${THREADS:-1}"
  REPORT="$OUT/quick.md"
else
  # 2 cores, 11 rows x 6 routes x 2 thread counts: one fork per trial, a 2 s warm-up and three
  # 1 s measured iterations (~6.5 s per trial with the fork's start).
  SETTINGS=(-f 1 -wi 1 -w 2s -i 3 -r 1s)
  THREADS="${THREADS:-1 2}"
  REPORT="$ROOT/benchmarks/results/latest.md"
fi
if [ "$BENCH" != "io.selenehsm.bench.CryptoBenchmark" ] || [ -n "${JMH_ARGS:-}" ]; then
  REPORT="$OUT/partial.md" # a narrowed or modified run never replaces the committed report
fi

mkdir -p "$OUT"
rm -f "$OUT"/jmh-t*.json "$OUT"/jmh-t*.log
LOAD_BEFORE=$(uptime)
START=$(date +%s)
RESULTS=()
LOGS=()
for t in $THREADS; do
  echo "== JMH, $t thread(s): ${SETTINGS[*]}" >&2
  # -foe false: a skipped route (SoftHSM2 without Ed25519, ACCP not loaded) fails only its trial.
  java "${PKCS11_ARGS[@]}" -jar "$JAR" "$BENCH" "${SETTINGS[@]}" -t "$t" -foe false \
    -rf json -rff "$OUT/jmh-t$t.json" ${JMH_ARGS:-} 2>&1 | tee "$OUT/jmh-t$t.log"
  RESULTS+=("$OUT/jmh-t$t.json")
  LOGS+=(--log "$OUT/jmh-t$t.log")
done
LOAD_AFTER=$(uptime)
MINUTES=$(( ($(date +%s) - START + 59) / 60 ))

CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
JAVA=$(java -version 2>&1 | head -n 1)
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
mkdir -p "$(dirname "$REPORT")"
python3 benchmarks/report.py "${RESULTS[@]}" "${LOGS[@]}" --out "$REPORT" \
  --note "Command: \`${QUICK:+QUICK=$QUICK }scripts/bench.sh\` (JMH ${SETTINGS[*]}, threads: $THREADS; about $MINUTES min) at commit $COMMIT, $(date -u '+%Y-%m-%d %H:%M UTC')." \
  --note "" \
  --note "Machine: $(nproc) cores, $CPU; $JAVA; ACCP 2.5.0 (linux-x86_64), Bouncy Castle 1.81, SoftHSM2 $(dpkg-query -W -f='${Version}' softhsm2 2>/dev/null || echo '?')." \
  --note "" \
  --note "Load (uptime) before: \`${LOAD_BEFORE# }\`; after: \`${LOAD_AFTER# }\`. The machine is shared with other builds, so read ratios within a row rather than absolute values." \
  --note "" \
  --note "Routes: *Selene engine* = \`Hsm.crypto()\` single-part commands on key handles; *Selene JCA provider* = \`SeleneProvider\` over the device driver (pooled sessions, handle-backed keys). Signature rows sign a 256-byte message; GCM uses a fresh caller-chosen 96-bit IV per operation on every route; raw Signature and Mac objects are initialised once per thread, the engine resolves the key handle and checks it on every call. Key generation on the engine creates session objects (destroyed after each iteration, outside the measurement)."
echo "report: $REPORT" >&2
