#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""workloads: run the user-space workloads on Mosaic or on Debian's Linux.

usage: workloads.py --srctree S --objtree O [--linux [--kernel VMLINUZ]]
                    [--icount] [--only LIST] [--scale N] [--timeout SEC]
                    [--idle-timeout SEC] [--cmdline WORDS] [--out PREFIX]

`make workloads` (Mosaic) and `make workloads LINUX=1` (Linux) run this;
scripts/compare imports it. Both systems boot in the same QEMU
(scripts/qemu-run: the same machine, memory, -icount and serial port)
with the same runner, user/wlrun, as init, the same binaries (user/'s
programs and Debian's busybox) in the initramfs, and the same wl.*
options on the kernel command line:

  Mosaic  the configured kernel (O/mosaic) from a GRUB image with
          `init=/bin/wlrun` and O/usr/initramfs.cpio
  Linux   /boot/vmlinuz-* (newest, or --kernel) with -kernel/-initrd and
          `rdinit=/init quiet`, /init being /bin/wlrun, in a cpio of
          Mosaic's initramfs sources (O/user/initramfs.list, user/rootfs)
          plus /dev nodes and /proc

The runner prints BENCH lines (Documentation/compare.md) and BENCH-END.
A workload that hangs (no console output for --idle-timeout seconds) or
takes the kernel down stops that boot: it is recorded as failed with the
boot's log, and the machine boots again for the workloads not yet run
(at most MAX_BOOTS boots), so the others complete.

The boot figures need the TSC at the kernel's first instruction: Mosaic
prints it (`init: started ... (kernel entry at tsc N)`); for Linux the
stand-in image scripts/linux-entry-probe.S, booted the same way, prints
the TSC at the point where Linux's first instruction would run.

Writes PREFIX.json, the result: {"system", "kernel", "status" ("ok": the
runner reached its end, every workload has a verdict; "failed": it never
did, "reason" says why), "records" (every BENCH record, plus
{"family":"boot","name":"kernel_entry","tsc":N}), "workloads" (program
-> {"status", "reason", "log"}), "boots" (cmdline, log, status of each)};
and the serial log of each boot, PREFIX.log, PREFIX-2.log, ... Exit status
0 when the status is "ok", 1 if not, 2 on a usage or set-up error.
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = "/usr/bin/python3"
MAX_BOOTS = 4
DEFAULT_TIMEOUT = 900
DEFAULT_IDLE_TIMEOUT = 240
LINUX_APPEND = "console=ttyS0 rdinit=/init panic=-1 quiet"
MOSAIC_INIT = "init=/bin/wlrun"
# The device nodes and mount points Linux's initramfs needs (Mosaic makes
# /dev and /proc itself); /init is the runner.
LINUX_EXTRA = """dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
nod /dev/null 0666 0 0 c 1 3
nod /dev/zero 0666 0 0 c 1 5
dir /proc 0555 0 0
slink /init /bin/wlrun 0777 0 0
"""

START_RE = re.compile(r"^wlrun: start (\S+)")
END_RE = re.compile(r"^BENCH-END (\d+)")
ENTRY_RE = re.compile(r"\(kernel entry at tsc (\d+)\)")
PROBE_RE = re.compile(r"PROBE-TSC 0x([0-9a-fA-F]+)")
REASON_RE = re.compile(r"^qemu-run:   (.*)")


class SetupError(Exception):
    pass


def parse_records(text):
    """BENCH records of a serial log, in order (bad lines skipped)."""
    recs = []
    for line in text.splitlines():
        i = line.find("BENCH {")
        if i < 0:
            continue
        try:
            r = json.loads(line[i + 6:].strip())
        except ValueError:
            continue
        if isinstance(r, dict):
            recs.append(r)
    return recs


def parse_boot(text):
    """What one boot's serial log says: records, the workloads started and
    finished, whether the runner reached BENCH-END, the entry TSC."""
    started, finished, end, entry = [], {}, False, None
    for line in text.splitlines():
        line = line.rstrip("\r")
        m = START_RE.match(line)
        if m:
            started.append(m.group(1))
        if END_RE.match(line):
            end = True
        m = ENTRY_RE.search(line)
        if m:
            entry = int(m.group(1))
    recs = parse_records(text)
    for r in recs:
        if r.get("family") == "wlrun":
            finished[r.get("name")] = r
    return {"records": recs, "started": started, "finished": finished,
            "end": end, "entry": entry}


def newest_kernel():
    found = sorted(glob.glob("/boot/vmlinuz-*"))
    if not found:
        raise SetupError("no /boot/vmlinuz-* (install linux-image-amd64: "
                         "scripts/install-deps)")
    return found[-1]


def read_config(objtree):
    cfg = {}
    try:
        with open(os.path.join(objtree, ".config")) as f:
            for line in f:
                m = re.match(r"^(CONFIG_\w+)=(.*)$", line.strip())
                if m:
                    cfg[m.group(1)] = m.group(2).strip('"')
    except OSError:
        pass
    return cfg


def workload_list(objtree):
    path = os.path.join(objtree, "user", "workloads")
    try:
        with open(path) as f:
            return f.read().split()
    except OSError:
        raise SetupError("%s missing: build the user programs first "
                         "(CONFIG_USER_PROGRAMS)" % path) from None


def run_quiet(argv, log=None, env=None):
    """Run argv; (status, output). Output is appended to log if given."""
    p = subprocess.run(argv, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                       universal_newlines=True, errors="replace", env=env)
    if log:
        with open(log, "a") as f:
            f.write("$ %s\n%s" % (" ".join(argv), p.stdout))
    return p.returncode, p.stdout


class System:
    """How to boot one system with a given kernel command line."""

    def __init__(self, args):
        self.args = args
        self.srctree = os.path.abspath(args.srctree)
        self.objtree = os.path.abspath(args.objtree)

    def qemu_run(self, image_args, log, expect):
        argv = [PYTHON, os.path.join(HERE, "qemu-run")] + image_args + [
            "--mode", "bench" if expect == "^BENCH-END" else "run",
            "--expect", expect, "--log", log, "--quiet",
            "--timeout", str(self.args.timeout),
            "--idle-timeout", str(self.args.idle_timeout)]
        if self.args.icount:
            argv.append("--icount")
        status, out = run_quiet(argv)
        reasons = [m.group(1) for m in map(REASON_RE.match,
                                           out.splitlines()) if m]
        return status, reasons, out


class Mosaic(System):
    name = "mosaic"

    def __init__(self, args):
        super().__init__(args)
        self.kernel = os.path.join(self.objtree, "mosaic")
        self.initramfs = os.path.join(self.objtree, "usr", "initramfs.cpio")
        for f in (self.kernel, self.initramfs):
            if not os.path.isfile(f):
                raise SetupError("%s missing: build the kernel first" % f)
        self.baud = read_config(self.objtree).get("CONFIG_SERIAL_BAUD",
                                                  "115200")

    def label(self):
        return "mosaic"

    def cmdline(self, wl):
        return " ".join(w for w in (self.args.cmdline, MOSAIC_INIT, wl) if w)

    def boot(self, wl, log):
        iso = os.path.join(self.objtree, "workloads.iso")
        env = dict(os.environ, SERIAL_BAUD=self.baud)
        status, out = run_quiet([os.path.join(HERE, "mkiso"), self.kernel,
                                 iso, self.cmdline(wl), self.initramfs],
                                env=env)
        if status:
            raise SetupError("mkiso failed: %s" % out.strip()[-300:])
        return self.qemu_run(["--iso", iso], log, "^BENCH-END")

    def entry_tsc(self, parsed, log):
        return parsed["entry"]


class Linux(System):
    name = "linux"

    def __init__(self, args):
        super().__init__(args)
        self.kernel = args.kernel or newest_kernel()
        if not os.path.isfile(self.kernel):
            raise SetupError("%s does not exist" % self.kernel)
        self.initrd = os.path.join(self.objtree, "workloads-linux.cpio")
        self.make_initrd()

    def label(self):
        return "linux-" + os.path.basename(self.kernel).replace(
            "vmlinuz-", "")

    def make_initrd(self):
        """Mosaic's initramfs sources (the Makefile's, as make
        linux-user-test takes them), then the nodes Linux needs."""
        user_list = os.path.join(self.objtree, "user", "initramfs.list")
        if not os.path.isfile(user_list):
            raise SetupError("%s missing: build the user programs first"
                             % user_list)
        sources = [user_list]
        rootfs = os.path.join(self.srctree, "user", "rootfs")
        if read_config(self.objtree).get("CONFIG_USER_BUSYBOX") == "y" and \
                os.path.isdir(rootfs):
            sources.append(rootfs)
        extra = self.initrd + ".list"
        with open(extra, "w") as f:
            f.write(LINUX_EXTRA)
        status, out = run_quiet([PYTHON, os.path.join(
            self.srctree, "usr", "gen_initramfs.py"), "--srctree",
            self.srctree, "-o", self.initrd] + sources + [extra])
        if status:
            raise SetupError("gen_initramfs failed: %s" % out.strip())

    def cmdline(self, wl):
        return " ".join(w for w in (LINUX_APPEND, self.args.cmdline, wl)
                        if w)

    def boot(self, wl, log):
        return self.qemu_run(["--kernel", self.kernel, "--initrd",
                              self.initrd, "--append", self.cmdline(wl)],
                             log, "^BENCH-END")

    def probe_image(self):
        obj = os.path.join(self.objtree, "linux-entry-probe.o")
        out = os.path.join(self.objtree, "linux-entry-probe.bin")
        src = os.path.join(HERE, "linux-entry-probe.S")
        for argv in (["as", "--32", "-o", obj, src],
                     ["ld", "-m", "elf_i386", "-Ttext=0", "--oformat",
                      "binary", "-o", out, obj]):
            status, text = run_quiet(argv)
            if status:
                raise SetupError("building the entry probe: %s" %
                                 text.strip())
        return out

    def entry_tsc(self, parsed, log):
        """Boot the stand-in image the way Linux was booted."""
        plog = log.replace(".log", "-probe.log")
        status, reasons, _ = self.qemu_run(
            ["--kernel", self.probe_image(), "--initrd", self.initrd,
             "--append", self.cmdline("")], plog, "PROBE-TSC")
        try:
            with open(plog, errors="replace") as f:
                m = PROBE_RE.search(f.read())
        except OSError:
            m = None
        return int(m.group(1), 16) if m else None


def wl_options(args, only):
    words = ["wl.scale=%d" % args.scale]
    if args.icount:
        words.append("wl.icount=5")
    if only is not None:
        words.append("wl.only=" + ",".join(only))
    return " ".join(words)


def boot_log(prefix, n):
    return "%s.log" % prefix if n == 1 else "%s-%d.log" % (prefix, n)


def stopped_reason(status, reasons):
    if reasons:
        return "; ".join(reasons[:2])
    return "qemu-run exited %d" % status


def run(system, args):
    """Boot until every selected workload has a verdict (see the header)."""
    selected = workload_list(system.objtree)
    if args.only:
        want = args.only.split(",")
        unknown = [w for w in want if w not in selected]
        if unknown:
            raise SetupError("no workload %s (known: %s)" % (
                ", ".join(unknown), ", ".join(selected)))
        selected = [w for w in selected if w in want]
    result = {"system": system.name, "kernel": system.kernel,
              "label": system.label(), "status": "failed",
              "records": [], "workloads": {}, "boots": []}
    remaining = list(selected)
    first = True
    while remaining and len(result["boots"]) < MAX_BOOTS:
        n = len(result["boots"]) + 1
        log = boot_log(args.out, n)
        only = None if first and not args.only else remaining
        status, reasons, _ = system.boot(wl_options(args, only), log)
        with open(log, errors="replace") as f:
            parsed = parse_boot(f.read())
        result["boots"].append({"cmdline": system.cmdline(
            wl_options(args, only)), "log": log, "status": status,
            "reasons": reasons, "end": parsed["end"]})
        keep = [r for r in parsed["records"] if first or
                r.get("family") != "boot"]
        if first:
            entry = system.entry_tsc(parsed, log)
            if entry is not None:
                keep.insert(0, {"family": "boot", "name": "kernel_entry",
                                "tsc": entry})
        result["records"] += keep
        for name, rec in parsed["finished"].items():
            result["workloads"][name] = {
                "status": rec.get("status", "?"), "log": log,
                "reason": "" if rec.get("status") == "ok" else
                "exit status %s" % rec.get("exit")}
        first = False
        done = set(parsed["finished"])
        remaining = [w for w in remaining if w not in done]
        if parsed["end"]:
            break
        hung = [w for w in parsed["started"] if w not in done]
        why = stopped_reason(status, reasons)
        if not hung:
            result["reason"] = "the runner did not start a workload: " + why
            return result
        result["workloads"][hung[-1]] = {"status": "hang", "log": log,
                                         "reason": why}
        result["records"].append({"family": "wlrun", "name": hung[-1],
                                  "status": "hang", "reason": why})
        remaining = [w for w in remaining if w != hung[-1]]
    missing = [w for w in selected if w not in result["workloads"]]
    for w in missing:
        result["workloads"][w] = {"status": "not run", "log": "",
                                  "reason": "%d boots used up" % MAX_BOOTS}
    if missing:
        result["reason"] = "not run after %d boots: %s" % (
            MAX_BOOTS, ", ".join(missing))
    else:
        result["status"] = "ok"
    return result


def parse_args(argv):
    p = argparse.ArgumentParser(prog="workloads",
                                description=__doc__.splitlines()[0])
    p.add_argument("--srctree", required=True)
    p.add_argument("--objtree", required=True)
    p.add_argument("--linux", action="store_true")
    p.add_argument("--kernel")
    p.add_argument("--icount", action="store_true")
    p.add_argument("--only")
    p.add_argument("--scale", type=int, default=4)
    p.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT)
    p.add_argument("--idle-timeout", type=int, default=DEFAULT_IDLE_TIMEOUT)
    p.add_argument("--cmdline", default="")
    p.add_argument("--out")
    args = p.parse_args(argv)
    if args.kernel:
        args.linux = True
    if args.scale < 1:
        p.error("--scale must be at least 1")
    if not args.out:
        args.out = os.path.join(args.objtree, "workloads-linux"
                                if args.linux else "workloads")
    return args


def summary(result):
    wl = result["workloads"]
    ok = sum(v["status"] == "ok" for v in wl.values())
    lines = ["workloads %s: %s, %d of %d programs ok" % (
        result["label"], result["status"], ok, len(wl))]
    for name, v in wl.items():
        if v["status"] != "ok":
            lines.append("workloads:   %s %s: %s (log %s)" % (
                name, v["status"], v["reason"], v["log"]))
    fails = [r for r in result["records"] if r.get("family") == "workloads"
             and r.get("status") == "failed"]
    for r in fails:
        lines.append("workloads:   %s failed: %s" % (r.get("name"),
                                                     r.get("reason")))
    if result.get("reason"):
        lines.append("workloads:   " + result["reason"])
    return "\n".join(lines)


def main(argv):
    args = parse_args(argv)
    try:
        system = Linux(args) if args.linux else Mosaic(args)
        result = run(system, args)
    except SetupError as e:
        print("workloads: error: %s" % e)
        return 2
    with open(args.out + ".json", "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
        f.write("\n")
    print(summary(result))
    return 0 if result["status"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
