#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Tests of scripts/qemu-run with tiny boot-sector guests.

Each case assembles a 512-byte real-mode boot sector that prints a text on
COM1 and then does one thing (leave through isa-debug-exit with a code,
triple-fault, or hang), boots it with `qemu-run --disk`, and checks the
runner's exit status and output. Needs `as`, `ld` and QEMU (install-deps).

Usage: test_qemu_run.py SRCTREE OUTDIR   prints `N passed, N failed`
"""

import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True

# How the guest ends, in GNU as syntax (16-bit).
END_EXIT = """
	mov $0xf4, %dx
	mov ${code}, %eax
	outl %eax, %dx
9:	hlt
	jmp 9b
"""
END_HANG = """
9:	hlt
	jmp 9b
"""
# Real-mode IDT limit 0: int3 faults, the fault faults, then a triple fault.
END_TRIPLE = """
	lidt zero_idt
	int3
9:	hlt
	jmp 9b
zero_idt: .word 0
	.long 0
"""

BOOT = """
.code16
.globl _start
_start:
	cli
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %ss
	mov $0x7c00, %sp
	mov $msg, %si
	mov $0x3f8, %dx
1:	lodsb
	test %al, %al
	jz 2f
	outb %al, %dx
	jmp 1b
2:
{end}
msg:	.ascii "{text}"
	.byte 0
	. = _start + 510
	.word 0xaa55
"""

KTAP_PASS = ("KTAP version 1\\n1..1\\n    KTAP version 1\\n    # Subtest: s\\n"
             "    1..2\\n    ok 1 a\\n    not ok 2 b # TODO by design\\n"
             "ok 1 s\\n")
KTAP_FAIL = ("KTAP version 1\\n1..1\\n    KTAP version 1\\n    1..2\\n"
             "    ok 1 a\\n    # b: expected x == 1\\n    not ok 2 b\\n"
             "not ok 1 s\\n")
KTAP_NOPLAN = "KTAP version 1\\nok 1 a\\n"
PANIC = ("KTAP version 1\\n1..1\\n    KTAP version 1\\n    1..1\\n"
         "Kernel panic - not syncing: kernel stack overflow (guard page hit)\\n")
# What the 32-bit entry prints on COM1 without long mode, and GRUB's
# serial terminal (LF CR line ends, escapes) running out of memory; both
# then wait forever, so only recognising them ends the run early.
EARLY_FATAL = ("Mosaic: early boot failed: this CPU has no long mode\\r\\n")
GRUB_OOM = ("\\033[H\\033[J  Booting `Mosaic'\\n\\r\\n\\rerror: out of memory."
            "\\n\\rPress any key to continue...\\n")
# A kernel line that looks like a GRUB error is not one.
KERNEL_ERRORLINE = ("vgacon: up\\r\\nerror: not GRUB.\\r\\n"
                    "Press any key to continue\\r\\n")
BENCH = ('BENCH {\\"family\\":\\"frame\\",\\"cycles\\":1234}\\n'
         'noise\\nBENCH {\\"family\\":\\"heap\\",\\"cycles\\":99}\\n')


def build(out, name, text, end):
    src = os.path.join(out, name + ".S")
    obj = os.path.join(out, name + ".o")
    img = os.path.join(out, name + ".img")
    with open(src, "w") as f:
        f.write(BOOT.format(end=end, text="boot " + name + "\\n" + text))
    subprocess.run(["as", "--32", "-o", obj, src], check=True)
    subprocess.run(["ld", "-m", "elf_i386", "-Ttext=0x7c00",
                    "--oformat=binary", "-o", img, obj], check=True)
    assert os.path.getsize(img) == 512, "boot sector too large"
    return img


class T:
    def __init__(self, srctree, out):
        self.runner = os.path.join(srctree, "scripts", "qemu-run")
        self.out = out
        self.passed = self.failed = 0

    def check(self, name, cond, detail=""):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL qemu-run %s %s" % (name, detail))

    def run(self, img, *opts, env=None):
        e = dict(os.environ)
        e.pop("QEMU_ACCEL", None)
        e.update(env or {})
        cmd = [self.runner, "--disk", img, "--quiet", "--timeout", "20"]
        p = subprocess.run(cmd + list(opts), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                           env=e, universal_newlines=True)
        return p.returncode, p.stdout

    def case(self, name, img, want_rc, want_text=(), opts=(), env=None):
        rc, out = self.run(img, *opts, env=env)
        ok = rc == want_rc and all(w in out for w in want_text)
        self.check(name, ok, "rc=%d want %d, output:\n%s" % (rc, want_rc, out))
        return out


def run_tests(srctree, out):
    """Returns (passed, failed)."""
    os.makedirs(out, exist_ok=True)
    t = T(srctree, out)
    for tool in ("as", "ld"):
        if subprocess.run(["sh", "-c", "command -v " + tool],
                          stdout=subprocess.DEVNULL).returncode:
            t.check("tools present", False, "%s not found (binutils)" % tool)
            return t.passed, t.failed
    ex = lambda c: END_EXIT.format(code=c)  # noqa: E731
    img = {
        "pass": build(out, "pass", KTAP_PASS, ex(0)),
        "fail": build(out, "fail", KTAP_FAIL, ex(1)),
        "liar": build(out, "liar", KTAP_FAIL, ex(0)),
        "badexit": build(out, "badexit", KTAP_PASS, ex(1)),
        "code7": build(out, "code7", KTAP_PASS, ex(7)),
        "noplan": build(out, "noplan", KTAP_NOPLAN, ex(0)),
        "panic": build(out, "panic", PANIC, ex(1)),
        "triple": build(out, "triple", KTAP_PASS, END_TRIPLE),
        "hang": build(out, "hang", "KTAP version 1\\n1..2\\nok 1 a\\n",
                      END_HANG),
        "bench": build(out, "bench", BENCH, ex(0)),
        "early": build(out, "early", EARLY_FATAL, END_HANG),
        "grub": build(out, "grub", GRUB_OOM, END_HANG),
        "kerr": build(out, "kerr", KERNEL_ERRORLINE, END_HANG),
        "badbench": build(out, "badbench", "BENCH {oops\\n", ex(0)),
    }
    t.case("pass", img["pass"], 0,
           ["ktest pass: 1 passed, 0 failed, 0 skipped, 1 xfail", "PASS pass"])
    t.case("log", img["pass"], 0, opts=["--log", os.path.join(out, "p.log")])
    with open(os.path.join(out, "p.log")) as f:
        log = f.read()
    t.check("log content", "boot pass\n" in log and "ok 1 s\n" in log, log)
    t.case("icount", img["pass"], 0, opts=["--icount"])
    t.case("label", img["pass"], 0, ["ktest mylabel: 1 passed"],
           opts=["--label", "mylabel"])
    t.case("fail", img["fail"], 1,
           ["ktest fail: 1 passed, 1 failed", "FAIL s.b", "# b: expected x == 1",
            "guest reported failure"])
    t.case("failing test, pass code", img["liar"], 1, ["FAIL s.b"])
    # The summary counts a failure outside KTAP (bench=nosuch, say).
    t.case("passing tests, fail code", img["badexit"], 1,
           ["guest reported failure",
            "ktest badexit: 1 passed, 1 failed, 0 skipped, 1 xfail "
            "(1 outside KTAP)"])
    t.case("unknown guest code", img["code7"], 1, ["guest exit code 7"])
    t.case("missing plan", img["noplan"], 1, ["missing plan"])
    t.case("panic", img["panic"], 1, ["kernel panic: Kernel panic - not "
                                      "syncing: kernel stack overflow"])
    t.case("expected panic", img["panic"], 0, ["PASS panic"],
           opts=["--expect-panic", "stack overflow"])
    t.case("expected panic mismatch", img["panic"], 1, ["did not match"],
           opts=["--expect-panic", "page fault"])
    t.case("expected panic missing", img["pass"], 1, ["expected a panic"],
           opts=["--expect-panic", "stack overflow"])
    t.case("triple fault", img["triple"], 1, ["TRIPLE FAULT"])
    # --timeout 20: a hang would end in TIMEOUT (124), not status 1.
    t.case("early boot refusal", img["early"], 1,
           ["boot failed before the kernel ran: Mosaic: early boot failed: "
            "this CPU has no long mode"])
    t.case("GRUB error", img["grub"], 1,
           ["boot failed before the kernel ran: GRUB could not boot the "
            "kernel: error: out of memory."])
    t.case("kernel line like GRUB's", img["kerr"], 124, ["TIMEOUT after 3s"],
           opts=["--timeout", "3"])
    t.case("timeout", img["hang"], 124, ["TIMEOUT after 2s", "TIMEOUT hang",
                                         "expected 2 results, got 1"],
           opts=["--timeout", "2"])
    t.case("run mode expect", img["hang"], 0, ["PASS hang"],
           opts=["--mode", "run", "--expect", r"^ok 1 a$", "--timeout", "10"])
    t.case("run mode expect miss", img["pass"], 1, ["no console line matched"],
           opts=["--mode", "run", "--expect", "never printed"])
    t.case("run mode pass", img["pass"], 0, opts=["--mode", "run"])
    bout = os.path.join(out, "bench.json")
    t.case("bench", img["bench"], 0, ["bench bench: 2 results"],
           opts=["--mode", "bench", "--bench-out", bout])
    with open(bout) as f:
        rows = [json.loads(x) for x in f]
    t.check("bench json", rows == [{"family": "frame", "cycles": 1234},
                                   {"family": "heap", "cycles": 99}], rows)
    t.case("bench bad json", img["badbench"], 1, ["bad BENCH line"],
           opts=["--mode", "bench"])
    t.case("bench none", img["pass"], 1, ["no BENCH lines"],
           opts=["--mode", "bench"])
    t.case("qemu missing", img["pass"], 2, ["not found"],
           env={"QEMU": "/nonexistent/qemu"})
    t.case("image missing", os.path.join(out, "nope.iso"), 2,
           ["does not exist"])
    t.case("qemu refuses", img["pass"], 2, ["QEMU failed to start"],
           opts=["--qemu-args", "-no-such-option"])
    t.case("qemu args", img["pass"], 0, opts=["--qemu-args", "-m 64M"])
    out_txt = t.case("dry run", img["pass"], 0, ["-machine q35", "-m 2G"],
                     opts=["--dry-run", "--qemu-args", "-machine q35 -m 2G"])
    t.check("dry run replaces defaults",
            "-machine pc" not in out_txt and "512M" not in out_txt, out_txt)
    t.case("icount dry run", img["pass"], 0,
           ["-icount shift=5,sleep=off,align=off"],
           opts=["--dry-run", "--icount"])
    t.case("uefi dry run", img["pass"], 0,
           ["if=pflash,format=raw,unit=0,readonly=on,file=", "OVMF_VARS.fd"],
           opts=["--dry-run", "--uefi"])
    t.case("gui without a display", img["pass"], 0,
           ["no display here", "vnc=127.0.0.1:0"],
           opts=["--dry-run", "--interactive", "--gui"],
           env={"DISPLAY": "", "WAYLAND_DISPLAY": ""})
    t.case("kvm without icount", img["pass"], 2, ["needs TCG"],
           opts=["--icount", "--accel", "kvm"])
    return t.passed, t.failed


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip())
        return 2
    passed, failed = run_tests(sys.argv[1], sys.argv[2])
    print("qemu-run: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
