// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for the N_TTY line discipline (drivers/tty/n_tty.c): keys
 * in through the input hook, then what a read returns, what was echoed
 * and which signals were raised, against POSIX and Linux behaviour.
 */
#include <mosaic/errno.h>
#include <mosaic/n_tty.h>
#include <stdio.h>
#include <string.h>
#include <uapi/linux/signal.h>

#include "hosttest.h"

static struct n_tty ld;
static char echoed[8192];
static size_t echoed_len;
static int sigs[16], nsigs;

static void cap_output(struct n_tty *l, const char *s, size_t len)
{
	if (echoed_len + len < sizeof(echoed)) {
		memcpy(echoed + echoed_len, s, len);
		echoed_len += len;
		echoed[echoed_len] = '\0';
	}
}

static void cap_signal(struct n_tty *l, int sig)
{
	if (nsigs < 16)
		sigs[nsigs++] = sig;
}

static const struct n_tty_ops cap_ops = {
	.output = cap_output,
	.signal = cap_signal,
};

static void reset(void)
{
	n_tty_init(&ld, &cap_ops);
	echoed_len = 0;
	echoed[0] = '\0';
	nsigs = 0;
}

static void keys(const char *s)
{
	n_tty_receive(&ld, (const u8 *)s, strlen(s));
}

static void keysn(const char *s, size_t n)
{
	n_tty_receive(&ld, (const u8 *)s, n);
}

/* One read into a NUL-terminated static buffer; "<EAGAIN>" if none. */
static const char *rd(size_t len)
{
	static char out[8192];
	long n = n_tty_read(&ld, (u8 *)out, len);

	if (n == -EAGAIN)
		return "<EAGAIN>";
	out[n] = '\0';
	return out;
}

static void set_lflag(tcflag_t on, tcflag_t off)
{
	struct termios2 t = ld.termios;

	t.c_lflag = (t.c_lflag | on) & ~off;
	n_tty_set_termios(&ld, &t);
}

static void set_iflag(tcflag_t on, tcflag_t off)
{
	struct termios2 t = ld.termios;

	t.c_iflag = (t.c_iflag | on) & ~off;
	n_tty_set_termios(&ld, &t);
}

static void set_oflag(tcflag_t on, tcflag_t off)
{
	struct termios2 t = ld.termios;

	t.c_oflag = (t.c_oflag | on) & ~off;
	n_tty_set_termios(&ld, &t);
}

HOSTTEST(std_termios_is_linux)
{
	reset();
	CHECK_EQ(ld.termios.c_iflag, ICRNL | IXON);
	CHECK_EQ(ld.termios.c_oflag, OPOST | ONLCR);
	CHECK_EQ(ld.termios.c_cc[VERASE], 0x7f);
	CHECK_EQ(ld.termios.c_cc[VMIN], 1);
	CHECK_EQ(sizeof(struct termios), 36);
	CHECK_EQ(sizeof(struct termios2), 44);
	CHECK_EQ(sizeof(struct winsize), 8);
}

HOSTTEST(canonical_line_waits_for_newline)
{
	reset();
	keys("hello");
	CHECK_STREQ(rd(100), "<EAGAIN>");
	CHECK(!n_tty_readable(&ld));
	keys("\r");
	CHECK(n_tty_readable(&ld));
	CHECK_EQ(n_tty_inq(&ld), 6);
	CHECK_STREQ(rd(100), "hello\n");
	CHECK_STREQ(echoed, "hello\r\n");
}

HOSTTEST(one_line_per_read_and_partial_reads)
{
	reset();
	keys("ab\ncd\n");
	CHECK_STREQ(rd(100), "ab\n");
	CHECK_STREQ(rd(1), "c");
	CHECK_STREQ(rd(100), "d\n");
	CHECK_STREQ(rd(100), "<EAGAIN>");
}

/*
 * Default termios (ICANON, ECHO, ECHOE, ECHOK, ECHOKE, ECHOCTL, ICRNL,
 * ONLCR): what is typed, the first line a read returns, what is echoed.
 */
static const struct {
	const char *in, *line, *echo;
} default_lines[] = {
	{ "abc\x7f\x7f" "d\n", "ad\n", "abc\b \b\b \bd\r\n" },
	/* Erasing past the start of the line does nothing. */
	{ "\x7f\x7fx\n", "x\n", "x\r\n" },
	/* A ^A took two columns. */
	{ "a\x01\x7f\n", "a\n", "a^A\b \b\b \b\r\n" },
	/* "ab" ends at column 2, the tab at 8: six backspaces, no blanks. */
	{ "ab\t\x7f\n", "ab\n", "ab\t\b\b\b\b\b\b\r\n" },
	{ "foo bar  \x17" "baz\n", "foo baz\n",
	  "foo bar  \b \b\b \b\b \b\b \b\b \bbaz\r\n" },
	{ "one\x17\x17two\n", "two\n", "one\b \b\b \b\b \btwo\r\n" },
	{ "abc\x15xy\n", "xy\n", "abc\b \b\b \b\b \bxy\r\n" },
	{ "a\x16\x7f\x16\x03\n", "a\x7f\x03\n", "a^\b^?^\b^C\r\n" },
	{ "\x01\x1b\t\n", "\x01\x1b\t\n", "^A^[\t\r\n" },
};

HOSTTEST(default_line_editing_and_echo)
{
	size_t i;

	for (i = 0; i < sizeof(default_lines) / sizeof(default_lines[0]); i++) {
		reset();
		keys(default_lines[i].in);
		CHECK_STREQ(rd(100), default_lines[i].line);
		CHECK_STREQ(echoed, default_lines[i].echo);
		CHECK_EQ(nsigs, 0);
	}
}

HOSTTEST(erase_without_echoe_echoes_the_char)
{
	reset();
	set_lflag(0, ECHOE);
	keys("ab\x7f\n");
	CHECK_STREQ(rd(100), "a\n");
	CHECK_STREQ(echoed, "ab^?\r\n");
}

HOSTTEST(word_erase_needs_iexten)
{
	/* Without IEXTEN ^W is an ordinary character. */
	reset();
	set_lflag(0, IEXTEN);
	keys("a\x17\n");
	CHECK_STREQ(rd(100), "a\x17\n");
}

HOSTTEST(kill_line_without_echoke)
{
	reset();
	set_lflag(0, ECHOKE);
	keys("abc\x15xy\n");
	CHECK_STREQ(rd(100), "xy\n");
	CHECK_STREQ(echoed, "abc^U\r\nxy\r\n");
	reset();
	set_lflag(0, ECHOKE | ECHOK);
	keys("abc\x15z\n");
	CHECK_STREQ(echoed, "abc^Uz\r\n");
}

HOSTTEST(eof_at_line_start_and_mid_line)
{
	reset();
	keys("\x04");
	CHECK(n_tty_readable(&ld));
	CHECK_EQ(n_tty_inq(&ld), 0);
	CHECK_STREQ(rd(100), "");	/* end of file */
	CHECK_STREQ(rd(100), "<EAGAIN>");
	CHECK_STREQ(echoed, "");	/* EOF is not echoed */
	reset();
	keys("ab\x04");
	CHECK_STREQ(rd(100), "ab");	/* pushed, no newline */
	CHECK_STREQ(rd(100), "<EAGAIN>");
	/* A read that stops just before the EOF mark takes it too. */
	reset();
	keys("ab\x04");
	CHECK_STREQ(rd(2), "ab");
	CHECK_STREQ(rd(100), "<EAGAIN>");
}

HOSTTEST(isig_raises_and_flushes)
{
	reset();
	keys("partial\x03");
	CHECK_EQ(nsigs, 1);
	CHECK_EQ(sigs[0], SIGINT);
	CHECK_STREQ(echoed, "partial^C");
	keys("\n");
	CHECK_STREQ(rd(100), "\n");	/* "partial" was flushed */
	keys("\x1c\x1a");
	CHECK_EQ(nsigs, 3);
	CHECK_EQ(sigs[1], SIGQUIT);
	CHECK_EQ(sigs[2], SIGTSTP);
	/* NOFLSH keeps the input. */
	reset();
	set_lflag(NOFLSH, 0);
	keys("keep\x03\n");
	CHECK_STREQ(rd(100), "keep\n");
	/* Without ISIG ^C is data. */
	reset();
	set_lflag(0, ISIG);
	keys("\x03\n");
	CHECK_EQ(nsigs, 0);
	CHECK_STREQ(rd(100), "\x03\n");
}

HOSTTEST(echoctl_and_echo_off)
{
	reset();
	set_lflag(0, ECHOCTL);
	keys("\x01\n");
	CHECK_STREQ(echoed, "\x01\r\n");
	reset();
	set_lflag(0, ECHO);
	keys("secret\n");
	CHECK_STREQ(echoed, "");
	CHECK_STREQ(rd(100), "secret\n");
	/* ECHONL echoes the newline even without ECHO. */
	reset();
	set_lflag(ECHONL, ECHO);
	keys("pw\n");
	CHECK_STREQ(echoed, "\r\n");
}

HOSTTEST(input_cr_nl_mapping)
{
	reset();
	keys("a\rb\n");
	CHECK_STREQ(rd(100), "a\n");
	CHECK_STREQ(rd(100), "b\n");
	reset();
	set_iflag(IGNCR, 0);
	keys("a\r\n");
	CHECK_STREQ(rd(100), "a\n");
	reset();
	set_iflag(INLCR, ICRNL);
	set_lflag(0, ICANON);
	keys("\n\r");
	CHECK_STREQ(rd(100), "\r\r");
	reset();
	set_iflag(ISTRIP, 0);
	set_lflag(0, ICANON);
	keys("\xc1");
	CHECK_STREQ(rd(100), "A");
}

HOSTTEST(eol_characters_end_lines)
{
	struct termios2 t;

	reset();
	t = ld.termios;
	t.c_cc[VEOL] = ';';
	t.c_cc[VEOL2] = '|';
	n_tty_set_termios(&ld, &t);
	keys("a;b|c");
	CHECK_STREQ(rd(100), "a;");
	CHECK_STREQ(rd(100), "b|");
	CHECK_STREQ(rd(100), "<EAGAIN>");
}

HOSTTEST(raw_mode_reads_bytes_at_once)
{
	reset();
	set_lflag(0, ICANON | ECHO);
	keys("x");
	CHECK(n_tty_readable(&ld));
	CHECK_EQ(n_tty_inq(&ld), 1);
	keys("\x7f\x15");
	CHECK_STREQ(rd(100), "x\x7f\x15");
	CHECK_STREQ(rd(100), "<EAGAIN>");
}

HOSTTEST(mode_switches_keep_input)
{
	reset();
	keys("part");
	set_lflag(0, ICANON);
	CHECK_STREQ(rd(2), "pa");
	set_lflag(ICANON, 0);
	CHECK_STREQ(rd(100), "rt");	/* pushed as one line */
	/* An EOF mark left from canonical mode is no data in raw mode. */
	reset();
	keys("ab\x04");
	set_lflag(0, ICANON);
	CHECK_EQ(n_tty_inq(&ld), 2);
	CHECK_STREQ(rd(100), "ab");
	CHECK_STREQ(rd(100), "<EAGAIN>");
}

HOSTTEST(output_processing)
{
	static const u8 text[] = "a\nb\r\tc";

	reset();
	n_tty_write(&ld, text, sizeof(text) - 1);
	CHECK_STREQ(echoed, "a\r\nb\r\tc");
	reset();
	set_oflag(0, OPOST);
	n_tty_write(&ld, text, sizeof(text) - 1);
	CHECK_STREQ(echoed, "a\nb\r\tc");
	reset();
	set_oflag(OCRNL | TAB3, ONLCR);
	n_tty_write(&ld, text, sizeof(text) - 1);
	/* Without ONLCR or ONLRET a newline keeps the column: b is at 2. */
	CHECK_STREQ(echoed, "a\nb\n      c");
	reset();
	set_oflag(ONOCR, 0);
	n_tty_write(&ld, (const u8 *)"\rx\r", 3);
	CHECK_STREQ(echoed, "x\r");
}

HOSTTEST(full_buffer_keeps_room_for_newline)
{
	static char big[N_TTY_BUF_SIZE + 10];
	static u8 out[N_TTY_BUF_SIZE + 10];
	ssize_t n;

	reset();
	set_lflag(0, ECHO);
	memset(big, 'x', sizeof(big));
	keysn(big, sizeof(big));
	CHECK(ld.overruns >= 10);
	CHECK(!n_tty_readable(&ld));
	keys("\n");
	n = n_tty_read(&ld, out, sizeof(out));
	CHECK_EQ(n, N_TTY_BUF_SIZE);
	CHECK_EQ(out[n - 1], '\n');
	/* The ring wraps cleanly after that. */
	keys("again\n");
	CHECK_STREQ(rd(100), "again\n");
}

HOSTTEST(utf8_erase_removes_whole_char)
{
	reset();
	set_iflag(IUTF8, 0);
	keys("a\xc3\xa9\x7f\n");
	CHECK_STREQ(rd(100), "a\n");
	CHECK_STREQ(echoed, "a\xc3\xa9\b \b\r\n");
}

HOSTTEST(flush_input_drops_everything)
{
	reset();
	keys("line\npart");
	n_tty_flush_input(&ld);
	CHECK(!n_tty_readable(&ld));
	keys("new\n");
	CHECK_STREQ(rd(100), "new\n");
}

int main(int argc, char **argv)
{
	return hosttest_main("tty", argc, argv);
}
