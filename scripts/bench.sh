#!/usr/bin/env bash
# The one documented benchmark command (issue 3 "Speed", issue 15 "Trustworthy measurements"):
#
#   scripts/bench.sh             full run, writes benchmarks/results/latest.md (+ latest.json) and
#                                the README's table; planned for about 30 min on 2 quiet cores.
#                                Measured on 2 cores at load average ~20 (other builds): 50 min
#                                (throughput 17 min, batches 24 min, 2 threads 6 min, profiles and
#                                build 3 min); the report's "Command:" line gives each run's time
#   QUICK=1 scripts/bench.sh     smoke run: one fork, one short iteration per cell, 1 thread, no
#                                profiles (PROFILE=1 adds them), the served device's ECDSA row at
#                                8 threads and its round trip; about 3 min on 2 quiet cores
#                                (8.5 min measured at load average ~20, with profiles);
#                                writes benchmarks/target/jmh/quick.md
#
# Routes: the engine (io.selenehsm.firmware.Hsm -> crypto()), the Selene JCA provider, the JDK's
# providers, Bouncy Castle, ACCP, and SunPKCS11 over SoftHSM2 (scripts/softhsm.sh).
#
# Passes of a full run (all JMH, JSON output, console logs kept for skip reasons):
#   1. throughput rows (signatures, AES-GCM, HMAC, ML-DSA), 1 thread: 3 forks, 3 x 500 ms warm-up,
#      5 x 500 ms measured per fork (15 samples: a 99.9% half-width within 10% needs the
#      iteration-to-iteration spread below about 9%);
#   2. rows that create objects (key generation, durable token keys, ML-KEM), 1 thread: 3 forks of
#      single-shot batches, batch sizes and counts per row in CryptoBenchmark's annotations;
#   3. the small operations again at 2 threads (TWO_THREAD_ROWS), as pass 1 with 10 measured
#      iterations per fork;
#   3b. the served device (issue 13, "Performance"): ServedBenchmark's rows (SERVED_ROWS) on the
#      in-process provider, the provider over a served device on the Unix socket and with TLS on
#      loopback, and SunPKCS11+SoftHSM2, at SERVED_THREADS (default 1 2 8) threads, as pass 1
#      with a 5 s warm-up (SERVED);
#      then RoundTripBenchmark (C_GenerateRandom of 16 bytes, JMH SampleTime: p50 and p99) at 1
#      thread. The server runs in the benchmark's fork (see ServedDevice). About 22 min of a full
#      run on 2 quiet cores; QUICK runs ECDSA at 8 threads and the round trip only (about 1 min);
#   3c. top-up: every Selene cell outside the +-10% bound (and the fastest raw primitive of its
#      row when that misses too) measured again with 3 more forks, pooled in the report; up to 2
#      rounds (TOPUP_ROUNDS, TOPUP_MAX);
#   4. a profile pass (Java Flight Recorder, execution samples every 1 ms) of the provider route
#      alone over every row whose provider / fastest raw ratio is below 0.9 at 1 thread, for the
#      report's breakdown.
# benchmarks/report.py turns the JSON into the Markdown report: CPU, JDK, load average before and
# after, every cell with its error bar, ratios with propagated errors, the cells that miss the
# +-10% bound, what bounds the durable row, the profiles.
#
# Optional environment: ROWS (a regex over benchmark method names, e.g. 'aes256Gcm1KiB|ecP256KeyGen',
# narrows every pass), SERVED_THREADS (default '1 2 8', QUICK '8'; empty skips pass 3b), TWO_THREAD_ROWS (default 'aes256Gcm1KiB|aes256Gcm16KiB|hmacSha256_1KiB';
# empty skips pass 3), PROFILE=0 or 1 (skips or forces pass 4), JMH_ARGS (extra JMH options for passes 1-3, e.g.
# "-prof gc"). A narrowed or modified full run writes benchmarks/target/jmh/partial.md and leaves
# the committed report and the README alone.
#
# Regenerate the report and the README table from the saved data of the last full run:
#   python3 benchmarks/report.py --from benchmarks/results/latest.json \
#       --out benchmarks/results/latest.md --readme README.md
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/benchmarks/target/jmh"
JAR="$ROOT/benchmarks/target/selene-benchmarks.jar"
CLASS="io.selenehsm.bench.CryptoBenchmark"

THROUGHPUT_ROWS=(rsa2048Pkcs1Sha256Sign rsa2048Pkcs1Sha256Verify rsa2048PssSha256Sign
  ecdsaP256Sha256Sign ecdsaP256Sha256Verify ed25519Sign aes256Gcm1KiB aes256Gcm16KiB
  hmacSha256_1KiB mlDsa65Sign)
BATCH_ROWS=(mlKem768Encapsulate mlKem768Decapsulate rsa2048KeyGen ecP256KeyGen ecP256TokenKeyGen)
SERVED_CLASS="io.selenehsm.bench.ServedBenchmark"
SERVED_ROWS=(ecdsaP256Sha256Sign rsa2048Pkcs1Sha256Sign aes256Gcm1KiB)
ROUND_TRIP_CLASS="io.selenehsm.bench.RoundTripBenchmark"
ROUND_TRIP_ROWS=(generateRandom16)

echo "== building the benchmarks jar" >&2
mvn -B -ntp -q -pl benchmarks -am package -DskipTests

# The run forks JMH from a private copy of the jar, so a rebuild during a long run cannot change
# or corrupt what the remaining forks load.
mkdir -p "$OUT"
cp "$JAR" "$OUT/run.jar"
JAR="$OUT/run.jar"

echo "== setting up SoftHSM2" >&2
PKCS11_ARGS=()
if CONF=$(scripts/softhsm.sh); then
  export SOFTHSM2_CONF="$(dirname "$CONF")/softhsm2.conf"
  PKCS11_ARGS=("-Dselene.bench.pkcs11.config=$CONF" "-Dselene.bench.pkcs11.pin=$(cat "$(dirname "$CONF")/pin")")
else
  echo "bench.sh: SoftHSM2 could not be set up; its cells will be skipped" >&2
fi

QUICK_RUN=0
if [ "${QUICK:-0}" = "1" ]; then
  QUICK_RUN=1
  THROUGHPUT=(-f 1 -wi 0 -i 1 -r 200ms)
  TWO_THREADS=("${THROUGHPUT[@]}")
  BATCH=(-f 1 -wi 0 -i 1)
  TWO_THREAD_ROWS="${TWO_THREAD_ROWS-}"
  SERVED_THREADS="${SERVED_THREADS-8}"
  SERVED_ROWS=(ecdsaP256Sha256Sign)
  # The served route's gRPC path needs a warm-up before it reaches its speed.
  SERVED=(-f 1 -wi 3 -w 1s -i 1 -r 500ms)
  # SampleTime: one fork, a warm-up (the gRPC path needs its JIT) and thousands of samples.
  ROUND_TRIP=(-f 1 -wi 1 -w 500ms -i 1 -r 500ms)
  REPORT="$OUT/quick.md"
  DATA="$OUT/quick.json"
  README_ARGS=()
else
  THROUGHPUT=(-f 3 -wi 3 -w 500ms -i 5 -r 500ms)
  # Two threads on two cores feel every background task: twice the samples narrow the bound.
  TWO_THREADS=(-f 3 -wi 3 -w 500ms -i 10 -r 500ms)
  BATCH=(-f 3)
  TWO_THREAD_ROWS="${TWO_THREAD_ROWS-aes256Gcm1KiB|aes256Gcm16KiB|hmacSha256_1KiB}"
  SERVED_THREADS="${SERVED_THREADS-1 2 8}"
  # As pass 1 with 5 s of warm-up: on 2 cores the gRPC path's JIT was still speeding the served
  # routes up after 3 s (the in-process and SoftHSM2 routes are steady after 1 s).
  SERVED=(-f 3 -wi 10 -w 500ms -i 5 -r 500ms)
  ROUND_TRIP=(-f 3 -wi 3 -w 500ms -i 5 -r 500ms)
  REPORT="$ROOT/benchmarks/results/latest.md"
  DATA="$ROOT/benchmarks/results/latest.json"
  README_ARGS=(--readme "$ROOT/README.md")
fi
if [ -n "${ROWS:-}" ] || [ -n "${JMH_ARGS:-}" ]; then
  # A narrowed or modified run never replaces the committed report.
  REPORT="$OUT/partial.md"
  DATA="$OUT/partial.json"
  README_ARGS=()
fi

# The JMH include pattern for the given methods of CryptoBenchmark that ROWS lets through; empty
# when none. PATTERN_CLASS names another benchmark class.
pattern() {
  local class=${PATTERN_CLASS:-$CLASS}
  local chosen=()
  for m in "$@"; do
    if [ -z "${ROWS:-}" ] || [[ "$m" =~ ^(${ROWS})$ ]]; then chosen+=("$m"); fi
  done
  if [ ${#chosen[@]} -gt 0 ]; then
    local IFS='|'
    echo "${class//./\\.}\\.(${chosen[*]})\$"
  fi
}

mkdir -p "$OUT" "$(dirname "$REPORT")"
rm -f "$OUT"/pass-*.json "$OUT"/pass-*.log "$OUT"/profile.log
RESULTS=()
LOGS=()
# run NAME THREADS PATTERN SETTINGS...: one JMH invocation with JSON output and a kept log.
run() {
  local name=$1 threads=$2 include=$3
  shift 3
  [ -n "$include" ] || return 0
  echo "== JMH pass $name, $threads thread(s): $*" >&2
  # -foe false: a skipped route (SoftHSM2 without Ed25519, ACCP without ML-KEM) fails only its
  # trial.
  java "${PKCS11_ARGS[@]}" -jar "$JAR" "$include" "$@" -t "$threads" -foe false \
    -rf json -rff "$OUT/pass-$name.json" ${JMH_ARGS:-} 2>&1 | tee "$OUT/pass-$name.log"
  RESULTS+=("$OUT/pass-$name.json")
  LOGS+=(--log "$OUT/pass-$name.log")
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(date +%s)
run throughput 1 "$(pattern "${THROUGHPUT_ROWS[@]}")" "${THROUGHPUT[@]}"
run batches 1 "$(pattern "${BATCH_ROWS[@]}")" "${BATCH[@]}"
if [ -n "$TWO_THREAD_ROWS" ]; then
  IFS='|' read -r -a TWO <<< "$TWO_THREAD_ROWS"
  run two-threads 2 "$(pattern "${TWO[@]}")" "${TWO_THREADS[@]}"
fi
for t in ${SERVED_THREADS:-}; do
  run "served-$t" "$t" "$(PATTERN_CLASS=$SERVED_CLASS pattern "${SERVED_ROWS[@]}")" \
    "${SERVED[@]}"
done
if [ -n "${SERVED_THREADS:-}" ]; then
  run round-trip 1 "$(PATTERN_CLASS=$ROUND_TRIP_CLASS pattern "${ROUND_TRIP_ROWS[@]}")" \
    "${ROUND_TRIP[@]}"
fi

# Top-up (full runs): a cell that missed the +-10% bound -- a Selene cell, or the fastest raw
# primitive it is compared with -- is measured again with its pass's settings (3 more forks), and
# the report pools every fork of the cell. Up to TOPUP_ROUNDS rounds (default 2; 0 skips) of at
# most TOPUP_MAX cells each (default 16). Extra forks, not longer ones: most misses on 2 shared
# cores are one slow fork, which more forks outweigh.
TOPUPS=0
if [ "$QUICK_RUN" = 0 ] && [ ${#RESULTS[@]} -gt 0 ]; then
  for round in $(seq 1 "${TOPUP_ROUNDS:-2}"); do
    MISSING=$(python3 benchmarks/report.py --missing "${RESULTS[@]}" | head -n "${TOPUP_MAX:-16}")
    [ -n "$MISSING" ] || break
    i=0
    while read -r bench method route threads mode <&3; do
      i=$((i + 1))
      case "$bench/$mode/$threads" in
        ServedBenchmark/*) cls=$SERVED_CLASS SETTINGS=("${SERVED[@]}") ;;
        */ss/*) cls=$CLASS SETTINGS=("${BATCH[@]}") ;;
        */*/1) cls=$CLASS SETTINGS=("${THROUGHPUT[@]}") ;;
        *) cls=$CLASS SETTINGS=("${TWO_THREADS[@]}") ;;
      esac
      run "topup-$round-$i" "$threads" "${cls//./\\.}\\.$method\$" "${SETTINGS[@]}" \
        -p "route=$route"
      TOPUPS=$((TOPUPS + 1))
    done 3<<< "$MISSING"
  done
fi

PROFILE_ARGS=()
# QUICK runs skip the profiles unless PROFILE=1 (one sample per cell puts most rows below 0.9x).
if [ "${PROFILE:-$((1 - QUICK_RUN))}" != "0" ] && [ ${#RESULTS[@]} -gt 0 ]; then
  BELOW=$(python3 benchmarks/report.py --below 0.9 "${RESULTS[@]}")
  # Java Flight Recorder's execution samples (every 1 ms) of the benchmark thread; the
  # recording's settings are the JDK's "profile" ones with that period. DebugNonSafepoints keeps
  # the JIT's debug information at every instruction, so a sample in inlined code is charged to
  # the method it is in rather than to the nearest safepoint's.
  JAVA_BIN=$(dirname "$(readlink -f "$(command -v java)")")
  JAVA_HOME_DIR=$(dirname "$JAVA_BIN")
  sed '/<event name="jdk.ExecutionSample">/,/<\/event>/ s|\(<setting name="period"[^>]*>\)[^<]*|\11 ms|' \
    "$JAVA_HOME_DIR/lib/jfr/profile.jfc" > "$OUT/sample.jfc"
  rm -f "$OUT"/profile-*.jfr "$OUT"/profile-*.json
  for m in $BELOW; do
    case "$m" in
      rsa2048KeyGen) SETTINGS=(-wi 0 -i "$((QUICK_RUN ? 1 : 3))") ;;
      mlKem768Encapsulate | mlKem768Decapsulate | ecP256KeyGen | ecP256TokenKeyGen)
        SETTINGS=(-wi "$((QUICK_RUN ? 1 : 5))" -i "$((QUICK_RUN ? 10 : 40))") ;;
      *) SETTINGS=(-wi "$((QUICK_RUN ? 0 : 1))" -w 1s -i "$((QUICK_RUN ? 1 : 3))" -r 1s) ;;
    esac
    echo "== profiling the provider route of $m" >&2
    java "${PKCS11_ARGS[@]}" -jar "$JAR" "${CLASS//./\\.}\\.$m\$" -p route=provider -f 1 \
      "${SETTINGS[@]}" -t 1 \
      -jvmArgsAppend "-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:StartFlightRecording=filename=$OUT/profile-$m.jfr,settings=$OUT/sample.jfc" \
      2>&1 | tee -a "$OUT/profile.log" >&2
    if [ -f "$OUT/profile-$m.jfr" ]; then
      "$JAVA_BIN/jfr" print --json --stack-depth 256 --events jdk.ExecutionSample \
        "$OUT/profile-$m.jfr" > "$OUT/profile-$m.json"
      PROFILE_ARGS+=(--profile-jfr "$OUT/profile-$m.json")
    fi
  done
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
SECONDS_TAKEN=$(($(date +%s) - START))

CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
JAVA=$(java -version 2>&1 | head -n 1)
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
version() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml bom/pom.xml | head -n 1; }
python3 benchmarks/report.py "${RESULTS[@]}" "${LOGS[@]}" "${PROFILE_ARGS[@]}" \
  --save "$DATA" --out "$REPORT" "${README_ARGS[@]}" \
  --note "Command: \`${QUICK:+QUICK=$QUICK }${ROWS:+ROWS='$ROWS' }scripts/bench.sh\` at commit $COMMIT, $(date -u '+%Y-%m-%d %H:%M UTC'); $((SECONDS_TAKEN / 60)) min $((SECONDS_TAKEN % 60)) s of JMH. Throughput rows: JMH ${THROUGHPUT[*]}; batch rows: JMH ${BATCH[*]} with the batch sizes of CryptoBenchmark; 2 threads: ${TWO_THREAD_ROWS:-none}, JMH ${TWO_THREADS[*]}; served device: ${SERVED_ROWS[*]} at ${SERVED_THREADS:-no} thread(s), JMH ${SERVED[*]}, round trip JMH ${ROUND_TRIP[*]}; $TOPUPS top-up run(s) of a cell outside the ±10% bound (3 more forks each, pooled with its first forks)." \
  --note "" \
  --note "Machine: $(nproc) cores, $CPU; $JAVA; ACCP $(version accp.version) (linux-x86_64), Bouncy Castle $(version bouncycastle.version), SoftHSM2 $(dpkg-query -W -f='${Version}' softhsm2 2>/dev/null || echo '?')." \
  --note "" \
  --note "Load average (1, 5, 15 min) at the start: $LOAD_BEFORE; at the end: $LOAD_AFTER. Numbers from a loaded machine are noisy: read the ratios and their error bars, not the absolute values." \
  --note "" \
  --note "Routes: *Selene engine* = \`Hsm.crypto()\` single-part commands on key handles; *Selene JCA provider* = \`SeleneProvider\` over the device driver (pooled sessions, handle-backed keys). Signature rows sign a 256-byte message, ML-DSA hedged (a fresh random value per signature) on every route; GCM uses a fresh caller-chosen 96-bit IV per operation on every route; raw Signature and Mac objects are initialised once per thread, the engine resolves the key handle and checks it on every call. Key generation and ML-KEM on the Selene routes create session objects (token objects on the durable row), destroyed after each batch outside the measurement; ML-KEM's shared secret stays in the HSM on the Selene routes and is a software AES key on Bouncy Castle. ML-DSA and ML-KEM have no JDK cell on Java 17 (the JDK has them from 24)."
echo "report: $REPORT" >&2
