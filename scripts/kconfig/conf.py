#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Kconfig front end for the Mosaic build, on top of Debian's kconfiglib.

Usage: conf.py ACTION [ARGS]   (run from the output directory; the
environment gives srctree and KCONFIG_CONFIG, as the Makefile sets them)

Actions mirror Linux's config targets: defconfig FILE [FRAGMENT...],
savedefconfig OUT, oldconfig, olddefconfig, allnoconfig, allyesconfig,
alldefconfig, randconfig, listnewconfig, menuconfig, syncconfig.
Every failure is one clear line on stderr and exit status 1.
"""

import os
import random
import re
import sys

try:
    import kconfiglib
except ImportError:
    sys.exit("conf: python3-kconfiglib is missing; run scripts/install-deps")

CONFIG = os.environ.get("KCONFIG_CONFIG", ".config")


def die(msg):
    print("conf: " + msg, file=sys.stderr)
    sys.exit(1)


def load_kconfig():
    srctree = os.environ.get("srctree", ".")
    try:
        kconf = kconfiglib.Kconfig(os.path.join(srctree, "Kconfig"),
                                   warn_to_stderr=True, suppress_traceback=True)
    except kconfiglib.KconfigError as err:
        die(str(err))
    # A warning in a Kconfig file is a bug in the tree: fail loudly.
    kconf.warn_assign_undef = True
    kconf.warn_assign_override = False
    kconf.warn_assign_redun = False
    return kconf


def located(warning, what):
    """A warning once, led by its file: kconfiglib puts "file:line: " in
    front of most but not all (an invalid int value has none)."""
    warning = re.sub(r"^warning: ", "", warning)
    if warning.startswith(what + ":"):
        return warning
    return "%s: %s" % (what, warning)


def check_warnings(kconf, what):
    """Print each warning of one merge once; refuse bad values."""
    bad = False
    for warning in kconf.warnings:
        print("conf: " + located(warning, what), file=sys.stderr)
        bad |= any(m in warning for m in (
            "undefined symbol", "was assigned the value", "malformed",
            "is invalid for"))
    if bad:
        die(what + ": invalid configuration values (see above)")


def merge_file(kconf, name, replace, what="config file"):
    """Load one config file (replacing or on top), refusing bad values."""
    if not os.path.isfile(name):
        die("no such %s: %s" % (what, name))
    kconf.warn = True
    # Collected, then printed once by check_warnings() (not also by
    # kconfiglib itself).
    kconf.warn_to_stderr = False
    del kconf.warnings[:]
    try:
        kconf.load_config(name, replace=replace)
    except kconfiglib.KconfigError as err:
        die(str(err))
    finally:
        kconf.warn_to_stderr = True
    check_warnings(kconf, name)
    verify_requested(kconf, name)


def load_fragments(kconf, files):
    """Load a defconfig and merge fragments on top, reporting bad values."""
    for i, name in enumerate(files):
        merge_file(kconf, name, replace=(i == 0))


def value_is(sym, want):
    """Does sym hold want? Numbers compare by value (0x10 == 16)."""
    got = sym.str_value
    if sym.orig_type in (kconfiglib.INT, kconfiglib.HEX) and want and got:
        try:
            return int(want, 0) == int(got, 0)
        except ValueError:
            return False
    return got == want


def verify_requested(kconf, name):
    """A value that Kconfig refused (out of range, unmet dependency) is an
    error: the user asked for something they are not getting."""
    with open(name) as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            want = None
            if line.startswith("CONFIG_") and "=" in line:
                sym, want = line[7:].split("=", 1)
                want = want.strip('"')
            elif line.startswith("# CONFIG_") and line.endswith(" is not set"):
                sym, want = line[9:-11], "n"
            if want is None or sym not in kconf.syms:
                continue
            s = kconf.syms[sym]
            if not value_is(s, want):
                die("%s:%d: CONFIG_%s=%s was not applied (value is now '%s'%s)"
                    % (name, lineno, sym, want, s.str_value, why_not(s)))


def describe(expr, kconf):
    names = []
    for item in kconfiglib.expr_items(expr):
        if isinstance(item, kconfiglib.Symbol) and not item.is_constant \
                and item.name not in names:
            names.append(item.name)
    values = ", ".join("%s=%s" % (n, kconf.syms[n].str_value or "n")
                       for n in names)
    return kconfiglib.expr_str(expr) + (" (%s)" % values if values else "")


def why_not(sym):
    """The real reason Kconfig refused a value: first an unmet dependency
    (a range does not apply to a symbol that is off), then a prompt whose
    condition is false, then the range in force."""
    if kconfiglib.expr_value(sym.direct_dep) == 0:
        return "; unmet dependency: depends on " + describe(
            sym.direct_dep, sym.kconfig)
    prompts = [n for n in sym.nodes if n.prompt]
    if not prompts:
        return "; it has no prompt: only defaults and select set it"
    if sym.visibility == 0:
        cond = prompts[0].prompt[1]
        return "; its prompt is hidden: unmet condition " + describe(
            cond, sym.kconfig)
    if sym.orig_type in (kconfiglib.INT, kconfiglib.HEX):
        for low, high, cond in sym.ranges:
            if kconfiglib.expr_value(cond):
                return "; allowed range %s..%s" % (low.str_value,
                                                   high.str_value)
    if sym.choice is not None:
        return "; it is in a choice: enable another member instead"
    if sym.orig_type == kconfiglib.BOOL and \
            kconfiglib.expr_value(sym.rev_dep):
        return "; forced on by select: " + describe(sym.rev_dep, sym.kconfig)
    return ""


def write(kconf):
    print(kconf.write_config(CONFIG))


def act_defconfig(kconf, args):
    if not args:
        die("defconfig needs a file")
    load_fragments(kconf, args)
    write(kconf)


def act_savedefconfig(kconf, args):
    load_existing(kconf)
    print(kconf.write_min_config(args[0] if args else "defconfig"))


def load_existing(kconf):
    if not os.path.exists(CONFIG):
        die("no %s; run 'make defconfig' or 'make menuconfig' first" % CONFIG)
    kconf.load_config(CONFIG)


def act_olddefconfig(kconf, args):
    if os.path.exists(CONFIG):
        kconf.load_config(CONFIG)
    write(kconf)


def act_alln(kconf, value):
    """Set every visible bool to one value; choices keep their default."""
    kconf.warn = False
    for _ in range(3):
        for sym in kconf.unique_defined_syms:
            if sym.choice is None and sym.orig_type == kconfiglib.BOOL:
                sym.set_value(value)
    kconf.warn = True


def apply_allconfig(kconf):
    """KCONFIG_ALLCONFIG=file, as in Linux: its values hold in every
    all*config and randconfig result."""
    path = os.environ.get("KCONFIG_ALLCONFIG")
    if path:
        merge_file(kconf, path, replace=False, what="KCONFIG_ALLCONFIG file")


def act_allnoconfig(kconf, args):
    act_alln(kconf, 0)
    apply_allconfig(kconf)
    write(kconf)


def act_allyesconfig(kconf, args):
    act_alln(kconf, 2)
    apply_allconfig(kconf)
    write(kconf)


def act_alldefconfig(kconf, args):
    apply_allconfig(kconf)
    write(kconf)


def act_randconfig(kconf, args):
    seed = os.environ.get("KCONFIG_SEED")
    # Unset or empty (KCONFIG_SEED=): a random seed, printed, as in Linux.
    if not seed:
        seed = "0x%x" % random.SystemRandom().getrandbits(32)
    try:
        rng = random.Random(int(seed, 0))
    except ValueError:
        die("KCONFIG_SEED must be a number, got '%s'" % seed)
    print("KCONFIG_SEED=" + seed)
    kconf.warn = False
    # Several passes: a symbol becomes visible once its dependencies are set.
    for _ in range(3):
        for sym in kconf.unique_defined_syms:
            randomize_symbol(sym, rng)
        for choice in kconf.unique_choices:
            visible = [s for s in choice.syms if s.visibility]
            if visible and choice.visibility:
                rng.choice(visible).set_value(2)
    kconf.warn = True
    apply_allconfig(kconf)
    write(kconf)


def randomize_symbol(sym, rng):
    if sym.choice is not None or not sym.visibility:
        return
    if sym.orig_type == kconfiglib.BOOL:
        sym.set_value(rng.choice((0, 2)))
    elif sym.orig_type in (kconfiglib.INT, kconfiglib.HEX) and sym.ranges:
        low, high, cond = sym.ranges[0]
        lo, hi = int(low.str_value, 0), int(high.str_value, 0)
        val = rng.randint(lo, hi)
        sym.set_value(str(val) if sym.orig_type == kconfiglib.INT
                      else hex(val))


def act_listnewconfig(kconf, args):
    if os.path.exists(CONFIG):
        kconf.load_config(CONFIG)
    new = [s for s in kconf.unique_defined_syms
           if s.config_string and s.user_value is None and s.visibility]
    for sym in new:
        print(sym.config_string, end="")


def act_oldconfig(kconf, args):
    import oldconfig
    sys.argv = ["oldconfig", os.path.join(os.environ.get("srctree", "."),
                                          "Kconfig")]
    try:
        oldconfig._main()
    except EOFError:
        die("oldconfig: standard input ended while a question was open; "
            "use 'make olddefconfig' to take defaults for new options")


def act_menuconfig(kconf, args):
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        die("menuconfig needs an interactive terminal; use 'make defconfig', "
            "'make olddefconfig' or 'scripts/config' without one")
    if os.environ.get("TERM", "dumb") == "dumb":
        die("menuconfig needs a terminal type (TERM is unset or 'dumb')")
    import menuconfig
    menuconfig.menuconfig(kconf)


def act_syncconfig(kconf, args):
    """Write auto.conf, autoconf.h and per-symbol dependency files."""
    load_existing(kconf)
    check_warnings(kconf, CONFIG)
    # New symbols take their defaults and are written back, as Linux's
    # syncconfig does; kconfiglib leaves an unchanged file untouched.
    kconf.write_config(CONFIG)
    os.makedirs("include/generated", exist_ok=True)
    os.makedirs("include/config", exist_ok=True)
    kconf.write_autoconf("include/generated/autoconf.h")
    kconf.sync_deps("include/config")
    # Make needs to know which files to watch for re-running this step.
    deps = "include/config/auto.conf: " + " ".join(
        os.path.join(os.environ.get("srctree", "."), f) if not
        os.path.isabs(f) else f for f in kconf.kconfig_filenames)
    write_if_changed("include/config/auto.conf.cmd", deps + "\n")


def write_if_changed(path, text):
    try:
        with open(path) as f:
            if f.read() == text:
                return
    except OSError:
        pass
    with open(path, "w") as f:
        f.write(text)


ACTIONS = {
    "defconfig": act_defconfig,
    "savedefconfig": act_savedefconfig,
    "oldconfig": act_oldconfig,
    "olddefconfig": act_olddefconfig,
    "allnoconfig": act_allnoconfig,
    "allyesconfig": act_allyesconfig,
    "alldefconfig": act_alldefconfig,
    "randconfig": act_randconfig,
    "listnewconfig": act_listnewconfig,
    "menuconfig": act_menuconfig,
    "syncconfig": act_syncconfig,
}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ACTIONS:
        die("usage: conf.py {%s} [ARGS]" % ",".join(sorted(ACTIONS)))
    kconf = load_kconfig()
    ACTIONS[sys.argv[1]](kconf, sys.argv[2:])


if __name__ == "__main__":
    main()
