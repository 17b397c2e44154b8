#!/usr/bin/env python3
"""Turns JMH JSON results of CryptoBenchmark (and ServedBenchmark, RoundTripBenchmark) into the Markdown report (benchmarks/results/latest.md).

usage:
  report.py [--log JMH_LOG]... [--profile-jfr profile-METHOD.json]... [--note TEXT]...
            [--save DATA.json]
            [--out FILE] [--readme README.md] RESULT.json...
  report.py --from DATA.json [--out FILE] [--readme README.md]     # regenerate from a saved run
  report.py --below 0.9 RESULT.json...   # benchmark methods whose provider route is below 0.9x
  report.py --missing RESULT.json...     # cells outside the bound, for a top-up pass

Throughput rows come as ops/s; rows measured in single-shot batches (key generation, KEM) come as
milliseconds per batch and are turned into ops/s (threads x batch size / batch time). Errors are
JMH's 99.9% confidence half-widths; a ratio's relative error is the root sum of squares of its two
relative errors. Cells whose half-width exceeds 10% of their mean are listed. The same cell in
several result files (a top-up pass re-measures a cell that missed the bound with more forks) is
pooled: every measured iteration of every fork, and JMH's half-width over all of them. ServedBenchmark's
cells (the provider over a served device) and RoundTripBenchmark's latency samples (p50, p99) make
the "Served device" section. --save writes every
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
ROUTE_NAMES.update({"served-unix": "Selene provider, served (Unix socket)",
                    "served-tls": "Selene provider, served (TLS loopback)",
                    "in-process": "in-process device"})
ALL_ROUTES = ROUTES + ["served-unix", "served-tls", "in-process"]
MAIN = "CryptoBenchmark"
SERVED = "ServedBenchmark"
ROUND_TRIP = "RoundTripBenchmark"
SERVED_ROWS = ["ecdsaP256Sha256Sign", "rsa2048Pkcs1Sha256Sign", "aes256Gcm1KiB"]
SERVED_ROUTES = ["provider", "served-unix", "served-tls", "softhsm"]
SERVED_GOAL = ("ecdsaP256Sha256Sign", 8, 0.5)  # issue 13: Unix socket >= 0.5x in-process
ROUND_TRIP_GOALS = {"served-unix": 50.0, "served-tls": 100.0}  # issue 13: p50 in µs
TRANSPORT_NAMES = {"in-process": "in-process device", "served-unix": "served, Unix socket",
                   "served-tls": "served, TLS loopback"}
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

def t_quantile(p, df):
    """Student's t quantile (what JMH uses for its confidence half-width), by bisection on the
    distribution function written with the regularized incomplete beta function."""
    def beta_cf(a, b, x):  # continued fraction of the incomplete beta function
        tiny = 1e-300
        c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
        d = 1 / (d if abs(d) > tiny else tiny)
        h = d
        for m in range(1, 300):
            for num in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                        -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
                d = 1 + num * d
                d = 1 / (d if abs(d) > tiny else tiny)
                c = 1 + num / c
                c = c if abs(c) > tiny else tiny
                h *= d * c
        return h

    def inc_beta(a, b, x):
        if x <= 0:
            return 0.0
        if x >= 1:
            return 1.0
        front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                         + a * math.log(x) + b * math.log(1 - x))
        if x < (a + 1) / (a + b + 2):
            return front * beta_cf(a, b, x) / a
        return 1 - front * beta_cf(b, a, 1 - x) / b

    def cdf(t):
        tail = 0.5 * inc_beta(df / 2, 0.5, df / (df + t * t))
        return 1 - tail if t > 0 else tail

    lo, hi = 0.0, 1e4
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if cdf(mid) < p else (lo, mid)
    return (lo + hi) / 2


def pooled(entries):
    """One JMH entry for the forks of several runs of the same cell (a top-up pass adds forks
    to a cell whose error bar missed the bound): the mean of every measured iteration and JMH's
    99.9% half-width, t(0.9995, n - 1) x standard deviation / sqrt(n), over all of them."""
    if len(entries) == 1 or entries[0]["mode"] == "sample":
        return entries[0]
    forks = [fork for e in entries for fork in e["primaryMetric"].get("rawData", [])]
    values = [x for fork in forks for x in fork]
    n = len(values)
    mean = sum(values) / n
    error = float("nan")
    if n > 1:
        sd = math.sqrt(sum((x - mean) ** 2 for x in values) / (n - 1))
        error = t_quantile(0.9995, n - 1) * sd / math.sqrt(n)
    first = entries[0]
    metric = dict(first["primaryMetric"], score=mean, scoreError=error, rawData=forks)
    return dict(first, primaryMetric=metric, forks=sum(e.get("forks") or 0 for e in entries))


def load(paths):
    """[{method, route, threads, ops, rel}]: ops/s and the relative 99.9% half-width. Entries of
    the same cell from several files (a top-up pass) are pooled into one."""
    grouped = {}
    for path in paths:
        with open(path) as f:
            entries = json.load(f)
        for entry in entries:
            key = (entry["benchmark"], entry.get("params", {}).get("route", "?"),
                   entry["threads"], entry["mode"])
            grouped.setdefault(key, []).append(entry)
    cells = []
    for group in grouped.values():
        entry = pooled(group)
        bench, method = entry["benchmark"].rsplit(".", 2)[-2:]
        route = entry.get("params", {}).get("route", "?")
        metric = entry["primaryMetric"]
        score, unit = metric["score"], metric["scoreUnit"]
        error = metric.get("scoreError")
        rel = error / score if isinstance(error, (int, float)) and error == error and score \
            else None
        threads = entry["threads"]
        if entry["mode"] == "sample" and unit == "us/op":
            # A latency distribution: the mean's error bar, and the percentiles.
            pct = metric.get("scorePercentiles", {})
            cells.append({"bench": bench, "method": method, "route": route,
                          "threads": threads, "ops": 1e6 * threads / score, "rel": rel,
                          "mode": "sample", "mean_us": score, "p50_us": pct.get("50.0"),
                          "p99_us": pct.get("99.0"), "batch": 1,
                          "samples": sum(n for fork in metric.get("rawDataHistogram", [])
                                         for it in fork for _, n in it),
                          "forks": entry.get("forks")})
            continue
        if unit == "ops/s":
            ops = score
        elif entry["mode"] == "ss" and unit in ("ms/op", "s/op", "us/op"):
            scale = {"s/op": 1.0, "ms/op": 1e-3, "us/op": 1e-6}[unit]
            ops = threads * entry["measurementBatchSize"] / (score * scale)
        else:
            sys.exit(f"{entry['benchmark']}: {method} has a score in {unit},"
                     " which the report cannot use")
        cells.append({"bench": bench, "method": method, "route": route, "threads": threads, "ops": ops,
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


LAMBDA = re.compile(r"\$\$Lambda[^.]*\.(?:0x[0-9a-f]+|\d+)")  # a lambda's hidden class name


def jfr_profiles(paths):
    """{method: profile} from `jfr print --json --events jdk.ExecutionSample` files named
    profile-METHOD.json: the benchmark thread's samples in the measured loop, grouped by the Selene frame they were in.

    JFR samples threads wherever they are (not only at safepoints, as thread dumps do), so a loop
    does not draw samples it did not earn. A sample's Selene frame is its topmost frame of Selene
    code (the benchmark's generated JMH stubs left out); frames above it are the JDK, Bouncy
    Castle or ACCP code that frame called (the primitive, the JCA framework), counted apart.
    """
    found = {}
    for path in paths or []:
        m = re.search(r"profile-(\w+)\.json$", path)
        if not m:
            continue
        with open(path) as f:
            events = json.load(f)["recording"]["events"]
        groups, external, total = {}, 0, 0
        for e in events:
            v = e["values"]
            thread = (v.get("sampledThread") or {}).get("javaName") or ""
            if "jmh-worker" not in thread or not v.get("stackTrace"):
                continue
            names = [fr["method"]["type"]["name"].replace("/", ".") + "." + fr["method"]["name"]
                     for fr in v["stackTrace"]["frames"]]
            if not v["stackTrace"].get("truncated") and not any("_jmhStub" in n for n in names):
                continue  # the trial's set-up or tear-down, not the measured loop
            selene = [i for i, n in enumerate(names) if n.startswith("io.selenehsm.")
                      and ".jmh_generated." not in n]
            total += 1
            if not selene:
                key = ("(the JMH loop only)", "")
                inside = 0
            else:
                top = selene[0]
                caller = next((names[i] for i in selene[1:] if names[i] != names[top]), "")
                key = (LAMBDA.sub("$$Lambda", names[top]), LAMBDA.sub("$$Lambda", caller))
                inside = 1 if top > 0 else 0
            g = groups.setdefault(key, [0, 0])
            g[0] += 1
            g[1] += inside
            external += inside
        if total:
            rows = sorted(([k[0], k[1], n, ins] for k, (n, ins) in groups.items()),
                          key=lambda r: -r[2])
            found[m.group(1)] = {"kind": "jfr", "samples": total, "external": external,
                                 "rows": rows}
    return found


# ---- arithmetic

def bench_of(c):
    """The benchmark class of a cell; reports saved before the served rows have only one."""
    return c.get("bench", MAIN)


def index(cells, bench=MAIN):
    """{(method, threads): {route: cell}} of one benchmark class's cells"""
    table = {}
    for c in cells:
        if bench_of(c) != bench:
            continue
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


def fmt_op_us(micros):
    """A time per operation: two decimals below 10 µs, where the small operations sit."""
    return f"{micros:,.2f} µs" if micros < 10 else f"{micros:,.1f} µs"


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
    out += served_section(data["cells"], data["notes"])
    return "\n".join(out)


def load_average(notes):
    """The run's load average note, without its advice on reading noisy numbers."""
    for n in notes:
        if n.startswith("Load average"):
            return re.split(r"(?<=\d)\. ", n, 1)[0].rstrip(".") + "."
    return "Load average: not recorded."


def served_section(cells, notes):
    """Issue 13: the provider over a served device against the in-process provider."""
    table = index(cells, SERVED)
    latency = [c for c in cells if bench_of(c) == ROUND_TRIP]
    if not table and not latency:
        return []
    out = ["## Served device (issue 13)", "",
           "The Selene JCA provider over a device served by `selene-server` (a `SeleneServer` in "
           "the benchmark's fork, over the same in-memory USB HSM 7 as the in-process route; "
           "every call crosses gRPC on the Unix socket, or gRPC with mutual TLS on 127.0.0.1 for "
           "a client registered and assigned the partition), next to the in-process provider and "
           "SunPKCS11+SoftHSM2, in the same run. Server and client share the fork and so the "
           "machine's cores, as a server process on the same host would. " + load_average(notes),
           ""]
    if table:
        names = [ROUTE_NAMES[r] for r in SERVED_ROUTES]
        out.append("| row | threads | " + " | ".join(names)
                   + " | Unix ÷ in-process | TLS ÷ in-process |")
        out.append("|---|---:|" + "---:|" * (len(SERVED_ROUTES) + 2))
        for method in SERVED_ROWS:
            for threads in sorted(t for (m, t) in table if m == method):
                row = table[(method, threads)]
                line = [TITLES.get(method, method), str(threads)]
                line += [fmt_cell(row[r]) if r in row else "–" for r in SERVED_ROUTES]
                prov = row.get("provider")
                line += [fmt_ratio(ratio(row.get("served-unix"), prov)),
                         fmt_ratio(ratio(row.get("served-tls"), prov))]
                out.append("| " + " | ".join(line) + " |")
        out.append("")
    out += ["### Goals", "", "| goal | measured | met |", "|---|---:|---|"]
    method, threads, goal = SERVED_GOAL
    row = table.get((method, threads), {})
    r = ratio(row.get("served-unix"), row.get("provider"))
    out.append(f"| {TITLES[method]}, Unix socket, {threads} threads ≥ {goal}× in-process | "
               f"{fmt_ratio(r)} | {verdict(r, goal, above=True)} |")
    by_route = {c["route"]: c for c in latency}
    for route, limit in ROUND_TRIP_GOALS.items():
        c = by_route.get(route)
        p50 = (c["p50_us"], None) if c and c.get("p50_us") is not None else None
        out.append(f"| p50 round trip, {TRANSPORT_NAMES[route]} ≤ {limit:.0f} µs | "
                   f"{fmt_us(p50[0]) if p50 else '–'} | {verdict(p50, limit, above=False)} |")
    out.append("")
    out += added_cost(table, by_route)
    if latency:
        out += ["### Round trip of a small call", "",
                "`C_GenerateRandom` of 16 bytes on an open session through the Slot API, 1 "
                "thread, JMH `SampleTime` (every call timed); the in-process device is the "
                "call's own cost.", "",
                "| route | p50 | p99 | mean | samples |", "|---|---:|---:|---:|---:|"]
        for c in sorted(latency, key=lambda c: ALL_ROUTES.index(c["route"])
                        if c["route"] in ALL_ROUTES else 99):
            mean = fmt_us(c["mean_us"]) + ("" if c["rel"] is None
                                           else f" ±{c['rel'] * 100:.1f}%")
            out.append(f"| {TRANSPORT_NAMES.get(c['route'], c['route'])} | {fmt_us(c['p50_us'])} | "
                       f"{fmt_us(c['p99_us'])} | {mean} | {c['samples']:,} |")
        out.append("")
    return out


def added_cost(table, by_route):
    """What the wire adds to one operation at 1 thread, beside the round trip of a small call."""
    parts = []
    for method in SERVED_ROWS:
        row = table.get((method, 1), {})
        prov = row.get("provider")
        for route in ("served-unix", "served-tls"):
            if prov and row.get(route):
                added = 1e6 / row[route]["ops"] - 1e6 / prov["ops"]
                parts.append(f"{TITLES.get(method, method)}, {TRANSPORT_NAMES[route]}: "
                             f"{added:,.0f} µs")
    if not parts:
        return []
    trips = [f"{TRANSPORT_NAMES[r]} {by_route[r]['mean_us']:,.0f} µs"
             for r in ("served-unix", "served-tls") if r in by_route]
    text = ("Time a served operation adds to the in-process one at 1 thread (1 / served − "
            "1 / in-process throughput): " + "; ".join(parts) + ".")
    if trips:
        text += " Mean round trip of the small call: " + ", ".join(trips) + "."
    return [text, ""]


def fmt_us(x):
    return "–" if x is None else f"{x:,.1f} µs"


def verdict(r, goal, above):
    """yes/no for a (value, relative error) against a goal; '–' when not measured."""
    if r is None:
        return "not measured"
    value, rel = r
    met = value >= goal if above else value <= goal
    text = "yes" if met else "no"
    if rel is not None and (value - value * rel) <= goal <= (value + value * rel):
        text += " (within error)"
    return text


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


def is_selene(c):
    return c["route"] in SELENE or c["route"].startswith("served")


def to_top_up(cells):
    """The cells a top-up pass re-measures: Selene cells outside the bound, and the fastest raw
    primitive a Selene ratio of the same row is taken against when it misses too. Latency samples
    (the round trip) are judged by their percentiles and are left alone."""
    out = []
    for bench in (MAIN, SERVED):
        for (method, threads), row in index(cells, bench).items():
            best = fastest_raw(row)
            for c in row.values():
                if c["mode"] != "sample" and c["rel"] is not None and missed(c) and (
                        is_selene(c) or c is best):
                    out.append(c)
    return out


def bound_report(cells):
    missing = [c for c in cells if missed(c)]
    out = ["## Cells outside the ±10% bound", ""]
    if not missing:
        out += ["Every cell's 99.9% half-width is within 10% of its mean.", ""]
        return out
    selene = [c for c in missing if is_selene(c)]
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
                                           order.get(c["method"], 99),
                                           ALL_ROUTES.index(c["route"])
                                           if c["route"] in ALL_ROUTES else 99)):
        rel = "no error bar (one sample)" if c["rel"] is None else f"±{c['rel'] * 100:.1f}%"
        where = "" if bench_of(c) == MAIN else f" ({bench_of(c)})"
        out.append(f"- {TITLES.get(c['method'], c['method'])}{where}, "
                   f"{ROUTE_NAMES.get(c['route'], c['route'])}, {c['threads']} thread(s): {rel}")
    out.append("")
    return out


def profile_section(table, found):
    below = below_rows(table, PROFILE_BELOW)
    if not below and not found:
        return []
    out = ["## Where the provider route spends its time (rows below "
           f"{PROFILE_BELOW}× the fastest raw primitive)", "",
           "From a second, short pass of the same command over these rows on the provider route "
           "alone, recorded by Java Flight Recorder (execution samples of the benchmark thread "
           "every millisecond, taken wherever the thread is, not only at safepoints). Each line is "
           "the Selene code a sample was in (its topmost Selene frame) and that frame's Selene "
           "caller; the next column says how much of the line was spent in the JDK, Bouncy "
           "Castle or ACCP code the frame called: the primitive itself, or the JCA framework. "
           "JFR drops a sample when it cannot walk the stack (at times inside the JIT's intrinsic "
           "stubs: AES-NI, the SHA instructions), which can understate the primitive's share; the "
           "row's ratio measures it instead: at a ratio r to the fastest raw primitive, 1 − r of "
           "the provider's time is spent on top of the primitive, and the table shows where.", ""]
    for method in below:
        title = TITLES.get(method, method)
        text = found.get(method)
        out.append(f"### {title}")
        out.append("")
        if isinstance(text, dict):
            cells = table.get((method, 1), {})
            r = ratio(cells.get("provider"), fastest_raw(cells)) if cells else None
            if r is not None and "provider" in cells:
                ours, raw = 1e6 / cells["provider"]["ops"], 1e6 / fastest_raw(cells)["ops"]
                out += [f"Per operation: provider {fmt_op_us(ours)}, fastest raw primitive "
                        f"{fmt_op_us(raw)}; {100 * (1 - r[0]):.0f}% of the provider's time is on top "
                        "of the primitive.", ""]
            out += jfr_table(text)
        elif text:
            out += stack_table(text)
        else:
            out += ["(no profile: the profiled pass did not run this row)", ""]
    return out


def jfr_table(p, top=20):
    """A JFR profile (see jfr_profiles) as a table of its top lines."""
    total = p["samples"]
    out = [f"{total:,} samples; {100 * p['external'] / total:.1f}% in JDK, Bouncy Castle or ACCP "
           f"code (primitives, JCA framework), {100 * (total - p['external']) / total:.1f}% in "
           "Selene's own code (benchmark included).", "",
           "| share of samples | of which in the code it calls | Selene frame | called from |",
           "|---:|---:|---|---|"]
    shown = 0
    for frame, caller, n, inside in p["rows"][:top]:
        shown += n
        name = frame if frame.startswith("(") else f"`{frame}`"
        out.append(f"| {100 * n / total:.1f}% | {100 * inside / total:.1f}% | {name} | "
                   + (f"`{caller}` |" if caller else "|"))
    if total > shown:
        out.append(f"| {100 * (total - shown) / total:.1f}% | | (all other lines) | |")
    out.append("")
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
    ap.add_argument("--profile-log", help="JMH console log of a -prof stack pass (older runs)")
    ap.add_argument("--profile-jfr", action="append", default=[],
                    help="profile-METHOD.json: `jfr print --json` of the profile pass's recording")
    ap.add_argument("--note", action="append", default=[], help="a line for the report header")
    ap.add_argument("--save", help="write every input of the report to this JSON file")
    ap.add_argument("--from", dest="source", help="rebuild from a file written by --save")
    ap.add_argument("--out", help="also write the report to this file")
    ap.add_argument("--readme", help="replace the README's benchmark table block")
    ap.add_argument("--missing", action="store_true",
                    help="print 'class method route threads mode' of each cell to re-measure")
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
                "profiles": {**profiles(args.profile_log), **jfr_profiles(args.profile_jfr)},
                "notes": args.note}
    if args.missing:
        for c in to_top_up(data["cells"]):
            print(bench_of(c), c["method"], c["route"], c["threads"], c["mode"])
        return
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
