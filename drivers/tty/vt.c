// SPDX-License-Identifier: GPL-2.0
/*
 * tty1: the PS/2 keyboard in, the screen console out (the framebuffer
 * console when there is one, else VGA text), as Linux's first virtual
 * terminal. Keys become the bytes a Linux console sends: Backspace DEL
 * (VERASE), Enter CR (ICRNL makes it NL), arrows and editing keys
 * VT100 sequences. Output is drawn by the screen console's own write,
 * under console ownership, so it interleaves with printk line by line.
 */
#include <mosaic/compiler.h>
#include <mosaic/console.h>
#include <mosaic/fb.h>
#include <mosaic/keyboard.h>
#include <mosaic/string.h>
#include <mosaic/tty.h>
#include <mosaic/vga.h>

static struct tty tty1;
static struct console *screen;
static bool vt_up;
static struct tty_console_out vt_out;

static const char *const key_seq[KEY_MAX - KEY_UP] = {
	[KEY_UP - KEY_UP] = "\033[A",
	[KEY_DOWN - KEY_UP] = "\033[B",
	[KEY_RIGHT - KEY_UP] = "\033[C",
	[KEY_LEFT - KEY_UP] = "\033[D",
	[KEY_HOME - KEY_UP] = "\033[1~",
	[KEY_INSERT - KEY_UP] = "\033[2~",
	[KEY_DELETE - KEY_UP] = "\033[3~",
	[KEY_END - KEY_UP] = "\033[4~",
	[KEY_PAGE_UP - KEY_UP] = "\033[5~",
	[KEY_PAGE_DOWN - KEY_UP] = "\033[6~",
};

/* The bytes a key sends; 0 bytes for keys with none. */
static size_t key_bytes(int code, char *out)
{
	const char *seq;

	if (code == '\b')
		code = 0x7f;
	else if (code == '\n')
		code = '\r';
	if (code < 0x100) {
		out[0] = (char)code;
		return 1;
	}
	if (code >= KEY_MAX)
		return 0;
	seq = key_seq[code - KEY_UP];
	if (!seq)
		return 0;
	memcpy(out, seq, strlen(seq));
	return strlen(seq);
}

/* IRQ 1, after the key ring got a code: queue every key's bytes for tty1. */
static void vt_keys(void)
{
	int code;

	while ((code = kbd_getc()) >= 0) {
		char b[8];
		size_t n = key_bytes(code, b);

		if (n)
			tty_queue_input(&tty1, (const u8 *)b, n);
	}
}

static void vt_emit(const char *s, size_t len)
{
	screen->write(screen, s, len);
}

/* tty->lock held, interrupts off. */
static void vt_write(struct tty *tty, const char *s, size_t len)
{
	tty_console_out(&vt_out, vt_emit, s, len);
}

static const struct tty_operations vt_ops = {
	.write = vt_write,
};

struct tty *vt_tty(void)
{
	return vt_up ? &tty1 : NULL;
}

void vt_init(void)
{
	struct vga_screen *s = NULL;

	screen = fbcon_console(&s, NULL);
	if (!screen)
		screen = vgacon_console(&s);
	if (!screen)
		return;
	tty_register(&tty1, "tty1", TTY_MAJOR, 1, &vt_ops, NULL);
	if (s) {
		tty1.winsize.ws_col = (unsigned short)s->cols;
		tty1.winsize.ws_row = (unsigned short)s->rows;
	}
	vt_up = true;
	kbd_set_notify(vt_keys);
}
