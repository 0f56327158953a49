#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Write compile_commands.json (for clangd) from the .cmd files kbuild
leaves beside every object: each records the exact command and source."""

import json
import os
import re
import sys

CMD = re.compile(r"^savedcmd_(\S+) := (.*)$")
SRC = re.compile(r"^source_(\S+) := (.*)$")


def main():
    objtree = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
    entries = []
    for root, dirs, files in os.walk(objtree):
        dirs[:] = [d for d in dirs if d not in (".git", "tools", "check",
                                                "compare")]
        for name in sorted(files):
            if not (name.startswith(".") and name.endswith(".o.cmd")):
                continue
            cmd = src = None
            with open(os.path.join(root, name)) as f:
                for line in f:
                    m = CMD.match(line)
                    if m:
                        cmd = m.group(2).replace("$$", "$").replace("\\#", "#")
                    m = SRC.match(line)
                    if m:
                        src = m.group(2).strip()
            if cmd and src:
                entries.append({"directory": objtree, "file": src,
                                "command": cmd})
    entries.sort(key=lambda e: e["file"])
    json.dump(entries, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
