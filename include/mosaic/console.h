/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Consoles: printk feeds every message from its log ring to each
 * registered console. Drivers (serial, VGA text, framebuffer) register
 * one of these. Their write runs with preemption off, but interrupts
 * may be on: only one context at a time owns the consoles.
 */
#ifndef _MOSAIC_CONSOLE_H
#define _MOSAIC_CONSOLE_H

#include <mosaic/types.h>

/* VGA-style colours; consoles without colour ignore them. */
enum console_color {
	COLOR_BLACK, COLOR_BLUE, COLOR_GREEN, COLOR_CYAN,
	COLOR_RED, COLOR_MAGENTA, COLOR_BROWN, COLOR_LIGHT_GREY,
	COLOR_DARK_GREY, COLOR_LIGHT_BLUE, COLOR_LIGHT_GREEN, COLOR_LIGHT_CYAN,
	COLOR_LIGHT_RED, COLOR_PINK, COLOR_YELLOW, COLOR_WHITE,
};

struct console {
	const char *name;
	void (*write)(struct console *con, const char *s, size_t len);
	/* optional: set colours for following writes */
	void (*set_color)(struct console *con, enum console_color fg,
			  enum console_color bg);
	struct console *next;
};

void register_console(struct console *con);
void unregister_console(struct console *con);
/*
 * Write to every console, bypassing log levels and the ring, in order
 * with printk's output (pending records go first). From an interrupt
 * that found the consoles busy, the bytes are queued in the ring.
 */
void console_write(const char *s, size_t len);

/*
 * Console ownership (kernel/printk.c). console_trylock() fails when
 * another context (one this interrupt stopped) owns the consoles;
 * console_unlock() prints every pending record before it lets go.
 */
bool console_trylock(void);
void console_unlock(void);
/* Call every console's write; the caller owns the consoles. */
void console_emit(const char *s, size_t len);
void console_set_color(enum console_color fg, enum console_color bg);
/* Print a line in colour on every console, then restore the default. */
void console_color_println(enum console_color fg, enum console_color bg,
			   const char *s);

#endif /* _MOSAIC_CONSOLE_H */
