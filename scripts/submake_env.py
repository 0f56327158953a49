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


def clean_env(own_vars):
    """Returns (environment, [VAR=value, ...] to pass on the command line)."""
    env = dict(os.environ)
    forward = []
    flags = env.get("MAKEFLAGS", "")
    if " -- " in flags or flags.startswith("-- "):
        tail = flags.split("-- ", 1)[1]
        for tok in re.split(r"(?<!\\) ", tail):
            tok = tok.replace("\\ ", " ")
            if "=" in tok and tok.split("=", 1)[0] not in own_vars:
                forward.append(tok)
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
