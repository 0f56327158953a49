#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""screencheck.py: read text back from a screenshot of the guest's screen.

QEMU's `screendump` writes what the display shows as a PPM: the VGA text
mode rendered by QEMU itself (80x25 cells of 9x16 pixels, from the font
the video BIOS loaded), or the framebuffer the kernel draws into. This
module splits it into the text grid the guest states, and for each
expected character cell

  - sorts the cell's pixels into foreground and background by which of
    the two expected colours each is nearer to, and requires nearly all
    of them to be within COLOUR_TOLERANCE of it (the colours are right);
  - compares the foreground pattern with every printable glyph of the
    console font (CONFIG_FB_FONT, a PSF from console-setup) and requires
    the expected one to be the closest and within GLYPH_TOLERANCE of the
    pixels (the character is the one written, not merely some ink).

VGA cells are 9 pixels wide: the ninth column is compared as background
(it repeats the eighth only for the line-drawing range, never used here).

The reference font is the one that drew the screen: for VGA text the
8x16 table inside SeaBIOS's video BIOS (/usr/share/seabios/vgabios-
stdvga.bin, QEMU's default adapter), which the BIOS loads into the VGA's
font plane and which differs from console-setup's VGA font in a dozen
glyphs (0, M, W, m, ...); for the framebuffer console the PSF file named
by the kernel (CONFIG_FB_FONT's basename, from /usr/share/consolefonts).

As a program, for a screenshot taken by hand:

  screencheck.py PPM COLS ROWS ROW COL FG BG TEXT [FONT]

FG and BG are VGA colour numbers (0-15), FONT `vgabios` (the default) or
a console font's file name; exit status 0 when TEXT is there, 1 with the
reasons when not.
"""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import psf2c  # noqa: E402

CONSOLE_FONT_DIR = "/usr/share/consolefonts"
VGABIOS = "/usr/share/seabios/vgabios-stdvga.bin"
# Letters whose glyphs the BIOS font and console-setup's VGA font share:
# they find the BIOS's 256-glyph table inside its ROM.
VGABIOS_ANCHOR = "botpaeg"
VGABIOS_ANCHOR_FONT = "Uni2-VGA16.psf.gz"
# The VGA palette, as the BIOS programs the DAC and fbcon draws it.
VGA_RGB = [
    (0x00, 0x00, 0x00), (0x00, 0x00, 0xaa), (0x00, 0xaa, 0x00),
    (0x00, 0xaa, 0xaa), (0xaa, 0x00, 0x00), (0xaa, 0x00, 0xaa),
    (0xaa, 0x55, 0x00), (0xaa, 0xaa, 0xaa), (0x55, 0x55, 0x55),
    (0x55, 0x55, 0xff), (0x55, 0xff, 0x55), (0x55, 0xff, 0xff),
    (0xff, 0x55, 0x55), (0xff, 0x55, 0xff), (0xff, 0xff, 0x55),
    (0xff, 0xff, 0xff),
]
# Per channel: 16-bit framebuffers keep 5-6 bits, the DAC 6.
COLOUR_TOLERANCE = 12
# Share of a cell's pixels that may differ from the glyph: none in
# practice (the same font); a few for a BIOS font drawn slightly apart.
GLYPH_TOLERANCE = 0.06


class ScreenError(Exception):
    pass


class Image:
    def __init__(self, width, height, rgb):
        self.width, self.height, self.rgb = width, height, rgb

    def pixel(self, x, y):
        o = (y * self.width + x) * 3
        return self.rgb[o], self.rgb[o + 1], self.rgb[o + 2]


def _ppm_tokens(data, count):
    """The first count header tokens of a PPM and the offset after them."""
    tokens, i = [], 0
    while len(tokens) < count:
        while i < len(data) and chr(data[i]).isspace():
            i += 1
        if i < len(data) and data[i] == ord("#"):
            while i < len(data) and data[i] != ord("\n"):
                i += 1
            continue
        j = i
        while j < len(data) and not chr(data[j]).isspace():
            j += 1
        if j == i:
            raise ScreenError("PPM header cut short")
        tokens.append(data[i:j].decode("ascii", "replace"))
        i = j
    return tokens, i + 1


def load_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    (magic, w, h, maxval), off = _ppm_tokens(data, 4)
    if magic != "P6" or maxval != "255":
        raise ScreenError("%s: not a P6 PPM with 8-bit channels" % path)
    w, h = int(w), int(h)
    if len(data) - off < w * h * 3:
        raise ScreenError("%s: %dx%d pixels, data cut short" % (path, w, h))
    return Image(w, h, data[off:off + w * h * 3])


def load_console_font(name):
    """(width, height, 256 CP437 glyphs) of a console-setup font."""
    if "/" in name or name.startswith("."):
        raise ScreenError("font name %r is not a file name" % name)
    path = os.path.join(CONSOLE_FONT_DIR, name)
    try:
        with open(path, "rb") as f:
            font = psf2c.parse(f.read())
    except (OSError, psf2c.FontError) as e:
        raise ScreenError("font %s: %s" % (path, e))
    glyphs, _ = psf2c.cp437_glyphs(font)
    return font.width, font.height, glyphs


def load_vgabios_font(rom_path=VGABIOS):
    """The video BIOS's 8x16 font: the only 4 KiB run of its ROM whose
    anchor letters are console-setup's VGA glyphs at their codes."""
    _, _, ref = load_console_font(VGABIOS_ANCHOR_FONT)
    try:
        with open(rom_path, "rb") as f:
            rom = f.read()
    except OSError as e:
        raise ScreenError("video BIOS %s: %s" % (rom_path, e))
    key = bytes(ref[ord(VGABIOS_ANCHOR[0])])
    bases = set()
    i = rom.find(key)
    while i >= 0:
        base = i - 16 * ord(VGABIOS_ANCHOR[0])
        if base >= 0 and base + 4096 <= len(rom) and all(
                rom[base + 16 * ord(c):base + 16 * ord(c) + 16] ==
                bytes(ref[ord(c)]) for c in VGABIOS_ANCHOR):
            bases.add(base)
        i = rom.find(key, i + 1)
    if len(bases) != 1:
        raise ScreenError("video BIOS %s: %d candidate 8x16 fonts, not one"
                          % (rom_path, len(bases)))
    base = bases.pop()
    return 8, 16, [rom[base + 16 * c:base + 16 * c + 16] for c in range(256)]


def load_font(name="vgabios"):
    return load_vgabios_font() if name == "vgabios" else \
        load_console_font(name)


def _near(a, b):
    return all(abs(x - y) <= COLOUR_TOLERANCE for x, y in zip(a, b))


def _dist(a, b):
    return sum((x - y) ** 2 for x, y in zip(a, b))


def _glyph_bits(glyph, fw, fh):
    pitch = (fw + 7) // 8
    return [[bool(glyph[y * pitch + x // 8] & (0x80 >> (x % 8)))
             for x in range(fw)] for y in range(fh)]


class Screen:
    """A screenshot seen as cols x rows character cells."""

    def __init__(self, image, cols, rows, font):
        self.image, self.cols, self.rows = image, cols, rows
        self.fw, self.fh, glyphs = font
        self.cw, self.ch = image.width // cols, image.height // rows
        if self.cw < self.fw or self.ch != self.fh:
            raise ScreenError(
                "a %dx%d screenshot is not %dx%d cells of the %dx%d font"
                % (image.width, image.height, cols, rows, self.fw, self.fh))
        self.bits = [_glyph_bits(g, self.fw, self.fh) for g in glyphs]

    def cell_pattern(self, col, row, fg, bg):
        """Foreground flags of a cell, and how many pixels fit neither
        colour."""
        x0, y0 = col * self.cw, row * self.ch
        pattern, off = [], 0
        for y in range(self.ch):
            line = []
            for x in range(self.cw):
                p = self.image.pixel(x0 + x, y0 + y)
                is_fg = _dist(p, fg) < _dist(p, bg)
                off += not _near(p, fg if is_fg else bg)
                line.append(is_fg)
            pattern.append(line)
        return pattern, off

    def mismatches(self, pattern, code):
        bits, bad = self.bits[code], 0
        for y in range(self.ch):
            for x in range(self.cw):
                bad += pattern[y][x] != (x < self.fw and bits[y][x])
        return bad

    def read_cell(self, col, row, fg, bg):
        """The printable character whose glyph fits best, its mismatch
        count, and the off-colour pixel count."""
        pattern, off = self.cell_pattern(col, row, fg, bg)
        best = min(range(0x20, 0x7f), key=lambda c: self.mismatches(pattern,
                                                                     c))
        return chr(best), self.mismatches(pattern, best), pattern, off

    def check_text(self, row, col, fg, bg, text):
        """Reasons why text (colours fg on bg, VGA numbers) is not at
        (row, col); empty when it is."""
        if not (0 <= row < self.rows and 0 <= col and
                col + len(text) <= self.cols):
            return ["%r at row %d col %d is off the %dx%d screen"
                    % (text, row, col, self.cols, self.rows)]
        fg_rgb, bg_rgb = VGA_RGB[fg], VGA_RGB[bg]
        cell_px = self.cw * self.ch
        reasons = []
        for i, want in enumerate(text):
            pattern, off = self.cell_pattern(col + i, row, fg_rgb, bg_rgb)
            bad = self.mismatches(pattern, ord(want))
            where = "row %d col %d" % (row, col + i)
            if off > cell_px * GLYPH_TOLERANCE:
                reasons.append("%s: %d of %d pixels are neither colour %d "
                               "nor %d" % (where, off, cell_px, fg, bg))
                continue
            if not bad:
                continue        # exactly the glyph: nothing reads closer
            seen, seen_bad, _, _ = self.read_cell(col + i, row, fg_rgb,
                                                  bg_rgb)
            if bad > cell_px * GLYPH_TOLERANCE or \
                    (seen != want and seen_bad < bad):
                reasons.append("%s: expected %r, reads as %r (%d/%d pixels "
                               "differ from %r)" % (where, want, seen, bad,
                                                    cell_px, want))
        return reasons


def main(argv):
    if len(argv) not in (8, 9):
        sys.exit(__doc__)
    ppm, cols, rows, row, col, fg, bg, text = argv[:8]
    try:
        font = load_font(argv[8] if len(argv) == 9 else "vgabios")
        screen = Screen(load_ppm(ppm), int(cols), int(rows), font)
        reasons = screen.check_text(int(row), int(col), int(fg), int(bg),
                                    text)
    except (ScreenError, OSError) as e:
        sys.exit("screencheck: %s" % e)
    for r in reasons:
        print("screencheck: " + r)
    return 1 if reasons else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
