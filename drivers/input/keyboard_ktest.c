// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite `keyboard`: scan code sequences through the set 1 decoder
 * and the key ring, in the kernel build (not the hardware: nobody types
 * during a test run). The last case goes through kbd_input_scancode(),
 * the path the IRQ 1 handler uses, and reads back with kbd_getc().
 */
#include <mosaic/irq.h>
#include <mosaic/keyboard.h>
#include <mosaic/ktest.h>

/* Decode @n bytes, storing produced key codes; returns how many. */
static int feed(struct kbd_decoder *d, const u8 *sc, int n, int *out, int max)
{
	int i, k = 0;

	for (i = 0; i < n; i++) {
		int c = kbd_decode(d, sc[i]);

		if (c > 0 && k < max)
			out[k++] = c;
	}
	return k;
}

#define FEED(d, out, ...)                                                   \
	({                                                                  \
		static const u8 __sc[] = { __VA_ARGS__ };                   \
		feed(d, __sc, (int)sizeof(__sc), out, (int)ARRAY_SIZE(out)); \
	})

static void test_letters_and_shift(struct ktest *t)
{
	struct kbd_decoder d;
	int out[8], n;

	kbd_decoder_init(&d);
	/* h i, Shift+1, release */
	n = FEED(&d, out, 0x23, 0xa3, 0x17, 0x97, 0x2a, 0x02, 0x82, 0xaa, 0x02);
	KT_ASSERT(t, n == 4);
	KT_EXPECT_EQ(t, out[0], 'h');
	KT_EXPECT_EQ(t, out[1], 'i');
	KT_EXPECT_EQ(t, out[2], '!');
	KT_EXPECT_EQ(t, out[3], '1');	/* shift released again */
	KT_EXPECT_EQ(t, d.mods, 0);
}

static void test_caps_lock(struct ktest *t)
{
	struct kbd_decoder d;
	int out[8], n;

	kbd_decoder_init(&d);
	/* Caps (held: typematic repeat), a, 1, Shift+a, Caps again, a */
	n = FEED(&d, out, 0x3a, 0x3a, 0x3a, 0xba, 0x1e, 0x02, 0x36, 0x1e, 0xb6,
		 0x3a, 0xba, 0x1e);
	KT_ASSERT(t, n == 4);
	KT_EXPECT_EQ(t, out[0], 'A');	/* caps: letters upper */
	KT_EXPECT_EQ(t, out[1], '1');	/* caps does not shift digits */
	KT_EXPECT_EQ(t, out[2], 'a');	/* shift undoes caps */
	KT_EXPECT_EQ(t, out[3], 'a');	/* caps off again */
}

static void test_extended_and_ctrl(struct ktest *t)
{
	struct kbd_decoder d;
	int out[8], n;

	kbd_decoder_init(&d);
	/* Up, Left, keypad 8 (Num Lock off: Up), Right Ctrl+C, Delete */
	n = FEED(&d, out, 0xe0, 0x48, 0xe0, 0xc8, 0xe0, 0x4b, 0xe0, 0xcb,
		 0x48, 0xc8, 0xe0, 0x1d, 0x2e, 0xae, 0xe0, 0x9d, 0xe0, 0x53);
	KT_ASSERT(t, n == 5);
	KT_EXPECT_EQ(t, out[0], KEY_UP);
	KT_EXPECT_EQ(t, out[1], KEY_LEFT);
	KT_EXPECT_EQ(t, out[2], KEY_UP);
	KT_EXPECT_EQ(t, out[3], 3);
	KT_EXPECT_EQ(t, out[4], KEY_DELETE);
	KT_EXPECT_EQ(t, d.mods, 0);
}

static void test_ring_overflow(struct ktest *t)
{
	static struct kbd_ring r;
	int i;

	kbd_ring_init(&r);
	KT_EXPECT_EQ(t, kbd_ring_get(&r), -EAGAIN);
	for (i = 0; i < KBD_RING_SIZE + 5; i++)
		kbd_ring_put(&r, 'a' + i % 26);
	KT_EXPECT_EQ(t, kbd_ring_count(&r), KBD_RING_SIZE);
	KT_EXPECT_EQ(t, r.dropped, 5);
	/* Drop-newest: the first keys typed survive, in order. */
	for (i = 0; i < KBD_RING_SIZE; i++)
		if (kbd_ring_get(&r) != 'a' + i % 26)
			break;
	KT_EXPECT_EQ(t, i, KBD_RING_SIZE);
	KT_EXPECT_EQ(t, kbd_ring_get(&r), -EAGAIN);
}

static void test_input_path(struct ktest *t)
{
	static const u8 seq[] = { 0x2a, 0x23, 0xa3, 0xaa, 0x17, 0x97,
				  0xe0, 0x50, 0xe0, 0xd0 };
	unsigned long flags, dropped;
	int c[4], stale = 0;
	unsigned int i;

	flags = local_irq_save();	/* keep real IRQ 1 input out */
	while (kbd_getc() >= 0)
		stale++;
	dropped = kbd_dropped();
	for (i = 0; i < ARRAY_SIZE(seq); i++)
		kbd_input_scancode(seq[i]);
	for (i = 0; i < ARRAY_SIZE(c); i++)
		c[i] = kbd_getc();
	local_irq_restore(flags);

	if (stale)
		ktest_log(t, "discarded %d queued keys", stale);
	KT_EXPECT_EQ(t, c[0], 'H');
	KT_EXPECT_EQ(t, c[1], 'i');
	KT_EXPECT_EQ(t, c[2], KEY_DOWN);
	KT_EXPECT_EQ(t, c[3], -EAGAIN);
	KT_EXPECT_EQ(t, kbd_dropped(), dropped);
}

static struct ktest_case keyboard_cases[] = {
	KTEST_CASE(test_letters_and_shift),
	KTEST_CASE(test_caps_lock),
	KTEST_CASE(test_extended_and_ctrl),
	KTEST_CASE(test_ring_overflow),
	KTEST_CASE(test_input_path),
	{},
};
KTEST_SUITE(keyboard, keyboard_cases);
