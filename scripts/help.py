#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Print `make help`: every target, every defconfig and fragment, the knobs."""

import glob
import os
import sys

srctree = sys.argv[1] if len(sys.argv) > 1 else "."

SECTIONS = [
    ("Configuration targets", [
        ("config, menuconfig", "Change the configuration in a text menu"),
        ("defconfig", "New .config from configs/qemu_defconfig"),
        ("<name>_defconfig", "New .config from configs/<name>_defconfig"),
        ("<name>_defconfig <frag>.config", "... with fragments merged on top"),
        ("<frag>.config", "Merge a fragment into the current .config"),
        ("savedefconfig", "Save a minimal config as ./defconfig"),
        ("oldconfig", "Update .config, asking about new options"),
        ("olddefconfig", "Update .config, new options take defaults"),
        ("allnoconfig", "Answer no to every question"),
        ("allyesconfig", "Answer yes to every question"),
        ("alldefconfig", "Every option at its default"),
        ("randconfig", "Random choices (KCONFIG_SEED=N repeats; empty: random, printed)"),
        ("listnewconfig", "List options .config does not set yet"),
        ("KCONFIG_ALLCONFIG=file", "Values held in all*config/randconfig results"),
    ]),
    ("Build targets", [
        ("all (default)", "Build mosaic (kernel ELF) and mosaic.iso"),
        ("mosaic", "Build the kernel ELF only"),
        ("mosaic.iso", "GRUB2 image for BIOS and UEFI (QEMU, USB stick)"),
        ("tools", "Build host programs (tools/heapreplay, benchmarks)"),
        ("compile_commands.json", "Compilation database for clangd"),
        ("clean", "Remove build outputs, keep .config"),
        ("mrproper", "Remove build outputs and the configuration"),
    ]),
    ("Run and test", [
        ("run", "Boot to a busybox shell in QEMU on this terminal (GUI=1: window)"),
        ("debug", "Boot halted with a gdb stub; prints the gdb command"),
        ("ktest", "Boot with ktest=$(KTEST) (default all) and judge KTAP"),
        ("linux-user-test", "Run each user test suite as init under Debian's Linux in QEMU"),
        ("busybox-jobs-check", "Type a job-control session at busybox sh on Linux and make run; compare"),
        ("bench", "Boot with bench=$(BENCH) (default all), save bench.json"),
        ("trace", "WORKLOAD (bench= name or /bin/PROG) with trace=$(TRACE): trace.json (Perfetto), trace.png"),
        ("workloads", "Run the user-space workloads with wlrun as init: workloads.json"),
        ("hosttest", "Host tests: lib/ and policies with ASan/UBSan"),
        ("fuzz", "Run the fuzz targets for a bounded time"),
        ("check", "Everything: host tests, sparse, every defconfig booted"),
        ("mutate", "Plant each bug of tools/mutate/; every one must be caught"),
        ("randcheck N=50 [SEED=1]", "Boot N seeded randconfigs with make ktest"),
        ("compare", "Build, boot and benchmark the policy combinations"),
        ("compare-merge DIRS=\"a b\"", "One report from the compare/ directories of shards"),
    ]),
    ("Selections for compare", [
        ("FRAME=a,b HEAP=a,b SCHED=a,b", "Policies to compare (default: all)"),
        ("SMALL=1", "A reduced matrix with short runs"),
        ("NO_HOST=1", "Skip the host-native benchmarks"),
        ("LINUX=0 / LINUX=vmlinuz", "No Linux reference / this image (default: newest /boot/vmlinuz-*)"),
        ("NO_WORKLOADS=1", "Only the in-kernel benchmarks, no user-space workloads"),
        ("SHARD=k/N", "Run every N-th combination from the k-th (merge: compare-merge)"),
        ("COMPARE_JOBS=N", "Combinations at once (default: make -jN, or 2)"),
    ]),
    ("Knobs (make VAR=value ...)", [
        ("O=dir", "Build in dir (no whitespace or colon); the source tree stays untouched"),
        ("V=1 / V=2", "Show full commands / say why each target is rebuilt"),
        ("C=1 / C=2", "Run sparse on rebuilt / all C files (CHECK, CHECKFLAGS, CF)"),
        ("W=1 / W=e / W=1e", "Extra warnings / warnings as errors / both"),
        ("CROSS_COMPILE=prefix", "Prefix for gcc, ld, ar, nm, objcopy"),
        ("LLVM=1 / LLVM=-15", "Build with clang, ld.lld, llvm-ar (-15: clang-15, ...)"),
        ("CCACHE=ccache", "Compile through ccache (make check's default if installed; CCACHE= off)"),
        ("KCFLAGS=... / KAFLAGS=...", "Extra compiler / assembler flags"),
        ("KCMDLINE=...", "Append to the kernel command line (run, ktest, bench)"),
        ("QEMU_ARGS=...", "Extra QEMU options, e.g. '-m 2G -machine q35'"),
        ("QEMU_ACCEL=kvm", "Use KVM instead of TCG (opt-in)"),
        ("UEFI=1", "Boot with OVMF instead of SeaBIOS"),
        ("ICOUNT=1", "Instruction-counted time (deterministic benchmarks)"),
        ("KTEST=a,b", "Suites for make ktest (default all; timed: the -icount ones)"),
        ("BENCH=a,b", "Benchmarks for make bench (default all)"),
        ("TRACE_OUT=file", "make bench: the trace dump (debug console) to file"),
        ("TRACE=g,e WORKLOAD=w", "make trace: events (default sched), bench= name or /bin/PROG"),
        ("WL=a,b WL_SCALE=N", "make workloads: these programs (wl_pipe,...), iterations x N/4"),
        ("LINUX=1 / LINUX=vmlinuz", "make workloads: on Debian's Linux (newest /boot/vmlinuz-*)"),
        ("EXPECT_PANIC=regex", "make ktest passes only if the kernel panics so"),
        ("EXPECT_EXIT=poweroff|reset[:m]", "make ktest KCMDLINE=ktest.end=..: must power off/reset"),
        ("KTEST_TIMEOUT=s BENCH_TIMEOUT=s", "Runner time limits (default 60)"),
        ("GUI=1", "make run in a window too (installs qemu-system-gui)"),
        ("MUTANTS=a,b / FAST=1", "make mutate: these mutants / the fast subset"),
        ("SKIP_DEPS=1", "Do not run scripts/install-deps first"),
    ]),
]


def main():
    for title, rows in SECTIONS:
        print(title + ":")
        for name, text in rows:
            print("  %-32s - %s" % (name, text))
        print()
    print("Defconfigs (configs/):")
    for path in sorted(glob.glob(os.path.join(srctree, "configs", "*_defconfig"))):
        print("  " + os.path.basename(path))
    print()
    print("Headless: scripts/config --file .config -e SYM -d SYM --set-val SYM N")
    print()
    print("Config fragments (configs/, merge with 'make X_defconfig frag.config'):")
    for path in sorted(glob.glob(os.path.join(srctree, "configs", "*.config"))):
        print("  " + os.path.basename(path))


if __name__ == "__main__":
    main()
