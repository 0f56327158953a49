# SPDX-License-Identifier: GPL-2.0
"""The report side of scripts/compare: turn BENCH records into figures,
tables, plots, report.md/results.csv/results.json, and check a report.

Used by scripts/compare and by the host tests in tools/compare. Nothing
here knows the members a family prints beyond a few preferences: any
numeric JSON member of a `BENCH {...}` line becomes a figure, a list of
numbers becomes figures `member[i]`, and a line whose name ends in
`_sample` is one point (x = its `step`) of a curve. See
Documentation/compare.md.
"""

import csv
import fnmatch
import itertools
import json
import math
import os
import re
import struct
import sys
import zlib

sys.dont_write_bytecode = True

SCHEMA = 1

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import policies  # noqa: E402

# The policy families, read from the Kconfig choices (scripts/policies.py):
# FAMILIES = {family: [(name on the command line, Kconfig symbol)]}, DIMS
# the families in Kconfig order (= the order of a combination's name and
# of the report's columns); DEFAULTS the Kconfig default of each.
# load_families() re-reads them from another tree (the tests use a
# temporary one).
FAMILIES = {}
DIMS = ()
DEFAULTS = {}


def csv_header(dims):
    return ["combination"] + list(dims) + ["status", "timing", "family",
                                           "bench", "metric", "value"]


def load_families(srctree=None):
    global FAMILIES, DIMS, DEFAULTS
    fams = policies.families(srctree)
    FAMILIES = {f.name: [(m.name, m.symbol) for m in f.members]
                for f in fams.values()}
    DIMS = tuple(fams)
    DEFAULTS = {f.name: f.default or f.members[0].name
                for f in fams.values()}
    return fams


load_families()

# Members that describe a run (its size, the configuration) rather than
# measure it: kept in results.json, left out of the tables and the plots.
RUN_MEMBERS = {"ops", "step", "steps", "threads", "created",
               "total_frames", "parse_cycles_per_op", "hz", "scale", "jobs",
               "rounds", "switches", "samples", "processes", "tsc",
               "idle_ns", "clock_ns", "icount_shift", "exit"}

# Benchmark families that are not tables of their own: the runners' own
# lines (the in-kernel runner's cycles per benchmark, user/wlrun's
# verdict per program).
RUNNER_FAMILIES = ("runner", "wlrun")

# The report's sections, in order; a family not listed follows, by name.
FAMILY_ORDER = ["kernel", "frame", "heap", "sched", "vfs", "pager",
                "ipc", "workloads", "boot", "vs_linux"]
FAMILY_TITLES = {"kernel": "Whole kernel", "frame": "Frame allocator",
                 "heap": "Heap allocator", "sched": "Scheduler",
                 "vfs": "File system and pipes", "pager": "Page-fault policy",
                 "ipc": "IPC: call/reply with the fastpath on and off, "
                        "send, notifications, and a pipe",
                 "workloads": "User-space workloads",
                 "boot": "Boot to user space",
                 "vs_linux": "Mosaic / Linux"}

# Counts of things that went wrong: tabulated only when one is non-zero,
# never plotted.
FAILURE_MEMBERS = ("failures", "errors")
# Other members tabulated only when one is non-zero: the idle time
# during a boot (under -icount it passes without instructions).
NONZERO_MEMBERS = FAILURE_MEMBERS + ("idle_ms",)

# Members shown in the per-family tables, in order, when present; a family
# not listed here shows every member that does not describe the run.
KEY_MEMBERS = {
    "frame": ["cycles_per_op", "frag_permille", "largest_run", "failures"],
    "heap": ["cycles_per_op", "peak_footprint_bytes",
             "footprint_live_permille", "failures", "errors"],
    "sched": ["resp_avg_ticks", "resp_p99_ticks", "wake_avg_ticks",
              "wake_p99_ticks", "turnaround_avg_ticks", "makespan_ticks",
              "throughput_per_s", "jain_permille", "switches_per_s",
              "cycles_per_round_trip"],
    "vfs": ["throughput_ops_per_s", "throughput_kib_per_s", "cycles_per_op",
            "errors"],
    # Under -icount insns_per_op is the figure (cycles and guest ns are
    # 32 times it); without, cycles_per_op and ns_per_op are.
    "workloads": ["insns_per_op", "cycles_per_op", "ns_per_op",
                  "touch_insns_per_page", "peak_live_kib", "resp_avg_us",
                  "resp_p99_us", "resp_max_us", "turnaround_cpu_ms",
                  "turnaround_interactive_ms", "makespan_ms"],
    "boot": ["insns", "ms", "idle_ms", "kernel_clock_ms", "cycles"],
    "vs_linux": ["insns_per_op", "cycles_per_op", "touch_insns_per_page",
                 "insns", "cycles", "resp_avg_us", "resp_p99_us",
                 "turnaround_cpu_ms", "turnaround_interactive_ms",
                 "makespan_ms"],
    "ipc": ["cycles_per_round_trip", "cycles_per_msg", "vs_slow_permille",
            "vs_pipe_permille", "fast_calls"],
}

# Members of a workload or boot figure that say the same as insns_per_op
# (or insns) under -icount, left out of the tables when it is there.
ICOUNT_SHADOWED = {"cycles_per_op", "ns_per_op", "cycles"}

# Mosaic / Linux: which figures become ratios to the reference run's
# (family "vs_linux", same bench and member), lower being better in each.
RATIO_MEMBERS = {
    "workloads": ("insns_per_op", "cycles_per_op", "touch_insns_per_page",
                  "resp_avg_us", "resp_p99_us", "turnaround_cpu_ms",
                  "turnaround_interactive_ms", "makespan_ms"),
    "boot": ("insns", "cycles"),
}

# The goals of issue 12: Mosaic at or below this share of Linux's
# instructions, for every combination.
GOALS = [("workloads", "null_syscall", "insns_per_op", 0.5),
         ("workloads", "pipe_rtt", "insns_per_op", 0.5),
         ("workloads", "anon_fault", "insns_per_op", 0.5),
         ("workloads", "fork_exit", "insns_per_op", 0.5),
         ("boot", "first_user", "insns", 0.1)]

# The whole-kernel table: (bench, member) columns, when present.
KERNEL_COLUMNS = [("boot", "cycles"), ("mem_after_boot", "used_kib"),
                  ("mem_after_boot", "meta_frames"),
                  ("mem_after_boot", "heap_footprint_bytes"),
                  ("thread_storm", "cycles_per_thread"),
                  ("thread_pairs", "cycles_per_thread"),
                  ("thread_storm", "frames_kept"),
                  ("thread_storm", "heap_live_delta_bytes"),
                  ("thread_storm", "failures"), ("thread_storm", "errors"),
                  ("thread_pairs", "failures"), ("thread_pairs", "errors")]

# The whole-matrix table: (family, bench glob, member glob, header).
HEADLINES = [
    ("kernel", "boot", "cycles", "boot cycles"),
    ("kernel", "mem_after_boot", "used_kib", "used KiB after boot"),
    ("kernel", "thread_storm", "cycles_per_thread", "storm cyc/thread"),
    ("frame", "order0_pair", "cycles_per_op", "frame order0 cyc/op"),
    ("frame", "mixed_order0_4", "cycles_per_op", "frame mixed cyc/op"),
    ("frame", "frag_end", "frag_permille", "frame frag ‰ (end)"),
    ("heap", "replay_mean", "cycles_per_op", "heap cyc/op (mean)"),
    ("heap", "replay_mean", "footprint_live_permille",
     "heap footprint/live ‰ (mean)"),
    ("heap", "replay_total", "failures", "heap failed allocs"),
    ("sched", "yield_pingpong", "cycles_per_round_trip",
     "sched yield round trip cyc"),
    ("sched", "mix_mixed", "wake_p99_ticks", "sched mixed wake p99 ticks"),
    ("sched", "mix_mixed", "turnaround_avg_ticks",
     "sched mixed turnaround ticks"),
    ("vfs", "create_unlink", "throughput_ops_per_s",
     "vfs create+unlink /s"),
    ("vfs", "seq_write_64k", "throughput_kib_per_s",
     "ramfs 64 KiB write KiB/s"),
    ("vfs", "pipe_64k", "throughput_kib_per_s", "pipe 64 KiB KiB/s"),
    ("pager", "anon_touch", "cycles_per_page", "pager anon cyc/page"),
    ("ipc", "call_reply_fast", "cycles_per_round_trip",
     "ipc call+reply cyc (fastpath)"),
    ("ipc", "call_reply_slow", "cycles_per_round_trip",
     "ipc call+reply cyc (slow path)"),
    ("ipc", "pipe_pingpong", "cycles_per_round_trip", "pipe round trip cyc"),
    ("pager", "sparse_touch", "frames", "pager sparse frames kept"),
    ("workloads", "null_syscall", "insns_per_op", "getpid insns"),
    ("workloads", "pipe_rtt", "insns_per_op", "pipe round trip insns"),
    ("workloads", "fork_exit", "insns_per_op", "fork+exit+wait insns"),
    ("workloads", "anon_fault", "insns_per_op", "anon fault insns/page"),
    ("boot", "first_user", "insns", "boot to user insns"),
    ("runner", "total", "cycles", "all benches cycles"),
]


def direction(member):
    """'min' if lower is better, 'max' if higher is, None if neither."""
    m = member.lower()
    if any(k in m for k in ("throughput", "fairness", "jain", "largest")):
        return "max"
    if "switches" in m and "cycles" not in m:
        return None
    if m == "ms" or m.endswith("_ms") or m.endswith("_us"):
        return "min"
    if any(k in m for k in ("cycles", "insns", "ns_", "bytes", "permille",
                            "ratio", "response", "turnaround", "latency",
                            "fail", "error", "leak", "kib", "kept", "delta",
                            "frames", "p50", "p99", "avg", "wait",
                            "makespan")):
        return "min"
    return None


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and \
        math.isfinite(v)


def combo_name(*members):
    """One member per family, in DIMS order: buddy-fixed-block-mlfq."""
    return "-".join(members)


def run_dims(runs, meta=None):
    """The families a set of runs was made over (older reports: DIMS)."""
    if meta and meta.get("dims"):
        return tuple(meta["dims"])
    return DIMS


# ---------------------------------------------------------------------------
# Records -> figures

def parse_bench_lines(text):
    """Records from a bench.json (one JSON object per line) or a serial
    log (lines containing `BENCH {...}`). Bad lines are returned apart."""
    recs, bad = [], []
    for line in text.splitlines():
        s = line.strip()
        i = s.find("BENCH {")
        if i >= 0:
            s = s[i + 6:]
        if not s.startswith("{"):
            continue
        try:
            r = json.loads(s)
        except ValueError:
            bad.append(line)
            continue
        if isinstance(r, dict):
            recs.append(r)
        else:
            bad.append(line)
    return recs, bad


def is_sample(rec):
    return str(rec.get("name", "")).endswith("_sample")


def figures(records):
    """(metrics, series) of one run.

    metrics: {(family, bench, member): number}, including the derived
    ones (frame frag_end, heap replay_mean, runner total).
    series: {(family, curve): [(x, {member: number})]} from *_sample lines.
    """
    metrics, series, seen = {}, {}, {}
    for rec in records:
        fam = str(rec.get("family", "unknown"))
        name = str(rec.get("name", "unnamed"))
        if is_sample(rec):
            curve = name[:-len("_sample")]
            x = rec.get("step", len(series.get((fam, curve), [])))
            pts = {k: v for k, v in rec.items()
                   if is_number(v) and k != "step"}
            series.setdefault((fam, curve), []).append((x, pts))
            continue
        seen[(fam, name)] = seen.get((fam, name), 0) + 1
        if seen[(fam, name)] > 1:
            name = "%s#%d" % (name, seen[(fam, name)])
        for k, v in rec.items():
            if is_number(v):
                metrics[(fam, name, k)] = v
            elif isinstance(v, list) and v and all(is_number(x) for x in v):
                for i, x in enumerate(v):
                    metrics[(fam, name, "%s[%d]" % (k, i))] = x
    derive(metrics, series)
    return metrics, series


def derive(metrics, series):
    pts = series.get(("frame", "frag"))
    if pts:
        for k, v in pts[-1][1].items():
            metrics[("frame", "frag_end", k)] = v
    for member in ("cycles_per_op", "footprint_live_permille",
                   "peak_footprint_bytes"):
        vals = [v for (f, b, m), v in metrics.items()
                if f == "heap" and b.startswith("replay_") and m == member]
        if vals:
            metrics[("heap", "replay_mean", member)] = \
                round(sum(vals) / len(vals), 1)
    # Failed allocations over all traces: a heap that ran out (bump, which
    # cannot reuse memory while any block lives) shows it here, and its
    # footprint ratios are then over what little it still held.
    fails = [v for (f, b, m), v in metrics.items()
             if f == "heap" and b.startswith("replay_") and
             b != "replay_mean" and m == "failures"]
    if fails:
        metrics[("heap", "replay_total", "failures")] = sum(fails)
    runner = [v for (f, b, m), v in metrics.items()
              if f == "runner" and m == "cycles" and b != "total"]
    if runner:
        metrics[("runner", "total", "cycles")] = sum(runner)
    derive_boot(metrics)


def derive_boot(metrics):
    """user/wlrun's boot stamps -> the time from the kernel's first
    instruction (the kernel_entry record scripts/workloads.py adds):
    cycles (TSC), and under -icount, where the TSC counts guest
    nanoseconds, ms and the instructions (the idle time, which passes
    without any, left out)."""
    entry = metrics.get(("boot", "kernel_entry", "tsc"))
    if entry is None:
        return
    for name in ("first_user", "shell_prompt"):
        tsc = metrics.get(("boot", name, "tsc"))
        if tsc is None or tsc < entry:
            continue
        cycles = tsc - entry
        metrics[("boot", name, "cycles")] = cycles
        shift = metrics.get(("boot", name, "icount_shift"))
        if shift is not None:
            idle = metrics.get(("boot", name, "idle_ns"), 0)
            metrics[("boot", name, "ms")] = round(cycles / 1e6, 3)
            metrics[("boot", name, "idle_ms")] = round(idle / 1e6, 3)
            metrics[("boot", name, "insns")] = max(0, cycles - idle) >> \
                int(shift)
        clock = metrics.get(("boot", name, "clock_ns"))
        if clock is not None:
            metrics[("boot", name, "kernel_clock_ms")] = round(clock / 1e6,
                                                               3)


def reference_run(runs):
    """The run of the reference kernel (Linux), if it succeeded."""
    for r in runs:
        if r.get("reference") and r.get("status") == "ok":
            return r
    return None


def apply_reference(runs):
    """Figures of family vs_linux: each RATIO_MEMBERS figure of a Mosaic
    run over the reference run's same figure (where both are > 0). Under
    -icount insns_per_op and insns stand for the cycles. Returns the
    reference run or None."""
    for r in runs:
        for k in [k for k in r.get("figures", {}) if k[0] == "vs_linux"]:
            del r["figures"][k]
    ref = reference_run(runs)
    if ref is None:
        return None
    for r in runs:
        if r.get("reference") or r.get("status") != "ok":
            continue
        figs = r["figures"]
        for (f, b, m), v in list(figs.items()):
            if m not in RATIO_MEMBERS.get(f, ()) or not is_number(v):
                continue
            if (m == "cycles_per_op" and (f, b, "insns_per_op") in figs) or \
                    (m == "cycles" and (f, b, "insns") in figs):
                continue
            base = ref["figures"].get((f, b, m))
            if is_number(base) and base > 0:
                figs[("vs_linux", b, m)] = float("%.4g" % (v / base))
    return ref


def metric_id(key):
    return "%s.%s.%s" % key


# ---------------------------------------------------------------------------
# Tables

def decimals_for(values):
    """Decimals one column needs: none if every value is whole, else up to
    three (the kernel prints milli-tick figures), the same for all cells."""
    need = 0
    for v in values:
        if isinstance(v, float) and not v.is_integer() and abs(v) < 1000:
            for d in (1, 2, 3):
                if abs(round(v, d) - v) < 1e-9:
                    break
            need = max(need, d)
    return need


def fmt(v, decimals=None):
    if v is None:
        return "–"
    if decimals is None:
        decimals = decimals_for([v])
    if decimals:
        return "%.*f" % (decimals, v)
    v = int(round(v))
    return "{:,}".format(v).replace(",", " ") if abs(v) >= 10000 else str(v)


def md_table(header, rows, best_cols=None):
    """rows: list of lists of cells (numbers or strings). best_cols maps a
    column index to 'min'/'max': the best numeric cell is bolded."""
    ncols = len(header)
    dec = {c: decimals_for([r[c] for r in rows if is_number(r[c])])
           for c in range(ncols)}
    # Best is judged on what the reader sees: values shown alike tie, and
    # a column where every value looks the same has no best.
    best = {}
    for c, how in (best_cols or {}).items():
        vals = [r[c] for r in rows if is_number(r[c])]
        shown = {fmt(v, dec[c]) for v in vals}
        if how and len(vals) > 1 and len(shown) > 1:
            best[c] = fmt(min(vals) if how == "min" else max(vals), dec[c])
    # Numbers right-aligned, names left-aligned.
    numeric = [any(is_number(r[c]) for r in rows) for c in range(ncols)]
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("--:" if numeric[i] else "---"
                          for i in range(ncols)) + "|"]
    for r in rows:
        cells = []
        for c, v in enumerate(r):
            s = fmt(v, dec[c]) if (is_number(v) or v is None) else str(v)
            if c in best and is_number(v) and s == best[c]:
                s = "**%s**" % s
            cells.append(s)
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def arrow(member):
    return {"min": " ↓", "max": " ↑"}.get(direction(member), "")


def family_views(runs, family):
    """[(member, [bench...])]: one table per member, its columns the
    benches that report it (in first-seen order)."""
    members, benches = [], {}
    for run in runs:
        for (f, b, m) in run["figures"]:
            if f != family or m in RUN_MEMBERS or "[" in m:
                continue
            if m not in benches:
                members.append(m)
                benches[m] = []
            if b not in benches[m]:
                benches[m].append(b)
    if family in KEY_MEMBERS:
        members = [m for m in KEY_MEMBERS[family] if m in benches]
        if "insns_per_op" in benches or "insns" in benches:
            members = [m for m in members if m not in ICOUNT_SHADOWED]
    elif family == "kernel":
        cols = [(b, m) for b, m in KERNEL_COLUMNS
                if m in benches and b in benches[m]]
        cols = [(b, m) for b, m in cols
                if m not in FAILURE_MEMBERS or any(
                    run["figures"].get(("kernel", b, m)) for run in runs)]
        return [(None, cols)]
    else:
        # The order of a record's members does not survive results.json
        # (sorted keys): a merged report must order its tables alike.
        members.sort()
    # failures/errors matter only when something failed
    keep = []
    for m in members:
        if m in NONZERO_MEMBERS:
            if not any(v for run in runs for (f, b, mm), v in
                       run["figures"].items() if f == family and mm == m):
                continue
        keep.append(m)
    return [(m, benches[m]) for m in keep]


def run_label(run):
    if run.get("reference"):
        return "%s (reference)" % run["combination"]
    return run["combination"]


def runs_with(runs, family):
    """The ok runs with at least one figure of family."""
    return [r for r in runs if r["status"] == "ok" and
            any(f == family for (f, b, m) in r["figures"])]


def family_tables(runs, family):
    ok = runs_with(runs, family)
    parts = []
    for member, cols in family_views(ok, family):
        if member is None:      # kernel: explicit (bench, member) columns
            header = ["combination"] + ["%s %s%s" % (b, m, arrow(m))
                                        for b, m in cols]
            rows = [[run_label(r)] + [r["figures"].get((family, b, m))
                                      for b, m in cols] for r in ok]
            best = {i + 1: direction(m) for i, (b, m) in enumerate(cols)}
            parts.append(md_table(header, rows, best))
            continue
        header = ["combination"] + [b for b in cols]
        rows = [[run_label(r)] + [r["figures"].get((family, b, member))
                                  for b in cols] for r in ok]
        best = {i + 1: direction(member) for i in range(len(cols))}
        parts.append("*%s*%s\n\n%s" % (member, arrow(member),
                                       md_table(header, rows, best)))
    return parts


def headline_columns(runs):
    cols = []
    for fam, bglob, mglob, title in HEADLINES:
        found = None
        for run in runs:
            for (f, b, m) in run.get("figures", {}):
                if f == fam and fnmatch.fnmatchcase(b, bglob) and \
                        fnmatch.fnmatchcase(m, mglob) and "[" not in m:
                    found = (f, b, m)
                    break
            if found:
                break
        if found and found not in [c[0] for c in cols]:
            cols.append((found, title or "%s %s %s" % found))
    return cols


def matrix_table(runs):
    cols = headline_columns(runs)
    header = ["combination", "status"] + \
        ["%s%s" % (t, arrow(k[2])) for k, t in cols]
    rows = []
    for r in runs:
        status = "**FAILED** (%s)" % r.get("stage", "?") \
            if r["status"] != "ok" else \
            "reference" if r.get("reference") else "ok"
        rows.append([r["combination"], status] +
                    [r["figures"].get(k) if r["status"] == "ok" else None
                     for k, _ in cols])
    best = {i + 2: direction(k[2]) for i, (k, _) in enumerate(cols)}
    return md_table(header, rows, best)


# ---------------------------------------------------------------------------
# Generated prose: what favours which policy, Mosaic against Linux

# A policy "moves" a figure when its best member's median is this much
# better than its worst member's.
SUMMARY_THRESHOLD = 0.01
SUMMARY_STATEMENTS = 4


def median(vals):
    vals = sorted(vals)
    n = len(vals)
    return vals[n // 2] if n % 2 else (vals[n // 2 - 1] + vals[n // 2]) / 2


def fmt_ratio(v):
    return "%.2f×" % v if v >= 0.1 else "%.2g×" % v


def policy_effects(runs, family, dims):
    """[(effect, text)]: for each figure of family's tables and each policy
    family with two or more members, the members' medians (over the other
    choices) and how much better the best is than the worst."""
    ok = [r for r in runs_with(runs, family) if not r.get("reference")]
    out = []
    for member, cols in family_views(ok, family):
        pairs = cols if member is None else [(b, member) for b in cols]
        for b, m in pairs:
            how = direction(m)
            if how is None or m in FAILURE_MEMBERS:
                continue
            for dim in dims:
                groups = {}
                for r in ok:
                    v = r["figures"].get((family, b, m))
                    if is_number(v) and r.get(dim):
                        groups.setdefault(r[dim], []).append(v)
                if len(groups) < 2:
                    continue
                meds = {k: median(v) for k, v in groups.items()}
                pick = min if how == "min" else max
                best = pick(meds, key=meds.get)
                worst = (max if how == "min" else min)(meds, key=meds.get)
                lo, hi = sorted((meds[best], meds[worst]))
                if hi <= 0 or meds[best] == meds[worst]:
                    continue
                effect = (hi - lo) / hi
                out.append((effect, "`%s` %s favours %s=**%s**: median %s "
                            "against %s with %s (%.0f%% %s)" % (
                                b, m, dim, best, fmt(meds[best]),
                                fmt(meds[worst]), worst, effect * 100,
                                "lower" if how == "min" else "higher")))
    return out


def family_summary(runs, family, dims):
    """A paragraph computed from the numbers (never written by hand)."""
    if family == "vs_linux":
        return reference_summary(runs)
    effects = sorted(policy_effects(runs, family, dims),
                     key=lambda e: -e[0])
    strong = [t for e, t in effects if e >= SUMMARY_THRESHOLD]
    if not effects:
        return ""
    if not strong:
        return ("*Summary:* no policy choice moves these figures by %d%% "
                "or more." % (SUMMARY_THRESHOLD * 100))
    more = len(strong) - SUMMARY_STATEMENTS
    text = "; ".join(strong[:SUMMARY_STATEMENTS])
    return "*Summary:* %s.%s" % (text, " %d more figure%s differ by %d%% "
                                 "or more between policies." % (
                                     more, "" if more == 1 else "s",
                                     SUMMARY_THRESHOLD * 100)
                                 if more > 0 else "")


def ratio_spread(runs, bench, member):
    """(median, (best, combination), (worst, combination)) of the vs_linux
    figure over the Mosaic runs, or None."""
    vals = [(r["figures"][("vs_linux", bench, member)], r["combination"])
            for r in runs if r["status"] == "ok" and
            ("vs_linux", bench, member) in r["figures"]]
    if not vals:
        return None
    vals.sort()
    return median([v for v, _ in vals]), vals[0], vals[-1]


def reference_summary(runs):
    ref = reference_run(runs)
    if ref is None:
        return ""
    better, worse = [], []
    for (f, b, m) in sorted({k for r in runs for k in r["figures"]
                             if k[0] == "vs_linux"}):
        med, _, _ = ratio_spread(runs, b, m)
        (better if med < 1 else worse).append((med, b))
    parts = []
    if better:
        better.sort()
        parts.append("Mosaic needs fewer instructions (or less time) than "
                     "%s for %d figure%s, most of all `%s` (median %s)" % (
                         ref["combination"], len(better),
                         "" if len(better) == 1 else "s", better[0][1],
                         fmt_ratio(better[0][0])))
    if worse:
        worse.sort(reverse=True)
        parts.append("more for %d, most of all `%s` (median %s)" % (
            len(worse), worse[0][1], fmt_ratio(worse[0][0])))
    met = [g for g in goal_rows(runs) if g[-1].startswith("all")]
    goals = len(goal_rows(runs))
    if goals:
        parts.append("%d of %d goals met on every combination" % (len(met),
                                                                goals))
    return "*Summary:* %s." % "; ".join(parts) if parts else ""


def goal_rows(runs):
    """Rows of the goals table: figure, goal, best, worst, where met."""
    rows = []
    if reference_run(runs) is None:
        return rows
    for fam, bench, member, goal in GOALS:
        spread = ratio_spread(runs, bench, member)
        if spread is None:
            rows.append(["`%s` %s" % (bench, member),
                         "≤ %s" % fmt_ratio(goal), "–", "–",
                         "not measured (see *Failed workloads*)"])
            continue
        med, (lo, lo_c), (hi, hi_c) = spread
        n = sum(1 for r in runs if r["status"] == "ok" and
                ("vs_linux", bench, member) in r["figures"])
        met = sum(1 for r in runs if r["status"] == "ok" and
                  r["figures"].get(("vs_linux", bench, member), 99) <= goal)
        rows.append(["`%s` %s" % (bench, member), "≤ %s" % fmt_ratio(goal),
                     "%s (%s)" % (fmt_ratio(lo), lo_c),
                     "%s (%s)" % (fmt_ratio(hi), hi_c),
                     "all %d" % n if met == n else "%d of %d" % (met, n)])
    return rows


def goals_table(runs):
    rows = goal_rows(runs)
    if not rows:
        return ""
    return "*Goals (Mosaic / Linux, instructions)*\n\n" + md_table(
        ["figure", "goal", "best", "worst", "met in"], rows)


# ---------------------------------------------------------------------------
# Workloads that failed

def failed_workloads(runs):
    """{(name, verdict, reason): [run, ...]} over the failed programs
    (user/wlrun's verdicts) and the failed benches they reported."""
    groups = {}
    for r in runs:
        for prog, v in sorted(r.get("workloads", {}).items()):
            if v.get("status") not in ("ok", "failed"):
                groups.setdefault((prog, v["status"], v.get("reason", "")),
                                  []).append(r)
        for rec in r.get("records", []):
            if rec.get("family") == "workloads" and \
                    rec.get("status") == "failed":
                groups.setdefault((rec.get("name", "?"), "failed",
                                   rec.get("reason", "")), []).append(r)
    return groups


def workload_logs(run):
    logs = [b["log"] for b in run.get("workload_boots", []) if b.get("log")]
    return logs or ([run["workloads_log"]] if run.get("workloads_log")
                    else [])


def runs_failing_workloads(runs):
    return [r for r in runs if r.get("workloads_status") == "failed" or
            any(v.get("status") != "ok"
                for v in r.get("workloads", {}).values())]


def failed_workloads_section(runs):
    groups = failed_workloads(runs)
    broken = [r for r in runs if r.get("workloads_status") == "failed"]
    if not groups and not broken:
        return []
    L = ["### Failed workloads\n",
         "A workload that fails on a combination is reported here and "
         "leaves the others' figures alone (Documentation/compare.md).\n"]
    for r in broken:
        L.append("- `%s`: the workload runs did not complete: %s" % (
            r["combination"], r.get("workloads_reason", "?")))
    if broken:
        L.append("")
    every = {r["combination"] for r in runs if not r.get("reference")}
    rows = []
    for (name, verdict, reason), rs in sorted(groups.items()):
        names = sorted({r["combination"] for r in rs})
        where = "every combination" if set(names) == every and \
            len(every) > 1 else ", ".join(names)
        rows.append(["`%s`" % name, verdict, reason or "–", where])
    if rows:
        L.append(md_table(["workload", "verdict", "reason", "runs"], rows)
                 + "\n")
    rows = [[r["combination"], ", ".join("`%s`" % p for p in
                                         workload_logs(r))]
            for r in runs_failing_workloads(runs)]
    if rows:
        L.append(md_table(["run", "workloads log"], rows) + "\n")
    return L


# ---------------------------------------------------------------------------
# Host-native figures

def host_tables(host):
    records = host.get("records", [])
    parts = []
    for member, title in (("ns_per_op", "ns per operation"),
                          ("footprint_live_ratio", "peak footprint / peak live")):
        parts += host_table(records, "host-heap", "heapreplay", "allocator",
                            member, title, "wall-clock")
    for member, clock in (("ns_per_op", "wall-clock"), ("cycles_per_op", "TSC")):
        parts += host_table(records, "host-frame", "framebench", "policy",
                            member, member, clock)
    return parts


def host_table(records, family, tool, row_label, member, title, clock):
    """One table of a host tool's records: a row per policy (allocator),
    a column per benchmark (trace); lower is better in every column."""
    recs = [r for r in records if r.get("family") == family]
    if not recs:
        return []
    rows_by = list(dict.fromkeys(r["policy"] for r in recs))
    cols = list(dict.fromkeys(r["name"] for r in recs))
    rows = []
    for p in rows_by:
        vals = {r["name"]: r.get(member) for r in recs if r["policy"] == p}
        rows.append([p] + [vals.get(c) for c in cols])
    return ["*%s: %s* ↓ (host %s)\n\n%s" % (
        tool, title, clock, md_table([row_label] + cols, rows,
                                     {i + 1: "min" for i in range(len(cols))}))]


# ---------------------------------------------------------------------------
# Plots (matplotlib, Agg backend: no display needed)

def _plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
          "#8c564b", "#e377c2", "#7f7f7f"]


def _save(fig, outdir, name, plots, title, mode):
    os.makedirs(os.path.join(outdir, "plots"), exist_ok=True)
    rel = "plots/%s.png" % name
    fig.tight_layout()
    fig.savefig(os.path.join(outdir, rel), dpi=90,
                metadata={"Software": None})
    _plt().close(fig)
    plots.append({"file": rel, "title": title, "timing": mode})


def own_policy_groups(runs, family):
    """{policy: [runs]} along the family's own dimension, if it has one."""
    if family not in FAMILIES:
        return None
    groups = {}
    for r in runs:
        groups.setdefault(r[family], []).append(r)
    return groups


# Families with plots of their own (below), not bars per policy.
OWN_PLOTS = ("workloads", "boot", "vs_linux")


def plot_family_bars(runs, family, outdir, plots, mode):
    if family in OWN_PLOTS:
        return
    ok = [r for r in runs if r["status"] == "ok"]
    views = family_views(ok, family)
    if not ok or not views:
        return
    if views[0][0] is None:     # kernel: one panel per (bench, member)
        panels = [("%s %s" % (b, m), [(b, m)]) for b, m in views[0][1]]
    else:
        # List elements (percentiles, quarters) have plots of their own.
        panels = [(m, [(b, m) for b in bs]) for m, bs in views
                  if m not in FAILURE_MEMBERS and "[" not in m]
    if not panels:
        return
    plt = _plt()
    n = len(panels)
    fig, axes = plt.subplots(n, 1, figsize=(10, 2.8 * n), squeeze=False)
    groups = own_policy_groups(ok, family)
    for ax, (title, cols) in zip(axes[:, 0], panels):
        if groups:
            # bars per own policy; the whisker spans the other choices
            keys = list(groups)
            width = 0.8 / len(keys)
            for i, k in enumerate(keys):
                meds, lo, hi = [], [], []
                for b, m in cols:
                    vals = sorted(r["figures"][(family, b, m)]
                                  for r in groups[k]
                                  if (family, b, m) in r["figures"])
                    med = vals[len(vals) // 2] if vals else 0
                    meds.append(med)
                    lo.append(med - (vals[0] if vals else 0))
                    hi.append((vals[-1] if vals else 0) - med)
                xs = [j + i * width for j in range(len(cols))]
                ax.bar(xs, meds, width, yerr=[lo, hi], capsize=2,
                       label=k, color=COLORS[i % len(COLORS)])
            ax.set_xticks([j + 0.4 - width / 2 for j in range(len(cols))])
            ax.set_xticklabels([b for b, _ in cols], fontsize=8)
            ax.legend(fontsize=7)
        else:
            for b, m in cols:
                labels = [r["combination"] for r in ok]
                vals = [r["figures"].get((family, b, m), 0) for r in ok]
                ax.bar(range(len(vals)), vals,
                       color=[COLORS[frame_index(r) % len(COLORS)] for r in ok])
                ax.set_xticks(range(len(vals)))
                ax.set_xticklabels(labels, rotation=60, ha="right",
                                   fontsize=6)
        ax.set_title("%s: %s%s" % (family, title, arrow(title.split()[-1])),
                     fontsize=9)
    _save(fig, outdir, "%s-bars" % family, plots,
          "%s: key figures per policy" % family, mode)


def frame_index(run):
    names = [p for p, _ in FAMILIES.get("frame", [])]
    return names.index(run["frame"]) if run.get("frame") in names else 0


def first_run_per(runs, family, need):
    """One ok run per policy of `family` that has series/figure `need`."""
    out = {}
    for r in runs:
        if r["status"] == "ok" and r[family] not in out and need(r):
            out[r[family]] = r
    return out


def plot_frag_curve(runs, outdir, plots, mode):
    per = first_run_per(runs, "frame",
                        lambda r: ("frame", "frag") in r["series"])
    if not per:
        return
    plt = _plt()
    fig, (a1, a2) = plt.subplots(2, 1, figsize=(9, 6), sharex=True)
    for i, (pol, r) in enumerate(per.items()):
        pts = r["series"][("frame", "frag")]
        xs = [p[0] for p in pts]
        a1.plot(xs, [p[1].get("frag_permille", 0) for p in pts],
                label="%s (%s)" % (pol, r["combination"]),
                color=COLORS[i % len(COLORS)])
        a2.plot(xs, [p[1].get("largest_run", 0) for p in pts],
                color=COLORS[i % len(COLORS)])
    a1.set_ylabel("free outside largest run (‰)")
    a2.set_ylabel("largest free run (frames)")
    a2.set_xlabel("steps of the random mixed-order workload")
    a1.legend(fontsize=8)
    a1.set_title("frame: fragmentation over the long random workload")
    _save(fig, outdir, "frame-fragmentation", plots,
          "frame: fragmentation curve per policy", mode)


def plot_heap_footprint(runs, outdir, plots, mode):
    per = first_run_per(runs, "heap", lambda r: any(
        f == "heap" and m.startswith("footprint_quarters[")
        for (f, b, m) in r["figures"]))
    if not per:
        return
    traces = []
    for r in per.values():
        for (f, b, m) in r["figures"]:
            if f == "heap" and m == "footprint_quarters[0]" and \
                    b not in traces:
                traces.append(b)
    plt = _plt()
    cols = min(3, len(traces))
    rows = (len(traces) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 3 * rows),
                             squeeze=False)
    for ax, t in zip(axes.flat, traces):
        for i, (pol, r) in enumerate(per.items()):
            ys = [0] + [r["figures"].get(("heap", t, "footprint_quarters[%d]"
                                          % q), 0) / 1024 for q in range(4)]
            ax.plot([0, 25, 50, 75, 100], ys, marker="o", label=pol,
                    color=COLORS[i % len(COLORS)])
        ax.set_title(t, fontsize=9)
        ax.set_xlabel("% of trace replayed", fontsize=8)
        ax.set_ylabel("footprint growth (KiB)", fontsize=8)
        ax.legend(fontsize=7)
    for ax in list(axes.flat)[len(traces):]:
        ax.axis("off")
    fig.suptitle("heap: footprint growth since the trace began, per policy")
    _save(fig, outdir, "heap-footprint", plots,
          "heap: footprint growth over trace time per policy", mode)


def plot_sched_response(runs, outdir, plots, mode):
    """One panel per workload mix: the response-time distribution (the
    percentiles a `response_<mix>` line lists) of each scheduler."""
    def dist(r, b):
        pcts = [v for (f, bb, m), v in sorted(
            r["figures"].items(), key=lambda kv: kv[0][2])
            if f == "sched" and bb == b and m.startswith("response_pct[")]
        vals = [r["figures"].get(("sched", b, "response_ticks[%d]" % i))
                for i in range(len(pcts))]
        return [(p, v) for p, v in zip(sorted(pcts), vals) if v is not None]

    per = first_run_per(runs, "sched", lambda r: any(
        f == "sched" and b.startswith("response_")
        for (f, b, m) in r["figures"]))
    if not per:
        return
    benches = sorted({b for r in per.values() for (f, b, m) in r["figures"]
                      if f == "sched" and b.startswith("response_")})
    plt = _plt()
    fig, axes = plt.subplots(len(benches), 1, figsize=(9, 2.6 * len(benches)),
                             squeeze=False)
    for ax, b in zip(axes[:, 0], benches):
        for i, (pol, r) in enumerate(per.items()):
            pts = dist(r, b)
            if pts:
                ax.plot([p for p, _ in pts], [v for _, v in pts], marker="o",
                        label=pol, color=COLORS[i % len(COLORS)])
        ax.set_xlabel("percentile of jobs", fontsize=8)
        ax.set_ylabel("response (ticks)", fontsize=8)
        ax.set_title("sched %s: arrival to first run" % b[len("response_"):],
                     fontsize=9)
        ax.legend(fontsize=7)
    _save(fig, outdir, "sched-response", plots,
          "sched: response-time distribution per scheduler", mode)


def _trace_module():
    """scripts/trace.py, by path (the standard library has a `trace`)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "mosaic_trace", os.path.join(os.path.dirname(
            os.path.abspath(__file__)), "trace.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def plot_sched_timelines(runs, outdir, plots, mode):
    """The traced hog + interactive mix (bench=sched_timeline) of each
    scheduler side by side, all with the same frame and heap policy
    where the matrix has them."""
    traced = [r for r in runs if r["status"] == "ok" and r.get("trace")
              and os.path.exists(r["trace"])]
    if not traced:
        return
    base = (traced[0].get("frame"), traced[0].get("heap"))
    per = {}
    for r in sorted(traced, key=lambda r: (r.get("frame"), r.get("heap"))
                    != base):
        per.setdefault(r["sched"], r)
    tr = _trace_module()
    labelled = []
    for pol, r in per.items():
        with open(r["trace"], "rb") as f:
            try:
                labelled.append(("%s (%s)" % (pol, r["combination"]),
                                 tr.parse(f.read())))
            except tr.TraceError:
                continue
    if not labelled:
        return
    os.makedirs(os.path.join(outdir, "plots"), exist_ok=True)
    rel = "plots/sched-timeline.png"
    tr.plot_many(labelled, os.path.join(outdir, rel),
                 "sched: the hog + interactive mix (mix_mixed, scale 1) "
                 "on a timeline")
    plots.append({"file": rel, "title": "sched: timeline of the hog + "
                  "interactive mix per scheduler", "timing": mode})


def spread_bars(ax, labels, groups, ref=None, log=False):
    """One bar per label: the median over the Mosaic runs, whiskers from
    the lowest to the highest; the reference (Linux) as a black mark."""
    meds = [median(g) if g else 0 for g in groups]
    lo = [m - min(g) if g else 0 for m, g in zip(meds, groups)]
    hi = [max(g) - m if g else 0 for m, g in zip(meds, groups)]
    xs = list(range(len(labels)))
    ax.bar(xs, meds, 0.6, yerr=[lo, hi], capsize=3, color=COLORS[0],
           label="Mosaic (median, min–max over combinations)")
    if ref is not None:
        pts = [(x, v) for x, v in zip(xs, ref) if v]
        if pts:
            ax.plot([x for x, _ in pts], [v for _, v in pts], "k_",
                    markersize=28, markeredgewidth=2, label="Linux")
    ax.set_xticks(xs)
    ax.set_xticklabels(labels, rotation=30, ha="right", fontsize=8)
    if log:
        ax.set_yscale("log")
    ax.legend(fontsize=7)


def plot_workloads(runs, outdir, plots, mode):
    """Instructions (or cycles) per operation of each workload."""
    ok = [r for r in runs_with(runs, "workloads") if not r.get("reference")]
    ref = reference_run(runs)
    member = "insns_per_op" if any(
        m == "insns_per_op" for r in ok for (f, b, m) in r["figures"]) \
        else "cycles_per_op"
    benches = []
    for r in ok + ([ref] if ref else []):
        for (f, b, m) in r["figures"]:
            if f == "workloads" and m == member and b not in benches:
                benches.append(b)
    if not benches:
        return
    plt = _plt()
    fig, ax = plt.subplots(figsize=(10, 4))
    groups = [[r["figures"][("workloads", b, member)] for r in ok
               if ("workloads", b, member) in r["figures"]] for b in benches]
    spread_bars(ax, benches, groups, [ref["figures"].get(
        ("workloads", b, member)) for b in benches] if ref else None,
        log=True)
    ax.set_ylabel("%s (log)" % member.replace("_", " "))
    ax.set_title("workloads: %s per operation" % member.split("_")[0],
                 fontsize=10)
    _save(fig, outdir, "workloads-ops", plots,
          "workloads: cost per operation, Mosaic and Linux", mode)


def plot_boot(runs, outdir, plots, mode):
    ok = [r for r in runs_with(runs, "boot") if not r.get("reference")]
    ref = reference_run(runs)
    names = [n for n in ("first_user", "shell_prompt")
             if any(("boot", n, "insns") in r["figures"]
                    for r in ok + ([ref] if ref else []))]
    if not names:
        return
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 3.5))
    groups = [[r["figures"][("boot", n, "insns")] for r in ok
               if ("boot", n, "insns") in r["figures"]] for n in names]
    spread_bars(ax, names, groups, [ref["figures"].get(("boot", n, "insns"))
                                    for n in names] if ref else None,
                log=True)
    ax.set_ylabel("instructions from the kernel's entry (log)")
    ax.set_title("boot to user space", fontsize=10)
    _save(fig, outdir, "boot-insns", plots,
          "boot: instructions to the first user instruction and the shell",
          mode)


def plot_vs_linux(runs, outdir, plots, mode):
    keys = sorted({(b, m) for r in runs for (f, b, m) in r["figures"]
                   if f == "vs_linux"})
    if not keys:
        return
    plt = _plt()
    fig, ax = plt.subplots(figsize=(10, 4))
    groups = [[r["figures"][("vs_linux", b, m)] for r in runs
               if ("vs_linux", b, m) in r["figures"]] for b, m in keys]
    spread_bars(ax, ["%s %s" % (b, m.replace("_per_op", "")) for b, m in keys],
                groups, log=True)
    ax.axhline(1.0, color="k", linewidth=1, label="Linux = 1")
    ax.axhline(0.5, color="#2ca02c", linewidth=1, linestyle="--",
               label="goal ½ (boot: 1/10)")
    ax.set_ylabel("Mosaic / Linux (log)")
    ax.legend(fontsize=7)
    ax.set_title("Mosaic over Linux, same QEMU, same binaries", fontsize=10)
    _save(fig, outdir, "vs_linux-ratio", plots,
          "Mosaic / Linux per figure: median and range over combinations",
          mode)


def plot_host(host, outdir, plots):
    recs = host.get("records", [])
    plt = _plt()
    for fam, member, name, title in (
            ("host-heap", "ns_per_op", "host-heap", "heapreplay ns/op"),
            ("host-frame", "ns_per_op", "host-frame", "framebench ns/op")):
        rs = [r for r in recs if r.get("family") == fam and
              is_number(r.get(member))]
        if not rs:
            continue
        pols = list(dict.fromkeys(r["policy"] for r in rs))
        names = list(dict.fromkeys(r["name"] for r in rs))
        fig, ax = plt.subplots(figsize=(10, 3.5))
        width = 0.8 / len(pols)
        for i, p in enumerate(pols):
            vals = {r["name"]: r[member] for r in rs if r["policy"] == p}
            ax.bar([j + i * width for j in range(len(names))],
                   [vals.get(n, 0) for n in names], width, label=p,
                   color=COLORS[i % len(COLORS)])
        ax.set_xticks([j + 0.4 - width / 2 for j in range(len(names))])
        ax.set_xticklabels(names, fontsize=8)
        ax.set_yscale("log")
        ax.set_ylabel("ns per op (log)")
        ax.set_title("%s (host wall-clock)" % title, fontsize=10)
        ax.legend(fontsize=7, ncol=4)
        _save(fig, outdir, name, plots, "%s (host)" % title, "wall-clock")


# ---------------------------------------------------------------------------
# Writing the report

def family_order(runs):
    fams = []
    for r in runs:
        for (f, b, m) in r.get("figures", {}):
            if f not in fams:
                fams.append(f)
    return [f for f in FAMILY_ORDER if f in fams] + \
        sorted(f for f in fams if f not in FAMILY_ORDER and
               f not in RUNNER_FAMILIES)


def to_json_run(run):
    j = {k: v for k, v in run.items() if k not in ("figures", "series")}
    j["figures"] = {metric_id(k): v for k, v in sorted(run["figures"].items())}
    j["series"] = {"%s.%s" % k: [{"x": x, **pts} for x, pts in v]
                   for k, v in sorted(run["series"].items())}
    return j


def write_csv(path, runs, host, dims):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(csv_header(dims))
        for r in runs:
            head = [r["combination"]] + [r[d] for d in dims] + \
                [r["status"], r["timing"]]
            for (fam, b, m), v in sorted(r["figures"].items()):
                w.writerow(head + [fam, b, m, repr(v)])
            for (fam, curve), pts in sorted(r["series"].items()):
                for x, vals in pts:
                    for m, v in sorted(vals.items()):
                        w.writerow(head + [fam, "%s_sample@%s" % (curve, x),
                                           m, repr(v)])
        for rec in host.get("records", []):
            for m, v in sorted(rec.items()):
                if is_number(v):
                    w.writerow(["host"] + [""] * len(dims) +
                               ["ok", "wall-clock",
                                rec["family"],
                                "%s:%s" % (rec["policy"], rec["name"]), m,
                                repr(v)])


def write_report(outdir, meta, runs, host):
    """Write report.md, results.csv, results.json and plots/ to outdir.

    meta: selection, timing mode, commands, times. runs: dicts with
    combination, frame, heap, sched, status ('ok'/'failed'), stage,
    reason, log, timing, config, records, figures, series. host: {'status',
    'records', 'note'}.
    """
    os.makedirs(outdir, exist_ok=True)
    mode = meta.get("timing", "icount")
    plots = []
    ref = apply_reference(runs)
    fams = family_order(runs)
    for fam in fams:
        plot_family_bars(runs, fam, outdir, plots, mode)
    plot_frag_curve(runs, outdir, plots, mode)
    plot_heap_footprint(runs, outdir, plots, mode)
    plot_sched_response(runs, outdir, plots, mode)
    plot_sched_timelines(runs, outdir, plots, mode)
    plot_workloads(runs, outdir, plots, mode)
    plot_boot(runs, outdir, plots, mode)
    plot_vs_linux(runs, outdir, plots, mode)
    plot_host(host, outdir, plots)

    timing_text = {
        "icount": "instruction-counted (QEMU `-icount shift=5`): the guest "
                  "TSC advances 32 per guest instruction, so 'cycles' are "
                  "32 x instructions, identical from run to run",
        "wall-clock": "wall-clock (QEMU TCG without -icount): guest cycles "
                      "follow the host's speed and load; not reproducible",
    }[mode]
    L = []
    L.append("# Mosaic policy comparison\n")
    sel = meta["selection"]
    mosaic = [r for r in runs if not r.get("reference")]
    L.append("Selection: %s (%d combinations, "
             "%d failed)%s.\n" % (
                 "; ".join("%s = %s" % (d, ", ".join(sel[d]))
                           for d in run_dims(runs, meta)), len(mosaic),
                 sum(r["status"] != "ok" for r in mosaic),
                 "; reduced run (--small)" if meta.get("small") else ""))
    L.append("**In-kernel figures** (all tables below except *Host-native*) "
             "are %s. **Host-native figures** are host wall-clock "
             "(nanoseconds, plus the host TSC for framebench) and vary "
             "with the machine and its load.\n" % timing_text)
    L.append("Figures are per run; **bold** marks the best value in a "
             "column (↓ lower is better, ↑ higher is better; no arrow: no "
             "better direction). Every figure is in `results.csv` and "
             "`results.json`; Documentation/compare.md explains them.\n")
    refs = [r for r in runs if r.get("reference")]
    if refs:
        r = refs[0]
        L.append("**Reference:** %s (`%s`), booted in the same QEMU with "
                 "the same machine options%s, ran the same workload "
                 "binaries: %s.\n" % (
                     r["combination"], r.get("kernel", "?"),
                     " and -icount" if mode == "icount" else "",
                     "its figures are the reference row of each table and "
                     "the denominators of *Mosaic / Linux*"
                     if ref else "**FAILED** (%s; log `%s`)" % (
                         r.get("reason", "?"), r.get("log", "?"))))
    if meta.get("shard"):
        L.append("This is shard %s of the matrix (`make compare SHARD=%s`); "
                 "`make compare-merge` joins the shards into one report.\n"
                 % (meta["shard"], meta["shard"]))
    if meta.get("merged_from"):
        L.append("Merged from %d result directories: %s.\n" % (
            len(meta["merged_from"]), ", ".join(
                "`%s`" % d for d in meta["merged_from"])))
    L.append("## Whole matrix\n")
    L.append(matrix_table(runs) + "\n")
    failed = [r for r in runs if r["status"] != "ok"]
    if failed:
        L.append("### Failed combinations\n")
        for r in failed:
            L.append("- `%s`: %s failed: %s (log: `%s`)" % (
                r["combination"], r.get("stage", "?"),
                r.get("reason", "?"), r.get("log", "?")))
        L.append("")
    L += failed_workloads_section(runs)
    dims = run_dims(runs, meta)
    for fam in fams:
        L.append("## %s (`%s`, %s)\n" % (FAMILY_TITLES.get(fam, fam), fam,
                                          mode))
        summary = family_summary(runs, fam, dims)
        if summary:
            L.append(summary + "\n")
        if fam == "vs_linux":
            goals = goals_table(runs)
            if goals:
                L.append(goals + "\n")
        for part in family_tables(runs, fam):
            L.append(part + "\n")
        for p in plots:
            if p["file"].startswith("plots/%s-" % fam):
                L.append("![%s](%s)\n" % (p["title"], p["file"]))
    for fam in ("sched",):
        if fam not in fams:
            L.append("## Scheduler\n\nNo `sched` benchmark lines in any "
                     "run: this kernel's scheduler benchmark did not report "
                     "(or is not built), so there is no response-time plot."
                     "\n")
    L.append("## Host-native figures (wall-clock)\n")
    if host.get("records"):
        L.append("The same policy source files compiled for the host "
                 "(`tools/heapreplay`, `tools/frame/framebench`), with "
                 "glibc, jemalloc, tcmalloc and mimalloc where installed. %s\n"
                 % host.get("note", ""))
        for part in host_tables(host):
            L.append(part + "\n")
        for p in plots:
            if p["file"].startswith("plots/host-"):
                L.append("![%s](%s)\n" % (p["title"], p["file"]))
    else:
        L.append("Not run: %s\n" % host.get("note", "--no-host"))
    L.append("## Configuration of each run\n")
    L.append("Each combination was configured from `%s`, changing only the "
             "policy symbols; its full `.config` is in `results.json` "
             "(`runs[].config`).\n" % meta.get("base_config", "?"))
    rows = [[r["combination"], r["status"], r["timing"],
             "%.0f s" % r.get("wall_seconds", 0), "`%s`" % r.get("log", "")]
            for r in runs]
    L.append(md_table(["combination", "status", "timing", "build+boot",
                       "log"], rows) + "\n")
    with open(os.path.join(outdir, "report.md"), "w") as f:
        f.write("\n".join(L))

    meta = dict(meta, dims=list(run_dims(runs, meta)))
    write_csv(os.path.join(outdir, "results.csv"), runs, host, meta["dims"])
    doc = {"schema": SCHEMA, "meta": meta, "plots": plots,
           "runs": [to_json_run(r) for r in runs],
           "host": {"status": host.get("status", "skipped"),
                    "timing": "wall-clock", "note": host.get("note", ""),
                    "records": host.get("records", [])}}
    with open(os.path.join(outdir, "results.json"), "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")
    return plots


# ---------------------------------------------------------------------------
# Merging the result directories of shards (scripts/compare --merge)

class MergeError(Exception):
    pass


def from_json_run(j):
    """A run of results.json in the form write_report() takes: figures
    and series recomputed from its records, as when it was measured."""
    r = {k: v for k, v in j.items() if k not in ("figures", "series")}
    if r.get("status") == "ok":
        r["figures"], r["series"] = figures(r.get("records", []))
    else:
        r["figures"], r["series"] = {}, {}
    return r


MATRIX_META = ("selection", "dims", "timing", "small", "workloads_scale")


def merge_results(dirs):
    """(meta, runs, host) of one report over the runs of several result
    directories (shards of one matrix, or any parts of it): the same
    selection, families and timing mode in all, every combination exactly
    once. Raises MergeError listing the problems."""
    docs, problems = [], []
    for d in dirs:
        try:
            with open(os.path.join(d, "results.json")) as f:
                docs.append((d, json.load(f)))
        except (OSError, ValueError) as e:
            problems.append("%s: no readable results.json (%s)" % (d, e))
    if problems or not docs:
        raise MergeError(problems or ["nothing to merge"])
    meta = dict(docs[0][1].get("meta", {}))
    for d, doc in docs[1:]:
        for key in MATRIX_META:
            if doc.get("meta", {}).get(key) != meta.get(key):
                problems.append("%s: meta.%s differs from %s's" % (
                    d, key, docs[0][0]))
    runs_by, ref, host = {}, None, None
    for d, doc in docs:
        for j in doc.get("runs", []):
            if j.get("reference"):
                ref = ref or j
                continue
            name = j.get("combination")
            if name in runs_by:
                problems.append("%s: combination %s is also in %s" % (
                    d, name, runs_by[name][0]))
            runs_by[name] = (d, j)
        h = doc.get("host", {})
        if host is None and h.get("status", "skipped") != "skipped":
            host = h
    dims = run_dims([], meta)
    try:
        expect = [combo_name(*c) for c in
                  selected_combos(meta["selection"], dims)]
    except (KeyError, TypeError) as e:
        raise MergeError(problems + ["meta.selection unusable: %s" % e])
    missing = [n for n in expect if n not in runs_by]
    if missing:
        problems.append("%d combination%s in no directory: %s" % (
            len(missing), "" if len(missing) == 1 else "s",
            ", ".join(missing)))
    extra = [n for n in runs_by if n not in expect]
    if extra:
        problems.append("combinations outside the selection: %s" %
                        ", ".join(extra))
    if problems:
        raise MergeError(problems)
    runs = [from_json_run(runs_by[n][1]) for n in expect]
    if ref:
        runs.append(from_json_run(ref))
    for key in ("shard", "date"):
        meta.pop(key, None)
    metas = [doc.get("meta", {}) for _, doc in docs]
    for key in ("matrix_seconds", "total_seconds"):
        vals = [m[key] for m in metas if is_number(m.get(key))]
        if vals:
            meta[key] = max(vals)
    meta["merged_from"] = [os.path.abspath(d) for d, _ in docs]
    host = host or {"status": "skipped", "records": [],
                    "note": "no merged directory had host figures."}
    return meta, runs, {k: host.get(k) for k in ("status", "records",
                                                 "note")}


# ---------------------------------------------------------------------------
# Checking a report (scripts/compare --check-report DIR)

PNG_SIG = b"\x89PNG\r\n\x1a\n"


def check_png(path):
    """None if path is a PNG with a sound IHDR chunk, else the problem."""
    try:
        with open(path, "rb") as f:
            head = f.read(33)
    except OSError as e:
        return "cannot read: %s" % e.strerror
    if head[:8] != PNG_SIG:
        return "not a PNG (bad signature)"
    if len(head) < 33:
        return "truncated before the end of IHDR"
    length, ctype = struct.unpack(">I4s", head[8:16])
    if ctype != b"IHDR" or length != 13:
        return "first chunk is not a 13-byte IHDR"
    width, height, depth, color = struct.unpack(">IIBB", head[16:26])
    if width == 0 or height == 0:
        return "IHDR gives an empty image"
    if depth not in (1, 2, 4, 8, 16) or color not in (0, 2, 3, 4, 6):
        return "IHDR bit depth/colour type invalid"
    crc = struct.unpack(">I", head[29:33])[0]
    if zlib.crc32(head[12:29]) & 0xffffffff != crc:
        return "IHDR CRC mismatch"
    return None


IMG_RE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")


def check_report(d, expect=None):
    """Problems found in the report in directory d (empty list: sound).

    expect: combination names that must be present; default: every
    combination of the selection recorded in results.json.
    """
    errs = []
    paths = {n: os.path.join(d, n) for n in
             ("report.md", "results.json", "results.csv")}
    for n, p in paths.items():
        if not os.path.isfile(p):
            errs.append("%s is missing" % n)
    if errs:
        return errs
    try:
        with open(paths["results.json"]) as f:
            doc = json.load(f)
    except ValueError as e:
        return ["results.json does not parse: %s" % e]
    with open(paths["report.md"], encoding="utf-8") as f:
        md = f.read()

    runs = doc.get("runs")
    meta = doc.get("meta", {})
    if not isinstance(runs, list):
        return ["results.json has no runs list"]
    if meta.get("timing") not in ("icount", "wall-clock"):
        errs.append("results.json meta.timing is not icount or wall-clock")
    if expect is None:
        try:
            expect = [combo_name(*c) for c in selected_combos(
                meta.get("selection", {}), run_dims(runs, meta),
                meta.get("shard"))]
        except (KeyError, TypeError, ValueError):
            errs.append("results.json meta.selection (or meta.shard) is "
                        "incomplete")
            expect = []
    byname = {}
    for r in runs:
        name = r.get("combination")
        if name in byname:
            errs.append("combination %s appears twice" % name)
        byname[name] = r
    for name in expect:
        r = byname.get(name)
        if r is None:
            errs.append("combination %s missing from results.json" % name)
            continue
        if "`%s`" % name not in md and "| %s |" % name not in md:
            errs.append("combination %s missing from report.md" % name)
        if r.get("status") == "ok":
            figs = r.get("figures")
            if not isinstance(figs, dict) or not figs:
                errs.append("%s: no figures" % name)
                continue
            for k, v in figs.items():
                if not is_number(v):
                    errs.append("%s: figure %s is not a number: %r"
                                % (name, k, v))
            if not r.get("reference") and (
                    not isinstance(r.get("config"), dict) or
                    not r["config"]):
                errs.append("%s: no config recorded" % name)
            if r.get("timing") not in ("icount", "wall-clock"):
                errs.append("%s: timing mode not recorded" % name)
        elif r.get("status") == "failed":
            if not r.get("log"):
                errs.append("%s: failed without a log path" % name)
            elif r["log"] not in md:
                errs.append("%s: failed, but report.md lacks its log path"
                            % name)
        else:
            errs.append("%s: status %r is neither ok nor failed"
                        % (name, r.get("status")))
    for r in runs:
        for log in workload_logs(r) if runs_failing_workloads([r]) else []:
            if log not in md:
                errs.append("%s: a workload failed, but report.md lacks "
                            "the log %s" % (r.get("combination"), log))
    for rec in doc.get("host", {}).get("records", []):
        if not any(is_number(v) for v in rec.values()):
            errs.append("host record without a number: %r" % rec)

    errs += check_csv(paths["results.csv"], byname, run_dims(runs, meta))

    images = IMG_RE.findall(md)
    listed = [p.get("file") for p in doc.get("plots", [])]
    for p in listed:
        if p not in images:
            errs.append("plot %s is not embedded in report.md" % p)
    for img in images:
        full = os.path.join(d, img)
        if not os.path.isfile(full):
            errs.append("report.md embeds %s, which does not exist" % img)
            continue
        bad = check_png(full)
        if bad:
            errs.append("%s: %s" % (img, bad))
    if any(r.get("status") == "ok" for r in runs) and not images:
        errs.append("report.md embeds no plots")
    if "## Whole matrix" not in md:
        errs.append("report.md has no whole-matrix table")
    return errs


def check_csv(path, byname, dims):
    errs = []
    header = csv_header(dims)
    try:
        with open(path, newline="") as f:
            rows = list(csv.reader(f, strict=True))
    except (csv.Error, UnicodeDecodeError) as e:
        return ["results.csv does not parse: %s" % e]
    if not rows or rows[0] != header:
        return ["results.csv header is not %s" % ",".join(header)]
    bench_col = header.index("bench")
    counts = {}
    for i, row in enumerate(rows[1:], 2):
        if len(row) != len(header):
            errs.append("results.csv line %d has %d fields, not %d"
                        % (i, len(row), len(header)))
            continue
        try:
            v = float(row[-1])
        except ValueError:
            errs.append("results.csv line %d: value %r is not a number"
                        % (i, row[-1]))
            continue
        if not math.isfinite(v):
            errs.append("results.csv line %d: value %r is not finite"
                        % (i, row[-1]))
        if "_sample@" not in row[bench_col]:
            counts[row[0]] = counts.get(row[0], 0) + 1
    for name, r in byname.items():
        if r.get("status") == "ok" and \
                counts.get(name, 0) != len(r.get("figures", {})):
            errs.append("results.csv has %d figures of %s, results.json %d"
                        % (counts.get(name, 0), name,
                           len(r.get("figures", {}))))
    return errs


def parse_shard(text):
    """"k/N" -> (k, N), 1 <= k <= N; ValueError otherwise."""
    m = re.match(r"^(\d+)/(\d+)$", str(text).strip())
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise ValueError("a shard is k/N with 1 <= k <= N, not %r" % text)
    return int(m.group(1)), int(m.group(2))


def selected_combos(sel, dims, shard=None):
    """The selection's combinations in the matrix's order (tuples), or
    shard k/N of them: every N-th from the k-th, so the shards of one
    matrix are disjoint, cover it and need no coordination."""
    combos = list(itertools.product(*[sel[d] for d in dims]))
    if not shard:
        return combos
    k, n = parse_shard(shard)
    return [c for i, c in enumerate(combos) if i % n == k - 1]


def kernel_figures_equal(a, b):
    """Differences between two runs' in-kernel figures (list of strings)."""
    diffs = []
    for k in sorted(set(a) | set(b)):
        if a.get(k) != b.get(k):
            diffs.append("%s: %r != %r" % (k, a.get(k), b.get(k)))
    return diffs


def read_config(path):
    cfg = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            m = re.match(r"^(CONFIG_\w+)=(.*)$", line)
            if m:
                cfg[m.group(1)] = m.group(2)
            m = re.match(r"^# (CONFIG_\w+) is not set$", line)
            if m:
                cfg[m.group(1)] = "n"
    return cfg

