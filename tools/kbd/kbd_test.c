// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for drivers/input/keymap.c: scan code set 1 sequences in,
 * key codes out; the ring buffer's order, overflow and drop count.
 */
#include <mosaic/errno.h>
#include <mosaic/keyboard.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest.h"

/* Decode a sequence; return the produced key codes as a 0-ended array. */
static const int *decode(struct kbd_decoder *d, const unsigned char *sc,
			 size_t n)
{
	static int out[256];
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		int c = kbd_decode(d, sc[i]);

		if (c < 0)
			abort();
		if (c > 0 && k < 255)
			out[k++] = c;
	}
	out[k] = 0;
	return out;
}

/* Compare produced codes with a string of characters. */
static bool codes_eq(const int *codes, const char *want)
{
	size_t i;

	for (i = 0; want[i]; i++)
		if (codes[i] != (unsigned char)want[i])
			goto bad;
	if (codes[i] == 0)
		return true;
bad:
	fprintf(stderr, "  got:");
	for (i = 0; codes[i]; i++)
		fprintf(stderr, " %#x", codes[i]);
	fprintf(stderr, "\n  want: \"%s\"\n", want);
	return false;
}

#define SEQ(...) (const unsigned char[]){ __VA_ARGS__ }, \
	sizeof((const unsigned char[]){ __VA_ARGS__ })

/* Press and release each make code in turn. */
static const int *type(struct kbd_decoder *d, const unsigned char *make,
		       size_t n)
{
	unsigned char seq[256];
	size_t i;

	for (i = 0; i < n; i++) {
		seq[2 * i] = make[i];
		seq[2 * i + 1] = make[i] | 0x80;
	}
	return decode(d, seq, 2 * n);
}

HOSTTEST(plain_row)
{
	struct kbd_decoder d;
	unsigned char all[0x3a];
	size_t i;

	kbd_decoder_init(&d);
	CHECK(codes_eq(type(&d, SEQ(0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
				    0x17, 0x18, 0x19)), "qwertyuiop"));
	CHECK(codes_eq(type(&d, SEQ(0x02, 0x03, 0x0a, 0x0b, 0x0c, 0x0d)),
		       "1290-="));
	CHECK(codes_eq(type(&d, SEQ(0x1c, 0x0e, 0x0f, 0x01, 0x39, 0x29, 0x2b,
				    0x35, 0x37)), "\n\b\t\x1b `\\/*"));
	/* Every non-modifier make code in 0x01-0x39 gives a character. */
	for (i = 1; i < 0x3a; i++)
		all[i - 1] = (unsigned char)i;
	CHECK(codes_eq(type(&d, all, 0x39),
		       "\x1b" "1234567890-=\b\tqwertyuiop[]\nasdfghjkl;'`\\zxcvbnm,./* "));
}

HOSTTEST(shift)
{
	struct kbd_decoder d;

	kbd_decoder_init(&d);
	/* LShift held over h, 1, /, then released before i */
	CHECK(codes_eq(decode(&d, SEQ(0x2a, 0x23, 0xa3, 0x02, 0x82, 0x35, 0xb5,
				      0xaa, 0x17, 0x97)), "H!?i"));
	/* RShift the same; both shifts held, one released: still shifted */
	CHECK(codes_eq(decode(&d, SEQ(0x36, 0x1e, 0x2a, 0xb6, 0x1e, 0xaa, 0x1e)),
		       "AAa"));
	CHECK(d.mods == 0);
	CHECK(codes_eq(decode(&d, SEQ(0x2a, 0x0c, 0x0d, 0x1a, 0x1b, 0x27, 0x28,
				      0x29, 0x2b, 0x33, 0x34, 0xaa)),
		       "_+{}:\"~|<>"));
}

HOSTTEST(caps)
{
	struct kbd_decoder d;

	kbd_decoder_init(&d);
	/* Caps on; letters upper, digits and punctuation unchanged */
	CHECK(codes_eq(decode(&d, SEQ(0x3a, 0xba, 0x1e, 0x9e, 0x02, 0x82, 0x33)),
		       "A1,"));
	CHECK(d.locks & KBD_LOCK_CAPS);
	/* Shift with caps: letters lower, digits shifted */
	CHECK(codes_eq(decode(&d, SEQ(0x2a, 0x1e, 0x02, 0xaa)), "a!"));
	/* Held Caps Lock auto-repeats make codes: toggles once */
	CHECK(codes_eq(decode(&d, SEQ(0x3a, 0x3a, 0x3a, 0x3a, 0xba, 0x1e)), "a"));
	CHECK(!(d.locks & KBD_LOCK_CAPS));
	CHECK(codes_eq(decode(&d, SEQ(0x3a, 0xba, 0x3a, 0xba, 0x1e)), "a"));
}

HOSTTEST(ctrl_alt)
{
	struct kbd_decoder d;

	kbd_decoder_init(&d);
	CHECK(codes_eq(decode(&d, SEQ(0x1d, 0x2e, 0xae, 0x9d)), "\x03"));
	/* Right Ctrl (E0 1D) too, and Ctrl+Shift+letter */
	CHECK(codes_eq(decode(&d, SEQ(0xe0, 0x1d, 0x2a, 0x20, 0xaa, 0xe0, 0x9d)),
		       "\x04"));
	/* Caps does not turn Ctrl+a into anything but 1 */
	CHECK(codes_eq(decode(&d, SEQ(0x3a, 0xba, 0x1d, 0x1e, 0x9d, 0x3a, 0xba)),
		       "\x01"));
	/* Alt is tracked, characters pass through */
	decode(&d, SEQ(0x38));
	CHECK(d.mods == KBD_MOD_LALT);
	CHECK(codes_eq(decode(&d, SEQ(0x1e, 0xb8, 0xe0, 0x38)), "a"));
	CHECK(d.mods == KBD_MOD_RALT);
	decode(&d, SEQ(0xe0, 0xb8));
	CHECK(d.mods == 0);
}

HOSTTEST(extended)
{
	struct kbd_decoder d;
	const int *c;

	kbd_decoder_init(&d);
	c = decode(&d, SEQ(0xe0, 0x48, 0xe0, 0xc8, 0xe0, 0x50, 0xe0, 0x4b,
			   0xe0, 0x4d, 0xe0, 0x47, 0xe0, 0x4f, 0xe0, 0x49,
			   0xe0, 0x51, 0xe0, 0x52, 0xe0, 0x53, 0xe0, 0x1c,
			   0xe0, 0x35));
	CHECK(c[0] == KEY_UP && c[1] == KEY_DOWN && c[2] == KEY_LEFT &&
	      c[3] == KEY_RIGHT && c[4] == KEY_HOME && c[5] == KEY_END &&
	      c[6] == KEY_PAGE_UP && c[7] == KEY_PAGE_DOWN &&
	      c[8] == KEY_INSERT && c[9] == KEY_DELETE && c[10] == '\n' &&
	      c[11] == '/' && c[12] == 0);
	/* The prefix applies to one byte only: 0x48 alone is keypad 8 */
	c = decode(&d, SEQ(0xe0, 0x48, 0x48));
	CHECK(c[0] == KEY_UP && c[1] == KEY_UP && c[2] == 0);
	/* Print Screen: fake shift E0 2A must not shift what follows */
	CHECK(codes_eq(decode(&d, SEQ(0xe0, 0x2a, 0xe0, 0x37, 0xe0, 0xb7,
				      0xe0, 0xaa, 0x1e)), "a"));
	/* Pause (E1 1D 45 E1 9D C5) produces nothing and leaves no state */
	CHECK(codes_eq(decode(&d, SEQ(0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5, 0x1e)),
		       "a"));
	CHECK(d.mods == 0 && d.locks == 0);
	/* Controller replies between keys are ignored */
	CHECK(codes_eq(decode(&d, SEQ(0xfa, 0x1e, 0xfe, 0x9e, 0xe0, 0xfa, 0x1e)),
		       "aa"));
}

HOSTTEST(keypad_fkeys)
{
	struct kbd_decoder d;
	const int *c;

	kbd_decoder_init(&d);
	c = type(&d, SEQ(0x47, 0x4c, 0x4a, 0x4e, 0x53));
	CHECK(c[0] == KEY_HOME && c[1] == '-' && c[2] == '+' &&
	      c[3] == KEY_DELETE && c[4] == 0);
	decode(&d, SEQ(0x45, 0xc5));	/* Num Lock on */
	CHECK(codes_eq(type(&d, SEQ(0x47, 0x48, 0x49, 0x4b, 0x4c, 0x4d, 0x4f,
				    0x50, 0x51, 0x52, 0x53)), "7894561230."));
	c = decode(&d, SEQ(0x2a, 0x48, 0xaa));	/* Shift inverts Num Lock */
	CHECK(c[0] == KEY_UP && c[1] == 0);
	c = type(&d, SEQ(0x3b, 0x44, 0x57, 0x58));
	CHECK(c[0] == KEY_F1 && c[1] == KEY_F1 + 9 && c[2] == KEY_F1 + 10 &&
	      c[3] == KEY_F12 && c[4] == 0);
	/* Unmapped make codes produce nothing */
	c = type(&d, SEQ(0x54, 0x55, 0x56, 0x59, 0x7f));
	CHECK(c[0] == 0);
}

HOSTTEST(ring)
{
	static struct kbd_ring r;
	int i;

	kbd_ring_init(&r);
	CHECK(kbd_ring_get(&r) == -EAGAIN);
	CHECK(kbd_ring_put(&r, KEY_F12) == 0);
	CHECK(kbd_ring_count(&r) == 1);
	CHECK(kbd_ring_get(&r) == KEY_F12);
	CHECK(kbd_ring_get(&r) == -EAGAIN);
	/* Wrap many times around the array: FIFO order holds. */
	for (i = 0; i < 10 * KBD_RING_SIZE; i++) {
		CHECK(kbd_ring_put(&r, i % 300) == 0);
		CHECK(kbd_ring_put(&r, (i + 1) % 300) == 0);
		CHECK(kbd_ring_get(&r) == i % 300);
		CHECK(kbd_ring_get(&r) == (i + 1) % 300);
		if (!hosttest_ok())
			break;
	}
	/* Overflow: the newest are dropped and counted. */
	for (i = 0; i < KBD_RING_SIZE; i++)
		CHECK(kbd_ring_put(&r, 'a' + i % 26) == 0);
	CHECK(kbd_ring_put(&r, 'X') == -ENOSPC);
	CHECK(kbd_ring_put(&r, 'Y') == -ENOSPC);
	CHECK(r.dropped == 2);
	CHECK(kbd_ring_count(&r) == KBD_RING_SIZE);
	for (i = 0; i < KBD_RING_SIZE; i++)
		CHECK(kbd_ring_get(&r) == 'a' + i % 26);
	CHECK(kbd_ring_get(&r) == -EAGAIN);
	/* Room again after draining */
	CHECK(kbd_ring_put(&r, 'Z') == 0 && kbd_ring_get(&r) == 'Z');
}

/*
 * Property: random byte streams never produce a code outside the
 * documented range, and once every make code has been released (and the
 * prefix state flushed) no modifier is left held.
 */
HOSTTEST(random_streams)
{
	struct kbd_decoder d;
	unsigned int seed = 42, i, j;

	for (i = 0; i < 2000 && hosttest_ok(); i++) {
		kbd_decoder_init(&d);
		for (j = 0; j < 200; j++) {
			int c;

			seed = seed * 1664525 + 1013904223;
			c = kbd_decode(&d, (unsigned char)(seed >> 24));
			CHECK(c >= 0 && c < KEY_MAX);
		}
		/* Two non-prefix bytes end any E0/E1 sequence in progress. */
		kbd_decode(&d, 0x9e);
		kbd_decode(&d, 0x9e);
		kbd_decode(&d, 0x9e);
		for (j = 0x01; j < 0x80; j++) {
			kbd_decode(&d, (unsigned char)(j | 0x80));
			kbd_decode(&d, 0xe0);
			kbd_decode(&d, (unsigned char)(j | 0x80));
		}
		CHECK(d.mods == 0 && d.locks_held == 0);
	}
}


int main(int argc, char **argv)
{
	return hosttest_main("kbd", argc, argv);
}
