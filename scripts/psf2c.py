#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""psf2c.py FONT OUT.c [--name NAME]: a Linux console font (PSF1 or PSF2,
optionally gzipped, as in /usr/share/consolefonts) as a C table for the
framebuffer console (struct font_desc, <mosaic/font.h>).

The console's cells hold code page 437 bytes (what the VGA text console
shows too), so the table has 256 glyphs in CP437 order. When the font has
a Unicode table each byte's glyph is looked up through it (CP437 0x01-0x1F
and 0x7F are the VGA symbols: smileys, arrows, the house); a code point
the font lacks gets the font's replacement glyph (U+FFFD, else '?').
Without a Unicode table the font's first 256 glyphs are taken as they are.
The generated file says which code points were missing.
"""
import argparse
import gzip
import os
import struct
import sys

PSF1_MAGIC = b"\x36\x04"
PSF1_MODE512 = 0x01
PSF1_MODEHASTAB = 0x02
PSF1_MODESEQ = 0x04
PSF1_SEPARATOR = 0xFFFF
PSF1_STARTSEQ = 0xFFFE
PSF2_MAGIC = b"\x72\xb5\x4a\x86"
PSF2_HAS_UNICODE_TABLE = 0x01
PSF2_SEPARATOR = 0xFF
PSF2_STARTSEQ = 0xFE

# The glyphs VGA shows for CP437 bytes 0x01-0x1F (Python's cp437 codec
# gives the control characters instead).
CP437_LOW = ("\u0000\u263a\u263b\u2665\u2666\u2663\u2660\u2022\u25d8\u25cb"
             "\u25d9\u2642\u2640\u266a\u266b\u263c\u25ba\u25c4\u2195\u203c"
             "\u00b6\u00a7\u25ac\u21a8\u2191\u2193\u2192\u2190\u221f\u2194"
             "\u25b2\u25bc")


class FontError(Exception):
    pass


class Font:
    def __init__(self, width, height, glyphs, unicode_map):
        self.width = width
        self.height = height
        self.glyphs = glyphs            # list of bytes, one per glyph
        self.unicode_map = unicode_map  # code point -> glyph index, or None


def need(data, end, what):
    if len(data) < end:
        raise FontError(f"truncated: {what} needs {end} bytes, file has "
                        f"{len(data)}")


def parse_psf1(data):
    need(data, 4, "PSF1 header")
    mode, charsize = data[2], data[3]
    if charsize == 0:
        raise FontError("PSF1 glyph size 0")
    count = 512 if mode & PSF1_MODE512 else 256
    end = 4 + count * charsize
    need(data, end, f"{count} glyphs of {charsize} bytes")
    glyphs = [data[4 + i * charsize:4 + (i + 1) * charsize]
              for i in range(count)]
    umap = None
    if mode & (PSF1_MODEHASTAB | PSF1_MODESEQ):
        umap = {}
        pos = end
        for glyph in range(count):
            in_seq = False
            while True:
                need(data, pos + 2, f"Unicode table entry of glyph {glyph}")
                (u,) = struct.unpack_from("<H", data, pos)
                pos += 2
                if u == PSF1_SEPARATOR:
                    break
                if u == PSF1_STARTSEQ:
                    in_seq = True
                elif not in_seq:
                    umap.setdefault(u, glyph)
    return Font(8, charsize, glyphs, umap)


def parse_psf2(data):
    need(data, 32, "PSF2 header")
    (_, version, headersize, flags, length, charsize, height,
     width) = struct.unpack_from("<4sIIIIIII", data, 0)
    if version != 0:
        raise FontError(f"PSF2 version {version} (only 0 is defined)")
    if not (1 <= width <= 32 and 1 <= height <= 64):
        raise FontError(f"PSF2 glyphs of {width}x{height}: unsupported")
    if charsize != height * ((width + 7) // 8):
        raise FontError(f"PSF2 charsize {charsize} does not match "
                        f"{width}x{height}")
    if length == 0 or length > 65536:
        raise FontError(f"PSF2 glyph count {length}")
    end = headersize + length * charsize
    need(data, end, f"{length} glyphs of {charsize} bytes")
    glyphs = [data[headersize + i * charsize:headersize + (i + 1) * charsize]
              for i in range(length)]
    umap = None
    if flags & PSF2_HAS_UNICODE_TABLE:
        umap = {}
        pos = end
        for glyph in range(length):
            term = data.find(bytes([PSF2_SEPARATOR]), pos)
            if term < 0:
                raise FontError(f"Unicode table of glyph {glyph} has no end")
            entry = data[pos:term].split(bytes([PSF2_STARTSEQ]))[0]
            try:
                for ch in entry.decode("utf-8"):
                    umap.setdefault(ord(ch), glyph)
            except UnicodeDecodeError as e:
                raise FontError(f"Unicode table of glyph {glyph}: {e}")
            pos = term + 1
    return Font(width, height, glyphs, umap)


def parse(data):
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as e:
            raise FontError(f"bad gzip data: {e}")
    if data[:4] == PSF2_MAGIC:
        return parse_psf2(data)
    if data[:2] == PSF1_MAGIC:
        return parse_psf1(data)
    raise FontError("not a PSF1 or PSF2 font (bad magic)")


def cp437_char(byte):
    if byte < 0x20:
        return CP437_LOW[byte]
    if byte == 0x7F:
        return "\u2302"
    return bytes([byte]).decode("cp437")


def cp437_glyphs(font):
    """256 glyph bitmaps in CP437 order, and the code points missing."""
    if font.unicode_map is None:
        if len(font.glyphs) < 256:
            raise FontError(f"only {len(font.glyphs)} glyphs and no "
                            "Unicode table")
        return font.glyphs[:256], []
    umap = font.unicode_map
    fallback = umap.get(0xFFFD, umap.get(ord("?")))
    if fallback is None:
        raise FontError("the font has neither U+FFFD nor '?'")
    out, missing = [], []
    for byte in range(256):
        cp = ord(cp437_char(byte))
        if byte == 0:
            cp = ord(" ")       # NUL cells show blank, as on VGA
        if cp not in umap:
            missing.append(f"0x{byte:02x} U+{cp:04X}")
        out.append(font.glyphs[umap.get(cp, fallback)])
    return out, missing


def c_source(font, glyphs, missing, name, source):
    pitch = (font.width + 7) // 8
    lines = [
        "// SPDX-License-Identifier: GPL-2.0",
        f"/* Generated by scripts/psf2c.py from {source}: do not edit. */",
    ]
    if missing:
        lines.append("/* Not in the font, drawn as the replacement glyph: "
                     f"{len(missing)} of 256 */")
        for i in range(0, len(missing), 6):
            lines.append("/*   " + ", ".join(missing[i:i + 6]) + " */")
    lines += [
        "#include <mosaic/font.h>",
        "",
        f"static const u8 font_data[256 * {font.height} * {pitch}] = {{",
    ]
    for byte, g in enumerate(glyphs):
        lines.append(f"\t/* 0x{byte:02x} */")
        for row in range(0, len(g), 8):
            lines.append("\t" + ", ".join(f"0x{b:02x}" for b in g[row:row + 8])
                         + ",")
    lines += [
        "};",
        "",
        f"const struct font_desc {name} = {{",
        f"\t.name = \"{source.rsplit('/', 1)[-1]}\",",
        f"\t.width = {font.width},",
        f"\t.height = {font.height},",
        f"\t.pitch = {pitch},",
        "\t.data = font_data,",
        "};",
        "",
    ]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("font")
    ap.add_argument("out")
    ap.add_argument("--name", default="font_console",
                    help="C name of the struct font_desc")
    args = ap.parse_args()
    try:
        with open(args.font, "rb") as f:
            data = f.read()
        font = parse(data)
        glyphs, missing = cp437_glyphs(font)
    except FileNotFoundError:
        sys.exit(f"psf2c: {args.font}: no such file (Debian's "
                 "console-setup-linux has the fonts: run scripts/install-deps, "
                 "or set CONFIG_FB_FONT)")
    except OSError as e:
        sys.exit(f"psf2c: {args.font}: {e.strerror}")
    except FontError as e:
        sys.exit(f"psf2c: {args.font}: {e}")
    text = c_source(font, glyphs, missing, args.name, args.font)
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
