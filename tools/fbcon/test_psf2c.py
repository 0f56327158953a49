#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Tests of scripts/psf2c.py on fonts built here byte by byte (PSF1 and
PSF2, with and without Unicode tables, gzipped or not), on broken fonts
(each must fail with a one-line message and write nothing) and on the
Debian font the kernel build uses, if installed.

usage: test_psf2c.py SRCTREE OUTDIR
"""
import gzip
import os
import re
import struct
import subprocess
import sys

srctree, out = sys.argv[1], sys.argv[2]
SCRIPT = os.path.join(srctree, "scripts", "psf2c.py")
passed = failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def run(font_bytes, name):
    src = os.path.join(out, name + ".psf")
    dst = os.path.join(out, name + ".c")
    with open(src, "wb") as f:
        f.write(font_bytes)
    if os.path.exists(dst):
        os.remove(dst)
    p = subprocess.run([sys.executable, SCRIPT, src, dst],
                       capture_output=True, text=True)
    text = open(dst).read() if os.path.exists(dst) else None
    return p.returncode, p.stderr, text


def table(text):
    """The generated glyph bytes, as a list."""
    body = text.split("font_data[", 1)[1].split("};", 1)[0]
    body = re.sub(r"/\*.*?\*/", "", body.split("=", 1)[1])
    return [int(x, 16) for x in re.findall(r"0x[0-9a-f]{2}", body)]


def glyph(i, height):
    """A recognisable bitmap for glyph index i."""
    return bytes([(i + r) & 0xff for r in range(height)])


def psf1(count, height, unicode=None):
    mode = (1 if count == 512 else 0) | (2 if unicode is not None else 0)
    data = b"\x36\x04" + bytes([mode, height])
    data += b"".join(glyph(i, height) for i in range(count))
    if unicode is not None:
        for i in range(count):
            for cp in unicode.get(i, []):
                data += struct.pack("<H", cp)
            data += b"\xff\xff"
    return data


def psf2(count, width, height, unicode=None):
    pitch = (width + 7) // 8
    data = struct.pack("<4sIIIIIII", b"\x72\xb5\x4a\x86", 0, 32,
                       1 if unicode is not None else 0, count,
                       pitch * height, height, width)
    data += b"".join(glyph(i, pitch * height) for i in range(count))
    if unicode is not None:
        for i in range(count):
            data += "".join(unicode.get(i, [])).encode() + b"\xff"
    return data


# PSF1 without a table: the first 256 glyphs as they are.
rc, err, text = run(psf1(256, 8), "plain1")
check("psf1 plain converts", rc == 0, err)
if text:
    t = table(text)
    check("psf1 plain: 256 glyphs of 8 rows", len(t) == 256 * 8, len(t))
    check("psf1 plain: glyph 0x41 in place", t[0x41 * 8:0x42 * 8] == list(glyph(0x41, 8)))
    check("psf1 plain: height", ".height = 8," in text and ".width = 8," in text)

# PSF1, 512 glyphs, with a table that scatters CP437 characters.
umap = {300: [ord("A")], 7: [ord("?")], 400: [0x2588],  # CP437 0xDB
        9: [0x00e9, 0xFFFE, 0x0065, 0x0301]}            # e-acute + a sequence
rc, err, text = run(gzip.compress(psf1(512, 16, umap)), "table1")
check("psf1 gzip with table converts", rc == 0, err)
if text:
    t = table(text)
    check("psf1 table: 'A' from glyph 300", t[0x41 * 16:0x42 * 16] == list(glyph(300, 16)))
    check("psf1 table: 0xDB (full block) from glyph 400",
          t[0xDB * 16:0xDC * 16] == list(glyph(400, 16)))
    check("psf1 table: 0x82 (e acute) from glyph 9",
          t[0x82 * 16:0x83 * 16] == list(glyph(9, 16)))
    check("psf1 table: missing 'B' is the '?' glyph",
          t[0x42 * 16:0x43 * 16] == list(glyph(7, 16)))
    check("psf1 table: missing listed", "0x42 U+0042" in text)

# PSF2, 12 pixels wide (two bytes a row), with a UTF-8 table and U+FFFD.
umap2 = {1: ["A", "\u0391"], 2: ["\ufffd"], 3: ["\u2500"]}  # 0xC4 box line
rc, err, text = run(psf2(4, 12, 6, umap2), "table2")
check("psf2 with table converts", rc == 0, err)
if text:
    t = table(text)
    check("psf2: 256 glyphs of 6 rows x 2 bytes", len(t) == 256 * 12, len(t))
    check("psf2: 'A' from glyph 1", t[0x41 * 12:0x42 * 12] == list(glyph(1, 12)))
    check("psf2: 0xC4 from glyph 3", t[0xC4 * 12:0xC5 * 12] == list(glyph(3, 12)))
    check("psf2: missing is U+FFFD's glyph", t[0x42 * 12:0x43 * 12] == list(glyph(2, 12)))
    check("psf2: geometry", ".width = 12," in text and ".pitch = 2," in text)

# Broken fonts: one line on stderr, status 1, no output file.
broken = {
    "bad magic": (b"\x00\x01\x02\x03" + bytes(64), "bad magic"),
    "psf1 truncated": (psf1(256, 16)[:1000], "truncated"),
    "psf1 table truncated": (psf1(256, 8, {0: [65]})[:-10], "truncated"),
    "psf2 truncated": (psf2(256, 8, 16)[:100], "truncated"),
    "psf2 bad charsize": (psf2(4, 8, 8)[:20] + struct.pack("<I", 9) + psf2(4, 8, 8)[24:],
                          "charsize"),
    "psf2 no table end": (psf2(4, 8, 8, {0: ["A"]})[:-1], "no end"),
    "bad gzip": (b"\x1f\x8b" + bytes(20), "gzip"),
    "no fallback glyph": (psf1(256, 8, {0: [ord("A")]}), "neither"),
}
for name, (data, word) in broken.items():
    rc, err, text = run(data, "broken")
    check(f"broken {name}: refused", rc == 1 and text is None, f"rc={rc}")
    check(f"broken {name}: message", err.startswith("psf2c: ") and word in err
          and err.count("\n") == 1, repr(err))

# The font the kernel uses by default, if Debian's package is installed.
debian = "/usr/share/consolefonts/Uni2-VGA16.psf.gz"
if os.path.exists(debian):
    dst = os.path.join(out, "debian.c")
    p = subprocess.run([sys.executable, SCRIPT, debian, dst],
                       capture_output=True, text=True)
    check("Debian Uni2-VGA16 converts", p.returncode == 0, p.stderr)
    if p.returncode == 0:
        t = table(open(dst).read())
        check("Debian font: 8x16, 256 glyphs", len(t) == 256 * 16)
        check("Debian font: space blank, 'A' not", not any(t[0x20 * 16:0x21 * 16])
              and any(t[0x41 * 16:0x42 * 16]))

print(f"hosttest psf2c: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
