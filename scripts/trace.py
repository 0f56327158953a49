#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""trace.py DUMP [--json OUT] [--png OUT] [--text]: decode a Mosaic trace.

DUMP is what the kernel wrote to QEMU's debug console at the end of a
trace= run (kernel/trace/trace.c, trace_dump(); `make trace` or
scripts/qemu-run --trace-out): a header with the TSC frequency and the
counts of records held and lost, the event table (so this script knows
every event's name and fields without a copy of the kernel's list), the
threads' names, then the records, oldest first.

  --json OUT  the Trace Event Format of Perfetto and chrome://tracing:
              one lane per thread with its running slices (from
              sched_switch), every other event an instant marker with its
              fields, thread names as metadata, the lost count in
              otherData. Keys sorted: the same dump gives the same bytes.
  --png OUT   a timeline drawn with matplotlib: a lane per thread, its
              running time as bars, policy decisions as markers.
  --text      one line per record, for reading or diffing.
"""
import argparse
import json
import struct
import sys

MAGIC = b"MOSTRACE"
END = b"MOSTREND"
VERSION = 1
RECORD = struct.Struct("<QHHIQQ")        # tsc, event, cpu, a, b, c
# Events drawn as markers on the timeline (policy decisions).
MARKER_EVENTS = ("mlfq_demote", "mlfq_boost", "rr_slice_expired",
                 "eevdf_pick", "sched_wakeup", "trace_marker")


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

    def __init__(self, tsc_hz, lost, events, threads, records):
        self.tsc_hz, self.lost = tsc_hz, lost
        self.events, self.threads, self.records = events, threads, records

    def name(self, rec):
        return self.events[rec[1]][1]

    def fields(self, rec):
        _, _, names = self.events[rec[1]]
        return {n: v for n, v in zip(names, rec[3:]) if n}

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
    # Names of threads that exited before the dump: from their creation.
    for rec in records:
        if events[rec[1]][1] == "sched_thread_create" and rec[3] not in \
                threads:
            raw = struct.pack("<QQ", rec[4], rec[5])
            threads[rec[3]] = raw.split(b"\0")[0].decode("utf-8", "replace")
    return Trace(tsc_hz, lost, events, threads, records)


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


def event_tid(trace, rec, current):
    f = trace.fields(rec)
    return f.get("tid", f.get("prev_tid", current))


def to_tef(trace):
    """The Trace Event Format (JSON object form)."""
    out = []
    for tid, name in sorted(trace.threads.items()):
        out.append({"ph": "M", "pid": 0, "tid": tid, "name": "thread_name",
                    "args": {"name": "%s (%d)" % (name, tid)}})
    for tid, start, end in running_slices(trace):
        out.append({"ph": "X", "pid": 0, "tid": tid, "name": "running",
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


def plot(trace, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    slices = running_slices(trace)
    tids = sorted({s[0] for s in slices} | set(trace.threads))
    lane = {tid: i for i, tid in enumerate(tids)}
    fig, ax = plt.subplots(figsize=(12, 0.45 * len(tids) + 1.5))
    for tid in tids:
        bars = [(s, e - s) for t, s, e in slices if t == tid]
        ax.broken_barh(bars, (lane[tid] - 0.4, 0.8), color="tab:blue")
    current = None
    colours = {"mlfq_demote": "tab:red", "mlfq_boost": "tab:green",
               "rr_slice_expired": "tab:orange", "eevdf_pick": "tab:purple",
               "sched_wakeup": "tab:gray", "trace_marker": "black"}
    for rec in trace.records:
        name = trace.name(rec)
        if name == "sched_switch":
            current = rec[4]
        elif name in MARKER_EVENTS:
            tid = event_tid(trace, rec, current)
            if tid in lane:
                ax.plot(trace.us(rec[0]), lane[tid], marker="|",
                        color=colours[name], markersize=10)
    ax.set_yticks(range(len(tids)))
    ax.set_yticklabels(["%s (%d)" % (trace.threads.get(t, "?"), t)
                        for t in tids])
    ax.set_xlabel("time (us)")
    ax.set_title("%d records, %d lost" % (len(trace.records), trace.lost))
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


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
