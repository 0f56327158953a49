# SPDX-License-Identifier: GPL-2.0
"""The policy families and their members, read from the Kconfig tree.

A policy family is a *named* Kconfig choice whose name ends in _POLICY
(Documentation/policy.md):

	choice FRAME_ALLOC_POLICY
		prompt "Physical frame allocator"
		default FRAME_ALLOC_BUDDY
	config FRAME_ALLOC_BITMAP
	...
	endchoice

The choice name minus _POLICY is the prefix every member symbol carries
(FRAME_ALLOC_), and its first word, lower-cased, is the family's name
(frame): the make variable FRAME=, the compare report's column, the
"family" of the kernel's BENCH lines. A member's name is its symbol minus
the prefix, lower-cased, with '-' for '_' on command lines and in file
names (linked-list) and '_' in C identifiers (heap_policy_linked_list).
Unnamed choices (a policy's own options, such as the linked-list fit) are
not families.

Every script that enumerates policies (scripts/check, scripts/compare,
scripts/compare_report.py, tools/*/Makefile) asks this module, so a new
member is one Kconfig entry plus its file and Makefile line.

As a program, for Makefiles and shells:

  policies.py [--srctree S] families            frame heap sched
  policies.py [--srctree S] members FAM [--c]    bitmap buddy stack
  policies.py [--srctree S] symbol FAM MEMBER    FRAME_ALLOC_BITMAP
  policies.py [--srctree S] default FAM          buddy
  policies.py [--srctree S] fragment FAM MEMBER  a configs/ fragment
  policies.py [--srctree S] check-fragments      stale configs/FAM-*.config
  policies.py [--srctree S] header FAM [--member M] [--set SYM=VALUE ...]

`header` writes the C header host programs (tools/) build a family's
files with, so that C reads its defaults from Kconfig only: the members
as an X-macro, FAM_POLICY_MEMBERS(X) expanding X(cname, "name") per
member, and the CONFIG_ values of every symbol the family's Kconfig
file(s) define, as Kconfig computes them from their defaults with member
M (default: the choice's default) selected and the --set values applied.
With --member the member's own symbol and FAM_POLICY_MEMBER (its C name)
and FAM_POLICY_MEMBER_NAME are defined too; without, no member symbol is
(a program that links every member).
"""

import argparse
import collections
import os
import sys

sys.dont_write_bytecode = True

SUFFIX = "_POLICY"
SRCTREE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

Member = collections.namedtuple("Member", "name cname symbol prompt")


class Family(collections.namedtuple(
        "Family", "name choice prefix members default")):
    """name: 'frame'; choice: 'FRAME_ALLOC_POLICY'; prefix: 'FRAME_ALLOC_';
    members: [Member] in Kconfig order; default: the default member's
    name (None when the choice has no default)."""

    def names(self):
        return [m.name for m in self.members]

    def member(self, name):
        for m in self.members:
            if name in (m.name, m.cname):
                return m
        return None


class PolicyError(Exception):
    pass


def _kconfiglib():
    try:
        import kconfiglib
    except ImportError:
        # Debian's python3-kconfiglib lives in the system interpreter's
        # path, which a virtualenv's python3 does not see.
        sys.path.append("/usr/lib/python3/dist-packages")
        import kconfiglib
    return kconfiglib


def load_kconfig(srctree=None, kconfig="Kconfig"):
    """Parse <srctree>/<kconfig> the way scripts/kconfig/conf.py does."""
    kconfiglib = _kconfiglib()
    srctree = os.path.abspath(srctree or SRCTREE)
    saved = {k: os.environ.get(k) for k in ("srctree", "KERNELVERSION")}
    os.environ["srctree"] = srctree
    os.environ.setdefault("KERNELVERSION", "0")
    try:
        return kconfiglib.Kconfig(os.path.join(srctree, kconfig),
                                  warn=False, suppress_traceback=True)
    except (kconfiglib.KconfigError, OSError) as e:
        raise PolicyError(str(e)) from None
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _prompt(sym):
    for node in sym.nodes:
        if node.prompt:
            return node.prompt[0]
    return sym.name


def _family(choice):
    prefix = choice.name[:-len(SUFFIX)] + "_"
    members = []
    for sym in choice.syms:
        if not sym.name.startswith(prefix) or sym.name == prefix:
            raise PolicyError(
                "choice %s: member %s does not start with %s (a policy "
                "family's members are named <prefix>_<MEMBER>)"
                % (choice.name, sym.name, prefix))
        rest = sym.name[len(prefix):].lower()
        members.append(Member(rest.replace("_", "-"), rest, sym.name,
                              _prompt(sym)))
    if not members:
        raise PolicyError("choice %s has no members" % choice.name)
    default = None
    for sym, _cond in choice.defaults:
        for m in members:
            if m.symbol == sym.name:
                default = m.name
        break
    return Family(prefix.split("_", 1)[0].lower(), choice.name, prefix,
                  members, default)


def families(srctree=None, kconf=None):
    """{family name: Family}, in the order the Kconfig tree declares them."""
    kconf = kconf or load_kconfig(srctree)
    out = collections.OrderedDict()
    for choice in kconf.unique_choices:
        if not (choice.name and choice.name.endswith(SUFFIX)):
            continue
        fam = _family(choice)
        if fam.name in out:
            raise PolicyError("two policy families are called %s (%s, %s)"
                              % (fam.name, out[fam.name].choice,
                                 fam.choice))
        out[fam.name] = fam
    return out


def fragment(fam, member):
    """The text of configs/<fam>-<member>.config: the member chosen."""
    m = fam.member(member)
    lines = ["# %s: %s (make qemu_defconfig %s-%s.config)"
             % (fam.name, m.prompt, fam.name, m.name)]
    for other in fam.members:
        lines.append("CONFIG_%s=y" % other.symbol if other is m else
                     "# CONFIG_%s is not set" % other.symbol)
    return "\n".join(lines) + "\n"


def config_lines(text):
    """The CONFIG_X=... assignments of a fragment."""
    return [ln.strip() for ln in text.splitlines()
            if ln.strip().startswith("CONFIG_")]


def stale_fragments(srctree=None, fams=None):
    """Problems with configs/<fam>-<member>.config: a fragment of a member
    that does not exist, or one that does not select exactly its member."""
    srctree = os.path.abspath(srctree or SRCTREE)
    fams = fams if fams is not None else families(srctree)
    problems = []
    cfgdir = os.path.join(srctree, "configs")
    for f in sorted(os.listdir(cfgdir)):
        fam_name, _, rest = f.partition("-")
        if fam_name not in fams or not rest.endswith(".config"):
            continue
        fam = fams[fam_name]
        name = rest[:-len(".config")]
        if not fam.member(name):
            problems.append("configs/%s: %s has no member %s (members: %s)"
                            % (f, fam_name, name, ", ".join(fam.names())))
            continue
        with open(os.path.join(cfgdir, f)) as fh:
            text = fh.read()
        # A fragment may set the member's own options too; of the
        # family's symbols, exactly its member must be =y.
        syms = {"CONFIG_" + m.symbol for m in fam.members}
        chosen = [ln.split("=")[0] for ln in config_lines(text)
                  if ln.endswith("=y") and ln.split("=")[0] in syms]
        if chosen != ["CONFIG_" + fam.member(name).symbol]:
            problems.append("configs/%s does not select exactly CONFIG_%s"
                            % (f, fam.member(name).symbol))
    return problems


def _c_value(sym, kconfiglib):
    """The #define value of sym as autoconf.h would give it, or None."""
    if not sym.config_string or sym.config_string.startswith("# "):
        return None
    if sym.orig_type in (kconfiglib.BOOL, kconfiglib.TRISTATE):
        return "1"
    if sym.orig_type == kconfiglib.STRING:
        return '"%s"' % sym.str_value.replace("\\", "\\\\").replace(
            '"', '\\"')
    return sym.str_value


def host_header(fam, srctree=None, member=None, sets=()):
    """The text of the host header of family fam (see the module help)."""
    kconfiglib = _kconfiglib()
    kconf = load_kconfig(srctree)
    choice = kconf.named_choices[fam.choice]
    chosen = fam.member(member or fam.default or fam.members[0].name)
    kconf.syms[chosen.symbol].set_value(2)
    for assignment in sets:
        name, _, value = assignment.partition("=")
        name = name[len("CONFIG_"):] if name.startswith("CONFIG_") else name
        sym = kconf.syms.get(name)
        if sym is None or not sym.nodes:
            raise PolicyError("--set %s: no such symbol" % assignment)
        if not sym.set_value(value) or sym.str_value != value:
            raise PolicyError("--set %s: Kconfig gives %s=%s (ranges or "
                              "dependencies)" % (assignment, name,
                                                 sym.str_value or "n"))
    home = os.path.dirname(choice.nodes[0].filename) + "/"
    up = fam.name.upper()
    lines = ["/* Generated by scripts/policies.py from the Kconfig choice "
             "%s: do not edit. */" % fam.choice,
             "#define %s_POLICY_MEMBERS(X) %s" % (up, " ".join(
                 'X(%s, "%s")' % (m.cname, m.name) for m in fam.members))]
    if member:
        lines += ["#define %s_POLICY_MEMBER %s" % (up, chosen.cname),
                  '#define %s_POLICY_MEMBER_NAME "%s"' % (up, chosen.name)]
    members = {m.symbol for m in fam.members}
    for sym in kconf.unique_defined_syms:
        if not any(n.filename.startswith(home) for n in sym.nodes):
            continue
        if sym.name in members and not member:
            continue
        value = _c_value(sym, kconfiglib)
        if value is not None:
            lines.append("#define CONFIG_%s %s" % (sym.name, value))
    return "\n".join(lines) + "\n"


def main(argv):
    ap = argparse.ArgumentParser(prog="policies.py",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("--srctree", default=SRCTREE)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("families")
    p = sub.add_parser("members")
    p.add_argument("family")
    p.add_argument("--c", action="store_true",
                   help="C spelling (linked_list, not linked-list)")
    p = sub.add_parser("symbol")
    p.add_argument("family")
    p.add_argument("member")
    p = sub.add_parser("default")
    p.add_argument("family")
    p = sub.add_parser("fragment")
    p.add_argument("family")
    p.add_argument("member")
    sub.add_parser("check-fragments")
    p = sub.add_parser("header")
    p.add_argument("family")
    p.add_argument("--member")
    p.add_argument("--set", action="append", default=[], metavar="SYM=VAL")
    args = ap.parse_args(argv)
    try:
        fams = families(args.srctree)
    except PolicyError as e:
        print("policies.py: %s" % e, file=sys.stderr)
        return 1
    fam = None
    if hasattr(args, "family"):
        fam = fams.get(args.family)
        if fam is None:
            print("policies.py: no policy family %s (families: %s)"
                  % (args.family, " ".join(fams)), file=sys.stderr)
            return 1
        if getattr(args, "member", None) and not fam.member(args.member):
            print("policies.py: %s has no member %s (members: %s)"
                  % (fam.name, args.member, " ".join(fam.names())),
                  file=sys.stderr)
            return 1
    if args.cmd == "families":
        print(" ".join(fams))
    elif args.cmd == "members":
        print(" ".join(m.cname if args.c else m.name for m in fam.members))
    elif args.cmd == "symbol":
        print(fam.member(args.member).symbol)
    elif args.cmd == "default":
        print(fam.default or "")
    elif args.cmd == "fragment":
        sys.stdout.write(fragment(fam, args.member))
    elif args.cmd == "header":
        try:
            sys.stdout.write(host_header(fam, args.srctree, args.member,
                                         args.set))
        except PolicyError as e:
            print("policies.py: %s" % e, file=sys.stderr)
            return 1
    elif args.cmd == "check-fragments":
        problems = stale_fragments(args.srctree, fams)
        for p in problems:
            print("policies.py: " + p, file=sys.stderr)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
