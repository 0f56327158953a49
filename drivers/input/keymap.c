// SPDX-License-Identifier: GPL-2.0
/*
 * Scan code set 1 decoder (US layout) and the key ring buffer.
 *
 * No hardware access here: ps2kbd.c feeds bytes from port 0x60, while
 * tools/kbd and the `keyboard` ktest feed recorded sequences.
 *
 * Set 1 in brief: a key press sends its make code (0x01-0x58), a release
 * sends make | 0x80. Keys added after the XT (arrows, right Ctrl/Alt,
 * keypad Enter and /) are prefixed with 0xE0. Pause sends the six bytes
 * E1 1D 45 E1 9D C5 and has no release.
 */
#include <mosaic/compiler.h>
#include <mosaic/errno.h>
#include <mosaic/keyboard.h>

#define SC_LCTRL 0x1d
#define SC_LSHIFT 0x2a
#define SC_RSHIFT 0x36
#define SC_LALT 0x38
#define SC_CAPS 0x3a
#define SC_F1 0x3b
#define SC_F10 0x44
#define SC_NUM 0x45
#define SC_SCROLL 0x46
#define SC_KP7 0x47
#define SC_KPDOT 0x53
#define SC_F11 0x57
#define SC_F12 0x58

/* Make codes 0x00-0x39 to characters; 0 means no character. */
static const char keymap_plain[] =
	"\0\x1b" "1234567890-=" "\b\t" "qwertyuiop[]" "\n\0"
	"asdfghjkl;'`" "\0\\" "zxcvbnm,./" "\0*\0 ";
static const char keymap_shift[] =
	"\0\x1b" "!@#$%^&*()_+" "\b\t" "QWERTYUIOP{}" "\n\0"
	"ASDFGHJKL:\"~" "\0|" "ZXCVBNM<>?" "\0*\0 ";

BUILD_BUG_ON(sizeof(keymap_plain) != 0x3a + 1);
BUILD_BUG_ON(sizeof(keymap_shift) != 0x3a + 1);

/* Keypad 0x47-0x53: digits with Num Lock, else navigation keys. */
static const char keypad_num[] = "789-456+1230.";
static const u16 keypad_nav[] = {
	KEY_HOME, KEY_UP, KEY_PAGE_UP, '-', KEY_LEFT, 0, KEY_RIGHT, '+',
	KEY_END, KEY_DOWN, KEY_PAGE_DOWN, KEY_INSERT, KEY_DELETE,
};

void kbd_decoder_init(struct kbd_decoder *d)
{
	d->mods = 0;
	d->locks = 0;
	d->locks_held = 0;
	d->prefix = 0;
	d->skip = 0;
}

static void set_mod(struct kbd_decoder *d, u8 bit, bool release)
{
	if (release)
		d->mods &= ~bit;
	else
		d->mods |= bit;
}

/* Lock keys toggle on the first make only; typematic repeats don't. */
static void lock_key(struct kbd_decoder *d, u8 bit, bool release)
{
	if (release) {
		d->locks_held &= ~bit;
	} else if (!(d->locks_held & bit)) {
		d->locks_held |= bit;
		d->locks ^= bit;
	}
}

static int translate(const struct kbd_decoder *d, u8 key)
{
	bool shift = d->mods & KBD_MOD_SHIFT;
	char c;

	if (key >= SC_KP7 && key <= SC_KPDOT) {
		/* Shift inverts Num Lock, as on a PC. */
		if (!!(d->locks & KBD_LOCK_NUM) != shift)
			return keypad_num[key - SC_KP7];
		return keypad_nav[key - SC_KP7];
	}
	if (key >= SC_F1 && key <= SC_F10)
		return KEY_F1 + (key - SC_F1);
	if (key == SC_F11 || key == SC_F12)
		return KEY_F1 + 10 + (key - SC_F11);
	if (key >= sizeof(keymap_plain) - 1)
		return 0;

	c = keymap_plain[key];
	if (c >= 'a' && c <= 'z') {
		/* Caps Lock affects letters only, and Shift undoes it. */
		if (d->mods & KBD_MOD_CTRL)
			return c & 0x1f;
		if (shift != !!(d->locks & KBD_LOCK_CAPS))
			c = keymap_shift[key];
		return c;
	}
	if (shift)
		c = keymap_shift[key];
	return c;
}

static int decode_extended(struct kbd_decoder *d, u8 key, bool release)
{
	switch (key) {
	case SC_LCTRL:
		set_mod(d, KBD_MOD_RCTRL, release);
		return 0;
	case SC_LALT:
		set_mod(d, KBD_MOD_RALT, release);
		return 0;
	}
	if (release)
		return 0;
	switch (key) {
	case 0x1c:
		return '\n';		/* keypad Enter */
	case 0x35:
		return '/';		/* keypad / */
	case 0x47:
		return KEY_HOME;
	case 0x48:
		return KEY_UP;
	case 0x49:
		return KEY_PAGE_UP;
	case 0x4b:
		return KEY_LEFT;
	case 0x4d:
		return KEY_RIGHT;
	case 0x4f:
		return KEY_END;
	case 0x50:
		return KEY_DOWN;
	case 0x51:
		return KEY_PAGE_DOWN;
	case 0x52:
		return KEY_INSERT;
	case 0x53:
		return KEY_DELETE;
	default:
		/* E0 2A / E0 36 (fake shifts around Print Screen), GUI keys */
		return 0;
	}
}

int kbd_decode(struct kbd_decoder *d, u8 sc)
{
	bool release, ext;
	u8 key;

	if (d->skip) {
		d->skip--;
		return 0;
	}
	switch (sc) {
	case 0xe0:
		d->prefix = 0xe0;
		return 0;
	case 0xe1:
		d->prefix = 0;
		d->skip = 2;		/* rest of one half of Pause */
		return 0;
	case 0x00:	/* key detection error / buffer overrun */
	case 0xff:
	case 0xfa:	/* ACK */
	case 0xfe:	/* resend */
	case 0xee:	/* echo */
		d->prefix = 0;
		return 0;
	}
	ext = d->prefix == 0xe0;
	d->prefix = 0;
	release = sc & 0x80;
	key = sc & 0x7f;
	if (ext)
		return decode_extended(d, key, release);

	switch (key) {
	case SC_LSHIFT:
		set_mod(d, KBD_MOD_LSHIFT, release);
		return 0;
	case SC_RSHIFT:
		set_mod(d, KBD_MOD_RSHIFT, release);
		return 0;
	case SC_LCTRL:
		set_mod(d, KBD_MOD_LCTRL, release);
		return 0;
	case SC_LALT:
		set_mod(d, KBD_MOD_LALT, release);
		return 0;
	case SC_CAPS:
		lock_key(d, KBD_LOCK_CAPS, release);
		return 0;
	case SC_NUM:
		lock_key(d, KBD_LOCK_NUM, release);
		return 0;
	case SC_SCROLL:
		lock_key(d, KBD_LOCK_SCROLL, release);
		return 0;
	}
	if (release)
		return 0;
	return translate(d, key);
}

void kbd_ring_init(struct kbd_ring *r)
{
	r->head = 0;
	r->tail = 0;
	r->dropped = 0;
}

unsigned int kbd_ring_count(const struct kbd_ring *r)
{
	return READ_ONCE(r->head) - READ_ONCE(r->tail);
}

int kbd_ring_put(struct kbd_ring *r, int code)
{
	unsigned int head = r->head;

	BUILD_BUG_ON(!IS_POWER_OF_2(KBD_RING_SIZE));
	if (head - READ_ONCE(r->tail) >= KBD_RING_SIZE) {
		r->dropped++;
		return -ENOSPC;
	}
	r->codes[head % KBD_RING_SIZE] = (u16)code;
	barrier();		/* the slot is written before it is published */
	WRITE_ONCE(r->head, head + 1);
	return 0;
}

int kbd_ring_get(struct kbd_ring *r)
{
	unsigned int tail = r->tail;
	int code;

	if (tail == READ_ONCE(r->head))
		return -EAGAIN;
	barrier();
	code = r->codes[tail % KBD_RING_SIZE];
	barrier();		/* read the slot before handing it back */
	WRITE_ONCE(r->tail, tail + 1);
	return code;
}
