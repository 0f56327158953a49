#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""gen_seeds.py FIXTURES_DIR SEEDS_DIR: fuzz seeds for fuzz_acpi from the
captured fixtures. A seed is physical memory from address 0: an RSDT at
0 listing the fixture's tables (not the DSDT), which follow it, moved to
their new addresses. The fuzz harness fixes the checksums itself.
"""
import os
import struct
import sys

src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
for name in sorted(os.listdir(src)):
    if not name.endswith(".acpi"):
        continue
    chunks, rsdp = {}, b""
    for line in open(os.path.join(src, name)):
        if line.startswith("#") or not line.strip():
            continue
        a, h = line.split()
        if a == "rsdp":
            rsdp += bytes.fromhex(h)
            continue
        chunks[int(a, 16)] = bytes.fromhex(h)
    mem, start, prev = {}, None, None
    for a in sorted(chunks):       # merge contiguous lines into tables
        if prev is None or a != prev:
            start = a
            mem[start] = b""
        mem[start] += chunks[a]
        prev = a + len(chunks[a])
    tables = []
    for a, b in mem.items():
        pos = 0
        while pos + 36 <= len(b):
            ln = struct.unpack_from("<I", b, pos + 4)[0]
            if b[pos:pos + 4] not in (b"RSDT", b"XSDT", b"DSDT") and ln >= 36:
                tables.append(b[pos:pos + ln])
            pos += max(ln, 36)
    rsdt_len = 36 + 4 * len(tables)
    image, addr = bytearray(rsdt_len), rsdt_len
    image[0:4] = b"RSDT"
    struct.pack_into("<I", image, 4, rsdt_len)
    for i, t in enumerate(tables):
        struct.pack_into("<I", image, 36 + 4 * i, addr)
        image += t
        addr += len(t)
    out = os.path.join(dst, name.replace(".acpi", ".bin"))
    open(out, "wb").write(bytes(image))
    print(f"{out}: {len(tables)} tables, {len(image)} bytes")
