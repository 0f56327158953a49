// SPDX-License-Identifier: GPL-2.0
/*
 * PS/2 keyboard on the 8042 controller, IRQ 1.
 *
 * The firmware (SeaBIOS, OVMF's CSM-less emulation, QEMU's i8042) leaves
 * the controller working with scan code translation on, which is what
 * gives us set 1. We skip a controller the FADT says is not there (a
 * legacy-free PC, where the ports may answer anything), check that one
 * that is there passes its self-test, make sure the keyboard interrupt
 * and translation are enabled and drain stale bytes; a keyboard reset is
 * slow, and on some machines hangs, for no gain here. Every wait is
 * bounded, so a machine without PS/2 boots without waiting.
 */
#include <asm/io.h>
#include <mosaic/acpi.h>
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/keyboard.h>
#include <mosaic/printk.h>

#define I8042_DATA 0x60
#define I8042_STATUS 0x64	/* read */
#define I8042_COMMAND 0x64	/* write */

#define I8042_STR_OBF 0x01	/* output buffer full: data for us */
#define I8042_STR_IBF 0x02	/* input buffer full: controller busy */
#define I8042_STR_AUXDATA 0x20	/* the byte came from the mouse port */

#define I8042_CMD_READ_CONFIG 0x20
#define I8042_CMD_WRITE_CONFIG 0x60
#define I8042_CMD_SELF_TEST 0xaa
#define I8042_SELF_TEST_PASSED 0x55

#define I8042_CFG_KBD_INT 0x01
#define I8042_CFG_KBD_DISABLE 0x10
#define I8042_CFG_XLATE 0x40

#define I8042_SPIN 100000	/* bounded waits: a missing 8042 must not hang */

static struct kbd_decoder decoder;
static struct kbd_ring ring;
static void (*key_notify)(void);
static bool present;

void kbd_set_notify(void (*fn)(void))
{
	WRITE_ONCE(key_notify, fn);
}

void kbd_input_scancode(u8 scancode)
{
	int code = kbd_decode(&decoder, scancode);

	if (code > 0)
		kbd_ring_put(&ring, code);
}

static void kbd_interrupt(unsigned int irq, void *dev)
{
	u8 status = inb(I8042_STATUS);
	void (*notify)(void);
	u8 data;

	if (!(status & I8042_STR_OBF))
		return;		/* spurious */
	data = inb(I8042_DATA);
	if (status & I8042_STR_AUXDATA)
		return;		/* mouse byte: not ours */
	kbd_input_scancode(data);
	notify = READ_ONCE(key_notify);
	if (notify)
		notify();
}

int kbd_getc(void)
{
	return kbd_ring_get(&ring);
}

unsigned long kbd_dropped(void)
{
	return READ_ONCE(ring.dropped);
}

bool kbd_present(void)
{
	return present;
}

static int i8042_wait_write(void)
{
	int i;

	for (i = 0; i < I8042_SPIN; i++)
		if (!(inb(I8042_STATUS) & I8042_STR_IBF))
			return 0;
	return -ETIMEDOUT;
}

static int i8042_wait_read(void)
{
	int i;

	for (i = 0; i < I8042_SPIN; i++)
		if (inb(I8042_STATUS) & I8042_STR_OBF)
			return 0;
	return -ETIMEDOUT;
}

static void i8042_flush(void)
{
	int i;

	/* Bounded: a floating bus reads 0xFF, "always full". */
	for (i = 0; i < 32 && (inb(I8042_STATUS) & I8042_STR_OBF); i++)
		inb(I8042_DATA);
}

/* The controller's own test: 0x55 back means it works. */
static int i8042_self_test(void)
{
	u8 result;

	if (i8042_wait_write())
		return -ETIMEDOUT;
	outb(I8042_COMMAND, I8042_CMD_SELF_TEST);
	if (i8042_wait_read())
		return -ETIMEDOUT;
	result = inb(I8042_DATA);
	if (result != I8042_SELF_TEST_PASSED) {
		pr_warn("ps2kbd: 8042 self-test answered %#x, not %#x\n",
			result, I8042_SELF_TEST_PASSED);
		return -EIO;
	}
	return 0;
}

/* IAPC_BOOT_ARCH's 8042 flag; without ACPI tables, assume a PC/AT. */
static bool firmware_lists_8042(void)
{
#ifdef CONFIG_ACPI
	return acpi_info.has_8042;
#else
	return true;
#endif
}

/* Enable the keyboard interrupt and set 2 -> set 1 translation. */
static int i8042_configure(void)
{
	u8 cfg;

	if (i8042_wait_write())
		return -ETIMEDOUT;
	outb(I8042_COMMAND, I8042_CMD_READ_CONFIG);
	if (i8042_wait_read())
		return -ETIMEDOUT;
	cfg = inb(I8042_DATA);
	cfg |= I8042_CFG_KBD_INT | I8042_CFG_XLATE;
	cfg &= ~I8042_CFG_KBD_DISABLE;
	if (i8042_wait_write())
		return -ETIMEDOUT;
	outb(I8042_COMMAND, I8042_CMD_WRITE_CONFIG);
	if (i8042_wait_write())
		return -ETIMEDOUT;
	outb(I8042_DATA, cfg);
	return 0;
}

int kbd_init(void)
{
	int ret;

	kbd_decoder_init(&decoder);
	kbd_ring_init(&ring);
	if (!firmware_lists_8042()) {
		pr_info("ps2kbd: no 8042 controller (ACPI FADT)\n");
		return -ENODEV;
	}
	if (inb(I8042_STATUS) == 0xff) {
		pr_info("ps2kbd: no 8042 controller\n");
		return -ENODEV;
	}
	i8042_flush();
	ret = i8042_self_test();
	if (!ret)
		ret = i8042_configure();
	if (ret) {
		pr_warn("ps2kbd: 8042 does not respond (%d)\n", ret);
		return ret;
	}
	i8042_flush();
	ret = request_irq(IRQ_KEYBOARD, kbd_interrupt, NULL);
	if (ret) {
		pr_err("ps2kbd: cannot get IRQ %d (%d)\n", IRQ_KEYBOARD, ret);
		return ret;
	}
	present = true;
	pr_info("ps2kbd: PS/2 keyboard on IRQ %d, scan code set 1\n",
		IRQ_KEYBOARD);
	return 0;
}
