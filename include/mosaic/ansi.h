/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ANSI/VT100 escape sequences for the screen consoles.
 *
 * A parser (a state machine, one byte at a time) turns a byte stream into
 * operations on a text screen model (struct vga_screen, <mosaic/vga.h>):
 * printable bytes and C0 controls go to vga_screen_putc(), ESC and CSI
 * sequences to the cursor, erase, scroll-region, insert/delete and pen
 * operations. Unknown or malformed sequences are consumed and ignored, so
 * nothing but their own bytes is lost. Freestanding: tools/ansi runs the
 * same file natively and fuzzes it.
 *
 * Understood: ESC 7/8 (save/restore cursor), ESC D/E/M (index, next line,
 * reverse index), ESC c (reset); CSI A B C D E F G ` d H f (cursor), J K
 * (erase), @ P X (insert/delete/erase characters), L M (insert/delete
 * lines), S T (scroll), m (SGR 0 1 22 7 27 30-37 38 39 40-47 48 49 90-97
 * 100-107), r (DECSTBM), s u (save/restore), ?25h/?25l (cursor shown or
 * hidden). OSC, DCS, APC, PM and SOS strings are skipped to their BEL or
 * ST. CAN and SUB abort a sequence; C0 controls inside one are obeyed.
 */
#ifndef _MOSAIC_ANSI_H
#define _MOSAIC_ANSI_H

#include <mosaic/types.h>

struct vga_screen;

#define ANSI_MAX_PARAMS 16
#define ANSI_PARAM_MAX 9999	/* larger numbers saturate */

enum ansi_state {
	ANSI_GROUND,
	ANSI_ESCAPE,		/* after ESC */
	ANSI_ESCAPE_INTER,	/* ESC and intermediates, e.g. ESC ( B */
	ANSI_CSI,		/* parameters of ESC [ */
	ANSI_CSI_IGNORE,	/* a CSI we cannot honour, up to its final byte */
	ANSI_STRING,		/* OSC/DCS/...: skipped up to BEL or ST */
	ANSI_STRING_ESC,	/* ESC inside a string: ST if '\' follows */
};

struct ansi_parser {
	enum ansi_state state;
	char private_marker;	/* '?', '<', '=', '>' or 0 */
	bool intermediate;	/* CSI with an intermediate byte: not ours */
	unsigned int nparams;	/* parameters seen (the one being read too) */
	u16 params[ANSI_MAX_PARAMS];
};

void ansi_init(struct ansi_parser *p);
/* Feed @len bytes; the screen @s changes as they say. */
void ansi_write(struct ansi_parser *p, struct vga_screen *s, const char *buf,
		size_t len);
void ansi_putc(struct ansi_parser *p, struct vga_screen *s, char c);

#endif /* _MOSAIC_ANSI_H */
