#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Host tests of scripts/compare and scripts/compare_report.py.

usage: test_compare.py SRCTREE OUTDIR

A good report is written from synthetic BENCH records (through the real
report writer and matplotlib) and must pass --check-report; broken copies
of it (a missing combination, a non-numeric figure, bad PNG files, a bad
CSV, ...) must each be caught. Also: policy-name validation (exit 2,
nothing built), -j from MAKEFLAGS, command-line variable forwarding,
figure extraction and the determinism comparison. Ends with
`hosttest compare: N passed, N failed`.
"""

import copy
import importlib.machinery
import importlib.util
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import traceback
import zlib

sys.dont_write_bytecode = True

SRC = os.path.abspath(sys.argv[1])
OUT = os.path.abspath(sys.argv[2])
os.makedirs(OUT, exist_ok=True)
sys.path.insert(0, os.path.join(SRC, "scripts"))
import compare_report as cr  # noqa: E402


def load_script(name):
    """scripts/<name>, a Python program without .py, as a module."""
    path = os.path.join(SRC, "scripts", name)
    loader = importlib.machinery.SourceFileLoader(name + "_driver", path)
    spec = importlib.util.spec_from_loader(name + "_driver", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


drv = load_script("compare")
results = []


def test(fn):
    try:
        fn()
        results.append(True)
        print("ok %s" % fn.__name__)
    except Exception:
        results.append(False)
        print("FAIL %s" % fn.__name__)
        for line in traceback.format_exc().splitlines():
            print("    " + line)
    return fn


# ---------------------------------------------------------------------------
# Synthetic data shaped like the real benchmarks' lines

def records(frame, heap, sched):
    k = {"bitmap": 3, "buddy": 2, "stack": 1}.get(frame, 4)
    h = {"bump": 1, "linked-list": 5, "fixed-block": 2}.get(heap, 3)
    s = {"rr": 1, "mlfq": 2}.get(sched, 3)
    recs = [
        {"family": "kernel", "name": "boot", "available": 1,
         "cycles": 1000000 + k * 100 + h},
        {"family": "kernel", "name": "mem_after_boot", "used_kib": 170 + k,
         "meta_frames": 30 + k, "heap_footprint_bytes": 4096 * h,
         "frame_policy": frame, "heap_policy": heap},
        {"family": "kernel", "name": "thread_storm", "threads": 1000,
         "cycles_per_thread": 40000 + s * 10, "frames_kept": 0,
         "heap_live_delta_bytes": 0, "failures": 0, "errors": 0},
    ]
    for name in ("order0_pair", "mixed_order0_4"):
        recs.append({"family": "frame", "policy": frame, "name": name,
                     "ops": 1000, "cycles_per_op": 100 * k, "failures": 0})
    for step in (0, 100, 200):
        recs.append({"family": "frame", "policy": frame,
                     "name": "frag_sample", "step": step, "free": 1000,
                     "largest_run": 1000 - step * k,
                     "frag_permille": step * k // 10})
    for t in ("churn", "longshort"):
        recs.append({"family": "heap", "name": "replay_" + t,
                     "policy": heap, "ops": 500, "cycles_per_op": 50 * h,
                     "peak_footprint_bytes": 8192 * h,
                     "footprint_live_permille": 1000 + h,
                     "footprint_quarters": [4096, 8192 * h, 8192, 4096],
                     "failures": 0, "errors": 0})
    for mix in ("cpu", "mixed"):
        # The shape kernel/sched/sched_bench.c prints: a summary line and a
        # response-time distribution line per workload mix; wake figures
        # only for a mix with wakeups.
        recs.append({"family": "sched", "policy": sched, "name": "mix_" + mix,
                     "hz": 100, "jobs": 4, "resp_avg_ticks": 1.5 * s,
                     "resp_p99_ticks": 3.0 * s, "turnaround_avg_ticks": 100 * s,
                     "jain_permille": 990, "switches_per_s": 100})
        if mix == "mixed":
            recs[-1].update(wake_avg_ticks=0.5 * s, wake_p99_ticks=1.0 * s)
        recs.append({"family": "sched", "policy": sched,
                     "name": "response_" + mix, "samples": 4,
                     "response_pct": [0, 10, 25, 50, 75, 90, 99, 100],
                     "response_ticks": [0, 0.1, 0.5, 1.0 * s, 1.5 * s,
                                        2.0 * s, 3.0 * s, 3.0 * s]})
    recs.append({"family": "sched", "policy": sched,
                 "name": "yield_pingpong", "rounds": 8000,
                 "switches": 16000, "cycles_per_round_trip": 900 * s})
    # The shape fs/vfs_bench.c prints.
    recs.append({"family": "vfs", "name": "create_unlink",
                 "frame_policy": frame, "ops": 500, "cycles": 500 * 150 * k,
                 "cycles_per_op": 150 * k, "throughput_ops_per_s": 6000 // k,
                 "errors": 0})
    for name in ("seq_write_64k", "seq_read_4k", "pipe_4k", "pipe_64k"):
        recs.append({"family": "vfs", "name": name, "frame_policy": frame,
                     "ops": 64, "bytes": 4194304, "cycles": 1000 * k * s,
                     "cycles_per_op": 100 * k * s,
                     "throughput_kib_per_s": 20000 // (k * s), "errors": 0})
    recs.append({"family": "runner", "name": "frame", "cycles": 123456})
    return recs + workload_records(k, h, s)


def workload_records(k, h, s, failing=True):
    """The shape user/wlrun and the workloads print, with the kernel_entry
    record scripts/workloads.py adds; k, h, s scale the figures."""
    recs = [{"family": "boot", "name": "kernel_entry", "tsc": 4000000000},
            {"family": "boot", "name": "first_user", "icount_shift": 5,
             "tsc": 4000000000 + 320000000 * k, "idle_ns": 32000000},
            {"family": "boot", "name": "shell_prompt", "icount_shift": 5,
             "tsc": 4000000000 + 400000000 * k, "idle_ns": 32000000}]
    for name, insns in (("null_syscall", 150 + s), ("pipe_rtt", 4000 * s),
                        ("fork_exit", 60000 * k), ("anon_fault", 2000 * k)):
        recs.append({"family": "workloads", "name": name, "ops": 100,
                     "cycles": insns * 3200, "cycles_per_op": insns * 32.0,
                     "insns_per_op": float(insns)})
    recs.append({"family": "workloads", "name": "sched_mix", "ops": 80,
                 "cycles": 99, "resp_avg_us": 100.0 * s,
                 "makespan_ms": 300.0})
    progs = [("wl_syscall", "ok"), ("wl_pipe", "ok")]
    if failing:
        recs.append({"family": "workloads", "name": "file_create",
                     "status": "failed",
                     "reason": "unlink: Function not implemented"})
        progs.append(("wl_file", "failed"))
    for prog, status in progs:
        recs.append({"family": "wlrun", "name": prog, "status": status,
                     "exit": 0 if status == "ok" else 2, "cycles": 5,
                     "idle_ns": 0})
    return recs


def linux_run():
    """The reference run scripts/compare adds (Linux, no policies)."""
    recs = workload_records(1, 1, 1, failing=False)
    for r in recs:
        if r.get("family") == "workloads" and "insns_per_op" in r:
            r["insns_per_op"] *= 2      # Linux: twice Mosaic's instructions
        if r.get("name") == "first_user":
            r["tsc"] = 4000000000 + 32000000000
    run = {d: "" for d in SEL}
    run.update({"combination": "linux-6.1.0-test-amd64", "reference": True,
                "kernel": "/boot/vmlinuz-6.1.0-test-amd64", "status": "ok",
                "timing": "icount", "log": "/x/logs/linux.log",
                "wall_seconds": 40.0, "config": {}, "records": recs,
                "workloads": {"wl_syscall": {"status": "ok", "log": "",
                                             "reason": ""}},
                "workload_boots": [{"log": "/x/build/linux/wl.log"}]})
    run["figures"], run["series"] = cr.figures(recs)
    return run


SEL = {"frame": ["buddy", "stack"], "heap": ["fixed-block"],
       "sched": ["rr", "mlfq"]}


def make_runs(fail=None, reference=True):
    runs = []
    for f in SEL["frame"]:
        for h in SEL["heap"]:
            for s in SEL["sched"]:
                name = cr.combo_name(f, h, s)
                r = {"combination": name, "frame": f, "heap": h,
                     "sched": s, "status": "ok", "timing": "icount",
                     "log": "/x/logs/%s.log" % name, "wall_seconds": 30.0,
                     "config": {"CONFIG_" + dict(cr.FAMILIES["frame"])[f]:
                                "y"}}
                if name == fail:
                    r.update(status="failed", stage="boot",
                             reason="TIMEOUT after 600s", records=[],
                             figures={}, series={})
                else:
                    r["records"] = records(f, h, s)
                    r["figures"], r["series"] = cr.figures(r["records"])
                    r["workloads"] = {
                        "wl_syscall": {"status": "ok", "log": "",
                                       "reason": ""},
                        "wl_file": {"status": "failed", "reason": "exit 2",
                                    "log": "/x/build/%s/workloads.log"
                                    % name}}
                    r["workload_boots"] = [
                        {"log": "/x/build/%s/workloads.log" % name}]
                    r["workloads_status"] = "ok"
                runs.append(r)
    if reference:
        runs.append(linux_run())
    return runs


HOST = {"status": "ok", "note": "synthetic", "records": [
    {"family": "host-heap", "policy": a, "name": t, "ns_per_op": n,
     "footprint_live_ratio": 1.5}
    for a, n in (("fixed-block", 12.5), ("glibc", 13.0))
    for t in ("churn", "mixed")] + [
    {"family": "host-frame", "policy": p, "name": "order0_pair",
     "ns_per_op": n, "cycles_per_op": n * 2.5}
    for p, n in (("buddy", 60.0), ("stack", 10.0))]}

# The synthetic report is over three families whatever the tree holds
# (a report names its own, as reports made before a family existed do).
META = {"selection": SEL, "timing": "icount", "small": True,
        "base_config": "configs/qemu_defconfig",
        "dims": ["frame", "heap", "sched"]}


def good_dir(name, fail=None):
    d = os.path.join(OUT, name)
    shutil.rmtree(d, ignore_errors=True)
    cr.write_report(d, copy.deepcopy(META), make_runs(fail),
                    copy.deepcopy(HOST))
    return d


GOOD = None


def broken(name):
    d = os.path.join(OUT, "broken-" + name)
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(GOOD, d)
    return d


def expect_problem(d, needle):
    errs = cr.check_report(d)
    assert any(needle in e for e in errs), \
        "no problem containing %r in %r" % (needle, errs)


def edit_json(d, fn):
    p = os.path.join(d, "results.json")
    with open(p) as f:
        doc = json.load(f)
    fn(doc)
    with open(p, "w") as f:
        json.dump(doc, f)


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, os.path.join(SRC, "scripts",
                                                        "compare")] +
                          list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True,
                          env=env)


# ---------------------------------------------------------------------------
# The good report

@test
def good_report_passes_check():
    global GOOD
    GOOD = good_dir("good")
    errs = cr.check_report(GOOD)
    assert errs == [], errs
    doc = json.load(open(os.path.join(GOOD, "results.json")))
    files = sorted(p["file"] for p in doc["plots"])
    for want in ("plots/frame-bars.png", "plots/frame-fragmentation.png",
                 "plots/heap-footprint.png", "plots/sched-response.png",
                 "plots/kernel-bars.png", "plots/host-heap.png",
                 "plots/host-frame.png"):
        assert want in files, (want, files)


@test
def good_report_cli_ok():
    p = run_cli("--check-report", GOOD)
    assert p.returncode == 0, p.stdout
    assert "OK (4 combinations" in p.stdout, p.stdout


@test
def report_marks_best_and_modes():
    md = open(os.path.join(GOOD, "report.md")).read()
    assert "## Whole matrix" in md
    assert "instruction-counted" in md
    host = md.split("## Host-native figures", 1)[1].split("\n## ", 1)[0]
    assert "synthetic" in host, host          # the host note
    assert "*heapreplay: ns per operation* ↓ (host wall-clock)" in host, host
    assert "| glibc |" in host and "| stack |" in host, host
    # stack has the lowest frame cycles/op (100 vs 200): bolded
    line = [ln for ln in md.splitlines()
            if ln.startswith("| stack-fixed-block-rr |")][0]
    assert "**100**" in line, line
    # the failed-combination section is absent when nothing failed
    assert "Failed combinations" not in md


@test
def sched_headlines_and_tables():
    cols = [k for k, _ in cr.headline_columns(make_runs())]
    for want in (("sched", "yield_pingpong", "cycles_per_round_trip"),
                 ("sched", "mix_mixed", "wake_p99_ticks"),
                 ("sched", "mix_mixed", "turnaround_avg_ticks")):
        assert want in cols, (want, cols)
    md = open(os.path.join(GOOD, "report.md")).read()
    assert "*makespan_ticks* ↓" in md or "*turnaround_avg_ticks* ↓" in md
    for constant in ("*hz*", "*jobs*", "*rounds*", "*switches*"):
        assert constant not in md, constant


@test
def vfs_family_tables_and_headlines():
    cols = [k for k, _ in cr.headline_columns(make_runs())]
    for want in (("vfs", "create_unlink", "throughput_ops_per_s"),
                 ("vfs", "pipe_64k", "throughput_kib_per_s")):
        assert want in cols, (want, cols)
    md = open(os.path.join(GOOD, "report.md")).read()
    assert "## File system and pipes (`vfs`" in md
    assert "*throughput_kib_per_s* ↑" in md
    assert "pipe_64k" in md and "seq_write_64k" in md
    for constant in ("*bytes*", "*ops*"):
        assert constant not in md, constant


@test
def failed_run_is_reported_with_log():
    d = good_dir("with-failure", fail="stack-fixed-block-mlfq")
    assert cr.check_report(d) == []
    md = open(os.path.join(d, "report.md")).read()
    assert "/x/logs/stack-fixed-block-mlfq.log" in md
    assert "**FAILED** (boot)" in md


# ---------------------------------------------------------------------------
# Broken reports

@test
def missing_combination_caught():
    d = broken("missing")
    edit_json(d, lambda doc: doc["runs"].pop(1))
    expect_problem(d, "buddy-fixed-block-mlfq missing from results.json")


@test
def expect_list_caught():
    errs = cr.check_report(GOOD, ["buddy-fixed-block-rr",
                                  "bitmap-bump-rr"])
    assert any("bitmap-bump-rr missing" in e for e in errs), errs


def bad_figure_caught(name, value):
    d = broken(name)
    edit_json(d, lambda doc: doc["runs"][0]["figures"].update(
        {"frame.order0_pair.cycles_per_op": value}))
    expect_problem(d, "is not a number")


@test
def non_numeric_figure_caught():
    bad_figure_caught("nonnum", "12abc")


@test
def nan_figure_caught():
    # json.dump writes NaN, which json.load accepts
    bad_figure_caught("nan", float("nan"))


@test
def failed_without_log_caught():
    d = broken("nolog")

    def f(doc):
        doc["runs"][0].update(status="failed", log="")
    edit_json(d, f)
    expect_problem(d, "failed without a log path")


@test
def bad_png_signature_caught():
    d = broken("pngsig")
    with open(os.path.join(d, "plots", "frame-bars.png"), "wb") as f:
        f.write(b"GIF89a" + b"\0" * 64)
    expect_problem(d, "bad signature")


@test
def bad_ihdr_crc_caught():
    d = broken("pngcrc")
    p = os.path.join(d, "plots", "heap-footprint.png")
    data = bytearray(open(p, "rb").read())
    data[18] ^= 0xff            # inside the width: the CRC no longer fits
    open(p, "wb").write(bytes(data))
    expect_problem(d, "IHDR CRC mismatch")


@test
def truncated_png_caught():
    d = broken("pngtrunc")
    p = os.path.join(d, "plots", "kernel-bars.png")
    data = open(p, "rb").read()
    open(p, "wb").write(data[:20])
    expect_problem(d, "truncated")


@test
def zero_size_png_caught():
    d = broken("pngzero")
    ihdr = struct.pack(">IIBBBBB", 0, 10, 8, 2, 0, 0, 0)
    png = cr.PNG_SIG + struct.pack(">I", 13) + b"IHDR" + ihdr + \
        struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xffffffff)
    open(os.path.join(d, "plots", "frame-bars.png"), "wb").write(png)
    expect_problem(d, "empty image")


@test
def missing_plot_caught():
    d = broken("noplot")
    os.remove(os.path.join(d, "plots", "sched-response.png"))
    expect_problem(d, "does not exist")


@test
def plot_not_embedded_caught():
    d = broken("notembedded")
    p = os.path.join(d, "report.md")
    md = open(p).read().replace("(plots/frame-fragmentation.png)", "")
    open(p, "w").write(md)
    expect_problem(d, "not embedded in report.md")


def rewrite_csv(d, edit_lines):
    """Replace results.csv's lines with edit_lines(lines)."""
    p = os.path.join(d, "results.csv")
    lines = open(p).read().splitlines()
    open(p, "w").write("\n".join(edit_lines(lines)) + "\n")


@test
def csv_wrong_fields_caught():
    d = broken("csvfields")
    rewrite_csv(d, lambda lines: lines + ["a,b,c"])
    expect_problem(d, "has 3 fields")


@test
def csv_non_numeric_caught():
    d = broken("csvnum")
    rewrite_csv(d, lambda lines: lines + [
        "x,buddy,bump,rr,ok,icount,frame,order0_pair,cycles_per_op,fast"])
    expect_problem(d, "is not a number")


@test
def csv_missing_rows_caught():
    d = broken("csvrows")
    rewrite_csv(d, lambda lines: [
        ln for ln in lines if not (ln.startswith("buddy-fixed-block-rr")
                                   and ",order0_pair," in ln)])
    expect_problem(d, "results.csv has")


@test
def csv_bad_header_caught():
    d = broken("csvheader")
    rewrite_csv(d, lambda lines: ["combo,value"] + lines[1:])
    expect_problem(d, "header")


@test
def unparsable_json_caught():
    d = broken("json")
    open(os.path.join(d, "results.json"), "w").write("{\"runs\": [")
    expect_problem(d, "does not parse")


@test
def missing_report_md_caught():
    d = broken("nomd")
    os.remove(os.path.join(d, "report.md"))
    expect_problem(d, "report.md is missing")


@test
def broken_report_cli_fails():
    d = broken("cli")
    os.remove(os.path.join(d, "plots", "frame-bars.png"))
    p = run_cli("--check-report", d)
    assert p.returncode == 1, p.stdout
    assert "problem" in p.stdout, p.stdout


# ---------------------------------------------------------------------------
# The driver

@test
def unknown_names_exit_2_and_build_nothing():
    o = os.path.join(OUT, "never-built")
    shutil.rmtree(o, ignore_errors=True)
    p = run_cli("--srctree", SRC, "--objtree", o, "--frame", "buddy,slab",
                "--sched", "fifo")
    assert p.returncode == 2, (p.returncode, p.stdout)
    for fam in ("frame", "sched"):
        names = ", ".join(n for n, _ in cr.FAMILIES[fam])
        assert "valid %s names: %s" % (fam, names) in p.stdout, p.stdout
    assert "'slab'" in p.stdout and "'fifo'" in p.stdout, p.stdout
    assert not os.path.exists(o), "output directory was created"


def selection_args(**given):
    class A:
        small = False
    for f in cr.DIMS:
        setattr(A, f, given.get(f))
    return A


@test
def selection_defaults():
    A = selection_args()
    sel = drv.selection_from(A)
    assert sel == {f: [n for n, _ in cr.FAMILIES[f]] for f in cr.DIMS}, sel
    A.small = True
    sel = drv.selection_from(A)
    # the Kconfig default and the last other member
    assert sel["frame"] == ["buddy", "stack"], sel
    assert sel["heap"] == ["linked-list", "fixed-block"], sel
    assert all(len(sel[f]) == 2 and cr.DEFAULTS[f] in sel[f]
               for f in cr.DIMS), sel
    A.heap = "bump"             # an explicit selection wins over --small
    sel = drv.selection_from(A)
    assert sel["heap"] == ["bump"] and len(sel["frame"]) == 3, sel


@test
def selection_from_make_command_line():
    saved = os.environ.get("MAKEFLAGS")
    os.environ["MAKEFLAGS"] = "-j2 -- HEAP=bump,linked-list LLVM=1"
    try:
        sel = drv.selection_from(selection_args())
    finally:
        if saved is None:
            del os.environ["MAKEFLAGS"]
        else:
            os.environ["MAKEFLAGS"] = saved
    assert sel["heap"] == ["bump", "linked-list"], sel
    assert "HEAP" in drv.own_vars() and "LLVM" not in drv.own_vars()


@test
def run_capture_times_out():
    fake = type("D", (), {"env": dict(os.environ), "srctree": OUT})()
    log = os.path.join(OUT, "timeout.log")
    open(log, "w").close()
    out, st = drv.Driver.run(fake, ["sh", "-c", "echo early; sleep 30"], log,
                             timeout=1, capture=True)
    assert (out, st) == ("early\n", 124), (out, st)
    assert "[exit 124 after" in open(log).read()


@test
def jobs_from_makeflags():
    j = drv.jobs_from_makeflags
    assert j("rR -j3 --jobserver-auth=3,4 --no-print-directory") == 3
    assert j(" -j2") == 2
    assert j("--jobs=5") == 5
    assert j("rR --no-print-directory") is None
    assert j("") is None and j(None) is None
    assert j("-j --jobserver-auth=3,4") == (os.cpu_count() or 1)
    assert j("rR -- O=/tmp/x FRAME=buddy") is None


@test
def makeflags_variables_forwarded():
    saved = os.environ.get("MAKEFLAGS")
    os.environ["MAKEFLAGS"] = "rR -j2 -- O=/tmp/x FRAME=buddy LLVM=1 " \
        "QEMU_ARGS=-m\\ 1G"
    os.environ["sub_make_done"] = "1"
    try:
        env, fwd = drv.submake_env.clean_env(drv.own_vars())
    finally:
        if saved is None:
            del os.environ["MAKEFLAGS"]
        else:
            os.environ["MAKEFLAGS"] = saved
        del os.environ["sub_make_done"]
    assert fwd == ["LLVM=1", "QEMU_ARGS=-m 1G"], fwd
    assert "MAKEFLAGS" not in env and "sub_make_done" not in env
    assert env["SKIP_DEPS"] == "1"
    # make check hands them on to scripts/compare the way make would.
    again = drv.submake_env.with_forwarded(env, fwd)
    saved = os.environ.copy()
    os.environ.clear()
    os.environ.update(again)
    try:
        _, fwd2 = drv.submake_env.clean_env(drv.own_vars())
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert fwd2 == fwd, fwd2


@test
def figures_flatten_lists_samples_and_derive():
    recs = records("buddy", "bump", "rr") + \
        [{"family": "frame", "name": "order0_pair", "cycles_per_op": 7}]
    figs, series = cr.figures(recs)
    assert figs[("heap", "replay_churn", "footprint_quarters[1]")] == 8192
    assert figs[("frame", "order0_pair#2", "cycles_per_op")] == 7
    assert figs[("frame", "frag_end", "frag_permille")] == 40
    assert figs[("heap", "replay_mean", "cycles_per_op")] == 50
    assert figs[("runner", "total", "cycles")] == 123456
    assert len(series[("frame", "frag")]) == 3
    assert all(cr.is_number(v) for v in figs.values())
    assert ("kernel", "mem_after_boot", "frame_policy") not in figs


@test
def bench_lines_parse_from_log_and_json():
    text = "boot...\nBENCH {\"family\":\"x\",\"name\":\"a\",\"v\":1}\n" \
        "{\"family\":\"x\",\"name\":\"b\",\"v\":2}\nBENCH {broken\n"
    recs, bad = cr.parse_bench_lines(text)
    assert [r["name"] for r in recs] == ["a", "b"], recs
    assert len(bad) == 1


@test
def determinism_comparison():
    a = drv.in_kernel_figures(records("buddy", "bump", "rr"))
    b = drv.in_kernel_figures(records("buddy", "bump", "rr"))
    assert a and cr.kernel_figures_equal(a, b) == []
    recs = records("buddy", "bump", "rr")
    recs[5]["largest_run"] += 1     # one frag_sample point differs
    c = drv.in_kernel_figures(recs)
    diffs = cr.kernel_figures_equal(a, c)
    assert len(diffs) == 1 and "frag_sample@" in diffs[0], diffs


@test
def direction_rules():
    assert cr.direction("cycles_per_op") == "min"
    assert cr.direction("fairness_permille") == "max"
    assert cr.direction("largest_run") == "max"
    assert cr.direction("throughput") == "max"
    assert cr.direction("switches_per_sec") is None
    assert cr.direction("heap_live_blocks") is None
    assert cr.direction("makespan_ticks") == "min"


@test
def config_reader():
    p = os.path.join(OUT, "dot-config")
    open(p, "w").write("CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_S=\"x\"\n")
    assert cr.read_config(p) == {"CONFIG_A": "y", "CONFIG_B": "n",
                                 "CONFIG_S": "\"x\""}


# ---------------------------------------------------------------------------
# Policy families come from the Kconfig choices (scripts/policies.py):
# adding a member, or a whole family, to a copy of the tree must reach
# compare, the report, check and the tools/ Makefiles with no edit.

import policies  # noqa: E402


# What the copy needs: every Kconfig file (any top-level directory with
# one: a new subsystem brings its own), the configs, scripts and headers,
# and the sources the tools/ Makefiles name.
BASE_DIRS = ("configs", "scripts", "include", "lib")
TOOLS_DIRS = ("tools/frame", "tools/heap", "tools/lib", "tools/include")


def tree_dirs():
    with_kconfig = set()
    for d in os.listdir(SRC):
        if d.startswith(".") or d in ("tools", "check", "compare", "mutate") or \
                not os.path.isdir(os.path.join(SRC, d)):
            continue
        for _, _, files in os.walk(os.path.join(SRC, d)):
            if "Kconfig" in files:
                with_kconfig.add(d)
                break
    return sorted(set(BASE_DIRS) | with_kconfig) + list(TOOLS_DIRS)


def copy_tree(dst):
    shutil.rmtree(dst, ignore_errors=True)
    os.makedirs(dst)
    junk = shutil.ignore_patterns("*.o", ".*.cmd", ".*.d", "__pycache__")
    for d in tree_dirs():
        shutil.copytree(os.path.join(SRC, d), os.path.join(dst, d),
                        ignore=junk)
    for f in ("Kconfig", "tools/host.mk"):
        shutil.copy(os.path.join(SRC, f), os.path.join(dst, f))


def add_member(tree, kconfig, after_choice, symbol, prompt):
    """Insert `config symbol` as the last member of the named choice."""
    path = os.path.join(tree, kconfig)
    with open(path) as f:
        text = f.read()
    start = text.index("choice " + after_choice + "\n")
    end = text.index("endchoice", start)
    text = text[:end] + "config %s\n\tbool \"%s\"\n\n" % (symbol, prompt) \
        + text[end:]
    with open(path, "w") as f:
        f.write(text)


def grown_tree():
    """A copy of the tree with a fourth scheduler, a fourth frame policy
    (with its source file) and a new family of two swap policies."""
    tree = os.path.join(OUT, "grown-tree")
    copy_tree(tree)
    add_member(tree, "kernel/sched/Kconfig", "SCHED_POLICY", "SCHED_LOTTERY",
               "Lottery")
    add_member(tree, "mm/frame/Kconfig", "FRAME_ALLOC_POLICY",
               "FRAME_ALLOC_TLSF", "TLSF")
    with open(os.path.join(tree, "mm/frame/Makefile"), "a") as f:
        f.write("obj-$(CONFIG_FRAME_ALLOC_TLSF) += tlsf.o\n")
    shutil.copy(os.path.join(tree, "mm/frame/stack.c"),
                os.path.join(tree, "mm/frame/tlsf.c"))
    add_member(tree, "mm/heap/Kconfig", "HEAP_POLICY", "HEAP_SLAB", "Slab")
    shutil.copy(os.path.join(tree, "mm/heap/bump.c"),
                os.path.join(tree, "mm/heap/slab.c"))
    os.makedirs(os.path.join(tree, "mm/swap"))
    with open(os.path.join(tree, "mm/swap/Kconfig"), "w") as f:
        f.write("choice SWAP_POLICY\n\tprompt \"Page replacement\"\n"
                "\tdefault SWAP_CLOCK\n\nconfig SWAP_FIFO\n\tbool \"FIFO\"\n"
                "\nconfig SWAP_CLOCK\n\tbool \"Clock\"\n\nendchoice\n")
    with open(os.path.join(tree, "Kconfig"), "a") as f:
        f.write('\nsource "mm/swap/Kconfig"\n')
    return tree


@test
def families_are_the_kconfig_choices():
    fams = policies.families(SRC)
    assert list(cr.DIMS) == list(fams), (cr.DIMS, list(fams))
    for fam in fams.values():
        assert fam.default in fam.names(), fam
        # one Makefile line per member, under the choice's directory
        for m in fam.members:
            line = "obj-$(CONFIG_%s)" % m.symbol
            found = any(line in open(os.path.join(d, f)).read()
                        for d, _, fs in os.walk(SRC) if ".git" not in d
                        for f in fs if f == "Makefile")
            assert found, "no Makefile line %s" % line
    assert [m.name for m in fams["heap"].members] == \
        ["bump", "linked-list", "fixed-block"]
    assert fams["heap"].member("linked-list").cname == "linked_list"
    # the unnamed choices (fit strategy, largest class) are no family
    assert "heap" in fams and len(fams) == len(set(fams))
    assert policies.stale_fragments(SRC) == []


@test
def fragment_of_a_member_that_is_gone_caught():
    tree = os.path.join(OUT, "stale-tree")
    copy_tree(tree)
    with open(os.path.join(tree, "configs/heap-slab.config"), "w") as f:
        f.write("CONFIG_HEAP_SLAB=y\n")
    with open(os.path.join(tree, "configs/frame-stack.config"), "w") as f:
        f.write("CONFIG_FRAME_ALLOC_BUDDY=y\n")
    probs = policies.stale_fragments(tree)
    assert any("heap-slab.config" in p and "no member slab" in p
               for p in probs), probs
    assert any("frame-stack.config" in p for p in probs), probs


@test
def member_without_prefix_is_an_error():
    tree = os.path.join(OUT, "bad-tree")
    copy_tree(tree)
    add_member(tree, "mm/heap/Kconfig", "HEAP_POLICY", "SLAB_HEAP", "Slab")
    try:
        policies.families(tree)
    except policies.PolicyError as e:
        assert "SLAB_HEAP does not start with HEAP_" in str(e), e
    else:
        raise AssertionError("a member named outside its prefix passed")


@test
def new_member_and_family_reach_every_script():
    tree = grown_tree()
    try:
        fams = cr.load_families(tree)
        real = tuple(policies.families(SRC))
        assert cr.DIMS == real + ("swap",), cr.DIMS
        assert fams["sched"].names()[-1] == "lottery", fams["sched"]
        assert cr.DEFAULTS["swap"] == "clock"
        # compare: the matrix, --small, the symbols it sets
        sel = drv.selection_from(selection_args())
        assert "lottery" in sel["sched"] and "tlsf" in sel["frame"], sel
        assert sel["swap"] == ["fifo", "clock"], sel
        assert drv.symbol("sched", "lottery") == "CONFIG_SCHED_LOTTERY"
        assert "SWAP" in drv.own_vars()
        # the report: a column per family, checked sound
        pick = {"frame": "tlsf", "heap": "fixed-block", "sched": "lottery"}
        runs = []
        for sw in ("fifo", "clock"):
            combo = tuple(pick.get(d, cr.DEFAULTS[d]) if d != "swap" else sw
                          for d in cr.DIMS)
            r = dict(zip(cr.DIMS, combo), combination=cr.combo_name(*combo),
                     status="ok", timing="icount", log="/x/%s.log" % sw,
                     wall_seconds=1.0, config={"CONFIG_SWAP_FIFO": "y"})
            r["records"] = records("tlsf", "fixed-block", "lottery")
            r["figures"], r["series"] = cr.figures(r["records"])
            runs.append(r)
        meta = dict(META, selection={d: ([pick.get(d, cr.DEFAULTS[d])]
                                         if d != "swap" else
                                         ["fifo", "clock"])
                                     for d in cr.DIMS})
        del meta["dims"]
        d = os.path.join(OUT, "grown-report")
        shutil.rmtree(d, ignore_errors=True)
        cr.write_report(d, meta, runs, copy.deepcopy(HOST))
        assert cr.check_report(d) == [], cr.check_report(d)
        with open(os.path.join(d, "results.csv")) as f:
            assert f.readline().startswith(
                "combination," + ",".join(cr.DIMS) + ",status"), d
        with open(os.path.join(d, "report.md")) as f:
            assert "swap = fifo, clock" in f.read()
        # a combination missing from the new dimension is caught
        base = cr.combo_name(*[pick.get(x, cr.DEFAULTS[x])
                               for x in cr.DIMS if x != "swap"])
        assert any("lottery-none missing" in p or
                   base + "-none missing" in p for p in
                   cr.check_report(d, expect=[base + "-clock",
                                              base + "-none"]))
    finally:
        cr.load_families(SRC)
    # the compare command line of the grown tree knows the new names
    o = os.path.join(OUT, "grown-never-built")
    p = run_cli("--srctree", tree, "--objtree", o, "--swap", "lru")
    assert p.returncode == 2, p.stdout
    assert "valid swap names: fifo, clock" in p.stdout, p.stdout
    assert not os.path.exists(o)
    # check: a boot per member qemu_defconfig does not select, and the
    # scheduler again under -icount; the new ones by their symbol (no
    # fragment exists for them)
    chk = load_script("check")
    boots = {b.label: b for b in chk.policy_boots(
        tree, policies.families(tree))}
    for label in ("sched-lottery", "sched-lottery icount", "frame-tlsf",
                  "swap-fifo", "sched-rr", "frame-bitmap"):
        assert label in boots, sorted(boots)
    assert boots["sched-lottery"].enable == ("SCHED_LOTTERY",)
    assert boots["sched-rr"].fragments == ("sched-rr.config",)
    assert boots["sched-lottery icount"].icount
    assert boots["sched-rr icount"].ktest == "sched,sched_rr"
    assert boots["sched-lottery icount"].ktest == "sched"  # no own suite
    assert "swap-clock" not in boots and "frame-buddy" not in boots
    # the host tests and benchmarks of every frame and heap policy
    for sub, needles in (("frame", ["frametest-tlsf ", "frametest-tlsf-debug",
                                    "bench/tlsf-policy.o"]),
                         ("heap", ["mm/heap/slab.c"])):
        p = subprocess.run(["make", "-n", "-C", os.path.join(tree, "tools",
                                                             sub),
                            "srctree=" + tree,
                            "objtree=" + os.path.join(OUT, "grown-out"),
                            "all"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, universal_newlines=True)
        assert p.returncode == 0, p.stdout[-2000:]
        for n in needles:
            assert n in p.stdout, (sub, n)
    p = subprocess.run([sys.executable, os.path.join(SRC, "scripts",
                                                     "policies.py"),
                        "--srctree", tree, "header", "heap"],
                       stdout=subprocess.PIPE, universal_newlines=True)
    assert 'X(slab, "slab")' in p.stdout, p.stdout


# ---------------------------------------------------------------------------
# Workloads, the Linux reference, shards

@test
def boot_figures_from_the_kernel_entry():
    figs, _ = cr.figures(workload_records(2, 1, 1))
    # (first_user - kernel_entry - idle) / 2^5
    assert figs[("boot", "first_user", "insns")] == \
        (640000000 - 32000000) >> 5, figs
    assert figs[("boot", "first_user", "ms")] == 640.0
    assert figs[("boot", "shell_prompt", "idle_ms")] == 32.0
    # without the entry record there is nothing to count from
    figs, _ = cr.figures(workload_records(2, 1, 1)[1:])
    assert ("boot", "first_user", "insns") not in figs


@test
def reference_row_and_ratios_to_linux():
    doc = json.load(open(os.path.join(GOOD, "results.json")))
    runs = {r["combination"]: r for r in doc["runs"]}
    ref = runs["linux-6.1.0-test-amd64"]
    assert ref["reference"] and not any(k.startswith("vs_linux.")
                                        for k in ref["figures"])
    rr = runs["stack-fixed-block-rr"]["figures"]
    assert rr["vs_linux.null_syscall.insns_per_op"] == 0.5, rr
    assert rr["vs_linux.pipe_rtt.insns_per_op"] == 0.5
    assert rr["vs_linux.fork_exit.insns_per_op"] == 0.5
    assert runs["buddy-fixed-block-mlfq"]["figures"][
        "vs_linux.fork_exit.insns_per_op"] == 1.0
    # one ratio per figure: no cycles_per_op ratio beside insns_per_op
    assert "vs_linux.null_syscall.cycles_per_op" not in rr
    md = open(os.path.join(GOOD, "report.md")).read()
    assert "**Reference:** linux-6.1.0-test-amd64" in md, md[:2000]
    assert "| linux-6.1.0-test-amd64 (reference) |" in md
    assert "## Mosaic / Linux (`vs_linux`" in md
    goals = md.split("*Goals (Mosaic / Linux, instructions)*", 1)[1]
    row = [ln for ln in goals.splitlines()
           if ln.startswith("| `fork_exit`")][0]
    assert "0.50× (stack-fixed-block-mlfq)" in row and "2 of 4" in row, row
    for plot in ("plots/workloads-ops.png", "plots/boot-insns.png",
                 "plots/vs_linux-ratio.png"):
        assert "](%s)" % plot in md, plot


@test
def summaries_are_computed_from_the_numbers():
    md = open(os.path.join(GOOD, "report.md")).read()
    wl = md.split("## User-space workloads", 1)[1].split("\n## ", 1)[0]
    # frame: stack (k=1) halves fork_exit's instructions against buddy
    assert "`fork_exit` insns_per_op favours frame=**stack**: median " \
        "60 000 against 120 000 with buddy (50% lower)" in wl, wl[:1500]
    frame = md.split("## Frame allocator", 1)[1].split("\n## ", 1)[0]
    assert "favours frame=**stack**" in frame, frame[:800]
    vs = md.split("## Mosaic / Linux", 1)[1].split("\n## ", 1)[0]
    assert "*Summary:* Mosaic needs fewer instructions" in vs, vs[:800]
    # a figure no policy moves says so
    runs = make_runs(reference=False)
    for r in runs:
        r["figures"] = {k: v for k, v in r["figures"].items()
                        if k[0] != "workloads" or k[1] == "sched_mix"}
    text = cr.family_summary(runs, "workloads", ("frame", "heap", "sched"))
    assert "resp_avg_us favours sched=**rr**" in text, text


@test
def failed_workload_listed_with_its_log():
    md = open(os.path.join(GOOD, "report.md")).read()
    sec = md.split("### Failed workloads", 1)[1].split("\n## ", 1)[0]
    row = [ln for ln in sec.splitlines() if ln.startswith("| `file_create`")]
    assert row and "unlink: Function not implemented" in row[0], sec
    assert "every combination" in row[0], row
    assert "/x/build/stack-fixed-block-rr/workloads.log" in sec
    d = broken("workload-log")
    p = os.path.join(d, "report.md")
    text = open(p).read().replace(
        "/x/build/stack-fixed-block-rr/workloads.log", "")
    open(p, "w").write(text)
    expect_problem(d, "lacks the log /x/build/stack-fixed-block-rr/")


@test
def reference_needs_no_config_but_runs_do():
    d = broken("ref-config")
    edit_json(d, lambda doc: doc["runs"][-1].update(config={}))
    assert cr.check_report(d) == []
    edit_json(d, lambda doc: doc["runs"][0].update(config={}))
    expect_problem(d, "no config recorded")


def shard_dirs(n, runs):
    """Result directories of make compare SHARD=k/n over runs."""
    dirs = []
    for k in range(1, n + 1):
        shard = "%d/%d" % (k, n)
        names = {cr.combo_name(*c) for c in cr.selected_combos(
            SEL, META["dims"], shard)}
        part = [copy.deepcopy(r) for r in runs
                if r["combination"] in names or
                (k == 1 and r.get("reference"))]
        host = copy.deepcopy(HOST) if k == 1 else {
            "status": "skipped", "records": [],
            "note": "measured by shard 1 of the matrix."}
        d = os.path.join(OUT, "shard-%d-of-%d" % (k, n))
        shutil.rmtree(d, ignore_errors=True)
        cr.write_report(d, dict(copy.deepcopy(META), shard=shard), part,
                        host)
        assert cr.check_report(d) == [], (d, cr.check_report(d))
        dirs.append(d)
    return dirs


@test
def shards_are_disjoint_and_cover_the_matrix():
    dims = META["dims"]
    every = cr.selected_combos(SEL, dims)
    for n in (1, 2, 3, 4, 7):
        parts = [cr.selected_combos(SEL, dims, "%d/%d" % (k, n))
                 for k in range(1, n + 1)]
        flat = [c for p in parts for c in p]
        assert sorted(flat) == sorted(every) and len(flat) == len(every)
    for bad in ("0/2", "3/2", "1", "a/b", "1/0"):
        try:
            cr.parse_shard(bad)
            raise AssertionError("%s accepted" % bad)
        except ValueError:
            pass
    p = run_cli("--srctree", SRC, "--objtree", OUT, "--shard", "3/2")
    assert p.returncode == 2 and "--shard" in p.stdout, p.stdout


def comparable_report(d):
    # What differs by design: the paragraph naming the shard or the inputs.
    md = re.sub(r"^(Merged from|This is shard) .*\n\n", "",
                open(os.path.join(d, "report.md")).read(), flags=re.M)
    doc = json.load(open(os.path.join(d, "results.json")))
    return md, open(os.path.join(d, "results.csv")).read(), doc["runs"], \
        doc["plots"], doc["host"]


@test
def merged_shards_equal_an_unsharded_run():
    runs = make_runs()
    full = os.path.join(OUT, "unsharded")
    shutil.rmtree(full, ignore_errors=True)
    cr.write_report(full, copy.deepcopy(META), copy.deepcopy(runs),
                    copy.deepcopy(HOST))
    dirs = shard_dirs(3, runs)
    merged = os.path.join(OUT, "merged")
    shutil.rmtree(merged, ignore_errors=True)
    # in any order: the report follows the matrix's order
    p = run_cli("--merge", dirs[2], dirs[0], dirs[1], "--out", merged)
    assert p.returncode == 0, p.stdout
    assert cr.check_report(merged) == []
    a, b = comparable_report(full), comparable_report(merged)
    for what, x, y in zip(("report.md", "results.csv", "runs", "plots",
                           "host"), a, b):
        assert x == y, "%s differs" % what
    for plot in a[3]:
        assert open(os.path.join(full, plot["file"]), "rb").read() == \
            open(os.path.join(merged, plot["file"]), "rb").read(), plot
    doc = json.load(open(os.path.join(merged, "results.json")))
    assert len(doc["meta"]["merged_from"]) == 3 and \
        "shard" not in doc["meta"]


@test
def merge_refuses_gaps_overlaps_and_other_matrices():
    dirs = shard_dirs(2, make_runs())
    for parts, needle in (([dirs[0]], "in no directory"),
                          ([dirs[0], dirs[0], dirs[1]], "is also in"),
                          ([dirs[0], os.path.join(OUT, "nowhere")],
                           "no readable results.json")):
        try:
            cr.merge_results(parts)
            raise AssertionError("merged %s" % parts)
        except cr.MergeError as e:
            assert any(needle in x for x in e.args[0]), e.args[0]
    other = os.path.join(OUT, "other-matrix")
    shutil.rmtree(other, ignore_errors=True)
    shutil.copytree(dirs[1], other)
    edit_json(other, lambda doc: doc["meta"].update(timing="wall-clock"))
    try:
        cr.merge_results([dirs[0], other])
        raise AssertionError("merged two timing modes")
    except cr.MergeError as e:
        assert any("meta.timing differs" in x for x in e.args[0]), e.args
    p = run_cli("--merge", dirs[0], "--out", os.path.join(OUT, "m1"))
    assert p.returncode == 1 and "in no directory" in p.stdout, p.stdout


@test
def determinism_ignores_raw_boot_tsc_only():
    a = workload_records(1, 1, 1)
    b = copy.deepcopy(a)
    for r in b:             # the firmware took longer: every TSC moves
        if r["family"] == "boot":
            r["tsc"] += 1000
    assert cr.kernel_figures_equal(drv.comparable(a),
                                   drv.comparable(b)) == []
    b[1]["tsc"] += 32       # one more instruction to the first user one
    diffs = cr.kernel_figures_equal(drv.comparable(a), drv.comparable(b))
    assert any("first_user.insns (derived)" in d for d in diffs), diffs
    c = copy.deepcopy(a)
    c[3]["insns_per_op"] += 1
    diffs = cr.kernel_figures_equal(drv.comparable(a), drv.comparable(c))
    assert len(diffs) == 1 and "null_syscall" in diffs[0], diffs


wl = None


def load_workloads():
    global wl
    if wl is None:
        import importlib
        wl = importlib.import_module("workloads")
    return wl


class FakeSystem:
    """Boots that print canned serial logs (scripts/workloads.py run())."""
    name = "mosaic"
    kernel = "/fake/mosaic"

    def __init__(self, objtree, boots):
        self.objtree = objtree
        self.boots = list(boots)
        self.cmdlines = []

    def label(self):
        return "fake"

    def cmdline(self, words):
        return words

    def boot(self, words, log):
        self.cmdlines.append(words)
        text, status, reasons = self.boots.pop(0)
        with open(log, "w") as f:
            f.write(text)
        return status, reasons, ""

    def entry_tsc(self, parsed, log):
        return parsed["entry"]


def fake_args(objtree):
    import argparse
    return argparse.Namespace(only=None, scale=1, icount=True,
                              out=os.path.join(objtree, "wl"))


def wlrun_line(name, status="ok"):
    return 'BENCH {"family":"wlrun","name":"%s","status":"%s","exit":0,' \
        '"cycles":1,"idle_ns":0}\n' % (name, status)


@test
def hung_workload_fails_alone_and_the_rest_complete():
    w = load_workloads()
    obj = os.path.join(OUT, "wl-hang")
    os.makedirs(os.path.join(obj, "user"), exist_ok=True)
    open(os.path.join(obj, "user", "workloads"), "w").write(
        "wl_a wl_b wl_c\n")
    first = ("init: started /bin/wlrun as pid 1 (kernel entry at tsc 100)\n"
             'BENCH {"family":"boot","name":"first_user","tsc":900,'
             '"icount_shift":5}\nwlrun: start wl_a\n' + wlrun_line("wl_a") +
             "wlrun: start wl_b\n")
    second = ('BENCH {"family":"boot","name":"first_user","tsc":901}\n'
              "wlrun: start wl_c\n" + wlrun_line("wl_c") + "BENCH-END 1\n")
    sysm = FakeSystem(obj, [(first, 124, ["TIMEOUT: no console output "
                                          "for 240s"]), (second, 0, [])])
    res = w.run(sysm, fake_args(obj))
    assert res["status"] == "ok", res
    assert {k: v["status"] for k, v in res["workloads"].items()} == \
        {"wl_a": "ok", "wl_b": "hang", "wl_c": "ok"}, res["workloads"]
    assert res["workloads"]["wl_b"]["log"].endswith("wl.log")
    assert "no console output" in res["workloads"]["wl_b"]["reason"]
    assert sysm.cmdlines[1].endswith("wl.only=wl_c"), sysm.cmdlines
    boots = [r for r in res["records"] if r["family"] == "boot"]
    assert boots == [{"family": "boot", "name": "kernel_entry", "tsc": 100},
                     {"family": "boot", "name": "first_user", "tsc": 900,
                      "icount_shift": 5}], boots
    # a kernel that dies before any workload: the run failed, said why
    sysm = FakeSystem(obj, [("Kernel panic - not syncing\n", 1,
                             ["kernel panic: Kernel panic - not syncing"])])
    res = w.run(sysm, fake_args(obj))
    assert res["status"] == "failed" and "kernel panic" in res["reason"]


@test
def icount_profile_counts_blocks_by_their_translation():
    prof = load_script("icount-profile")
    addrs = [0xffffffff80100000, 0xffffffff80100100]
    names = ["entry", "work"]
    log = [
        "IN: entry", "0xffffffff80100000:  nop", "0xffffffff80100001:  nop",
        "0xffffffff80100002:  call work", "",
        "Trace 0: 0x7f0000000100 [0/ffffffff80100000/40/0] entry",
        "IN: work", "0xffffffff80100100:  nop", "0xffffffff80100101:  ret",
        "Trace 0: 0x7f0000000200 [0/ffffffff80100100/40/0] work",
        # a shorter block at the same guest address (icount's budget)
        "IN: entry", "0xffffffff80100000:  nop",
        "Trace 0: 0x7f0000000300 [0/ffffffff80100000/40/0] entry",
        # the full block again, from the cache: still 3 instructions
        "Trace 0: 0x7f0000000100 [0/ffffffff80100000/40/0] entry",
        "IN:", "0x0000000000401000:  syscall",
        "Trace 0: 0x7f0000000400 [0/0000000000401000/40/0] ",
    ]
    counts = prof.profile(log, addrs, names)
    assert counts == {"entry": 3 + 1 + 3, "work": 2, "[user]": 1}, counts


def main():
    os.makedirs(OUT, exist_ok=True)
    npass = sum(results)
    print("hosttest compare: %d passed, %d failed"
          % (npass, len(results) - npass))
    return 0 if npass == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
