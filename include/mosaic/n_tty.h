/* SPDX-License-Identifier: GPL-2.0 */
/*
 * N_TTY, the POSIX line discipline (drivers/tty/n_tty.c): input
 * processing (ICRNL, INLCR, IGNCR, ISTRIP), canonical line editing
 * (erase, word erase, kill, EOF, EOL, literal next), echo (ECHO, ECHOE,
 * ECHOK, ECHOKE, ECHONL, ECHOCTL), the ISIG characters, and output
 * processing (OPOST: ONLCR, OCRNL, ONOCR, ONLRET, TAB3).
 *
 * It is a state machine with no locks, no sleeping and no hardware: the
 * tty core (drivers/tty/tty_io.c) serialises calls under tty->lock and
 * does the blocking (VMIN/VTIME). The same file compiles into tools/tty/
 * for host tests and a fuzzer. Documentation/tty.md has the model.
 */
#ifndef _MOSAIC_N_TTY_H
#define _MOSAIC_N_TTY_H

#include <mosaic/types.h>
#include <uapi/linux/termios.h>

#define N_TTY_BUF_SIZE 4096	/* a power of two, as Linux's */
#define N_TTY_OBUF_SIZE 64	/* output staged before ops->output */

struct n_tty;

struct n_tty_ops {
	/* Processed bytes for the device (echo and written data). */
	void (*output)(struct n_tty *ld, const char *s, size_t len);
	/* An ISIG character arrived: SIGINT, SIGQUIT or SIGTSTP. */
	void (*signal)(struct n_tty *ld, int sig);
};

struct n_tty {
	struct termios2 termios;
	const struct n_tty_ops *ops;
	/*
	 * The input ring, indices free-running (masked on use):
	 * [read_tail, canon_head) is readable, [canon_head, read_head) the
	 * line being edited (always empty in non-canonical mode).
	 */
	u8 buf[N_TTY_BUF_SIZE];
	u64 delim[N_TTY_BUF_SIZE / 64];	/* bit set: ends a line */
	unsigned int read_tail, canon_head, read_head;
	unsigned int column;		/* output cursor column */
	unsigned int line_column;	/* column where the edited line began */
	bool lnext;			/* the next byte is literal (VLNEXT) */
	unsigned long overruns;		/* input bytes dropped: buffer full */
	char obuf[N_TTY_OBUF_SIZE];
	unsigned int olen;
};

/* Linux's defaults: 38400 8N1, ICRNL IXON, OPOST ONLCR, ISIG ICANON ECHO... */
void n_tty_std_termios(struct termios2 *t);
void n_tty_init(struct n_tty *ld, const struct n_tty_ops *ops);
/* Switch modes: a pending line becomes readable when ICANON goes off. */
void n_tty_set_termios(struct n_tty *ld, const struct termios2 *t);

/* The input hook: bytes from the device (keyboard, UART, a test). */
void n_tty_receive(struct n_tty *ld, const u8 *s, size_t len);
/*
 * Copy input into dst: in canonical mode at most one line (the EOF
 * character itself is not copied), else what is there. Returns the bytes
 * copied (0 is end of file: an EOF at the start of a line), or -EAGAIN
 * when nothing is readable.
 */
long n_tty_read(struct n_tty *ld, u8 *dst, size_t len);
/* Something for n_tty_read (a whole line in canonical mode). */
bool n_tty_readable(const struct n_tty *ld);
/* Bytes a read could return (FIONREAD): committed lines, or all input. */
size_t n_tty_inq(const struct n_tty *ld);
/* Drop all input, the line being edited included (TCIFLUSH). */
void n_tty_flush_input(struct n_tty *ld);
/* Output processing of written data; returns len (the device takes all). */
size_t n_tty_write(struct n_tty *ld, const u8 *s, size_t len);

#endif /* _MOSAIC_N_TTY_H */
