#!/usr/bin/env python3
"""Turns JMH JSON results of CryptoBenchmark into the Markdown report (benchmarks/results/latest.md).

usage:
  report.py [--log JMH_LOG]... [--profile-log LOG] [--note TEXT]... [--save DATA.json]
            [--out FILE] [--readme README.md] RESULT.json...
  report.py --from DATA.json [--out FILE] [--readme README.md]     # regenerate from a saved run
  report.py --below 0.9 RESULT.json...   # benchmark methods whose provider route is below 0.9x

Throughput rows come as ops/s; rows measured in single-shot batches (key generation, KEM) come as
milliseconds per batch and are turned into ops/s (threads x batch size / batch time). Errors are
JMH's 99.9% confidence half-widths; a ratio's relative error is the root sum of squares of its two
relative errors. Cells whose half-width exceeds 10% of their mean are listed. --save writes every
input (results, skip reasons, profiles, notes) to one JSON file, from which --from rebuilds the
same report and the README table (between <!-- bench-table:begin --> and <!-- bench-table:end -->).
"""
import argparse
import json
import math
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
    ("mlDsa65Sign", "ML-DSA-65 sign", 0),
    ("mlKem768Encapsulate", "ML-KEM-768 encapsulate", 0),
    ("mlKem768Decapsulate", "ML-KEM-768 decapsulate", 0),
    ("rsa2048KeyGen", "RSA-2048 key pair generation", 0),
    ("ecP256KeyGen", "EC P-256 key pair generation", 0),
    ("ecP256TokenKeyGen", "EC P-256 durable token key pair (fsync)", 0),
]
TITLES = {m: t for m, t, _ in ROWS}
PAYLOAD = {m: p for m, _, p in ROWS}
ROUTES = ["engine", "provider", "jdk", "bc", "accp", "softhsm"]
ROUTE_NAMES = {"engine": "Selene engine", "provider": "Selene JCA provider", "jdk": "JDK",
               "bc": "Bouncy Castle", "accp": "ACCP", "softhsm": "SunPKCS11+SoftHSM2"}
RAW = {"jdk", "bc", "accp"}
SELENE = {"engine", "provider"}
BOUND = 0.10  # issue 15: every Selene cell's 99.9% half-width within 10% of its mean
PROFILE_BELOW = 0.9  # issue 15: stack profile of the provider route for rows below 0.9x
PROVIDER_TARGETS = {  # issue 15 goals for the provider route at 1 thread (x fastest raw)
    "aes256Gcm1KiB": 0.9, "hmacSha256_1KiB": 0.9, "aes256Gcm16KiB": 0.9,
    "ecP256KeyGen": 0.5, "rsa2048KeyGen": 0.95,
}
SIGNATURE_FLOOR = 0.95  # issue 15: no signature row below 0.95x
README_BEGIN = "<!-- bench-table:begin -->"
README_END = "<!-- bench-table:end -->"


# ---- input

def load(paths):
    """[{method, route, threads, ops, rel}]: ops/s and the relative 99.9% half-width."""
    cells = []
    for path in paths:
        with open(path) as f:
            entries = json.load(f)
        for entry in entries:
            method = entry["benchmark"].rsplit(".", 1)[1]
            route = entry.get("params", {}).get("route", "?")
            metric = entry["primaryMetric"]
            score, unit = metric["score"], metric["scoreUnit"]
            error = metric.get("scoreError")
            rel = error / score if isinstance(error, (int, float)) and error == error and score \
                else None
            threads = entry["threads"]
            if unit == "ops/s":
                ops = score
            elif entry["mode"] == "ss" and unit in ("ms/op", "s/op", "us/op"):
                scale = {"s/op": 1.0, "ms/op": 1e-3, "us/op": 1e-6}[unit]
                ops = threads * entry["measurementBatchSize"] / (score * scale)
            else:
                sys.exit(f"{path}: {method} has a score in {unit}, which the report cannot use")
            cells.append({"method": method, "route": route, "threads": threads, "ops": ops,
                          "rel": rel, "mode": entry["mode"],
                          "batch": entry.get("measurementBatchSize", 1),
                          "samples": len([x for fork in metric.get("rawData", []) for x in fork]),
                          "forks": entry.get("forks")})
    return cells


def skips(logs):
    """{'route / title': reason} from 'SKIPPED route / title: why' lines."""
    found = {}
    pattern = re.compile(r"SKIPPED (\w+) / ([^:]+): (.*)")
    for path in logs:
        with open(path, errors="replace") as f:
            for line in f:
                m = pattern.search(line)
                if m:
                    found[f"{m.group(1)} / {m.group(2).strip()}"] = m.group(3).strip()
    return found


def profiles(path):
    """{method: text} from a JMH log of a '-prof stack' run (route=provider only)."""
    if not path:
        return {}
    found, current, lines = {}, None, []
    start = re.compile(r'^Secondary result "[\w.]+\.(\w+):\W?stack":')
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = start.match(line)
            if m:
                if current:
                    found[current] = "\n".join(lines).strip()
                current, lines = m.group(1), []
                continue
            if current is not None:
                if line.startswith("# ") or line.startswith("Secondary result") \
                        or line.startswith("Benchmark ") or line.startswith("# Run complete"):
                    found[current] = "\n".join(lines).strip()
                    current, lines = None, []
                else:
                    lines.append(line)
    if current:
        found[current] = "\n".join(lines).strip()
    return found


# ---- arithmetic

def index(cells):
    """{(method, threads): {route: cell}}"""
    table = {}
    for c in cells:
        table.setdefault((c["method"], c["threads"]), {})[c["route"]] = c
    return table


def ratio(a, b):
    """(value, relative error) of a/b, or None; the relative errors add in quadrature."""
    if not a or not b:
        return None
    if a["rel"] is None or b["rel"] is None:
        return (a["ops"] / b["ops"], None)
    return (a["ops"] / b["ops"], math.hypot(a["rel"], b["rel"]))


def fastest_raw(row_cells):
    raw = [c for r, c in row_cells.items() if r in RAW]
    return max(raw, key=lambda c: c["ops"]) if raw else None


# ---- formatting

def fmt_ops(x):
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:,.1f}"
    return f"{x:,.2f}"


def fmt_ratio(r):
    if r is None:
        return "–"
    value, rel = r
    return f"{value:.2f}×" + ("" if rel is None else f" ±{value * rel:.2f}")


def fmt_cell(c):
    text = fmt_ops(c["ops"])
    if c["rel"] is not None:
        text += f" ±{c['rel'] * 100:.1f}%"
    else:
        text += " (no error bar)"
    if PAYLOAD.get(c["method"]):
        text += f" ({c['ops'] * PAYLOAD[c['method']] / 1e6:,.0f} MB/s)"
    if missed(c):
        text = f"**{text}**"
    return text


def missed(c):
    return c["rel"] is None or c["rel"] > BOUND


def render(data):
    table = index(data["cells"])
    skipped = data["skips"]
    out = ["# Selene benchmark: engine and provider vs raw primitives vs SunPKCS11+SoftHSM2", ""]
    out += data["notes"]
    out += ["",
            "Throughput in operations per second (higher is better) ± JMH's 99.9% confidence "
            "half-width as a percentage of the mean. Cells in **bold** miss the ±10% bound. "
            "Rows measured in single-shot batches (key generation, ML-KEM) are converted from "
            "batch times: threads × batch size / batch time, with the batch time's relative "
            "error.", ""]
    threads_seen = sorted({t for (_, t) in table})
    for threads in threads_seen:
        rows = [(m, t) for m, t, _ in ROWS if (m, threads) in table]
        if not rows:
            continue
        out.append(f"## Throughput, {threads} thread{'s' if threads > 1 else ''}")
        out.append("")
        out.append("| row | " + " | ".join(ROUTE_NAMES[r] for r in ROUTES) + " |")
        out.append("|---|" + "---:|" * len(ROUTES))
        for method, title in rows:
            cells = table[(method, threads)]
            line = [title]
            for r in ROUTES:
                if r in cells:
                    line.append(fmt_cell(cells[r]))
                else:
                    reason = skipped.get(f"{r} / {title}")
                    line.append("skipped" + (f" ({reason})" if reason else "")
                                if reason or threads == 1 else "–")
            out.append("| " + " | ".join(line) + " |")
        out.append("")
        out.append(f"### Ratios, {threads} thread{'s' if threads > 1 else ''}")
        out.append("")
        out.append("| row | provider / fastest raw | provider / SunPKCS11 | engine / fastest raw "
                   "| engine / SunPKCS11 | fastest raw |")
        out.append("|---|---:|---:|---:|---:|---|")
        for method, title in rows:
            cells = table[(method, threads)]
            best = fastest_raw(cells)
            hsm = cells.get("softhsm")
            prov, eng = cells.get("provider"), cells.get("engine")
            out.append(f"| {title} | {fmt_ratio(ratio(prov, best))} | {fmt_ratio(ratio(prov, hsm))}"
                       f" | {fmt_ratio(ratio(eng, best))} | {fmt_ratio(ratio(eng, hsm))} | "
                       f"{ROUTE_NAMES[best['route']] if best else '–'} |")
        out.append("")
    out += scaling(table)
    out += targets(table)
    out += durable(table)
    out += bound_report(data["cells"])
    out += profile_section(table, data["profiles"])
    return "\n".join(out)


def scaling(table):
    pairs = [(m, r) for (m, t), cells in table.items() if t == 2 for r in cells
             if (m, 1) in table and r in table[(m, 1)]]
    if not pairs:
        return []
    out = ["## Scaling from 1 to 2 threads", "",
           "Issue 15's goal for the small operations: the provider at 2 threads ≥ 1.8× its own "
           "1-thread throughput.", "",
           "| row | route | 1 thread | 2 threads | 2 / 1 |", "|---|---|---:|---:|---:|"]
    order = {m: i for i, (m, _, _) in enumerate(ROWS)}
    for m, r in sorted(pairs, key=lambda p: (order.get(p[0], 99), ROUTES.index(p[1]))):
        one, two = table[(m, 1)][r], table[(m, 2)][r]
        out.append(f"| {TITLES.get(m, m)} | {ROUTE_NAMES[r]} | {fmt_ops(one['ops'])} | "
                   f"{fmt_ops(two['ops'])} | {fmt_ratio(ratio(two, one))} |")
    out.append("")
    return out


def targets(table):
    out = ["## Provider route against issue 15's goals (1 thread)", "",
           "| row | provider / fastest raw | goal | met |", "|---|---:|---:|---|"]
    for method, title, _ in ROWS:
        cells = table.get((method, 1))
        if not cells or "provider" not in cells:
            continue
        goal = PROVIDER_TARGETS.get(method)
        if goal is None and method in ("rsa2048Pkcs1Sha256Sign", "rsa2048Pkcs1Sha256Verify",
                                       "rsa2048PssSha256Sign", "ecdsaP256Sha256Sign",
                                       "ecdsaP256Sha256Verify", "ed25519Sign"):
            goal = SIGNATURE_FLOOR
        if goal is None:
            continue
        r = ratio(cells["provider"], fastest_raw(cells))
        if r is None:
            continue
        value, rel = r
        verdict = "yes" if value >= goal else "no"
        if rel is not None and (value - value * rel) < goal <= (value + value * rel):
            verdict += " (within error)"
        out.append(f"| {title} | {fmt_ratio(r)} | ≥ {goal}× | {verdict} |")
    out.append("")
    return out


def durable(table):
    """What bounds the durable token-object row: key generation, and the forced writes."""
    token = table.get(("ecP256TokenKeyGen", 1), {})
    session = table.get(("ecP256KeyGen", 1), {})
    prov, floor = token.get("provider"), token.get("accp")
    if not prov:
        return []
    us = lambda c: 1e6 / c["ops"]
    out = ["## What bounds the durable token key pair", ""]
    text = (f"Through the provider a durable EC P-256 key pair (generate, then `makePersistent` "
            f"of both keys) takes {us(prov):,.0f} µs")
    if session.get("provider"):
        text += (f"; the same pair as session objects takes {us(session['provider']):,.1f} µs, so "
                 f"persisting costs {us(prov) - us(session['provider']):,.0f} µs")
    if floor and session.get("accp"):
        force = us(floor) - us(session["accp"])
        text += (f". The floor on this disk (ACCP key pair + one appended record forced with "
                 f"`FileChannel.force(true)`) is {us(floor):,.0f} µs, of which the forced write "
                 f"is about {force:,.0f} µs")
        if force > 0 and session.get("provider"):
            text += (f": persisting costs about {(us(prov) - us(session['provider'])) / force:.1f}"
                     f" forced writes")
    text += (". A durable pair cannot be faster than the floor on the same disk: where "
             "persisting costs about one forced write per commit, the row is bounded by the "
             "disk's flush latency, not by computation, and only fewer commits per pair (both "
             "keys in one) or a faster flush would move it.")
    if token.get("engine"):
        text += (f" The engine route (C_GenerateKeyPair with CKA_TOKEN=true on both templates) "
                 f"takes {us(token['engine']):,.0f} µs.")
    out += [text, ""]
    return out


def bound_report(cells):
    missing = [c for c in cells if missed(c)]
    out = ["## Cells outside the ±10% bound", ""]
    if not missing:
        out += ["Every cell's 99.9% half-width is within 10% of its mean.", ""]
        return out
    selene = [c for c in missing if c["route"] in SELENE]
    out.append(f"{len(selene)} Selene cell(s) and {len(missing) - len(selene)} other cell(s) "
               "miss the bound (half-width / mean):")
    out.append("")
    single = [c for c in missing if c["rel"] is None]
    if single:
        out.append(f"- {len(single)} cell(s) have one sample and no error bar (a QUICK run, or a "
                   "single-iteration setting)")
        missing = [c for c in missing if c["rel"] is not None]
    order = {m: i for i, (m, _, _) in enumerate(ROWS)}
    for c in sorted(missing, key=lambda c: (c["route"] not in SELENE, c["threads"],
                                           order.get(c["method"], 99), ROUTES.index(c["route"]))):
        rel = "no error bar (one sample)" if c["rel"] is None else f"±{c['rel'] * 100:.1f}%"
        out.append(f"- {TITLES.get(c['method'], c['method'])}, {ROUTE_NAMES[c['route']]}, "
                   f"{c['threads']} thread(s): {rel}")
    out.append("")
    return out


def profile_section(table, found):
    below = below_rows(table, PROFILE_BELOW)
    if not below and not found:
        return []
    out = ["## Where the provider route spends its time (rows below "
           f"{PROFILE_BELOW}× the fastest raw primitive)", "",
           "From a second, short pass of the same command over these rows on the provider route "
           "alone, with JMH's stack profiler (`-prof stack`: thread dumps every 10 ms). Frames of "
           "the JDK, Bouncy Castle, ACCP and JMH are folded into the Selene frame that called "
           "them, so each line is the Selene code a sample was in (and its caller); the "
           "primitive's own time shows under the engine method that calls it.", ""]
    for method in below:
        title = TITLES.get(method, method)
        text = found.get(method)
        out.append(f"### {title}")
        out.append("")
        if text:
            out += stack_table(text)
        else:
            out += ["(no profile: the profiled pass did not run this row)", ""]
    return out


def stack_table(text):
    """The RUNNABLE samples of a stack-profiler text as a table, noise threads left out.

    The profiler samples every thread of the fork; the ones that run only JDK or JMH code (the
    JMH link reading its socket) show as an empty stack once those frames are folded away. The
    shares are recomputed over the samples that reached Selene or benchmark code, which are the
    benchmark thread's.
    """
    section = re.search(r"\[Thread state: RUNNABLE\]\.*\n(.*?)(?:\n\s*\.\.\.\.\[|\Z)", text,
                        re.S)
    distribution = re.search(r"([\d.]+)%\s+RUNNABLE", text)
    if not section or not distribution:
        return ["```", text, "```", ""]
    entries, empty = [], 0.0
    for line in section.group(1).splitlines():
        head = re.match(r"\s*([\d.]+)%\s+[\d.]+%\s+(.*)", line)
        if head:
            share, frame = float(head.group(1)), head.group(2).strip()
            if frame.startswith("<stack is empty"):
                empty += share
            elif frame == "<other>":  # the profiler's own bucket beyond its top stacks
                entries.append([share, "(all other stacks)", ""])
            else:
                entries.append([share, frame, ""])
        elif line.strip() and entries and not entries[-1][2]:
            entries[-1][2] = line.strip()
    total = float(distribution.group(1)) - empty
    if total <= 0 or not entries:
        return ["```", text, "```", ""]
    out = ["| share of samples | Selene frame | called from |", "|---:|---|---|"]
    for share, frame, caller in entries:
        name = frame if frame.startswith("(") else f"`{frame}`"
        out.append(f"| {100 * share / total:.1f}% | {name} | " + (f"`{caller}` |" if caller
                                                                   else "|"))
    rest = 100 * (total - sum(share for share, _, _ in entries)) / total
    if rest >= 0.5 and not any(f == "(all other stacks)" for _, f, _ in entries):
        out.append(f"| {rest:.1f}% | (other stacks) | |")
    out.append("")
    return out


def below_rows(table, limit):
    rows = []
    for method, _, _ in ROWS:
        cells = table.get((method, 1))
        if not cells or "provider" not in cells:
            continue
        r = ratio(cells["provider"], fastest_raw(cells))
        if r is not None and r[0] < limit:
            rows.append(method)
    return rows


# ---- README table

def readme_table(data):
    table = index(data["cells"])
    out = ["| row | Selene JCA provider (ops/s) | × fastest raw | × SunPKCS11 | Selene engine "
           "(ops/s) | fastest raw (ops/s) | SunPKCS11+SoftHSM2 (ops/s) |",
           "|---|---:|---:|---:|---:|---|---:|"]
    for method, title, _ in ROWS:
        cells = table.get((method, 1))
        if not cells:
            continue
        best, hsm = fastest_raw(cells), cells.get("softhsm")
        prov, eng = cells.get("provider"), cells.get("engine")
        cell = lambda c: "–" if not c else fmt_ops(c["ops"]) + (
            f" ±{c['rel'] * 100:.0f}%" if c["rel"] is not None else "")
        out.append(f"| {title} | {cell(prov)} | {fmt_ratio(ratio(prov, best))} | "
                   f"{fmt_ratio(ratio(prov, hsm))} | {cell(eng)} | "
                   f"{(ROUTE_NAMES[best['route']] + ' ' + cell(best)) if best else '–'} | "
                   f"{cell(hsm)} |")
    return "\n".join(out)


def update_readme(path, data):
    with open(path) as f:
        text = f.read()
    if README_BEGIN not in text or README_END not in text:
        sys.exit(f"{path}: no {README_BEGIN} ... {README_END} block to replace")
    head, rest = text.split(README_BEGIN, 1)
    _, tail = rest.split(README_END, 1)
    summary = "\n\n".join(n for n in data["notes"]
                          if n.startswith(("Command:", "Machine:", "Load average")))
    block = (f"{README_BEGIN}\n{summary}\n\n1 thread; ratios with their propagated 99.9% error "
             f"bars; the durable row's raw cell is its floor (key pair + one forced write):\n\n"
             f"{readme_table(data)}\n{README_END}")
    with open(path, "w") as f:
        f.write(head + block + tail)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("results", nargs="*", help="JMH -rf json result files")
    ap.add_argument("--log", action="append", default=[], help="JMH console log (skip reasons)")
    ap.add_argument("--profile-log", help="JMH console log of the -prof stack pass")
    ap.add_argument("--note", action="append", default=[], help="a line for the report header")
    ap.add_argument("--save", help="write every input of the report to this JSON file")
    ap.add_argument("--from", dest="source", help="rebuild from a file written by --save")
    ap.add_argument("--out", help="also write the report to this file")
    ap.add_argument("--readme", help="replace the README's benchmark table block")
    ap.add_argument("--below", type=float,
                    help="print the methods whose 1-thread provider/fastest raw is below this")
    args = ap.parse_args()
    if args.source:
        with open(args.source) as f:
            data = json.load(f)
    else:
        if not args.results:
            ap.error("give JMH result files or --from")
        data = {"cells": load(args.results), "skips": skips(args.log),
                "profiles": profiles(args.profile_log), "notes": args.note}
    if args.below is not None:
        print(" ".join(below_rows(index(data["cells"]), args.below)))
        return
    if args.save:
        with open(args.save, "w") as f:
            json.dump(data, f, indent=1, ensure_ascii=False)
            f.write("\n")
    report = render(data)
    print(report)
    if args.out:
        with open(args.out, "w") as f:
            f.write(report + "\n")
    if args.readme:
        update_readme(args.readme, data)


if __name__ == "__main__":
    main()
