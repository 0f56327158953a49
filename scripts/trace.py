#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""trace.py DUMP [--json OUT] [--png OUT] [--text]: decode a Mosaic trace.

DUMP is what the kernel wrote to QEMU's debug console at the end of a
trace= run (kernel/trace/trace.c, trace_dump(); `make trace` or
scripts/qemu-run --trace-out): a header with the TSC frequency and the
counts of records held and lost, the event table (so this script knows
every event's name and fields without a copy of the kernel's list), the
names of the thread states, the threads' names, then the records (each
CPU's oldest first; merged here by timestamp).

A field named "x/y" carries two 32-bit fields, x in the low half.

  --json OUT  the Trace Event Format of Perfetto and chrome://tracing:
              one lane per thread with a slice per state it was in
              (running, ready, block, sleep: from sched_switch, wakeups
              and creation), every other event an instant marker with its
              fields, thread names as metadata, the lost count in
              otherData. Keys sorted: the same dump gives the same bytes.
  --png OUT   a timeline drawn with matplotlib: a lane per thread, a
              colour per state, policy decisions as markers.
  --text      one line per record, for reading or diffing.
"""
import argparse
import json
import struct
import sys

MAGIC = b"MOSTRACE"
END = b"MOSTREND"
VERSION = 2
RECORD = struct.Struct("<QHHIQQ")        # tsc, event, cpu, a, b, c
# Events drawn as markers on the timeline (policy decisions).
MARKER_COLOURS = {"mlfq_demote": "tab:red", "mlfq_boost": "tab:green",
                  "rr_slice_expired": "tab:orange",
                  "eevdf_deadline": "tab:purple", "eevdf_place": "tab:pink",
                  "sched_wakeup": "tab:gray", "trace_marker": "black"}
MARKER_EVENTS = tuple(MARKER_COLOURS)
# Thread states as the timeline colours them (names from the dump).
STATE_COLOURS = {"run": "tab:blue", "ready": "#f5c26b", "block": "#d0d0d0",
                 "sleep": "#e8e8e8"}
# Slice names in the JSON: Perfetto colours a lane's slices by name.
STATE_SLICE = {"run": "running"}


class TraceError(Exception):
    pass


class Reader:
    def __init__(self, data):
        self.data, self.off = data, 0

    def take(self, n, what):
        if self.off + n > len(self.data):
            raise TraceError("dump cut short in %s (offset %d, %d bytes)"
                             % (what, self.off, len(self.data)))
        b = self.data[self.off:self.off + n]
        self.off += n
        return b

    def u32(self, what):
        return struct.unpack("<I", self.take(4, what))[0]

    def u64(self, what):
        return struct.unpack("<Q", self.take(8, what))[0]

    def cstr(self, what):
        end = self.data.find(b"\0", self.off)
        if end < 0:
            raise TraceError("unterminated string in " + what)
        s = self.data[self.off:end].decode("ascii", "replace")
        self.off = end + 1
        return s


class Trace:
    """A decoded dump: events[id] = (group, name, fields), threads
    {tid: name}, records [(tsc, event, cpu, a, b, c)], tsc_hz, lost."""

    def __init__(self, tsc_hz, lost, events, threads, records, states=()):
        self.tsc_hz, self.lost = tsc_hz, lost
        self.events, self.threads, self.records = events, threads, records
        self.states = list(states)

    def name(self, rec):
        return self.events[rec[1]][1]

    def fields(self, rec):
        _, _, names = self.events[rec[1]]
        out = {}
        for n, v in zip(names, rec[3:]):
            if "/" in n:
                lo, hi = n.split("/", 1)
                out[lo], out[hi] = v & 0xffffffff, v >> 32
            elif n:
                out[n] = v
        return out

    def state_name(self, value):
        return self.states[value] if value < len(self.states) else \
            "state%d" % value

    def us(self, tsc):
        t0 = self.records[0][0] if self.records else 0
        return (tsc - t0) * 1e6 / self.tsc_hz if self.tsc_hz else 0.0


def parse(data):
    """The last complete dump in data (a file may hold one per boot)."""
    start = data.rfind(MAGIC)
    if start < 0:
        raise TraceError("no trace dump (magic %r not found)" % MAGIC)
    r = Reader(data[start + len(MAGIC):])
    version = r.u32("header")
    if version != VERSION:
        raise TraceError("dump version %d, this script reads %d"
                         % (version, VERSION))
    if r.u32("header") != RECORD.size:
        raise TraceError("record size is not %d" % RECORD.size)
    tsc_hz, count, lost = r.u64("header"), r.u64("header"), r.u64("header")
    events = {}
    for _ in range(r.u32("event table")):
        eid = r.u32("event table")
        group, name = r.cstr("event table"), r.cstr("event table")
        fields = tuple(r.cstr("event table") for _ in range(3))
        events[eid] = (group, name, fields)
    states = [r.cstr("states") for _ in range(r.u32("states"))]
    threads = {}
    for _ in range(r.u32("threads")):
        tid = r.u32("threads")
        threads[tid] = r.take(16, "threads").split(b"\0")[0].decode(
            "utf-8", "replace")
    records = []
    for i in range(count):
        rec = RECORD.unpack(r.take(RECORD.size, "record %d" % i))
        if rec[1] not in events:
            raise TraceError("record %d: unknown event id %d" % (i, rec[1]))
        records.append(rec)
    if r.take(len(END), "end marker") != END:
        raise TraceError("no end marker after %d records" % count)
    # Each CPU's records come in turn: one timeline, stable within a CPU.
    records.sort(key=lambda rec: rec[0])
    # Names of threads that exited before the dump: from their creation.
    for rec in records:
        if events[rec[1]][1] == "sched_thread_create" and rec[3] not in \
                threads:
            raw = struct.pack("<QQ", rec[4], rec[5])
            threads[rec[3]] = raw.split(b"\0")[0].decode("utf-8", "replace")
    return Trace(tsc_hz, lost, events, threads, records, states)


def running_slices(trace):
    """(tid, start_us, end_us) of each thread's time on the CPU, from the
    sched_switch events (none of zero length: who ran before the first
    record, and for how long, is not known)."""
    slices, current, since = [], None, None
    for rec in trace.records:
        if trace.name(rec) != "sched_switch":
            continue
        t = trace.us(rec[0])
        prev, nxt = rec[3], rec[4]
        if current is None:
            current, since = prev, trace.us(trace.records[0][0])
        if prev == current and since is not None and t > since:
            slices.append((prev, since, t))
        current, since = nxt, t
    end = trace.us(trace.records[-1][0]) if trace.records else 0
    if current is not None and end > since:
        slices.append((current, since, end))
    return slices


def state_segments(trace):
    """(tid, state, start_us, end_us) for every stretch a thread spent in
    one state, as the sched events tell it: switched in, running; out,
    the state it left in; woken or created, ready. Before a thread's
    first event its state is not known (no segment); zombie and dead
    ones end it."""
    open_, out = {}, []
    # The idle thread is "ready" whenever it does not run: not news.
    idle = {tid for tid, n in trace.threads.items() if n == "idle"}

    def enter(tid, state, t):
        if tid in open_:
            s, since = open_[tid]
            if t > since and (s == "run" or tid not in idle):
                out.append((tid, s, since, t))
        if state in ("zombie", "dead"):
            open_.pop(tid, None)
        else:
            open_[tid] = (state, t)

    for rec in trace.records:
        name, t = trace.name(rec), trace.us(rec[0])
        if name == "sched_switch":
            f = trace.fields(rec)
            enter(rec[3], trace.state_name(f.get("prev_state", 0)), t)
            enter(rec[4], "run", t)
        elif name in ("sched_wakeup", "sched_thread_create"):
            enter(rec[3], "ready", t)
    end = trace.us(trace.records[-1][0]) if trace.records else 0
    for tid, (s, since) in sorted(open_.items()):
        if end > since and (s == "run" or tid not in idle):
            out.append((tid, s, since, end))
    return sorted(out, key=lambda x: (x[2], x[0]))


def event_tid(trace, rec, current):
    f = trace.fields(rec)
    return f.get("tid", f.get("prev_tid", current))


def to_tef(trace):
    """The Trace Event Format (JSON object form)."""
    out = []
    for tid, name in sorted(trace.threads.items()):
        out.append({"ph": "M", "pid": 0, "tid": tid, "name": "thread_name",
                    "args": {"name": "%s (%d)" % (name, tid)}})
    for tid, state, start, end in state_segments(trace):
        out.append({"ph": "X", "pid": 0, "tid": tid,
                    "name": STATE_SLICE.get(state, state),
                    "cat": "sched", "ts": round(start, 3),
                    "dur": round(end - start, 3)})
    current = None
    for rec in trace.records:
        name = trace.name(rec)
        if name == "sched_switch":
            current = rec[4]
            continue
        out.append({"ph": "i", "s": "t", "pid": 0,
                    "tid": event_tid(trace, rec, current or 0),
                    "name": name, "cat": trace.events[rec[1]][0],
                    "ts": round(trace.us(rec[0]), 3),
                    "args": trace.fields(rec)})
    return {"traceEvents": out, "displayTimeUnit": "ns",
            "otherData": {"lost_events": trace.lost,
                          "records": len(trace.records),
                          "tsc_hz": trace.tsc_hz}}


def to_text(trace):
    lines = []
    for rec in trace.records:
        fields = " ".join("%s=%d" % kv for kv in trace.fields(rec).items())
        lines.append("%12.3f us  %-20s %s" % (trace.us(rec[0]),
                                              trace.name(rec), fields))
    lines.append("%d records, %d lost" % (len(trace.records), trace.lost))
    return "\n".join(lines) + "\n"


def draw_timeline(ax, trace, title=None):
    """One trace's lanes on ax: a lane per thread, a colour per state,
    policy decisions as ticks."""
    segs = state_segments(trace)
    tids = sorted({s[0] for s in segs} | set(trace.threads))
    lane = {tid: i for i, tid in enumerate(tids)}
    for state in sorted({s[1] for s in segs}):
        for tid in tids:
            bars = [(b, e - b) for t, s, b, e in segs
                    if t == tid and s == state]
            if bars:
                ax.broken_barh(bars, (lane[tid] - 0.4, 0.8),
                               color=STATE_COLOURS.get(state, "#b0e0b0"))
    current = None
    for rec in trace.records:
        name = trace.name(rec)
        if name == "sched_switch":
            current = rec[4]
        elif name in MARKER_COLOURS:
            tid = event_tid(trace, rec, current)
            if tid in lane:
                ax.plot(trace.us(rec[0]), lane[tid], marker="|",
                        color=MARKER_COLOURS[name], markersize=10)
    ax.set_yticks(range(len(tids)))
    ax.set_yticklabels(["%s (%d)" % (trace.threads.get(t, "?"), t)
                        for t in tids], fontsize=8)
    ax.set_xlabel("time (us)")
    ax.set_title(title or "%d records, %d lost"
                 % (len(trace.records), trace.lost), fontsize=9)


def legend(fig):
    import matplotlib.patches as mpatches
    import matplotlib.lines as mlines
    handles = [mpatches.Patch(color=c, label=s)
               for s, c in STATE_COLOURS.items()]
    handles += [mlines.Line2D([], [], color=c, marker="|", linestyle="None",
                              markersize=10, label=n)
                for n, c in MARKER_COLOURS.items()]
    fig.legend(handles=handles, loc="lower center", ncol=6, fontsize=7)


def plot_many(labelled, path, title=None):
    """Timelines side by side, one panel per (label, trace)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    lanes = max([len({s[0] for s in state_segments(t)} | set(t.threads))
                 for _, t in labelled] + [1])
    fig, axes = plt.subplots(1, len(labelled), squeeze=False, sharex=True,
                             figsize=(max(6 * len(labelled), 10),
                                      0.45 * lanes + 2.5))
    for ax, (label, trace) in zip(axes[0], labelled):
        draw_timeline(ax, trace, "%s: %d records, %d lost"
                      % (label, len(trace.records), trace.lost)
                      if label else None)
    if title:
        fig.suptitle(title)
    legend(fig)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    fig.savefig(path, dpi=100, metadata={"Software": None})
    plt.close(fig)


def plot(trace, path):
    plot_many([(None, trace)], path)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("dump")
    p.add_argument("--json")
    p.add_argument("--png")
    p.add_argument("--text", action="store_true")
    args = p.parse_args(argv)
    try:
        with open(args.dump, "rb") as f:
            trace = parse(f.read())
    except (OSError, TraceError) as e:
        sys.exit("trace.py: %s: %s" % (args.dump, e))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(to_tef(trace), f, sort_keys=True)
            f.write("\n")
    if args.png:
        plot(trace, args.png)
    if args.text:
        sys.stdout.write(to_text(trace))
    print("trace: %d records, %d lost, %d threads%s%s" % (
        len(trace.records), trace.lost, len(trace.threads),
        " -> " + args.json if args.json else "",
        ", " + args.png if args.png else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
