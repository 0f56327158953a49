// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the N_TTY line discipline: the first four bytes
 * pick c_iflag/c_oflag/c_lflag bits, the rest is input, with each byte
 * of value 0xff followed by one more turning into a read of that many
 * bytes. After every step the ring's indices must stay ordered and in
 * range, a canonical read must end at most one line (when no literal
 * newline can be in it), and what is
 * counted readable must be what reads return.
 */
#include <mosaic/errno.h>
#include <mosaic/n_tty.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct n_tty ld;
static size_t out_bytes;
/* Raw input turned canonical is one pushed chunk, newlines and all. */
static bool switched;

static void count_output(struct n_tty *l, const char *s, size_t len)
{
	out_bytes += len;
	if (len > N_TTY_OBUF_SIZE)
		abort();
}

static const struct n_tty_ops ops = { .output = count_output };

static void check_invariants(void)
{
	unsigned int used = ld.read_head - ld.read_tail;

	if (used > N_TTY_BUF_SIZE || ld.canon_head - ld.read_tail > used)
		abort();
	if (!(ld.termios.c_lflag & ICANON) && ld.canon_head != ld.read_head)
		abort();
}

/* ^V (IEXTEN) can put a newline mid-line; a mode switch pushes raw input. */
static bool literal_nl(void)
{
	return switched || (ld.termios.c_lflag & IEXTEN);
}

static void do_read(size_t len)
{
	static u8 buf[N_TTY_BUF_SIZE];
	size_t before = n_tty_inq(&ld);
	long n = n_tty_read(&ld, buf, len);

	if (n == -EAGAIN)
		return;
	if (n < 0 || (size_t)n > len || (size_t)n > before)
		abort();
	if ((ld.termios.c_lflag & ICANON) && !literal_nl() && n > 0)
		for (long i = 0; i < n - 1; i++)
			if (buf[i] == '\n')
				abort();	/* one line per read at most */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const tcflag_t iflags[] = { ICRNL, INLCR, IGNCR, ISTRIP, IUTF8 };
	static const tcflag_t oflags[] = { OPOST, ONLCR, OCRNL, ONOCR, ONLRET,
					   TAB3 };
	static const tcflag_t lflags[] = { ISIG, ICANON, ECHO, ECHOE, ECHOK,
					   ECHONL, NOFLSH, ECHOCTL, ECHOKE,
					   IEXTEN };
	struct termios2 t;
	size_t i;

	if (size < 4)
		return 0;
	n_tty_init(&ld, &ops);
	switched = false;
	t = ld.termios;
	t.c_iflag = t.c_oflag = t.c_lflag = 0;
	for (i = 0; i < 5; i++)
		if (data[0] & (1U << i))
			t.c_iflag |= iflags[i];
	for (i = 0; i < 6; i++)
		if (data[1] & (1U << i))
			t.c_oflag |= oflags[i];
	for (i = 0; i < 10; i++)
		if ((data[2] | (data[3] << 8)) & (1U << i))
			t.c_lflag |= lflags[i];
	n_tty_set_termios(&ld, &t);
	for (i = 4; i < size; i++) {
		if (data[i] == 0xff && i + 1 < size) {
			do_read(data[++i] * 17 + 1);
		} else if (data[i] == 0xfe) {
			t.c_lflag ^= ICANON;	/* mode switch mid-stream */
			switched = true;
			n_tty_set_termios(&ld, &t);
		} else {
			n_tty_receive(&ld, &data[i], 1);
			n_tty_write(&ld, &data[i], 1);
		}
		check_invariants();
	}
	while (n_tty_readable(&ld)) {
		do_read(N_TTY_BUF_SIZE);
		check_invariants();
	}
	return 0;
}
