// SPDX-License-Identifier: GPL-2.0
/*
 * The messaging calls, seL4's: Send, NBSend, Recv, NBRecv, Call, Reply,
 * ReplyRecv on endpoints, Signal, Wait, Poll on notifications. This is
 * the slow path, complete for every case: a rendezvous writes the message
 * into the receiver's saved user registers (words 0..3) and kernel copy
 * of its IPC buffer (words 4..), and wakes it through the run queue. The
 * fastpath (fastpath.c) does the common Call and ReplyRecv with the same
 * results and a direct switch.
 *
 * A message's words 4.. are copied from the sender's IPC buffer into its
 * kernel page before ipc_lock is taken, between kernel pages under the
 * lock, and out to the receiver's buffer by the receiver after it woke:
 * no user memory is touched with the lock held.
 */
#include <mosaic/errno.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/syscalls.h>
#include <mosaic/uaccess.h>
#include <mosaic/wait.h>

#include "internal.h"

/* A message on its way: from the caller's registers or a blocked sender. */
struct ipc_msg {
	u64 info, badge;
	u64 mr[IPC_MSG_REG_WORDS];
	const u64 *kbuf;		/* words 4.., if the length says so */
	struct ipc_handle *xfer;	/* a handle to pass, or NULL */
};

static struct ipc_buffer __user *user_buffer(struct ipc_thread *me)
{
	return (struct ipc_buffer __user *)me->ubuf;
}

/* EINVAL: bits only the kernel sets, or a handle without its flag. */
static long check_info(u64 info)
{
	if (info & ~IPC_INFO_SEND_MASK)
		return -EINVAL;
	if (!(info & IPC_INFO_HANDLE) && (info & IPC_INFO_HANDLE_MASK))
		return -EINVAL;
	if (IPC_INFO_LEN(info) > IPC_MSG_MAX_WORDS)
		return -EMSGSIZE;
	return 0;
}

/* Words 4.. of an outgoing message into the kernel page (no lock held). */
static long load_long(struct ipc_thread *me, u64 info)
{
	unsigned int len = IPC_INFO_LEN(info);
	long err = check_info(info);

	if (err || len <= IPC_MSG_REG_WORDS)
		return err;
	if (!me->kbuf)
		return -ENOBUFS;
	if (copy_from_user(me->kbuf + IPC_MSG_REG_WORDS,
			   &user_buffer(me)->msg[IPC_MSG_REG_WORDS],
			   (len - IPC_MSG_REG_WORDS) * sizeof(u64)))
		return -EFAULT;
	return 0;
}

/* The caller's state, its outgoing message's words 4.. loaded. */
static struct ipc_thread *self_loaded(const struct pt_regs *regs, long *err)
{
	struct ipc_thread *me = ipc_self(err);

	if (me) {
		*err = load_long(me, regs->rsi);
		if (*err)
			return NULL;
	}
	return me;
}

static void msg_from_regs(struct ipc_msg *m, struct ipc_thread *me,
			  const struct pt_regs *r, u64 badge)
{
	m->info = r->rsi;
	m->badge = badge;
	m->mr[0] = r->rdx;
	m->mr[1] = r->r10;
	m->mr[2] = r->r8;
	m->mr[3] = r->r9;
	m->kbuf = me->kbuf;
	m->xfer = NULL;
}

/*
 * The handle an outgoing message passes, if any: EPERM without @grant,
 * EBADF not held. *x is NULL for a message without one.
 */
static long xfer_source(struct ipc_thread *me, const struct ipc_msg *m,
			bool grant, struct ipc_handle **x)
{
	*x = NULL;
	if (!(m->info & IPC_INFO_HANDLE))
		return 0;
	if (!grant)
		return -EPERM;
	*x = ipc_handle_lookup(me->space,
			       (unsigned long)IPC_INFO_HANDLE_OF(m->info));
	return *x ? 0 : -EBADF;
}

/* The passed handle goes in flight in me->xfer, with a reference. */
static void take_xfer(struct ipc_thread *me, struct ipc_msg *m,
		      const struct ipc_handle *x)
{
	if (!x)
		return;
	me->xfer = *x;
	ipc_ref_get(x->obj, x->rights);
	m->xfer = &me->xfer;
}

/*
 * Write @m into @to's saved registers (words past the length are 0)
 * and its kernel page; a passed handle moves to @to, which puts it in
 * its table when it runs (finish_receive). ipc_lock held.
 */
static void deliver(const struct ipc_msg *m, struct ipc_thread *to)
{
	struct pt_regs *r = ipc_regs(to);
	u64 info = m->info & ~(IPC_INFO_HANDLE | IPC_INFO_HANDLE_MASK);
	unsigned int len = IPC_INFO_LEN(info);

	if (len > IPC_MSG_REG_WORDS && to->kbuf) {
		memcpy(to->kbuf + IPC_MSG_REG_WORDS,
		       m->kbuf + IPC_MSG_REG_WORDS,
		       (len - IPC_MSG_REG_WORDS) * sizeof(u64));
		to->long_words = len - IPC_MSG_REG_WORDS;
	} else if (len > IPC_MSG_REG_WORDS) {
		info = (info & ~IPC_INFO_LEN_MASK) | IPC_MSG_REG_WORDS |
		       IPC_INFO_TRUNCATED;
		len = IPC_MSG_REG_WORDS;
	}
	if (m->xfer && m->xfer->obj) {
		to->xfer = *m->xfer;
		m->xfer->obj = NULL;
	}
	r->rdi = m->badge;
	r->rsi = info;
	r->rdx = len > 0 ? m->mr[0] : 0;
	r->r10 = len > 1 ? m->mr[1] : 0;
	r->r8 = len > 2 ? m->mr[2] : 0;
	r->r9 = len > 3 ? m->mr[3] : 0;
}

/* @w's wait is over with @result (a message already delivered). */
static void ready(struct ipc_thread *w, long result)
{
	w->state = IPC_IDLE;
	w->result = result;
	w->on = NULL;
	w->via = -1;
	sched_wake_thread(w->thread);
}

long ipc_sleep_locked(struct ipc_thread *me)
{
	while (me->state != IPC_IDLE) {
		if (signal_pending(me->thread)) {
			/* Once the call went out, a restart would repeat it. */
			ipc_cancel_wait(me, me->state == IPC_REPLY_WAIT ?
						    -EINTR : -ERESTARTSYS);
			break;
		}
		sched_block_unlock(&ipc_lock);
		spin_lock(&ipc_lock);
	}
	return me->result;
}

/*
 * Block until woken, ipc_lock held (and dropped, flags restored on
 * return). A failed send gives its in-flight handle back.
 */
static long block(struct ipc_thread *me, unsigned long flags)
{
	long result = ipc_sleep_locked(me);

	if (result < 0)
		ipc_xfer_drop(&me->xfer);
	spin_unlock_irqrestore(&ipc_lock, flags);
	return result;
}

static void enqueue(struct ipc_thread *me, enum ipc_wait state,
		    struct list_head *q, struct ipc_object *obj, int h,
		    const struct ipc_handle *hd)
{
	me->state = state;
	me->on = obj;
	me->via = h;
	me->via_grant = hd->rights & IPC_RIGHT_GRANT;
	list_add_tail(&me->node, q);
}

/*
 * After a message came in, in the receiver's own context, no lock held:
 * words 4.. out to its IPC buffer, a passed handle into its table (the
 * info word then names it, or says it was lost to a full table).
 */
long ipc_finish_receive(struct ipc_thread *me, long result)
{
	struct pt_regs *r = ipc_regs(me);
	unsigned long flags;
	int h;

	if (me->long_words) {
		unsigned int n = me->long_words;

		me->long_words = 0;
		if (copy_to_user(&user_buffer(me)->msg[IPC_MSG_REG_WORDS],
				 me->kbuf + IPC_MSG_REG_WORDS,
				 n * sizeof(u64)))
			result = -EFAULT;
	}
	if (!me->xfer.obj)
		return result;
	h = ipc_handle_add(me->space, &me->xfer);
	flags = spin_lock_irqsave(&ipc_lock);
	if (h >= 0) {
		me->xfer.obj = NULL;
		r->rsi = IPC_INFO_WITH_HANDLE(r->rsi, h);
	} else {
		ipc_xfer_drop(&me->xfer);
		r->rsi |= IPC_INFO_HANDLE_LOST;
	}
	spin_unlock_irqrestore(&ipc_lock, flags);
	return result;
}

/* Send, NBSend (!wait), Call (call). */
static long do_send(struct pt_regs *regs, bool wait, bool call)
{
	int h = (int)regs->rdi;
	struct ipc_handle *hd, *x;
	struct ipc_thread *me, *r;
	struct ipc_object *ep;
	struct ipc_msg m;
	unsigned long flags;
	long err;

	me = self_loaded(regs, &err);
	if (!me)
		return err;
	flags = spin_lock_irqsave(&ipc_lock);
	err = ipc_lookup(me, (unsigned int)h, IPC_ENDPOINT, IPC_RIGHT_SEND,
			 &hd);
	if (err)
		goto out;
	ep = hd->obj;
	msg_from_regs(&m, me, regs, hd->badge);
	err = xfer_source(me, &m, hd->rights & IPC_RIGHT_GRANT, &x);
	if (!err && !ep->recv_refs)
		err = -EPIPE;
	if (!err && list_empty(&ep->receivers) && !wait)
		err = -EAGAIN;
	if (err)
		goto out;
	take_xfer(me, &m, x);
	r = list_first_entry_or_null(&ep->receivers, struct ipc_thread, node);
	if (r) {
		list_del_init(&r->node);
		deliver(&m, r);
		if (call)
			ipc_give_reply(r, me, r->via_grant);
		ready(r, 0);
		if (!call)
			goto out;
	} else {
		me->info = m.info;
		me->badge = m.badge;
		memcpy(me->mr, m.mr, sizeof(me->mr));
		enqueue(me, call ? IPC_CALLING : IPC_SENDING, &ep->senders, ep,
			h, hd);
	}
	err = block(me, flags);
	return call && !err ? ipc_finish_receive(me, 0) : err;
out:
	spin_unlock_irqrestore(&ipc_lock, flags);
	return err;
}

/*
 * Check a reply and pass it to the caller we owe one (ipc_lock held):
 * EPIPE if we owe none. The caller wakes through the run queue.
 */
static long reply_locked(struct ipc_thread *me, struct pt_regs *regs)
{
	struct ipc_thread *c = me->reply_to;
	struct ipc_handle *x;
	struct ipc_msg m;
	long err;

	if (!c)
		return -EPIPE;
	msg_from_regs(&m, me, regs, 0);
	err = xfer_source(me, &m, me->reply_grant, &x);
	if (err)
		return err;
	take_xfer(me, &m, x);
	deliver(&m, c);
	me->reply_to = NULL;
	c->replier = NULL;
	ready(c, 0);
	return 0;
}

/*
 * Recv, NBRecv (!wait), and ReplyRecv (reply): a bound notification's
 * signal first, then the first sender, else wait.
 */
static long do_recv(struct pt_regs *regs, bool wait, bool reply)
{
	int h = (int)regs->rdi;
	struct ipc_thread *me, *s;
	struct ipc_handle *hd;
	struct ipc_object *ep, *n;
	struct ipc_msg m;
	unsigned long flags;
	long err;

	me = ipc_self(&err);
	if (!me)
		return err;
	if (reply && me->reply_to) {
		err = load_long(me, regs->rsi);
		if (err)
			return err;
	}
	flags = spin_lock_irqsave(&ipc_lock);
	err = ipc_lookup(me, (unsigned int)h, IPC_ENDPOINT, IPC_RIGHT_RECV,
			 &hd);
	if (err)
		goto out;
	ep = hd->obj;
	if (reply && me->reply_to) {
		err = reply_locked(me, regs);
		if (err)
			goto out;
	}
	n = me->bound;
	if (n && n->pending) {
		regs->rdi = n->word;
		regs->rsi = 0;
		n->word = 0;
		n->pending = false;
		err = IPC_NOTIFIED;
		goto out;
	}
	s = list_first_entry_or_null(&ep->senders, struct ipc_thread, node);
	if (s) {
		list_del_init(&s->node);
		m.info = s->info;
		m.badge = s->badge;
		memcpy(m.mr, s->mr, sizeof(m.mr));
		m.kbuf = s->kbuf;
		m.xfer = &s->xfer;
		deliver(&m, me);
		if (s->state == IPC_CALLING) {
			s->on = NULL;
			ipc_give_reply(me, s, hd->rights & IPC_RIGHT_GRANT);
		} else {
			ready(s, 0);
		}
		spin_unlock_irqrestore(&ipc_lock, flags);
		return ipc_finish_receive(me, 0);
	}
	if (!ep->send_refs && !(n && n->send_refs && !n->dead)) {
		err = -EPIPE;
		goto out;
	}
	if (!wait) {
		err = -EAGAIN;
		goto out;
	}
	enqueue(me, IPC_RECEIVING, &ep->receivers, ep, h, hd);
	err = block(me, flags);
	return err ? err : ipc_finish_receive(me, 0);
out:
	spin_unlock_irqrestore(&ipc_lock, flags);
	return err;
}

static long do_reply(struct pt_regs *regs)
{
	struct ipc_thread *me;
	unsigned long flags;
	long err;

	me = self_loaded(regs, &err);
	if (!me)
		return err;
	flags = spin_lock_irqsave(&ipc_lock);
	err = reply_locked(me, regs);
	spin_unlock_irqrestore(&ipc_lock, flags);
	return err;
}

/*
 * Signal: the first waiter gets the badge, else the bound thread if it
 * is receiving, else the badge is ORed into the word for later.
 */
static void signal_locked(struct ipc_object *n, u64 badge)
{
	struct ipc_thread *w;

	w = list_first_entry_or_null(&n->receivers, struct ipc_thread, node);
	if (w) {
		ipc_regs(w)->rdi = badge;
		ipc_wake(w, 0);
	} else if (n->bound && n->bound->state == IPC_RECEIVING) {
		ipc_regs(n->bound)->rdi = badge;
		ipc_regs(n->bound)->rsi = 0;
		ipc_wake(n->bound, IPC_NOTIFIED);
	} else {
		n->word |= badge;
		n->pending = true;
	}
}

int ipc_notification_signal(struct ipc_object *n, u64 badge)
{
	unsigned long flags;
	int err = 0;

	if (n->kind != IPC_NOTIFICATION)
		return -EINVAL;
	flags = spin_lock_irqsave(&ipc_lock);
	if (n->dead)
		err = -EIDRM;
	else
		signal_locked(n, badge);
	spin_unlock_irqrestore(&ipc_lock, flags);
	return err;
}

static long do_signal(struct pt_regs *regs)
{
	struct ipc_thread *me;
	struct ipc_handle *hd;
	unsigned long flags;
	long err = ipc_lock_handle((int)regs->rdi, IPC_NOTIFICATION,
				   IPC_RIGHT_SEND, &me, &hd, &flags);

	if (err)
		return err;
	signal_locked(hd->obj, hd->badge);
	spin_unlock_irqrestore(&ipc_lock, flags);
	return 0;
}

/* Wait, Poll (!wait): the word and clear it, once a signal came. */
static long do_wait(struct pt_regs *regs, bool wait)
{
	int h = (int)regs->rdi;
	struct ipc_handle *hd;
	struct ipc_thread *me;
	struct ipc_object *n;
	unsigned long flags;
	long err = ipc_lock_handle(h, IPC_NOTIFICATION, IPC_RIGHT_RECV, &me,
				   &hd, &flags);

	if (err)
		return err;
	n = hd->obj;
	if (n->pending) {
		regs->rdi = n->word;
		n->word = 0;
		n->pending = false;
	} else if (!wait) {
		err = -EAGAIN;
	} else if (!n->send_refs) {
		err = -EPIPE;
	} else {
		enqueue(me, IPC_WAITING, &n->receivers, n, h, hd);
		return block(me, flags);
	}
	spin_unlock_irqrestore(&ipc_lock, flags);
	return err;
}

/*
 * The messaging calls read and write the caller's saved registers
 * (the uapi header's convention), so they are defined by hand rather
 * than with SYSCALL_DEFINE, on the frame task_pt_regs() finds.
 */
#define IPC_SYSCALL(name, call)                                             \
	long __x64_sys_##name(const struct pt_regs *regs);                  \
	long __x64_sys_##name(const struct pt_regs *regs __maybe_unused)    \
	{                                                                   \
		return call;                                                \
	}

#define CALLER_REGS task_pt_regs(current())

IPC_SYSCALL(ipc_send, do_send(CALLER_REGS, true, false))
IPC_SYSCALL(ipc_nbsend, do_send(CALLER_REGS, false, false))
IPC_SYSCALL(ipc_call, do_send(CALLER_REGS, true, true))
IPC_SYSCALL(ipc_recv, do_recv(CALLER_REGS, true, false))
IPC_SYSCALL(ipc_nbrecv, do_recv(CALLER_REGS, false, false))
IPC_SYSCALL(ipc_reply_recv, do_recv(CALLER_REGS, true, true))
IPC_SYSCALL(ipc_reply, do_reply(CALLER_REGS))
IPC_SYSCALL(ipc_signal, do_signal(CALLER_REGS))
IPC_SYSCALL(ipc_wait, do_wait(CALLER_REGS, true))
IPC_SYSCALL(ipc_poll, do_wait(CALLER_REGS, false))
