// SPDX-License-Identifier: GPL-2.0
/*
 * The tty input buffer: what a driver's interrupt handler received,
 * queued as it is (tty_queue_input) and fed to the line discipline by
 * the tty's task on the system executor, as Linux's flip buffers are by
 * a workqueue. The handler only copies bytes and wakes the task; the
 * discipline's work (editing, echo, signals, waking readers) is done in
 * thread context, where it no longer lengthens interrupts-off time.
 */
#include <mosaic/executor.h>
#include <mosaic/string.h>
#include <mosaic/tty.h>

/* Bytes per tty->lock hold, and per poll before other tasks get a turn. */
#define FEED_CHUNK 128
#define FEED_PER_POLL 512

/* Take up to @max queued bytes; how many. */
static size_t take_input(struct tty_input *in, u8 *out, size_t max)
{
	unsigned long flags = spin_lock_irqsave(&in->lock);
	size_t n = 0;

	while (n < max && in->tail != in->head)
		out[n++] = in->buf[in->tail++ % TTY_INPUT_SIZE];
	spin_unlock_irqrestore(&in->lock, flags);
	return n;
}

static bool input_queued(struct tty_input *in)
{
	unsigned long flags = spin_lock_irqsave(&in->lock);
	bool queued = in->tail != in->head;

	spin_unlock_irqrestore(&in->lock, flags);
	return queued;
}

static enum ktask_poll feed_poll(struct ktask *task)
{
	struct tty *tty = container_of(task, struct tty, input.task);
	struct tty_input *in = &tty->input;
	size_t fed = 0, n;
	u8 chunk[FEED_CHUNK];

	mutex_lock(&in->feed_lock);
	while (fed < FEED_PER_POLL &&
	       (n = take_input(in, chunk, sizeof(chunk)))) {
		tty_receive(tty, chunk, n);
		fed += n;
	}
	mutex_unlock(&in->feed_lock);
	/* A flood: the rest in the next poll, after the other tasks. */
	if (fed >= FEED_PER_POLL && input_queued(in))
		ktask_wake(task);
	return KTASK_PENDING;
}

void tty_queue_input(struct tty *tty, const u8 *s, size_t len)
{
	struct tty_input *in = &tty->input;
	unsigned long flags = spin_lock_irqsave(&in->lock);
	size_t room = TTY_INPUT_SIZE - (in->head - in->tail), i;

	BUILD_BUG_ON(TTY_INPUT_SIZE & (TTY_INPUT_SIZE - 1));
	if (len > room) {
		in->dropped += len - room;
		len = room;
	}
	for (i = 0; i < len; i++)
		in->buf[in->head++ % TTY_INPUT_SIZE] = s[i];
	spin_unlock_irqrestore(&in->lock, flags);
	if (len)
		ktask_wake(&in->task);
}

void tty_flush_input(struct tty *tty)
{
	struct tty_input *in = &tty->input;
	unsigned long flags;

	/* Not between the task's take and its feed: nothing old survives. */
	mutex_lock(&in->feed_lock);
	flags = spin_lock_irqsave(&in->lock);
	in->tail = in->head;
	spin_unlock_irqrestore(&in->lock, flags);
	flags = spin_lock_irqsave(&tty->lock);
	n_tty_flush_input(&tty->ldisc);
	spin_unlock_irqrestore(&tty->lock, flags);
	mutex_unlock(&in->feed_lock);
}

unsigned long tty_input_dropped(struct tty *tty)
{
	return READ_ONCE(tty->input.dropped);
}

void tty_input_start(struct tty *tty)
{
	struct tty_input *in = &tty->input;

	spin_lock_init_irq(&in->lock);
	mutex_init(&in->feed_lock, "tty input feed");
	in->head = in->tail = 0;
	in->dropped = 0;
	ktask_init(&in->task, tty->name, feed_poll);
	ktask_spawn(&system_executor, &in->task);
}

void tty_input_stop(struct tty *tty)
{
	ktask_cancel(&tty->input.task);
}
