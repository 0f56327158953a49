// SPDX-License-Identifier: GPL-2.0
/*
 * VGA text console: the screen model over the 80x25 text buffer at
 * physical 0xB8000 (reached through the direct map), driven by the ANSI
 * parser, plus the hardware cursor on the CRT controller.
 */
#include <asm/io.h>
#include <mosaic/ansi.h>
#include <mosaic/bootinfo.h>
#include <mosaic/console.h>
#include <mosaic/errno.h>
#include <mosaic/multiboot2.h>
#include <mosaic/page.h>
#include <mosaic/printk.h>
#include <mosaic/vga.h>


#define CRTC_INDEX 0x3d4
#define CRTC_DATA 0x3d5
#define CRTC_CURSOR_START 0x0a
#define CRTC_CURSOR_END 0x0b
#define CRTC_CURSOR_HIGH 0x0e
#define CRTC_CURSOR_LOW 0x0f
#define CURSOR_DISABLE 0x20	/* in the cursor start register */

#define INPUT_STATUS_1 0x3da	/* reading it resets the attribute flip-flop */
#define ATTR_INDEX 0x3c0
#define ATTR_DATA_READ 0x3c1
#define ATTR_PALETTE_ON 0x20	/* keep the screen on while indexing */
#define ATTR_MODE_CONTROL 0x10
#define ATTR_MODE_BLINK 0x08

static struct vga_screen screen;
static struct ansi_parser ansi;

static void crtc_write(u8 reg, u8 val)
{
	outb(CRTC_INDEX, reg);
	outb(CRTC_DATA, val);
}

/*
 * An underline cursor on the last two scan lines of the 16-line cell,
 * or none while a program has hidden it (CSI ?25l).
 */
static void show_cursor(bool visible)
{
	crtc_write(CRTC_CURSOR_START, visible ? 14 : CURSOR_DISABLE);
	crtc_write(CRTC_CURSOR_END, 15);
}

static u8 crtc_read(u8 reg)
{
	outb(CRTC_INDEX, reg);
	return inb(CRTC_DATA);
}

/*
 * Is there a CRT controller? A machine without VGA (QEMU -vga none, many
 * servers) reads 0xFF from the ports and keeps nothing written there.
 */
static bool crtc_present(void)
{
	u8 old = crtc_read(CRTC_CURSOR_LOW);
	bool ok;

	crtc_write(CRTC_CURSOR_LOW, 0x5a);
	ok = crtc_read(CRTC_CURSOR_LOW) == 0x5a;
	crtc_write(CRTC_CURSOR_LOW, 0xa5);
	ok = ok && crtc_read(CRTC_CURSOR_LOW) == 0xa5;
	crtc_write(CRTC_CURSOR_LOW, old);
	return ok;
}

static void update_cursor(void)
{
	static bool shown;
	unsigned int pos = screen.y * screen.cols + screen.x;

	if (shown != screen.cursor_visible) {
		shown = screen.cursor_visible;
		show_cursor(shown);
	}
	crtc_write(CRTC_CURSOR_LOW, pos & 0xff);
	crtc_write(CRTC_CURSOR_HIGH, (pos >> 8) & 0xff);
}

/*
 * Attribute bit 7 is blink by default; as a background intensity bit it
 * gives the 16 background colours that SGR 100-107 ask for.
 */
static void disable_blink(void)
{
	u8 mode;

	inb(INPUT_STATUS_1);
	outb(ATTR_INDEX, ATTR_PALETTE_ON | ATTR_MODE_CONTROL);
	mode = inb(ATTR_DATA_READ);
	outb(ATTR_INDEX, mode & ~ATTR_MODE_BLINK);	/* the data write */
}

static void vgacon_write(struct console *con, const char *s, size_t len)
{
	ansi_write(&ansi, &screen, s, len);
	update_cursor();
}

static void vgacon_set_color(struct console *con, enum console_color fg,
			     enum console_color bg)
{
	vga_screen_set_color(&screen, fg, bg);
}

static struct console vgacon = {
	.name = "vga",
	.write = vgacon_write,
	.set_color = vgacon_set_color,
};

struct console *vgacon_console(struct vga_screen **screenp)
{
	if (!screen.cells)
		return NULL;
	if (screenp)
		*screenp = &screen;
	return &vgacon;
}

int vgacon_init(const struct bootinfo *bi)
{
	phys_addr_t addr = VGA_TEXT_PHYS;
	unsigned int cols = VGA_COLS, rows = VGA_ROWS;

	if (bi && bi->fb.present) {
		if (bi->fb.type != MULTIBOOT2_FRAMEBUFFER_TYPE_EGA_TEXT)
			return -ENODEV;	/* pixels, e.g. UEFI GOP */
		/* The model assumes pitch == 2 * cols, as VGA has. */
		if (!bi->fb.width || !bi->fb.height ||
		    bi->fb.pitch != 2 * bi->fb.width)
			return -ENODEV;
		addr = bi->fb.addr;
		cols = bi->fb.width;
		rows = bi->fb.height;
	} else if (bi && bi->efi_boot) {
		return -ENODEV;	/* UEFI without a text framebuffer: no VGA */
	}
	if (!crtc_present()) {
		pr_info("vgacon: no VGA controller, no text console\n");
		return -ENODEV;
	}
	vga_screen_init(&screen, phys_to_virt(addr), cols, rows,
			vga_attr(COLOR_LIGHT_GREY, COLOR_BLACK));
	vga_screen_clear(&screen);
	ansi_init(&ansi);
	disable_blink();
	update_cursor();	/* shows the cursor too */
	register_console(&vgacon);
	pr_info("vgacon: %ux%u text at 0x%llx\n", cols, rows,
		(unsigned long long)addr);
	return 0;
}
