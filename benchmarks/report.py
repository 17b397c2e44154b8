#!/usr/bin/env python3
"""Turns JMH JSON results of CryptoBenchmark into the Markdown report (benchmarks/results/latest.md).

usage: report.py [--log JMH_LOG]... [--note TEXT]... [--out FILE] RESULT.json...

For each row and thread count it prints every route's throughput, its ratio to the fastest raw
primitive (jdk, bc, accp) and its ratio to SunPKCS11+SoftHSM2. Routes that were skipped are shown
with the reason found in the JMH log ("SKIPPED route / row: why").
"""
import argparse
import json
import re
import sys

ROWS = [  # (method, title, payload bytes for a throughput in MB/s, 0 for none)
    ("rsa2048Pkcs1Sha256Sign", "RSA-2048 PKCS#1 v1.5 SHA-256 sign", 0),
    ("rsa2048Pkcs1Sha256Verify", "RSA-2048 PKCS#1 v1.5 SHA-256 verify", 0),
    ("rsa2048PssSha256Sign", "RSA-2048 PSS SHA-256 sign", 0),
    ("ecdsaP256Sha256Sign", "ECDSA P-256 SHA-256 sign", 0),
    ("ecdsaP256Sha256Verify", "ECDSA P-256 SHA-256 verify", 0),
    ("ed25519Sign", "Ed25519 sign", 0),
    ("aes256Gcm1KiB", "AES-256-GCM encrypt 1 KiB", 1024),
    ("aes256Gcm16KiB", "AES-256-GCM encrypt 16 KiB", 16384),
    ("hmacSha256_1KiB", "HMAC-SHA256 1 KiB", 1024),
    ("rsa2048KeyGen", "RSA-2048 key pair generation", 0),
    ("ecP256KeyGen", "EC P-256 key pair generation", 0),
]
TITLES = {m: t for m, t, _ in ROWS}
ROUTES = ["engine", "provider", "jdk", "bc", "accp", "softhsm"]
ROUTE_NAMES = {"engine": "Selene engine", "provider": "Selene JCA provider", "jdk": "JDK",
               "bc": "Bouncy Castle", "accp": "ACCP", "softhsm": "SunPKCS11+SoftHSM2"}
RAW = {"jdk", "bc", "accp"}
ENGINE_TARGET = 0.95  # issue 3: the engine at >= 0.95x the fastest raw primitive


def load(paths):
    """{(method, threads): {route: (score, error)}}"""
    results = {}
    for path in paths:
        with open(path) as f:
            for entry in json.load(f):
                method = entry["benchmark"].rsplit(".", 1)[1]
                route = entry.get("params", {}).get("route", "?")
                metric = entry["primaryMetric"]
                if metric["scoreUnit"] != "ops/s":
                    sys.exit(f"{path}: expected ops/s, got {metric['scoreUnit']}")
                error = metric.get("scoreError")
                error = error if isinstance(error, (int, float)) and error == error else None
                results.setdefault((method, entry["threads"]), {})[route] = (metric["score"], error)
    return results


def skips(logs):
    """{(route, title): reason} from 'SKIPPED route / title: why' lines."""
    found = {}
    pattern = re.compile(r"SKIPPED (\w+) / ([^:]+): (.*)")
    for path in logs:
        with open(path, errors="replace") as f:
            for line in f:
                m = pattern.search(line)
                if m:
                    found[(m.group(1), m.group(2).strip())] = m.group(3).strip()
    return found


def fmt_ops(score):
    if score >= 100:
        return f"{score:,.0f}"
    return f"{score:,.1f}"


def fmt_ratio(x):
    return "–" if x is None else f"{x:.2f}×"


def render(results, skipped, notes):
    out = ["# Selene benchmark: engine vs raw primitives vs SunPKCS11+SoftHSM2", ""]
    out += notes
    out += ["",
            "Throughput in operations per second (higher is better), ± the 99.9% confidence "
            "half-width JMH reports. Each cell: ops/s · ratio to the fastest raw primitive "
            "(JDK, Bouncy Castle or ACCP) · ratio to SunPKCS11+SoftHSM2. The engine's target "
            f"(issue 3) is ≥ {ENGINE_TARGET}× the fastest raw primitive and > 1× SoftHSM2.", ""]
    threads_seen = sorted({t for (_, t) in results})
    routes = [r for r in ROUTES if any(r in v for v in results.values())
              or any(k[0] == r for k in skipped)]
    verdicts = []
    for threads in threads_seen:
        out.append(f"## {threads} thread{'s' if threads > 1 else ''}")
        out.append("")
        out.append("| row | " + " | ".join(ROUTE_NAMES[r] for r in routes) + " | fastest raw |")
        out.append("|---|" + "---|" * len(routes) + "---|")
        for method, title, payload in ROWS:
            cells = results.get((method, threads))
            if not cells:
                continue
            raw = {r: s for r, (s, _) in cells.items() if r in RAW}
            best_raw_route = max(raw, key=raw.get) if raw else None
            best_raw = raw.get(best_raw_route)
            hsm = cells.get("softhsm", (None, None))[0]
            row = [title]
            for r in routes:
                if r not in cells:
                    reason = skipped.get((r, title))
                    row.append("skipped" + (f" ({reason})" if reason else ""))
                    continue
                score, err = cells[r]
                text = fmt_ops(score)
                if err is not None:
                    text += f" ±{fmt_ops(err)}"
                if payload:
                    text += f" ({score * payload / 1e6:,.0f} MB/s)"
                to_raw = score / best_raw if best_raw else None
                to_hsm = score / hsm if hsm else None
                text += f" · {fmt_ratio(to_raw)} · {fmt_ratio(to_hsm)}"
                if r == "engine" and to_raw is not None and to_raw < ENGINE_TARGET:
                    text = f"**{text}**"
                row.append(text)
                if r == "engine":
                    verdicts.append((threads, title, to_raw, to_hsm, best_raw_route))
            row.append(ROUTE_NAMES[best_raw_route] if best_raw_route else "–")
            out.append("| " + " | ".join(row) + " |")
        out.append("")
    if verdicts:
        out.append("## Engine against its targets")
        out.append("")
        out.append("| threads | row | × fastest raw | × SoftHSM2 | fastest raw | meets target |")
        out.append("|---|---|---|---|---|---|")
        for threads, title, to_raw, to_hsm, best in verdicts:
            ok = (to_raw is not None and to_raw >= ENGINE_TARGET) and (to_hsm is None or to_hsm > 1)
            out.append(f"| {threads} | {title} | {fmt_ratio(to_raw)} | {fmt_ratio(to_hsm)} | "
                       f"{ROUTE_NAMES.get(best, '–')} | {'yes' if ok else 'no'} |")
        out.append("")
        out.append("Engine cells in **bold** are below the 0.95× target.")
        out.append("")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("results", nargs="+", help="JMH -rf json result files")
    ap.add_argument("--log", action="append", default=[], help="JMH console log (for skip reasons)")
    ap.add_argument("--note", action="append", default=[], help="a line for the report header")
    ap.add_argument("--out", help="also write the report to this file")
    args = ap.parse_args()
    report = render(load(args.results), skips(args.log), args.note)
    print(report)
    if args.out:
        with open(args.out, "w") as f:
            f.write(report + "\n")


if __name__ == "__main__":
    main()
