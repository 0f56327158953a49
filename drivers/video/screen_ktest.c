// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite `screen`: what the screen really shows, judged outside the
 * guest. The suite states on the serial line which texts must be where
 * and in which colours, then asks the runner for a check; scripts/qemu-run
 * takes QEMU's screendump of the display (the VGA text mode as QEMU
 * renders it, or the framebuffer) and reads the glyphs back against the
 * font that drew them (scripts/screencheck.py), answering Y or N on COM1.
 * So the whole path is tested: console, screen model, video memory and
 * the adapter's own rendering, which the vgacon and fbcon suites (they
 * read video memory back) cannot see.
 *
 * Run on demand (ktest=screen): it needs the runner at the other end.
 * Two screens: the boot log as it stands (every row of the screen model,
 * colours and all), then an ANSI test pattern whose expected content is
 * written down here, independently of the model.
 */
#include <asm/processor.h>
#include <mosaic/console.h>
#include <mosaic/fb.h>
#include <mosaic/font.h>
#include <mosaic/ktest.h>
#include <mosaic/ktest_screen.h>
#include <mosaic/serial.h>
#include <mosaic/string.h>
#include <mosaic/timer.h>
#include <mosaic/tty.h>
#include <mosaic/vga.h>
#include <mosaic/vsprintf.h>

#define MAX_CELLS (240 * 75)
/*
 * The runner's answer may take seconds (a screendump, then a few
 * thousand cells compared in Python). Spin, do not halt: under -icount
 * an idle guest's clock jumps ahead, a busy one's follows the
 * instructions.
 */
#define ANSWER_WAIT_NS (120ULL * 1000000000ULL)

static u16 saved_cells[MAX_CELLS];
static struct vga_screen saved_screen;
static struct console *con;
static struct vga_screen *scr;
static const char *font_name;

struct console *ktest_screen_console(struct vga_screen **screen,
				     const char **font)
{
	const struct fb_info *fb;
	struct console *c = fbcon_console(screen, &fb);

#ifdef CONFIG_FB_CONSOLE
	*font = font_console.name;	/* CONFIG_FB_FONT's file */
#endif
	if (!c) {
		/* VGA text: the video BIOS's font, which QEMU draws with */
		*font = "vgabios";
		c = vgacon_console(screen);
	}
	return c;
}

static int screen_suite_init(struct ktest *t)
{
	con = ktest_screen_console(&scr, &font_name);
	if (!con) {
		ktest_skip(t, "no screen console (serial only)");
		return 1;
	}
	if (scr->cols * scr->rows > MAX_CELLS) {
		ktest_skip(t, "screen larger than the suite's save area");
		return 1;
	}
	saved_screen = *scr;
	memcpy(saved_cells, scr->cells, scr->cols * scr->rows * sizeof(u16));
	return 0;
}

static void screen_suite_exit(struct ktest *t)
{
	memcpy(scr->cells, saved_cells, scr->cols * scr->rows * sizeof(u16));
	*scr = saved_screen;
	con->write(con, "", 0);	/* redraws what differs */
}

static void put(const char *s)
{
	con->write(con, s, strlen(s));
}

/* Protocol lines go to the serial port alone, never to the screen. */
static __printf(1, 2) void say(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0)
		serial_write(line, MIN((size_t)n, sizeof(line) - 1));
}

/* "# screen-expect: ROW COL FG BG HEXTEXT" */
void ktest_screen_expect(unsigned int row, unsigned int col, unsigned int fg,
			 unsigned int bg, const char *s, size_t len)
{
	char hex[2 * 80 + 1];
	size_t i;

	for (; len; s += i, col += i, len -= i) {
		for (i = 0; i < len && i < 80; i++)
			snprintf(hex + 2 * i, 3, "%02x", (u8)s[i]);
		say("    # screen-expect: %u %u %u %u %s\n", row, col, fg, bg, hex);
	}
}

static void expect_str(unsigned int row, unsigned int col,
		       enum console_color fg, enum console_color bg,
		       const char *s)
{
	ktest_screen_expect(row, col, fg, bg, s, strlen(s));
}

/*
 * Y, N, or 0 when no answer came. The answer arrives on ttyS0, read raw
 * (no echo into the log, no line editing), the line's settings restored.
 */
int ktest_screendump(const char *name, unsigned int cols, unsigned int rows,
		     const char *font)
{
	struct tty *s = serial_tty();
	struct termios2 saved, raw;
	u64 deadline;
	char c = 0;

	if (!s)
		return 0;
	tty_get_termios(s, &saved);
	raw = saved;
	raw.c_lflag &= ~(ICANON | ECHO | ISIG);
	raw.c_iflag &= ~ICRNL;
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	tty_set_termios(s, &raw);
	/* nothing stale may pass for the answer */
	tty_ioctl(s, NULL, TCFLSH, (void *)TCIFLUSH);
	say("    # screendump: %s %u %u %s\n", name, cols, rows, font);
	deadline = ktime_get_ns() + ANSWER_WAIT_NS;
	while (ktime_get_ns() < deadline && c != 'Y' && c != 'N') {
		if (tty_read(s, &c, 1, true) != 1)
			cpu_relax();
	}
	tty_set_termios(s, &saved);
	return c == 'Y' || c == 'N' ? c : 0;
}

/* Printable runs of one attribute: what the checker can read. */
static bool readable(u16 cell)
{
	u8 c = cell & 0xff;

	return c >= 0x20 && c < 0x7f;
}

static void expect_model_row(unsigned int row)
{
	const u16 *cells = scr->cells + row * scr->cols;
	char run[256];
	unsigned int col = 0;

	while (col < scr->cols) {
		unsigned int start = col, n = 0;
		u8 attr = cells[col] >> 8;

		if (!readable(cells[col])) {
			col++;
			continue;
		}
		while (col < scr->cols && readable(cells[col]) &&
		       (u8)(cells[col] >> 8) == attr && n < sizeof(run))
			run[n++] = (char)(cells[col++] & 0xff);
		ktest_screen_expect(row, start, attr & 0xf, attr >> 4, run, n);
	}
}

static void test_boot_log_on_screen(struct ktest *t)
{
	unsigned int row;

	/* Said first: what ktest prints reaches the screen too. */
	ktest_log(t, "%ux%u cells, font %s", scr->cols, scr->rows, font_name);
	put("\x1b[?25l");	/* the cursor would cover a cell */
	for (row = 0; row < scr->rows; row++)
		expect_model_row(row);
	KT_EXPECT_EQ(t, ktest_screendump("bootlog", scr->cols, scr->rows,
					 font_name), 'Y');
}

static void test_ansi_pattern_on_screen(struct ktest *t)
{
	unsigned int last = scr->rows - 1;
	char move[16];

	put("\x1b[?25l\x1b[0m\x1b[2J\x1b[H");
	put("\x1b[1;33;44mMosaic\x1b[0m screen test");
	put("\x1b[5;10H\x1b[31mred\x1b[32m green\x1b[0m");
	put("\x1b[7;1H\x1b[7mreverse\x1b[27m plain");
	put("\x1b[10;20Hxxxx\x1b[10;22H\x1b[Kyy");
	put("\x1b[12;5Hab\x1b" "7\x1b[1;70H\x1b" "8cd");
	put("\x1b[14;3H\x1b[1;37;41mbold white on red\x1b[0m");
	snprintf(move, sizeof(move), "\x1b[%u;1H", last + 1);
	put(move);
	put("\x1b[36mbottom row\x1b[0m");

	expect_str(0, 0, COLOR_YELLOW, COLOR_BLUE, "Mosaic");
	expect_str(0, 6, COLOR_LIGHT_GREY, COLOR_BLACK, " screen test");
	expect_str(4, 9, COLOR_RED, COLOR_BLACK, "red");
	expect_str(4, 12, COLOR_GREEN, COLOR_BLACK, " green");
	expect_str(6, 0, COLOR_BLACK, COLOR_LIGHT_GREY, "reverse");
	expect_str(6, 7, COLOR_LIGHT_GREY, COLOR_BLACK, " plain");
	expect_str(9, 19, COLOR_LIGHT_GREY, COLOR_BLACK, "xxyy  ");
	expect_str(11, 4, COLOR_LIGHT_GREY, COLOR_BLACK, "abcd");
	expect_str(13, 2, COLOR_WHITE, COLOR_RED, "bold white on red");
	expect_str(last, 0, COLOR_CYAN, COLOR_BLACK, "bottom row");
	/* What was erased is blank: the check can fail on stray ink. */
	expect_str(1, 0, COLOR_LIGHT_GREY, COLOR_BLACK, "                ");
	KT_EXPECT_EQ(t, ktest_screendump("ansi", scr->cols, scr->rows,
					 font_name), 'Y');
}

static struct ktest_case screen_cases[] = {
	KTEST_CASE(test_boot_log_on_screen),
	KTEST_CASE(test_ansi_pattern_on_screen),
	{}
};
/* On demand: it needs scripts/qemu-run at the other end of COM1. */
KTEST_SUITE_FULL(screen, screen_cases, screen_suite_init, screen_suite_exit,
		 KTEST_ON_DEMAND);
