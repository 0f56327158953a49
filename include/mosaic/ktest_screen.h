/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktest helpers for what the screen really shows, judged outside the
 * guest (drivers/video/screen_ktest.c): a test states texts with their
 * place and colours, then asks scripts/qemu-run for a check; the runner
 * takes QEMU's screendump and reads the texts back with the font that
 * drew them (scripts/screencheck.py), answering Y or N on COM1.
 * Documentation/x86.md, "Checking a screen under QEMU".
 */
#ifndef _MOSAIC_KTEST_SCREEN_H
#define _MOSAIC_KTEST_SCREEN_H

#include <mosaic/types.h>

struct console;
struct vga_screen;

/*
 * The screen console (the framebuffer console, else VGA text), its
 * screen model and the name of the font the runner reads it with; NULL
 * when the kernel has no screen.
 */
struct console *ktest_screen_console(struct vga_screen **scr,
				     const char **font);
/* State that @len bytes of @s are at @row, @col in VGA colours @fg, @bg. */
void ktest_screen_expect(unsigned int row, unsigned int col, unsigned int fg,
			 unsigned int bg, const char *s, size_t len);
/*
 * Ask the runner to check what was stated against screen @name of
 * @cols x @rows cells in @font: 'Y', 'N', or 0 when no answer came.
 */
int ktest_screendump(const char *name, unsigned int cols, unsigned int rows,
		     const char *font);

#endif /* _MOSAIC_KTEST_SCREEN_H */
