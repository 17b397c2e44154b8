#!/usr/bin/env bash
# The HA router benchmark (issue 6 "Speed"), one command:
#
#   scripts/ha-bench.sh          (~4 min on 2 cores)
#
# Reports side by side, in one run:
#   1. single-part sign throughput (ECDSA P-256, RSA-2048) through a 2-member and a 3-member HA
#      group vs a member's own partition slot, with the HA overhead (target <= 5 %)
#      -- JMH, io.selenehsm.bench.HaSignBenchmark, one thread, round robin;
#   2. key-creation latency with replication (groups of 2 and 3) vs without (p50/p99/mean)
#   3. time from a member failure (DeviceFaults.unplug) to the first successful operation on a
#      survivor, p50/p99 over 200 trials (target p99 <= 50 ms)
#      -- 2 and 3: a plain-Java harness with warm-up, io.selenehsm.bench.HaLatencyBench.
# Writes ha-router/results/latest.md (with the machine load before and after) and prints it.
#
# Optional environment: JMH_ARGS (replaces the JMH settings), KEYS (timed key creations per
# row, default 300), TRIALS (failover trials, default 200). A run with any of them set writes
# ha-router/target/ha-bench-partial.md instead of the committed report.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/ha-router/target/ha-bench"
JAR="$ROOT/benchmarks/target/selene-benchmarks.jar"
REPORT="$ROOT/ha-router/results/latest.md"
if [ -n "${JMH_ARGS:-}${KEYS:-}${TRIALS:-}" ]; then
  REPORT="$ROOT/ha-router/target/ha-bench-partial.md"
fi
# Two forks per trial (fork-to-fork noise on a shared machine), 2 warm-up and 4 measured
# iterations of 2 s each.
read -r -a SETTINGS <<< "${JMH_ARGS:--f 2 -wi 2 -w 2s -i 4 -r 2s}"

echo "== building the benchmarks jar" >&2
mvn -q -pl benchmarks -am package -DskipTests

mkdir -p "$OUT" "$(dirname "$REPORT")"
LOAD_BEFORE=$(uptime)
START=$(date +%s)
echo "== JMH: io.selenehsm.bench.HaSignBenchmark ${SETTINGS[*]}" >&2
java -jar "$JAR" io.selenehsm.bench.HaSignBenchmark "${SETTINGS[@]}" -t 1 \
  -rf json -rff "$OUT/jmh.json" > "$OUT/jmh.log"
echo "== HaLatencyBench" >&2
java -cp "$JAR" io.selenehsm.bench.HaLatencyBench "${KEYS:-300}" "${TRIALS:-200}" \
  > "$OUT/latency.md"
LOAD_AFTER=$(uptime)
SECONDS_TAKEN=$(( $(date +%s) - START ))

python3 - "$OUT/jmh.json" "$OUT/latency.md" "$REPORT" "$LOAD_BEFORE" "$LOAD_AFTER" \
  "$SECONDS_TAKEN" "${SETTINGS[*]}" <<'PY'
import json, sys, datetime
jmh, latency, report, before, after, took, settings = sys.argv[1:8]
rows = {}
for r in json.load(open(jmh)):
    p = r["params"]
    m = r["primaryMetric"]
    rows[(p["alg"], p["route"])] = (m["score"], m["scoreError"])
names = {"direct": "direct partition slot", "ha2": "HA group, 2 members",
         "ha3": "HA group, 3 members"}
out = []
out.append("# HA router benchmark\n")
out.append("Command: `scripts/ha-bench.sh` (%s UTC, %s s).  " % (
    datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"), took))
out.append("Load before: `%s`  " % before.strip())
out.append("Load after: `%s`\n" % after.strip())
out.append("In-process emulated devices (in-memory USB HSM 7s, V0 partitions, one domain); the"
           " machine is shared (2 cores), so differences of a few per cent are within noise.\n")
out.append("### Sign throughput (single-part, one thread, round robin)\n")
out.append("JMH `io.selenehsm.bench.HaSignBenchmark`, settings `%s -t 1`.\n" % settings)
out.append("| Mechanism | Route | ops/s | ± (99.9 %) | HA overhead vs direct | target ≤ 5 % |")
out.append("|---|---|---:|---:|---:|---|")
for alg, mech in (("ECDSA_P256", "ECDSA P-256 (CKM_ECDSA_SHA256)"),
                  ("RSA_2048", "RSA-2048 (CKM_SHA256_RSA_PKCS)")):
    direct = rows.get((alg, "direct"), (None, None))[0]
    for route in ("direct", "ha2", "ha3"):
        if (alg, route) not in rows:
            continue
        score, err = rows[(alg, route)]
        if route == "direct" or not direct:
            over, verdict = "—", ""
        else:
            o = (direct - score) / direct * 100
            over, verdict = "%.1f %%" % o, ("met" if o <= 5 else "missed")
        out.append("| %s | %s | %.0f | %.0f | %s | %s |" % (mech, names[route], score, err,
                                                           over, verdict))
out.append("")
out.append(open(latency).read().rstrip())
out.append("")
open(report, "w").write("\n".join(out) + "\n")
print("\n".join(out))
PY
echo "== written to $REPORT" >&2
