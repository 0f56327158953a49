#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the fuzzer's seed corpus: small valid ELF64 x86-64 images.

Usage: gen_seeds.py DIR. Each image is a header, its program headers and
a short body, shaped like a static musl executable (ET_EXEC at 0x400000
or a static PIE at 0), so the fuzzer starts from inputs that get past
the header checks.
"""
import os
import struct
import sys

PT_LOAD, PT_GNU_STACK, PT_PHDR, PT_TLS = 1, 0x6474E551, 6, 7


def image(etype, base, extra_phdrs=()):
    phdrs = [
        (PT_LOAD, 4, 0, base, 0x200, 0x200),
        (PT_LOAD, 5, 0x1000, base + 0x1000, 0x100, 0x100),
        (PT_LOAD, 6, 0x1100, base + 0x2100, 0x80, 0x900),
        (PT_GNU_STACK, 6, 0, 0, 0, 0),
    ] + list(extra_phdrs)
    eh = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)
    eh += struct.pack("<HHIQQQIHHHHHH", etype, 62, 1, base + 0x1000, 64, 0,
                      0, 64, 56, len(phdrs), 64, 0, 0)
    body = eh + b"".join(struct.pack("<IIQQQQQQ", t, f, off, va, va, fs, ms,
                                     0x1000 if t == PT_LOAD else 8)
                         for t, f, off, va, fs, ms in phdrs)
    return body + bytes(0x1180 - len(body))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    seeds = {
        "exec": image(2, 0x400000),
        "pie": image(3, 0),
        "exec-phdr-tls": image(2, 0x400000, [(PT_PHDR, 4, 64, 0x400040,
                                              280, 280),
                                             (PT_TLS, 4, 0x1100, 0x402100,
                                              8, 16)]),
    }
    for name, data in seeds.items():
        with open(os.path.join(out, name + ".elf"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
