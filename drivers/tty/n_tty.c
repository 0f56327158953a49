// SPDX-License-Identifier: GPL-2.0
/*
 * N_TTY: the POSIX line discipline. See <mosaic/n_tty.h>; the rules are
 * POSIX's "General Terminal Interface" with Linux's choices where POSIX
 * leaves room (ECHOCTL, ECHOKE, IEXTEN characters, IUTF8 erase).
 */
#include <mosaic/ctype.h>
#include <mosaic/errno.h>
#include <mosaic/n_tty.h>
#include <mosaic/string.h>
#include <uapi/linux/signal.h>

#define MASK(i) ((i) & (N_TTY_BUF_SIZE - 1))
#define EOF_MARK '\0'	/* stored for VEOF with a delimiter bit; never read */

static const cc_t std_cc[NCCS] = {
	[VINTR] = 0x03, [VQUIT] = 0x1c, [VERASE] = 0x7f, [VKILL] = 0x15,
	[VEOF] = 0x04, [VTIME] = 0, [VMIN] = 1, [VSTART] = 0x11,
	[VSTOP] = 0x13, [VSUSP] = 0x1a, [VREPRINT] = 0x12,
	[VDISCARD] = 0x0f, [VWERASE] = 0x17, [VLNEXT] = 0x16,
};

void n_tty_std_termios(struct termios2 *t)
{
	memset(t, 0, sizeof(*t));
	t->c_iflag = ICRNL | IXON;
	t->c_oflag = OPOST | ONLCR;
	t->c_cflag = B38400 | CS8 | CREAD | HUPCL;
	t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE |
		     IEXTEN;
	memcpy(t->c_cc, std_cc, sizeof(std_cc));
	t->c_ispeed = 38400;
	t->c_ospeed = 38400;
}

void n_tty_init(struct n_tty *ld, const struct n_tty_ops *ops)
{
	memset(ld, 0, sizeof(*ld));
	ld->ops = ops;
	n_tty_std_termios(&ld->termios);
}

static bool L(const struct n_tty *ld, tcflag_t f)
{
	return ld->termios.c_lflag & f;
}

static bool I(const struct n_tty *ld, tcflag_t f)
{
	return ld->termios.c_iflag & f;
}

static bool O(const struct n_tty *ld, tcflag_t f)
{
	return ld->termios.c_oflag & f;
}

/* c is the enabled control character at index i. */
static bool is_cc(const struct n_tty *ld, unsigned int i, u8 c)
{
	cc_t v = ld->termios.c_cc[i];

	return v != _POSIX_VDISABLE && v == c;
}

static bool test_delim(const struct n_tty *ld, unsigned int i)
{
	i = MASK(i);
	return ld->delim[i / 64] & (1ULL << (i % 64));
}

static void set_delim(struct n_tty *ld, unsigned int i, bool on)
{
	u64 bit;

	i = MASK(i);
	bit = 1ULL << (i % 64);
	if (on)
		ld->delim[i / 64] |= bit;
	else
		ld->delim[i / 64] &= ~bit;
}

/* ------------------------------------------------------------- output */

static void flush_output(struct n_tty *ld)
{
	if (ld->olen && ld->ops && ld->ops->output)
		ld->ops->output(ld, ld->obuf, ld->olen);
	ld->olen = 0;
}

static void put_raw(struct n_tty *ld, char c)
{
	if (ld->olen == N_TTY_OBUF_SIZE)
		flush_output(ld);
	ld->obuf[ld->olen++] = c;
}

static bool utf8_continuation(const struct n_tty *ld, u8 c)
{
	return I(ld, IUTF8) && (c & 0xc0) == 0x80;
}

static void output_newline(struct n_tty *ld)
{
	if (O(ld, ONLCR)) {
		put_raw(ld, '\r');
		ld->column = 0;
	} else if (O(ld, ONLRET)) {
		ld->column = 0;
	}
	put_raw(ld, '\n');
}

static void output_cr(struct n_tty *ld)
{
	if (O(ld, ONOCR) && ld->column == 0)
		return;
	if (O(ld, OCRNL)) {
		if (O(ld, ONLRET))
			ld->column = 0;
		put_raw(ld, '\n');
		return;
	}
	ld->column = 0;
	put_raw(ld, '\r');
}

static void output_tab(struct n_tty *ld)
{
	unsigned int spaces = 8 - (ld->column & 7);

	ld->column += spaces;
	if ((ld->termios.c_oflag & TABDLY) != TAB3) {
		put_raw(ld, '\t');
		return;
	}
	while (spaces--)
		put_raw(ld, ' ');
}

/* One byte through OPOST, keeping the column that erase needs. */
static void output_char(struct n_tty *ld, u8 c)
{
	if (!O(ld, OPOST)) {
		put_raw(ld, (char)c);
		return;
	}
	switch (c) {
	case '\n':
		output_newline(ld);
		return;
	case '\r':
		output_cr(ld);
		return;
	case '\t':
		output_tab(ld);
		return;
	case '\b':
		if (ld->column)
			ld->column--;
		break;
	default:
		if (!iscntrl(c) && !utf8_continuation(ld, c))
			ld->column++;
		break;
	}
	put_raw(ld, (char)c);
}

size_t n_tty_write(struct n_tty *ld, const u8 *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		output_char(ld, s[i]);
	flush_output(ld);
	return len;
}

/* ------------------------------------------------------------- echo */

/* With ECHOCTL a control character other than TAB and NL echoes as ^X. */
static bool echoes_as_caret(const struct n_tty *ld, u8 c)
{
	return L(ld, ECHOCTL) && iscntrl(c) && c != '\t' && c != '\n';
}

static void echo_char(struct n_tty *ld, u8 c)
{
	if (echoes_as_caret(ld, c)) {
		output_char(ld, '^');
		output_char(ld, c ^ 0x40);
		return;
	}
	output_char(ld, c);
}

/* Columns the character at ring index i took when echoed. */
static unsigned int echo_width(const struct n_tty *ld, u8 c, unsigned int col)
{
	if (c == '\t')
		return 8 - (col & 7);
	if (echoes_as_caret(ld, c))
		return 2;
	if (iscntrl(c) || utf8_continuation(ld, c))
		return 0;
	return 1;
}

/* The column after echoing the edited line up to (not including) end. */
static unsigned int line_column_at(const struct n_tty *ld, unsigned int end)
{
	unsigned int col = ld->line_column, i;

	for (i = ld->canon_head; i != end; i++)
		col += echo_width(ld, ld->buf[MASK(i)], col);
	return col;
}

static void echo_backspaces(struct n_tty *ld, unsigned int n, bool blank)
{
	while (n--) {
		output_char(ld, '\b');
		if (blank) {
			output_char(ld, ' ');
			output_char(ld, '\b');
		}
	}
}

/* Remove the last character of the edited line from the screen. */
static void echo_rubout(struct n_tty *ld, u8 c, unsigned int at)
{
	if (c == '\t') {
		unsigned int before = line_column_at(ld, at);

		if (ld->column > before)
			echo_backspaces(ld, ld->column - before, false);
		return;
	}
	echo_backspaces(ld, echo_width(ld, c, 0), true);
}

/* ------------------------------------------------------------- editing */

enum erase_kind { ERASE_CHAR, ERASE_WORD, ERASE_LINE };

/* Drop the last (UTF-8: whole) character of the edited line. */
static void erase_one(struct n_tty *ld, bool visual)
{
	unsigned int at;
	u8 c;

	do {
		at = --ld->read_head;
		c = ld->buf[MASK(at)];
	} while (utf8_continuation(ld, c) && ld->read_head != ld->canon_head);
	if (visual)
		echo_rubout(ld, c, at);
}

static bool last_is_blank(const struct n_tty *ld)
{
	u8 c = ld->buf[MASK(ld->read_head - 1)];

	return c == ' ' || c == '\t';
}

static void erase(struct n_tty *ld, enum erase_kind kind, u8 c)
{
	bool echo = L(ld, ECHO), visual = echo && L(ld, ECHOE);

	if (ld->read_head == ld->canon_head)
		return;
	if (kind == ERASE_LINE && echo &&
	    !(L(ld, ECHOK) && L(ld, ECHOKE) && L(ld, ECHOE))) {
		/* POSIX kill echo: the KILL character, then NL with ECHOK. */
		ld->read_head = ld->canon_head;
		echo_char(ld, c);
		if (L(ld, ECHOK))
			output_char(ld, '\n');
		return;
	}
	if (!visual && echo && kind != ERASE_LINE)
		echo_char(ld, c);
	if (kind == ERASE_WORD) {
		/* POSIX: blanks, then the non-blank word before them. */
		while (ld->read_head != ld->canon_head && last_is_blank(ld))
			erase_one(ld, visual);
		while (ld->read_head != ld->canon_head && !last_is_blank(ld))
			erase_one(ld, visual);
		return;
	}
	if (kind == ERASE_CHAR) {
		erase_one(ld, visual);
		return;
	}
	while (ld->read_head != ld->canon_head)
		erase_one(ld, echo);
}

/* ------------------------------------------------------------- input */

static unsigned int used(const struct n_tty *ld)
{
	return ld->read_head - ld->read_tail;
}

/* Store one byte; a delimiter ends the line and makes it readable. */
static bool store(struct n_tty *ld, u8 c, bool delim)
{
	bool canon = L(ld, ICANON);
	/* Canonical input keeps one slot for the line's delimiter. */
	unsigned int room = canon && !delim ? N_TTY_BUF_SIZE - 1 :
					      N_TTY_BUF_SIZE;

	if (used(ld) >= room) {
		ld->overruns++;
		return false;
	}
	if (ld->read_head == ld->canon_head)
		ld->line_column = ld->column;
	ld->buf[MASK(ld->read_head)] = c;
	set_delim(ld, ld->read_head, delim);
	ld->read_head++;
	if (delim || !canon)
		ld->canon_head = ld->read_head;
	return true;
}

static void isig(struct n_tty *ld, int sig, u8 c)
{
	if (!L(ld, NOFLSH))
		n_tty_flush_input(ld);
	if (L(ld, ECHO))
		echo_char(ld, c);
	flush_output(ld);
	if (ld->ops && ld->ops->signal)
		ld->ops->signal(ld, sig);
}

/* Control characters of ISIG; true if c was one. */
static bool receive_signal_char(struct n_tty *ld, u8 c)
{
	if (!L(ld, ISIG))
		return false;
	if (is_cc(ld, VINTR, c))
		isig(ld, SIGINT, c);
	else if (is_cc(ld, VQUIT, c))
		isig(ld, SIGQUIT, c);
	else if (is_cc(ld, VSUSP, c))
		isig(ld, SIGTSTP, c);
	else
		return false;
	return true;
}

static bool is_line_end(const struct n_tty *ld, u8 c)
{
	return c == '\n' || is_cc(ld, VEOL, c) ||
	       (L(ld, IEXTEN) && is_cc(ld, VEOL2, c));
}

/* Editing characters of ICANON; true if c was one. */
static bool receive_canon_char(struct n_tty *ld, u8 c)
{
	if (L(ld, IEXTEN) && is_cc(ld, VLNEXT, c)) {
		ld->lnext = true;
		if (L(ld, ECHO) && L(ld, ECHOCTL)) {
			/* Linux shows ^ until the literal byte replaces it. */
			output_char(ld, '^');
			output_char(ld, '\b');
		}
	} else if (is_cc(ld, VERASE, c)) {
		erase(ld, ERASE_CHAR, c);
	} else if (L(ld, IEXTEN) && is_cc(ld, VWERASE, c)) {
		erase(ld, ERASE_WORD, c);
	} else if (is_cc(ld, VKILL, c)) {
		erase(ld, ERASE_LINE, c);
	} else if (is_cc(ld, VEOF, c)) {
		store(ld, EOF_MARK, true);	/* not echoed */
	} else if (is_line_end(ld, c)) {
		if (store(ld, c, true) &&
		    (L(ld, ECHO) || (c == '\n' && L(ld, ECHONL))))
			echo_char(ld, c);
	} else {
		return false;
	}
	return true;
}

/* ICRNL, INLCR, IGNCR; returns -1 for a byte IGNCR drops. */
static int map_input(const struct n_tty *ld, u8 c)
{
	if (c == '\r') {
		if (I(ld, IGNCR))
			return -1;
		if (I(ld, ICRNL))
			return '\n';
	} else if (c == '\n' && I(ld, INLCR)) {
		return '\r';
	}
	return c;
}

static void receive_char(struct n_tty *ld, u8 c)
{
	int m;

	if (I(ld, ISTRIP))
		c &= 0x7f;
	if (ld->lnext) {
		ld->lnext = false;
		if (store(ld, c, false) && L(ld, ECHO))
			echo_char(ld, c);
		return;
	}
	m = map_input(ld, c);
	if (m < 0)
		return;
	c = (u8)m;
	if (receive_signal_char(ld, c))
		return;
	if (L(ld, ICANON) && receive_canon_char(ld, c))
		return;
	if (store(ld, c, false) && L(ld, ECHO))
		echo_char(ld, c);
}

void n_tty_receive(struct n_tty *ld, const u8 *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		receive_char(ld, s[i]);
	flush_output(ld);
}

/* ------------------------------------------------------------- reading */

bool n_tty_readable(const struct n_tty *ld)
{
	return ld->canon_head != ld->read_tail;
}

size_t n_tty_inq(const struct n_tty *ld)
{
	unsigned int i;
	size_t n = 0;

	for (i = ld->read_tail; i != ld->canon_head; i++)
		if (!(test_delim(ld, i) && ld->buf[MASK(i)] == EOF_MARK))
			n++;
	return n;
}

/* Take one byte off the ring; true if it was a line's EOF mark. */
static bool take(struct n_tty *ld, u8 *c)
{
	unsigned int i = ld->read_tail++;
	bool delim = test_delim(ld, i);

	*c = ld->buf[MASK(i)];
	set_delim(ld, i, false);
	return delim && *c == EOF_MARK;
}

static size_t read_canon(struct n_tty *ld, u8 *dst, size_t len)
{
	size_t n = 0;

	while (n < len && ld->read_tail != ld->canon_head) {
		bool end = test_delim(ld, ld->read_tail);
		u8 c;

		if (take(ld, &c))
			return n;	/* EOF ends the read, uncopied */
		dst[n++] = c;
		if (end)
			return n;
	}
	/* A line cut short by len whose rest is only the EOF mark: eat it. */
	if (ld->read_tail != ld->canon_head && test_delim(ld, ld->read_tail) &&
	    ld->buf[MASK(ld->read_tail)] == EOF_MARK) {
		u8 c;

		take(ld, &c);
	}
	return n;
}

static size_t read_raw(struct n_tty *ld, u8 *dst, size_t len)
{
	size_t n = 0;

	/* EOF marks left by canonical mode are not data: drop them. */
	while (n < len && ld->read_tail != ld->canon_head)
		if (!take(ld, &dst[n]))
			n++;
	return n;
}

long n_tty_read(struct n_tty *ld, u8 *dst, size_t len)
{
	if (!n_tty_readable(ld))
		return -EAGAIN;
	if (L(ld, ICANON))
		return (long)read_canon(ld, dst, len);
	return (long)read_raw(ld, dst, len);
}

void n_tty_flush_input(struct n_tty *ld)
{
	memset(ld->delim, 0, sizeof(ld->delim));
	ld->read_tail = ld->canon_head = ld->read_head;
	ld->lnext = false;
}

void n_tty_set_termios(struct n_tty *ld, const struct termios2 *t)
{
	bool was_canon = L(ld, ICANON);

	ld->termios = *t;
	ld->termios.c_line = 0;	/* N_TTY is the only discipline */
	if (was_canon && !L(ld, ICANON)) {
		/* The edited line becomes raw input, readable now. */
		ld->canon_head = ld->read_head;
	} else if (!was_canon && L(ld, ICANON) && used(ld)) {
		/* Raw input waiting becomes one line, as Linux pushes it. */
		set_delim(ld, ld->read_head - 1, true);
		ld->canon_head = ld->read_head;
	}
}
