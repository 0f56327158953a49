// SPDX-License-Identifier: GPL-2.0
/*
 * VGA text console: the screen model over the 80x25 text buffer at
 * physical 0xB8000 (reached through the direct map), plus the hardware
 * cursor on the CRT controller.
 */
#include <asm/io.h>
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

static struct vga_screen screen;

static void crtc_write(u8 reg, u8 val)
{
	outb(CRTC_INDEX, reg);
	outb(CRTC_DATA, val);
}

static void update_cursor(void)
{
	unsigned int pos = screen.y * screen.cols + screen.x;

	crtc_write(CRTC_CURSOR_LOW, pos & 0xff);
	crtc_write(CRTC_CURSOR_HIGH, (pos >> 8) & 0xff);
}

/* An underline cursor on the last two scan lines of the 16-line cell. */
static void enable_cursor(void)
{
	crtc_write(CRTC_CURSOR_START, 14);
	crtc_write(CRTC_CURSOR_END, 15);
}

static void vgacon_write(struct console *con, const char *s, size_t len)
{
	vga_screen_write(&screen, s, len);
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
	vga_screen_init(&screen, phys_to_virt(addr), cols, rows,
			vga_attr(COLOR_LIGHT_GREY, COLOR_BLACK));
	vga_screen_clear(&screen);
	enable_cursor();
	update_cursor();
	register_console(&vgacon);
	pr_info("vgacon: %ux%u text at 0x%llx\n", cols, rows,
		(unsigned long long)addr);
	return 0;
}
