/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keyboard input: the PS/2 driver decodes scan code set 1 into key codes
 * and queues them for kbd_getc().
 *
 * A key code is an int: printable keys give their ASCII character (with
 * Shift/Caps Lock applied), Enter '\n', Backspace '\b', Tab '\t', Esc
 * 0x1b, Ctrl+letter the control character (Ctrl+C = 3); keys without a
 * character give a KEY_* value >= 0x100.
 *
 * The decoder and the ring buffer are plain state machines with no
 * hardware access (drivers/input/keymap.c), so tools/kbd and the
 * `keyboard` ktest suite drive them with scan code sequences.
 */
#ifndef _MOSAIC_KEYBOARD_H
#define _MOSAIC_KEYBOARD_H

#include <mosaic/errno.h>
#include <mosaic/types.h>

#define KEY_ESC 0x1b

enum {
	KEY_UP = 0x100,
	KEY_DOWN,
	KEY_LEFT,
	KEY_RIGHT,
	KEY_HOME,
	KEY_END,
	KEY_PAGE_UP,
	KEY_PAGE_DOWN,
	KEY_INSERT,
	KEY_DELETE,
	KEY_F1,			/* KEY_F1 + n - 1 is Fn, up to F12 */
	KEY_F12 = KEY_F1 + 11,
	KEY_MAX,
};

/* Modifier and lock state bits (struct kbd_decoder.mods). */
#define KBD_MOD_LSHIFT 0x01
#define KBD_MOD_RSHIFT 0x02
#define KBD_MOD_LCTRL 0x04
#define KBD_MOD_RCTRL 0x08
#define KBD_MOD_LALT 0x10
#define KBD_MOD_RALT 0x20
#define KBD_MOD_SHIFT (KBD_MOD_LSHIFT | KBD_MOD_RSHIFT)
#define KBD_MOD_CTRL (KBD_MOD_LCTRL | KBD_MOD_RCTRL)
#define KBD_MOD_ALT (KBD_MOD_LALT | KBD_MOD_RALT)

#define KBD_LOCK_CAPS 0x1
#define KBD_LOCK_NUM 0x2
#define KBD_LOCK_SCROLL 0x4

struct kbd_decoder {
	u8 mods;		/* KBD_MOD_* keys held */
	u8 locks;		/* KBD_LOCK_* toggled on */
	u8 locks_held;		/* lock keys held: auto-repeat must not toggle */
	u8 prefix;		/* 0, 0xE0, or 0xE1 while in a prefixed sequence */
	u8 skip;		/* bytes of an 0xE1 (Pause) sequence still to drop */
};

void kbd_decoder_init(struct kbd_decoder *d);
/*
 * Feed one byte from the keyboard. Returns a key code (> 0) when the byte
 * completes a key press that produces one, 0 otherwise (releases,
 * modifiers, prefixes, controller replies such as 0xFA ACK).
 */
int kbd_decode(struct kbd_decoder *d, u8 scancode);

/*
 * Single-producer (interrupt handler), single-consumer ring of key codes.
 * On overflow the NEWEST key is dropped and counted: the producer never
 * touches the consumer's index, so no lock is needed, and what the user
 * typed first is what a reader sees first.
 */
#define KBD_RING_SIZE 128	/* a power of two */

struct kbd_ring {
	u16 codes[KBD_RING_SIZE];
	unsigned int head;	/* next write; only the producer writes it */
	unsigned int tail;	/* next read; only the consumer writes it */
	unsigned long dropped;	/* keys lost to overflow */
};

void kbd_ring_init(struct kbd_ring *r);
/* Returns 0, or -ENOSPC (key dropped, r->dropped incremented). */
int kbd_ring_put(struct kbd_ring *r, int code);
/* Returns the oldest key code, or -EAGAIN when empty. */
int kbd_ring_get(struct kbd_ring *r);
unsigned int kbd_ring_count(const struct kbd_ring *r);

#ifdef CONFIG_KEYBOARD_PS2
/* Set up the 8042 and IRQ 1. Returns 0 or a negative errno. */
int kbd_init(void);
/* Next key code without waiting, or -EAGAIN when none is queued. */
int kbd_getc(void);
/* Keys dropped because the queue was full. */
unsigned long kbd_dropped(void);
/* kbd_init() found the controller and got IRQ 1. */
bool kbd_present(void);
/*
 * Feed one scan code byte through the same path as the interrupt
 * handler (decode, then queue). For tests and for input injection.
 */
void kbd_input_scancode(u8 scancode);
/*
 * Called from the IRQ 1 handler after a byte was queued (the tty1
 * driver drains kbd_getc() there). Injected scan codes do not notify.
 */
void kbd_set_notify(void (*fn)(void));
#else
static inline int kbd_init(void) { return 0; }
static inline int kbd_getc(void) { return -EAGAIN; }
static inline unsigned long kbd_dropped(void) { return 0; }
static inline bool kbd_present(void) { return false; }
static inline void kbd_input_scancode(u8 scancode) { (void)scancode; }
static inline void kbd_set_notify(void (*fn)(void)) { (void)fn; }
#endif

#endif /* _MOSAIC_KEYBOARD_H */
