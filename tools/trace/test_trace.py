#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Host tests of scripts/trace.py.

usage: test_trace.py SRCTREE OUTDIR

Synthetic dumps are written byte by byte in the layout kernel/trace/
trace.c's trace_dump() documents, with the event table taken from
include/mosaic/trace_events.h, and decoded: records and fields come back,
a known two-thread ping-pong gives exactly its running slices, the lost
count of a wrapped buffer reaches the JSON, exited threads keep their
names from their create events, the same dump gives the same JSON bytes,
the PNG is written, and cut or corrupt dumps are refused with a reason.
Ends with `hosttest trace: N passed, N failed`.
"""
import json
import os
import re
import struct
import sys
import traceback

sys.dont_write_bytecode = True
SRC = os.path.abspath(sys.argv[1])
OUT = os.path.abspath(sys.argv[2])
os.makedirs(OUT, exist_ok=True)
sys.path.insert(0, os.path.join(SRC, "scripts"))
import trace as tr  # noqa: E402

results = []


def event_table():
    """(group, name, fields) in id order, as the kernel numbers them."""
    text = open(os.path.join(SRC, "include/mosaic/trace_events.h")).read()
    pat = re.compile(r'^TRACE_EVENT_DEF\((\w+),\s*(\w+),\s*"([\w/]*)",'
                     r'\s*"([\w/]*)",\s*"([\w/]*)"\)', re.M)
    return [(m.group(1), m.group(2), m.groups()[2:]) for m in
            pat.finditer(text)]


EVENTS = event_table()
ID = {name: i for i, (_, name, _) in enumerate(EVENTS)}
# enum thread_state's order (include/mosaic/thread.h), as the dump has it
STATES = ("run", "ready", "block", "sleep", "zombie", "dead")
RUN, READY, BLOCK, SLEEP, ZOMBIE = range(5)


def dump(records, threads=(), lost=0, hz=1000000000, cut=0, version=2):
    """records: (tsc, event, a, b, c) or (tsc, event, a, b, c, cpu)."""
    b = bytearray(b"junk before" + tr.MAGIC)
    b += struct.pack("<IIQQQ", version, 32, hz, len(records), lost)
    b += struct.pack("<I", len(EVENTS))
    for i, (group, name, fields) in enumerate(EVENTS):
        b += struct.pack("<I", i)
        for s in (group, name) + tuple(fields):
            b += s.encode() + b"\0"
    b += struct.pack("<I", len(STATES))
    for s in STATES:
        b += s.encode() + b"\0"
    b += struct.pack("<I", len(threads))
    for tid, name in threads:
        b += struct.pack("<I", tid) + name.encode().ljust(16, b"\0")
    for rec in records:
        tsc, name, a, bb, c = rec[:5]
        cpu = rec[5] if len(rec) > 5 else 0
        b += struct.pack("<QHHIQQ", tsc, ID[name], cpu, a, bb, c)
    b += tr.END
    return bytes(b[:len(b) - cut] if cut else b)


def name_words(name):
    raw = name.encode().ljust(16, b"\0")
    return struct.unpack("<QQ", raw)


def case(fn):
    try:
        fn()
        results.append(True)
    except Exception:
        traceback.print_exc()
        print("  FAIL %s" % fn.__name__)
        results.append(False)
    return fn


def switch(tsc, prev, nxt, prev_state, next_state=READY):
    return (tsc, "sched_switch", prev, nxt, prev_state | next_state << 32)


PINGPONG = [switch(1000 * i, 2 + i % 2, 2 + (i + 1) % 2, READY)
            for i in range(10)]


@case
def decodes_records_and_fields():
    t = tr.parse(dump([(5, "frame_alloc", 77, 3, 0),
                       (9, "frame_free", 77, 3, 0)], [(0, "init")]))
    assert len(t.records) == 2 and t.lost == 0
    assert t.name(t.records[0]) == "frame_alloc"
    assert t.fields(t.records[0]) == {"pfn": 77, "order": 3}
    assert t.threads == {0: "init"}
    assert abs(t.us(t.records[1][0]) - 0.004) < 1e-9


@case
def pingpong_slices():
    t = tr.parse(dump(PINGPONG, [(2, "ping"), (3, "pong")]))
    s = tr.running_slices(t)
    # ten switches a microsecond apart: nine whole slices between them
    assert [x[0] for x in s] == [3, 2] * 4 + [3], s
    assert all(abs((e - b) - 1.0) < 1e-9 for _, b, e in s), s
    tef = tr.to_tef(t)
    xs = [e for e in tef["traceEvents"] if e["ph"] == "X"]
    run = [e for e in xs if e["name"] == "running"]
    ready = [e for e in xs if e["name"] == "ready"]
    assert len(run) == 9 and {e["tid"] for e in run} == {2, 3}
    # each switch leaves the other one ready until the next switch
    assert len(ready) == 9 and len(xs) == 18, xs


@case
def lost_events_of_a_wrapped_buffer_reach_the_json():
    t = tr.parse(dump(PINGPONG[4:], lost=4))
    tef = tr.to_tef(t)
    assert tef["otherData"]["lost_events"] == 4
    assert tef["otherData"]["records"] == 6
    # the first record is not at time zero of the boot, but of the trace
    assert t.us(t.records[0][0]) == 0.0


@case
def exited_threads_keep_their_names():
    a, b = name_words("worker-17")
    t = tr.parse(dump([(1, "sched_thread_create", 9, a, b),
                       (2, "sched_thread_exit", 9, 0, 0)]))
    assert t.threads[9] == "worker-17", t.threads
    meta = [e for e in tr.to_tef(t)["traceEvents"] if e["ph"] == "M"]
    assert meta[0]["args"]["name"] == "worker-17 (9)"


@case
def markers_are_instants_with_their_fields():
    t = tr.parse(dump(PINGPONG[:2] + [(1500, "mlfq_demote", 3, 2, 0)]))
    inst = [e for e in tr.to_tef(t)["traceEvents"] if e["ph"] == "i"]
    assert len(inst) == 1 and inst[0]["name"] == "mlfq_demote"
    assert inst[0]["tid"] == 3 and inst[0]["args"] == {"tid": 3,
                                                        "level": 2}


@case
def same_dump_same_json_bytes_and_a_png():
    d = dump(PINGPONG, [(2, "ping"), (3, "pong")])
    path = os.path.join(OUT, "t.bin")
    with open(path, "wb") as f:
        f.write(d)
    outs = []
    for n in range(2):
        js = os.path.join(OUT, "t%d.json" % n)
        assert tr.main([path, "--json", js, "--png",
                        os.path.join(OUT, "t.png")]) == 0
        outs.append(open(js, "rb").read())
    assert outs[0] == outs[1]
    json.loads(outs[0])
    assert open(os.path.join(OUT, "t.png"), "rb").read(4) == b"\x89PNG"


@case
def switch_states_are_split_and_coloured():
    t = tr.parse(dump([(0, "sched_thread_create", 5, 0, 0),
                       switch(1000, 1, 5, BLOCK),
                       switch(3000, 5, 1, SLEEP, BLOCK),
                       (4000, "sched_wakeup", 5, 0, 0),
                       switch(6000, 1, 5, ZOMBIE)]))
    assert t.fields(t.records[2]) == {"prev_tid": 5, "next_tid": 1,
                                      "prev_state": SLEEP,
                                      "next_state": BLOCK}
    segs = [(tid, s, round(b, 3), round(e, 3))
            for tid, s, b, e in tr.state_segments(t)]
    # thread 1's first segment starts at its first event; 5 ends a zombie
    assert segs == [(5, "ready", 0.0, 1.0), (1, "block", 1.0, 3.0),
                    (5, "run", 1.0, 3.0), (1, "run", 3.0, 6.0),
                    (5, "sleep", 3.0, 4.0), (5, "ready", 4.0, 6.0)], segs


@case
def cpus_are_merged_by_time():
    t = tr.parse(dump([(10, "trace_marker", 1, 0, 0, 0),
                       (30, "trace_marker", 3, 0, 0, 0),
                       (20, "trace_marker", 2, 0, 0, 1),
                       (30, "trace_marker", 4, 0, 0, 1)]))
    assert [r[3] for r in t.records] == [1, 2, 3, 4]
    assert [r[2] for r in t.records] == [0, 1, 0, 1]


@case
def side_by_side_timelines_png():
    a = tr.parse(dump(PINGPONG + [(10000, "mlfq_demote", 2, 1, 0)],
                      [(2, "ping"), (3, "pong")]))
    b = tr.parse(dump(PINGPONG[:4] + [(5000, "rr_slice_expired", 3, 4, 0)]))
    path = os.path.join(OUT, "side.png")
    tr.plot_many([("mlfq", a), ("rr", b)], path, "two policies")
    assert open(path, "rb").read(4) == b"\x89PNG"


@case
def malformed_dumps_are_refused():
    good = dump(PINGPONG)
    for bad, why in ((b"no magic here", "magic"),
                     (dump(PINGPONG, cut=9), "cut short"),
                     (dump(PINGPONG, version=7), "version"),
                     (good.replace(tr.END, b"XXXXXXXX"), "end marker")):
        try:
            tr.parse(bad)
        except tr.TraceError as e:
            assert why in str(e), (why, str(e))
        else:
            raise AssertionError("accepted a dump with bad " + why)
    bad_id = bytearray(good)
    # the first record's event id: right after the last thread entry
    off = bad_id.rfind(tr.END) - 32 * len(PINGPONG) + 8
    bad_id[off:off + 2] = struct.pack("<H", 999)
    try:
        tr.parse(bytes(bad_id))
    except tr.TraceError as e:
        assert "unknown event" in str(e)
    else:
        raise AssertionError("accepted an unknown event id")


def main():
    npass = sum(results)
    print("hosttest trace: %d passed, %d failed"
          % (npass, len(results) - npass))
    return 0 if npass == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
