# SPDX-License-Identifier: GPL-2.0
"""The environment for make runs nested in `make check` or `make compare`.

The top-level Makefile exports its own state (sub_make_done, srctree,
KBUILD_*, tool names) and MAKEFLAGS; left in the environment they would
make a nested `make O=...` skip its own O= handling. Command-line
variables of the outer make (LLVM=1, CROSS_COMPILE=...) travel in
MAKEFLAGS and are forwarded explicitly instead, except the calling
script's own ones.
"""

import os
import re

MAKE_STATE = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES",
              "sub_make_done", "srctree", "objtree", "CC", "LD", "AR", "NM",
              "OBJCOPY", "HOSTCC", "CHECK", "CHECKFLAGS", "PYTHON")


def command_line_vars(flags=None):
    """[(VAR, value)] given on the outer make's command line, in order."""
    flags = os.environ.get("MAKEFLAGS", "") if flags is None else flags
    out = []
    if " -- " in flags or flags.startswith("-- "):
        tail = flags.split("-- ", 1)[1]
        for tok in re.split(r"(?<!\\) ", tail):
            tok = tok.replace("\\ ", " ")
            if "=" in tok:
                out.append(tuple(tok.split("=", 1)))
    return out


def clean_env(own_vars):
    """Returns (environment, [VAR=value, ...] to pass on the command line)."""
    env = dict(os.environ)
    forward = ["%s=%s" % (k, v) for k, v in command_line_vars()
               if k not in own_vars]
    for k in list(env):
        if k in MAKE_STATE or k.startswith("KBUILD_") or \
                k.startswith("MAKE_TERM"):
            del env[k]
    env["SKIP_DEPS"] = "1"  # the outer make has just run install-deps
    return env, forward


def with_forwarded(env, forward):
    """env for a nested script that itself calls clean_env(): the forwarded
    variables go back into MAKEFLAGS the way make passes them."""
    env = dict(env)
    if forward:
        env["MAKEFLAGS"] = "-- " + " ".join(t.replace(" ", "\\ ")
                                            for t in forward)
    return env
