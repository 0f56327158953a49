#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""capture.py LOG OUT "description": the ACPI tables a Mosaic boot with
`acpi_dump` on the command line printed (lines "acpidump rsdp <hex>",
"acpidump <address> <hex>", "acpidump end") into a fixture for
tools/acpi: one "rsdp <hex>" line, then "<address> <hex>" lines.

  make ktest KTEST=acpi KCMDLINE=acpi_dump QEMU_ARGS="-machine q35 -smp 4"
  tools/acpi/capture.py ktest.log tools/acpi/fixtures/q35-smp4.acpi "q35, SeaBIOS, -smp 4"
"""
import re
import sys

if len(sys.argv) != 4:
    sys.exit(__doc__)
log, out, what = sys.argv[1:]
lines, done = [], False
pat = re.compile(r"acpidump (rsdp|[0-9a-f]+) ([0-9a-f]*)$")
for raw in open(log, errors="replace"):
    raw = raw.rstrip("\r\n")
    if raw.endswith("acpidump end"):
        done = True
        break
    m = pat.search(raw)
    if m:
        lines.append(f"{m.group(1)} {m.group(2)}")
if not done or not lines or not lines[0].startswith("rsdp "):
    sys.exit(f"capture: {log}: no complete acpidump (boot with acpi_dump)")
with open(out, "w") as f:
    f.write(f"# ACPI tables of QEMU: {what}\n")
    f.write("# captured by tools/acpi/capture.py from a boot with acpi_dump\n")
    f.write("\n".join(lines) + "\n")
print(f"capture: {out}: {len(lines)} lines")
