// SPDX-License-Identifier: GPL-2.0
/*
 * The tty core: registered ttys, the input hook, blocking reads with
 * POSIX's VMIN/VTIME rules, writes through the line discipline, poll
 * readiness, hangup and the signal hook. See <mosaic/tty.h>.
 */
#include <mosaic/compiler.h>
#include <mosaic/console.h>
#include <mosaic/errno.h>
#include <mosaic/mutex.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/time.h>
#include <mosaic/timer.h>
#include <mosaic/tty.h>
#include <uapi/linux/poll.h>
#include <uapi/linux/signal.h>

static LIST_HEAD(tty_list);
static DEFINE_MUTEX(tty_list_lock);
static tty_signal_hook_t signal_hook;

tty_signal_hook_t tty_set_signal_hook(tty_signal_hook_t hook)
{
	tty_signal_hook_t old = READ_ONCE(signal_hook);

	WRITE_ONCE(signal_hook, hook);
	return old;
}

static struct tty *ld_tty(struct n_tty *ld)
{
	return container_of(ld, struct tty, ldisc);
}

static void tty_ld_output(struct n_tty *ld, const char *s, size_t len)
{
	struct tty *tty = ld_tty(ld);

	tty->ops->write(tty, s, len);
}

/* Under tty->lock: remember it, send it once the lock is dropped. */
static void tty_ld_signal(struct n_tty *ld, int sig)
{
	ld_tty(ld)->pending_signals |= 1U << sig;
}

static const struct n_tty_ops tty_ld_ops = {
	.output = tty_ld_output,
	.signal = tty_ld_signal,
};

/* Linux sends a tty's signals only when it has a foreground group. */
static void send_signals(struct tty *tty, unsigned int sigs, int pgrp)
{
	tty_signal_hook_t hook = READ_ONCE(signal_hook);
	int sig;

	if (!hook || pgrp <= 0)
		return;
	for (sig = 1; sigs; sig++) {
		if (sigs & (1U << sig)) {
			sigs &= ~(1U << sig);
			hook(tty, sig, pgrp);
		}
	}
}

void tty_signal(struct tty *tty, int sig, int pgrp)
{
	send_signals(tty, 1U << sig, pgrp);
}

void tty_register(struct tty *tty, const char *name, u32 major, u32 minor,
		  const struct tty_operations *ops, void *driver_data)
{
	memset(tty, 0, sizeof(*tty));
	tty->name = name;
	tty->major = major;
	tty->minor = minor;
	tty->ops = ops;
	tty->driver_data = driver_data;
	spin_lock_init_irq(&tty->lock);
	n_tty_init(&tty->ldisc, &tty_ld_ops);
	tty->winsize.ws_row = 25;
	tty->winsize.ws_col = 80;
	sema_init(&tty->data_sem, 0);
	wait_queue_init(&tty->poll_wait);
	tty_input_start(tty);
	mutex_lock(&tty_list_lock);
	list_add_tail(&tty->node, &tty_list);
	mutex_unlock(&tty_list_lock);
}

void tty_unregister(struct tty *tty)
{
	tty_input_stop(tty);
	tty_hangup(tty);
	mutex_lock(&tty_list_lock);
	list_del_init(&tty->node);
	mutex_unlock(&tty_list_lock);
}

struct tty *tty_find(u32 major, u32 minor)
{
	struct tty *tty, *found = NULL;

	mutex_lock(&tty_list_lock);
	list_for_each_entry(tty, &tty_list, node) {
		if (tty->major == major && tty->minor == minor) {
			found = tty;
			break;
		}
	}
	mutex_unlock(&tty_list_lock);
	return found;
}

struct tty *tty_find_session(int sid)
{
	struct tty *tty, *found = NULL;

	if (sid <= 0)
		return NULL;
	mutex_lock(&tty_list_lock);
	list_for_each_entry(tty, &tty_list, node) {
		if (READ_ONCE(tty->session) == sid) {
			found = tty;
			break;
		}
	}
	mutex_unlock(&tty_list_lock);
	return found;
}

/* After tty->lock is dropped: wake a sleeping reader and the pollers. */
static void wake_readers(struct tty *tty, bool reader)
{
	if (reader)
		up(&tty->data_sem);
	wake_up_all(&tty->poll_wait);
}

void tty_receive(struct tty *tty, const u8 *s, size_t len)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	unsigned int sigs;
	bool reader;
	int pgrp;

	n_tty_receive(&tty->ldisc, s, len);
	tty->last_rx_tick = timer_ticks();
	reader = tty->sleepers > 0;
	sigs = tty->pending_signals;
	tty->pending_signals = 0;
	pgrp = tty->pgrp;
	spin_unlock_irqrestore(&tty->lock, flags);
	wake_readers(tty, reader);
	send_signals(tty, sigs, pgrp);
}

bool tty_has_waiting_reader(struct tty *tty)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	bool waiting = tty->sleepers > 0;

	spin_unlock_irqrestore(&tty->lock, flags);
	/* A racy look is enough: the caller polls for it. */
	return waiting || !wait_queue_empty(&tty->poll_wait);
}

/*
 * Drop tty->lock and sleep until input arrives: 0, or -ERESTARTSYS when
 * a signal for the reader came first. The semaphore keeps an up() that
 * comes before the down(), so no wakeup is lost. A timed wait sleeps
 * one tick instead: the tick is VTIME's resolution.
 */
static int wait_input(struct tty *tty, unsigned long *flags, bool timed)
{
	int err;

	if (timed) {
		struct waiter w;

		spin_unlock_irqrestore(&tty->lock, *flags);
		waiter_init(&w);
		err = waiter_sleep_interruptible(&w, ktime_get_ns() +
						     NSEC_PER_TICK);
		*flags = spin_lock_irqsave(&tty->lock);
		return err == -EINTR ? -ERESTARTSYS : 0;
	}
	tty->sleepers++;
	spin_unlock_irqrestore(&tty->lock, *flags);
	err = down_interruptible(&tty->data_sem);
	*flags = spin_lock_irqsave(&tty->lock);
	tty->sleepers--;
	return err ? -ERESTARTSYS : 0;
}

static bool canon(const struct tty *tty)
{
	return tty->ldisc.termios.c_lflag & ICANON;
}

static ssize_t read_canon(struct tty *tty, u8 *buf, size_t len,
			  bool nonblock, unsigned long *flags)
{
	for (;;) {
		ssize_t ret = n_tty_read(&tty->ldisc, buf, len);

		if (ret != -EAGAIN)
			return ret;
		if (tty->hung_up)
			return 0;
		if (nonblock)
			return -EAGAIN;
		ret = wait_input(tty, flags, false);
		if (ret)
			return ret;
		if (!canon(tty))
			return -EINTR;	/* mode changed: the caller retries */
	}
}

/*
 * POSIX's four cases: MIN=0 TIME=0 returns what is there; MIN>0 TIME=0
 * waits for MIN bytes; MIN=0 TIME>0 waits up to TIME for one byte;
 * MIN>0 TIME>0 waits for the first byte, then until MIN bytes or TIME
 * passes without a new byte. TIME is in tenths of a second.
 */
static ssize_t read_raw(struct tty *tty, u8 *buf, size_t len, bool nonblock,
			unsigned long *flags)
{
	unsigned int vmin = tty->ldisc.termios.c_cc[VMIN];
	unsigned int vtime = tty->ldisc.termios.c_cc[VTIME];
	size_t want = vmin < len ? vmin : len;
	u64 timeout = ms_to_ticks((u64)vtime * 100), start = timer_ticks();
	ssize_t ret;

	for (;;) {
		size_t avail = n_tty_inq(&tty->ldisc);
		u64 from;

		if (avail && avail >= want)
			break;
		if (tty->hung_up || (!vmin && !vtime))
			break;
		if (nonblock) {
			if (!avail)
				return -EAGAIN;
			break;
		}
		if (!vtime || (vmin && !avail)) {
			ret = wait_input(tty, flags, false);
		} else {
			from = vmin && tty->last_rx_tick > start ?
				       tty->last_rx_tick : start;
			if (timer_ticks() - from >= timeout)
				break;
			ret = wait_input(tty, flags, true);
		}
		/* A signal: what came so far, or the restart code. */
		if (ret && !n_tty_inq(&tty->ldisc))
			return ret;
		if (ret)
			break;
		if (canon(tty))
			return -EINTR;
	}
	ret = n_tty_read(&tty->ldisc, buf, len);
	return ret < 0 ? 0 : ret;
}

ssize_t tty_read(struct tty *tty, void *buf, size_t len, bool nonblock)
{
	unsigned long flags;
	ssize_t ret;
	bool more;

	if (!len)
		return 0;
	flags = spin_lock_irqsave(&tty->lock);
	do {
		if (canon(tty))
			ret = read_canon(tty, buf, len, nonblock, &flags);
		else
			ret = read_raw(tty, buf, len, nonblock, &flags);
	} while (ret == -EINTR);
	/* Another reader may be asleep while input remains. */
	more = tty->sleepers && n_tty_readable(&tty->ldisc);
	spin_unlock_irqrestore(&tty->lock, flags);
	if (more)
		up(&tty->data_sem);
	return ret;
}

#define TTY_WRITE_CHUNK 128	/* bytes per lock hold: bounds irqs-off time */

ssize_t tty_write(struct tty *tty, const void *buf, size_t len)
{
	const u8 *p = buf;
	size_t done = 0;

	while (done < len) {
		size_t n = len - done < TTY_WRITE_CHUNK ? len - done :
							  TTY_WRITE_CHUNK;
		unsigned long flags = spin_lock_irqsave(&tty->lock);

		if (tty->hung_up) {
			spin_unlock_irqrestore(&tty->lock, flags);
			return done ? (ssize_t)done : -EIO;
		}
		n_tty_write(&tty->ldisc, p + done, n);
		spin_unlock_irqrestore(&tty->lock, flags);
		done += n;
	}
	return (ssize_t)len;
}

/* Linux's rule: raw mode with TIME=0 is readable at MIN bytes. */
static bool input_ready(const struct tty *tty)
{
	const struct n_tty *ld = &tty->ldisc;
	size_t need = 1;

	if (canon(tty))
		return n_tty_readable(ld);
	if (!ld->termios.c_cc[VTIME] && ld->termios.c_cc[VMIN] > 1)
		need = ld->termios.c_cc[VMIN];
	return n_tty_inq(ld) >= need;
}

unsigned int tty_poll_mask(struct tty *tty)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	unsigned int mask = 0;

	if (input_ready(tty))
		mask |= POLLIN | POLLRDNORM;
	if (tty->hung_up)
		mask |= POLLHUP | POLLIN | POLLRDNORM;
	else
		mask |= POLLOUT | POLLWRNORM;
	spin_unlock_irqrestore(&tty->lock, flags);
	return mask;
}

void tty_hangup(struct tty *tty)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	unsigned int sleepers = tty->sleepers;
	int pgrp = tty->pgrp;

	tty->hung_up = true;
	spin_unlock_irqrestore(&tty->lock, flags);
	while (sleepers--)
		up(&tty->data_sem);
	wake_up_all(&tty->poll_wait);
	tty_signal(tty, SIGHUP, pgrp);
}

void tty_reset(struct tty *tty)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);

	tty->hung_up = false;
	spin_unlock_irqrestore(&tty->lock, flags);
	tty_flush_input(tty);
}

static void stash(struct tty_console_out *o, const char *s, size_t len)
{
	size_t room = sizeof(o->pending) - o->len;

	if (len > room) {
		o->dropped += len - room;
		len = room;
	}
	memcpy(o->pending + o->len, s, len);
	o->len += len;
}

void tty_console_out(struct tty_console_out *o,
		     void (*emit)(const char *s, size_t len),
		     const char *s, size_t len)
{
	if (!console_trylock()) {
		stash(o, s, len);
		return;
	}
	if (o->len) {
		emit(o->pending, o->len);
		o->len = 0;
	}
	emit(s, len);
	console_unlock();
}
