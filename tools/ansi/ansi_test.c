// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for drivers/video/ansi.c driving the screen model of
 * drivers/video/vga_screen.c: escape sequences in, the resulting cell grid
 * (characters and attributes) and cursor checked. The grid has guard
 * cells on both sides, so a write outside the screen is caught.
 */
#include <mosaic/ansi.h>
#include <mosaic/vga.h>
#include <stdio.h>
#include <string.h>

#include "hosttest.h"
#include "screen_text.h"

#define GUARD 0xdead
#define MAXC 80
#define MAXR 25
static u16 mem[MAXC * MAXR + 2];
static u16 *cells = mem + 1;
static struct vga_screen S;
static struct ansi_parser P;
static const u8 DEF = 0x07;	/* light grey on black */

static void setup(unsigned int cols, unsigned int rows)
{
	unsigned int i;

	for (i = 0; i < sizeof(mem) / sizeof(mem[0]); i++)
		mem[i] = GUARD;
	vga_screen_init(&S, cells, cols, rows, DEF);
	vga_screen_clear(&S);
	ansi_init(&P);
}

static void out(const char *s)
{
	ansi_write(&P, &S, s, strlen(s));
}

static const char *row(unsigned int y)
{
	return screen_row(&S, y);
}

static u8 attr_at(unsigned int x, unsigned int y)
{
	return (u8)(S.cells[y * S.cols + x] >> 8);
}

static bool at(unsigned int x, unsigned int y)
{
	return S.x == x && S.y == y;
}

static bool guards_ok(void)
{
	return cells[-1] == GUARD && cells[S.cols * S.rows] == GUARD;
}

HOSTTEST(plain_text_passes_through)
{
	setup(20, 5);
	out("hello\r\nworld\n!");
	CHECK_STREQ(row(0), "hello");
	CHECK_STREQ(row(1), "world");
	CHECK_STREQ(row(2), "!");
	CHECK(at(1, 2));
	CHECK(P.state == ANSI_GROUND);
}

HOSTTEST(cursor_position)
{
	setup(20, 5);
	out("\x1b[3;5HA");		/* CUP row 3, column 5 (1-based) */
	CHECK(S.cells[2 * 20 + 4] == (0x0700 | 'A'));
	CHECK(at(5, 2));
	out("\x1b[HB");			/* no parameters: home */
	CHECK(S.cells[0] == (0x0700 | 'B'));
	out("\x1b[2;2fC");		/* HVP is CUP */
	CHECK(S.cells[20 + 1] == (0x0700 | 'C'));
	out("\x1b[99;99HD");		/* clamped to the bottom right */
	CHECK(S.cells[4 * 20 + 19] == (0x0700 | 'D'));
	CHECK(S.wrap_pending);
	out("\x1b[0;0H");		/* 0 means 1 */
	CHECK(at(0, 0) && !S.wrap_pending);
	out("\x1b[;7H");		/* empty first parameter */
	CHECK(at(6, 0));
	out("\x1b[12G");		/* CHA */
	CHECK(at(11, 0));
	out("\x1b[4d");			/* VPA keeps the column */
	CHECK(at(11, 3));
	out("\x1b[3`");			/* HPA */
	CHECK(at(2, 3));
	CHECK(guards_ok());
}

HOSTTEST(cursor_relative)
{
	setup(20, 5);
	out("\x1b[3;10H");
	out("\x1b[A");
	CHECK(at(9, 1));
	out("\x1b[5A");			/* stops at the top */
	CHECK(at(9, 0));
	out("\x1b[2B");
	CHECK(at(9, 2));
	out("\x1b[9B");			/* stops at the bottom */
	CHECK(at(9, 4));
	out("\x1b[3C");
	CHECK(at(12, 4));
	out("\x1b[100C");
	CHECK(at(19, 4));
	out("\x1b[4D");
	CHECK(at(15, 4));
	out("\x1b[100D");
	CHECK(at(0, 4));
	out("\x1b[7G\x1b[2F");		/* CPL: up and to column 0 */
	CHECK(at(0, 2));
	out("\x1b[7G\x1b[E");		/* CNL */
	CHECK(at(0, 3));
	/* A pending wrap is cancelled by cursor movement */
	out("\x1b[1;20HX");
	CHECK(S.wrap_pending);
	out("\x1b[DY");
	CHECK_STREQ(row(0), "                  YX");
	CHECK(at(19, 0) && !S.wrap_pending);
}

HOSTTEST(erase_display_and_line)
{
	unsigned int y;

	setup(10, 4);
	for (y = 0; y < 4; y++)
		out("abcdefghij");
	CHECK(S.wrap_pending);
	out("\x1b[2;5H\x1b[K");		/* EL 0: cursor to end of line */
	CHECK_STREQ(row(1), "abcd");
	CHECK(at(4, 1));
	out("\x1b[3;5H\x1b[1K");		/* EL 1: start through the cursor */
	CHECK_STREQ(row(2), "     fghij");
	out("\x1b[1;3H\x1b[2K");		/* EL 2: the whole line */
	CHECK_STREQ(row(0), "");
	CHECK(at(2, 0));		/* the cursor does not move */
	out("\x1b[4;3H\x1b[1J");		/* ED 1: screen start through the cursor */
	CHECK_STREQ(row(0), "");
	CHECK_STREQ(row(1), "");
	CHECK_STREQ(row(2), "");
	CHECK_STREQ(row(3), "   defghij");
	out("\x1b[4;6H\x1b[J");		/* ED 0: cursor to the end */
	CHECK_STREQ(row(3), "   de");
	out("xyz\x1b[2J");		/* ED 2: everything, cursor stays */
	for (y = 0; y < 4; y++)
		CHECK_STREQ(row(y), "");
	CHECK(at(8, 3));
	out("q\x1b[3J");			/* ED 3 (scrollback) clears too */
	CHECK_STREQ(row(3), "");
	out("a\x1b[9J");		/* unknown modes change nothing */
	CHECK(S.cells[3 * 10 + 9] == (0x0700 | 'a'));
	CHECK(guards_ok());
}

HOSTTEST(erase_uses_current_background)
{
	setup(10, 3);
	out("\x1b[44m\x1b[2J");
	CHECK(attr_at(0, 0) == 0x17 && attr_at(9, 2) == 0x17);
	out("\x1b[0m\x1b[2;1H\x1b[K");
	CHECK(attr_at(0, 1) == 0x07 && attr_at(0, 0) == 0x17);
}

HOSTTEST(sgr_colours)
{
	setup(40, 3);
	out("\x1b[31mR\x1b[32mG\x1b[33mY\x1b[34mB\x1b[35mM\x1b[36mC\x1b[37mW");
	CHECK(attr_at(0, 0) == COLOR_RED);
	CHECK(attr_at(1, 0) == COLOR_GREEN);
	CHECK(attr_at(2, 0) == COLOR_BROWN);
	CHECK(attr_at(3, 0) == COLOR_BLUE);
	CHECK(attr_at(4, 0) == COLOR_MAGENTA);
	CHECK(attr_at(5, 0) == COLOR_CYAN);
	CHECK(attr_at(6, 0) == COLOR_LIGHT_GREY);
	out("\x1b[30;47mx\x1b[91;104my\x1b[39mz\x1b[49mw");
	CHECK(attr_at(7, 0) == 0x70);
	CHECK(attr_at(8, 0) == (COLOR_LIGHT_BLUE << 4 | COLOR_LIGHT_RED));
	CHECK(attr_at(9, 0) == (COLOR_LIGHT_BLUE << 4 | COLOR_LIGHT_GREY));
	CHECK(attr_at(10, 0) == 0x07);
	out("\x1b[97;100ma\x1b[mb");	/* CSI m is SGR 0 */
	CHECK(attr_at(11, 0) == (COLOR_DARK_GREY << 4 | COLOR_WHITE));
	CHECK(attr_at(12, 0) == 0x07);
	/* 256 colours: basic, bright, the cube's red, greys */
	out("\x1b[38;5;1mc\x1b[38;5;12md\x1b[38;5;196me\x1b[48;5;232;38;5;255mf");
	CHECK(attr_at(13, 0) == COLOR_RED);
	CHECK(attr_at(14, 0) == COLOR_LIGHT_BLUE);
	CHECK(attr_at(15, 0) == COLOR_LIGHT_RED);
	CHECK(attr_at(16, 0) == COLOR_WHITE);	/* grey 232 is black */
	/* True colour, and the parameters it uses are not read as SGR codes */
	out("\x1b[0;38;2;0;200;0;1mg");
	CHECK(attr_at(17, 0) == COLOR_LIGHT_GREEN);
	out("\x1b[0;38;2;4;0;0mh");	/* 4 is not underline... and dark is black */
	CHECK(attr_at(18, 0) == COLOR_BLACK);
	out("\x1b[0;38;5mi");		/* incomplete: ignored to the end */
	CHECK(attr_at(19, 0) == 0x07);
}

HOSTTEST(sgr_bold_reverse_reset)
{
	setup(20, 3);
	out("\x1b[1;34ma");		/* bold: the bright foreground */
	CHECK(attr_at(0, 0) == COLOR_LIGHT_BLUE);
	out("\x1b[22mb");
	CHECK(attr_at(1, 0) == COLOR_BLUE);
	out("\x1b[7mc");			/* reverse swaps */
	CHECK(attr_at(2, 0) == (COLOR_BLUE << 4 | COLOR_BLACK));
	out("\x1b[1md");			/* bold brightens the foreground before */
	CHECK(attr_at(3, 0) == (COLOR_LIGHT_BLUE << 4 | COLOR_BLACK));
	out("\x1b[27me\x1b[0mf");
	CHECK(attr_at(4, 0) == COLOR_LIGHT_BLUE);
	CHECK(attr_at(5, 0) == 0x07);
	out("\x1b[4;5;3mg");		/* underline, blink, italic: no effect */
	CHECK(attr_at(6, 0) == 0x07);
	/* The kernel's colour API sets plain colours */
	out("\x1b[1;7m");
	vga_screen_set_color(&S, COLOR_YELLOW, COLOR_BLUE);
	out("h");
	CHECK(attr_at(7, 0) == 0x1e);
	/* SGR 0 returns to the default colours given at init */
	vga_screen_init(&S, cells, 20, 3, 0x1f);
	out("\x1b[31;42m\x1b[0mi");
	CHECK(attr_at(0, 0) == 0x1f);
}

HOSTTEST(save_restore_cursor)
{
	setup(20, 5);
	out("\x1b[2;3H\x1b[31m\x1b" "7");	/* DECSC saves position and pen */
	out("\x1b[5;10H\x1b[32mx");
	out("\x1b" "8y");
	CHECK(S.cells[20 + 2] == (0x0400 | 'y'));
	CHECK(at(3, 1));
	out("\x1b[4;4H\x1b[0m\x1b[s\x1b[1;1H\x1b[uz");	/* CSI s / u */
	CHECK(S.cells[3 * 20 + 3] == (0x0700 | 'z'));
	out("\x1b" "8w");		/* restore without a new save: the same */
	CHECK(S.cells[3 * 20 + 3] == (0x0700 | 'w'));
}

HOSTTEST(scroll_region)
{
	setup(10, 6);
	out("0\r\n1\r\n2\r\n3\r\n4\r\n5");
	out("\x1b[2;4r");		/* rows 2-4 scroll; cursor home */
	CHECK(at(0, 0) && S.top == 1 && S.bottom == 3);
	out("\x1b[4;1H\nA");		/* LF at the bottom margin scrolls the region */
	CHECK_STREQ(row(0), "0");
	CHECK_STREQ(row(1), "2");
	CHECK_STREQ(row(2), "3");
	CHECK_STREQ(row(3), "A");
	CHECK_STREQ(row(4), "4");
	CHECK_STREQ(row(5), "5");
	CHECK(S.scrolls == 0);		/* nothing left the screen's top */
	out("\x1b[2;1H\x1bMB");		/* RI at the top margin scrolls down */
	CHECK_STREQ(row(1), "B");
	CHECK_STREQ(row(2), "2");
	CHECK_STREQ(row(3), "3");
	CHECK_STREQ(row(4), "4");
	out("\x1b[2A");			/* CUU stops at the top margin */
	CHECK(S.y == 1);
	out("\x1b[9B");			/* CUD at the bottom margin */
	CHECK(S.y == 3);
	out("\x1b[6;1H\n\n");		/* below the region: no scroll */
	CHECK_STREQ(row(5), "5");
	CHECK(S.y == 5);
	out("\x1b[1S");			/* SU scrolls the region only */
	CHECK_STREQ(row(1), "2");
	CHECK_STREQ(row(3), "");
	out("\x1b[2T");			/* SD */
	CHECK_STREQ(row(1), "");
	CHECK_STREQ(row(2), "");
	CHECK_STREQ(row(3), "2");
	out("\x1b[4;2r");		/* inverted: refused */
	CHECK(S.top == 1 && S.bottom == 3);
	out("\x1b[r");			/* reset to the full screen */
	CHECK(S.top == 0 && S.bottom == 5);
	CHECK(guards_ok());
}

HOSTTEST(insert_delete)
{
	setup(10, 5);
	out("abcdefghij");
	out("\x1b[1;3H\x1b[2@");		/* ICH */
	CHECK_STREQ(row(0), "ab  cdefgh");
	out("\x1b[3P");			/* DCH */
	CHECK_STREQ(row(0), "abdefgh");
	out("\x1b[99P");
	CHECK_STREQ(row(0), "ab");
	out("\x1b[1;1H0123456789\x1b[1;2H\x1b[3X");	/* ECH */
	CHECK_STREQ(row(0), "0   456789");
	CHECK(at(1, 0));
	out("\x1b[2;1Hb\r\nc\r\nd\r\ne");
	out("\x1b[2;5H\x1b[L");		/* IL: column 0, lines pushed down */
	CHECK(at(0, 1));
	CHECK_STREQ(row(1), "");
	CHECK_STREQ(row(2), "b");
	CHECK_STREQ(row(4), "d");
	out("\x1b[2M");			/* DL */
	CHECK_STREQ(row(1), "c");
	CHECK_STREQ(row(2), "d");
	CHECK_STREQ(row(3), "");
	CHECK(S.scrolls == 0);
	out("\x1b[3;5r\x1b[1;1H\x1b[L");	/* outside the region: nothing */
	CHECK_STREQ(row(0), "0   456789");
	CHECK(guards_ok());
}

HOSTTEST(cursor_visibility)
{
	setup(10, 3);
	CHECK(S.cursor_visible);
	out("\x1b[?25l");
	CHECK(!S.cursor_visible);
	out("\x1b[?25h");
	CHECK(S.cursor_visible);
	out("\x1b[25l");			/* not private: a different mode */
	CHECK(S.cursor_visible);
	out("\x1b[?1049;25l");		/* several modes in one sequence */
	CHECK(!S.cursor_visible);
	out("\x1b" "c");			/* RIS */
	CHECK(S.cursor_visible);
}

HOSTTEST(wrap_and_controls)
{
	setup(5, 3);
	out("abcdefg");			/* wraps at the right margin */
	CHECK_STREQ(row(0), "abcde");
	CHECK_STREQ(row(1), "fg");
	out("\b\bX\tY");			/* BS, TAB */
	CHECK_STREQ(row(1), "Xg  Y");
	out("\rZ");
	CHECK_STREQ(row(1), "Zg  Y");
	out("\x1b[2;1H\x1b" "D");		/* IND: down, same column */
	CHECK(at(0, 2));
	out("q\x1b" "E");		/* NEL at the bottom scrolls */
	CHECK(at(0, 2) && S.scrolls == 1);
	CHECK_STREQ(row(1), "q");
}

HOSTTEST(malformed_and_strings)
{
	setup(20, 3);
	/* OSC title, BEL- and ST-terminated, leaves no trace */
	out("a\x1b]0;title\x07" "b\x1b]2;x\x1b\\c");
	CHECK_STREQ(row(0), "abc");
	/* DCS, APC, PM are skipped the same way */
	out("\x1bPq#0;1\x1b\\d\x1b_apc\x07" "e");
	CHECK_STREQ(row(0), "abcde");
	/* CAN aborts a sequence; the rest prints */
	out("\x1b[3\x18" "5f");
	CHECK_STREQ(row(0), "abcde5f");
	/* A control inside a CSI acts; the sequence goes on */
	out("\x1b[2\bD");
	CHECK(at(4, 0));
	/* Charset designation and unknown finals are swallowed */
	out("\x1b(B\x1b)0\x1b[5z\x1b[>0c\x1b[!p\x1b[ q");
	CHECK(at(4, 0));
	CHECK_STREQ(row(0), "abcde5f");
	/* A marker in the middle or intermediates then digits: ignored */
	out("\x1b[1?2H\x1b[ 1H");
	CHECK(at(4, 0));
	/* Huge numbers saturate; more than 16 parameters are not read */
	out("\x1b[99999999999999999999;2H");
	CHECK(at(1, 2));
	out("\x1b[1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1H");
	CHECK(at(1, 2));
	CHECK(P.state == ANSI_GROUND);
	/* ESC in a sequence starts a new one */
	out("\x1b[5\x1b[1;1H");
	CHECK(at(0, 0));
	CHECK(guards_ok());
}

/* A fixed "pattern" like the ktest's: colours and placement together. */
HOSTTEST(full_screen_program)
{
	setup(80, 25);
	out("\x1b[?25l\x1b[H\x1b[2J\x1b[1;24r");
	out("\x1b[25;1H\x1b[7m-- INSERT --\x1b[0m");
	out("\x1b[1;1Hline one\r\nline two");
	out("\x1b[24;1H\n\n");		/* scrolls lines 1-24 only */
	CHECK_STREQ(row(24), "-- INSERT --");
	CHECK(attr_at(0, 24) == 0x70);
	CHECK_STREQ(row(0), "");	/* two lines scrolled off the region */
	CHECK(S.scrolls == 2);
	out("\x1b[r\x1b[?25h");
	CHECK(S.cursor_visible && S.bottom == 24);
	CHECK(guards_ok());
}

/* Property: any byte stream keeps the cursor and region on screen. */
HOSTTEST(random_bytes)
{
	static const char alphabet[] = "\x1b[;?0123456789ABCDEFGHJKLMPSTXdfmrsu@`"
				       "\x07\x08\x09\x0a\x0d\x18]78DEMc \\hl";
	unsigned int seed = 11, i;
	char c;

	setup(13, 5);
	for (i = 0; i < 400000 && hosttest_ok(); i++) {
		seed = seed * 1103515245 + 12345;
		if ((seed >> 8) & 1)
			c = (char)(seed >> 16);
		else
			c = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		ansi_putc(&P, &S, c);
		CHECK(S.x < S.cols && S.y < S.rows);
		CHECK(S.top < S.bottom && S.bottom < S.rows);
	}
	CHECK(guards_ok());
}

int main(int argc, char **argv)
{
	return hosttest_main("ansi", argc, argv);
}
