// SPDX-License-Identifier: GPL-2.0
/*
 * tty ioctls, with kernel pointers (the system-call layer copies the
 * user's struct in and out). Commands that take a value (TCFLSH,
 * TIOCSCTTY) get it as the pointer's value, as the system call does.
 * Errors follow Linux: -ENOTTY for an unknown command or a tty that is
 * not the caller's controlling one, -EINVAL for a bad argument.
 */
#include <mosaic/compiler.h>
#include <mosaic/errno.h>
#include <mosaic/string.h>
#include <mosaic/tty.h>
#include <uapi/linux/signal.h>

/* Speeds of the Bnnn codes: 0-15, then CBAUDEX | 1-15. */
static const speed_t baud_table[] = {
	0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800,
	9600, 19200, 38400, 0, 57600, 115200, 230400, 460800, 500000, 576000,
	921600, 1000000, 1152000, 1500000, 2000000, 2500000, 3000000,
	3500000, 4000000,
};

static speed_t code_to_speed(tcflag_t code, speed_t other)
{
	unsigned int i = code & 017;

	if (code == BOTHER)
		return other;
	if (code & BOTHER)
		i += 16;
	return baud_table[i];
}

tcflag_t tty_baud_code(speed_t speed)
{
	unsigned int i;

	for (i = 1; i < ARRAY_SIZE(baud_table); i++)
		if (baud_table[i] == speed)
			return i < 16 ? i : BOTHER | (i - 16);
	return speed ? BOTHER : B0;
}

/* struct termios has no speeds: they follow from CBAUD and CIBAUD. */
static void speeds_from_codes(struct termios2 *t, bool keep_bother)
{
	tcflag_t ocode = t->c_cflag & CBAUD;
	tcflag_t icode = (t->c_cflag & CIBAUD) >> IBSHIFT;

	if (!(keep_bother && ocode == BOTHER))
		t->c_ospeed = code_to_speed(ocode, t->c_ospeed);
	if (!icode)
		t->c_ispeed = t->c_ospeed;	/* 0: same as output */
	else if (!(keep_bother && icode == BOTHER))
		t->c_ispeed = code_to_speed(icode, t->c_ispeed);
}

void tty_get_termios(struct tty *tty, struct termios2 *t)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);

	*t = tty->ldisc.termios;
	spin_unlock_irqrestore(&tty->lock, flags);
}

void tty_set_termios(struct tty *tty, const struct termios2 *t)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	struct termios2 old = tty->ldisc.termios;
	bool reader = tty->sleepers > 0;

	n_tty_set_termios(&tty->ldisc, t);
	if (tty->ops->set_termios)
		tty->ops->set_termios(tty, &old);
	spin_unlock_irqrestore(&tty->lock, flags);
	/* ICANON off can make a partial line readable. */
	if (reader)
		up(&tty->data_sem);
	wake_up_all(&tty->poll_wait);
}

/* TCSETS*: output is written synchronously, so W has nothing to drain. */
static int set_termios_cmd(struct tty *tty, const void *arg, bool v2,
			   bool flush)
{
	struct termios2 t;

	tty_get_termios(tty, &t);
	if (v2) {
		memcpy(&t, arg, sizeof(struct termios2));
	} else {
		memcpy(&t, arg, sizeof(struct termios));
	}
	speeds_from_codes(&t, v2);
	if (flush)
		tty_flush_input(tty);
	tty_set_termios(tty, &t);
	return 0;
}

static int get_termios_cmd(struct tty *tty, void *arg, bool v2)
{
	struct termios2 t;

	tty_get_termios(tty, &t);
	memcpy(arg, &t, v2 ? sizeof(struct termios2) : sizeof(struct termios));
	return 0;
}

static int flush_cmd(struct tty *tty, unsigned long how)
{
	switch (how) {
	case TCIFLUSH:
	case TCIOFLUSH:
		tty_flush_input(tty);
		return 0;
	case TCOFLUSH:
		return 0;	/* nothing is queued for output */
	default:
		return -EINVAL;
	}
}

static int set_winsize(struct tty *tty, const struct winsize *ws)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	bool changed = memcmp(&tty->winsize, ws, sizeof(*ws)) != 0;
	int pgrp = tty->pgrp;

	tty->winsize = *ws;
	spin_unlock_irqrestore(&tty->lock, flags);
	if (changed)
		tty_signal(tty, SIGWINCH, pgrp);
	return 0;
}

/* The caller's controlling tty is this one. */
static bool is_ctty(const struct tty *tty, const struct tty_caller *who)
{
	return who && who->sid > 0 && READ_ONCE(tty->session) == who->sid;
}

static int set_ctty(struct tty *tty, const struct tty_caller *who)
{
	unsigned long flags;
	int ret = 0;

	if (!who || !who->session_leader || who->sid <= 0)
		return -EPERM;
	flags = spin_lock_irqsave(&tty->lock);
	if (tty->session && tty->session != who->sid) {
		ret = -EPERM;	/* another session's: no stealing */
	} else {
		tty->session = who->sid;
		tty->pgrp = who->pgrp;
	}
	spin_unlock_irqrestore(&tty->lock, flags);
	return ret;
}

static int drop_ctty(struct tty *tty, const struct tty_caller *who)
{
	unsigned long flags;

	if (!is_ctty(tty, who))
		return -ENOTTY;
	if (!who->session_leader)
		return 0;
	flags = spin_lock_irqsave(&tty->lock);
	tty->session = 0;
	tty->pgrp = 0;
	spin_unlock_irqrestore(&tty->lock, flags);
	return 0;
}

static int pgrp_cmd(struct tty *tty, const struct tty_caller *who,
		    unsigned int cmd, int *arg)
{
	if (!is_ctty(tty, who))
		return -ENOTTY;
	switch (cmd) {
	case TIOCGPGRP:
		*arg = READ_ONCE(tty->pgrp);
		return 0;
	case TIOCGSID:
		*arg = READ_ONCE(tty->session);
		return 0;
	default:	/* TIOCSPGRP; that the group is in the session is the caller's check */
		if (*arg <= 0)
			return -EINVAL;
		WRITE_ONCE(tty->pgrp, *arg);
		return 0;
	}
}

static int inq_cmd(struct tty *tty, int *arg)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);

	*arg = (int)n_tty_inq(&tty->ldisc);
	spin_unlock_irqrestore(&tty->lock, flags);
	return 0;
}

static int winsize_cmd(struct tty *tty, unsigned int cmd, struct winsize *ws)
{
	unsigned long flags;

	if (cmd == TIOCSWINSZ)
		return set_winsize(tty, ws);
	flags = spin_lock_irqsave(&tty->lock);
	*ws = tty->winsize;
	spin_unlock_irqrestore(&tty->lock, flags);
	return 0;
}

int tty_ioctl(struct tty *tty, const struct tty_caller *who,
	      unsigned int cmd, void *arg)
{
	switch (cmd) {
	case TCGETS:
	case TCGETS2:
		return get_termios_cmd(tty, arg, cmd == TCGETS2);
	case TCSETS:
	case TCSETSW:
		return set_termios_cmd(tty, arg, false, false);
	case TCSETSF:
		return set_termios_cmd(tty, arg, false, true);
	case TCSETS2:
	case TCSETSW2:
		return set_termios_cmd(tty, arg, true, false);
	case TCSETSF2:
		return set_termios_cmd(tty, arg, true, true);
	case TCFLSH:
		return flush_cmd(tty, (unsigned long)arg);
	case TIOCGWINSZ:
	case TIOCSWINSZ:
		return winsize_cmd(tty, cmd, arg);
	case TIOCGPGRP:
	case TIOCSPGRP:
	case TIOCGSID:
		return pgrp_cmd(tty, who, cmd, arg);
	case TIOCSCTTY:
		return set_ctty(tty, who);
	case TIOCNOTTY:
		return drop_ctty(tty, who);
	case FIONREAD:
		return inq_cmd(tty, arg);
	case TIOCOUTQ:
		*(int *)arg = 0;	/* written synchronously */
		return 0;
	default:
		return -ENOTTY;
	}
}
