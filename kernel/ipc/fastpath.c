// SPDX-License-Identifier: GPL-2.0
/*
 * The IPC fastpath (CONFIG_IPC_FASTPATH), seL4's idea: Call and
 * ReplyRecv in their common case straight from the system-call entry,
 * interrupts still off. It applies when the message fits in the four
 * registers, no handle moves, and the partner is already waiting (a
 * receiver on the endpoint for Call; for ReplyRecv the caller owed a
 * reply, and no sender or signal waiting for us). Then the registers
 * are copied into the partner's saved frame, the caller takes its
 * place in the wait state and the CPU goes to the partner with
 * sched_handoff_unlock(): the scheduler policy runs it directly if it
 * would run it next anyway, else queues it and picks as usual. Any
 * other case returns false and the system call runs the slow path
 * (msg.c), which gives the same registers, results and wait states.
 */
#include <generated/uapi/asm/unistd_64.h>
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/params.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>

#include "internal.h"

bool ipc_fastpath_enabled = true;
u64 ipc_nr_fast;

static int fastpath_param(const char *val)
{
	if (!strcmp(val, "0") || !strcmp(val, "off"))
		ipc_fastpath_enabled = false;
	else if (!strcmp(val, "1") || !strcmp(val, "on") || !*val)
		ipc_fastpath_enabled = true;
	else
		return -EINVAL;
	return 0;
}
KERNEL_PARAM(ipc_fastpath, fastpath_param);

u64 ipc_fastpath_count(void)
{
	return READ_ONCE(ipc_nr_fast);
}

/* Only a label and a length of 0..4: no handle, no kernel-only bit. */
static __always_inline bool fast_info(u64 info)
{
	return !(info & 0xfffffff8ULL) &&
	       (info & 7) <= IPC_MSG_REG_WORDS;
}

/* deliver() for a register message: words past the length are 0. */
static __always_inline void fast_deliver(struct pt_regs *to,
					 const struct pt_regs *from,
					 u64 badge, u64 info)
{
	unsigned int len = info & 7;

	to->rdi = badge;
	to->rsi = info;
	to->rdx = len > 0 ? from->rdx : 0;
	to->r10 = len > 1 ? from->r10 : 0;
	to->r8 = len > 2 ? from->r8 : 0;
	to->r9 = len > 3 ? from->r9 : 0;
}

/*
 * Back in the caller after the partner, or a teardown, woke it: the
 * result goes to rax; a long message or a handle in the answer (from a
 * slow-path reply or send) is finished as the slow path would.
 */
static bool fast_resume(struct ipc_thread *me, struct pt_regs *regs)
{
	/* A signal woke us first: wait on, or cancel, as the slow path. */
	if (unlikely(READ_ONCE(me->state) != IPC_IDLE)) {
		spin_lock(&ipc_lock);
		ipc_sleep_locked(me);
		spin_unlock(&ipc_lock);
	}
	regs->rax = (u64)me->result;
	if (unlikely(!me->result && (me->long_words || me->xfer.obj))) {
		local_irq_enable();
		regs->rax = (u64)ipc_finish_receive(me, 0);
		local_irq_disable();
	}
	return true;
}

/* The endpoint behind handle rdi with @right, or NULL (slow path). */
static __always_inline struct ipc_handle *fast_lookup(struct ipc_thread *me,
						      u64 rdi, u32 right)
{
	struct ipc_handle *hd = ipc_handle_lookup(me->space,
						  (unsigned int)(int)rdi);

	if (unlikely(!hd || hd->obj->kind != IPC_ENDPOINT ||
		     !(hd->rights & right) || hd->obj->dead))
		return NULL;
	return hd;
}

static bool fastpath_call(struct pt_regs *regs)
{
	struct ipc_thread *me = current()->ipc, *r;
	struct ipc_handle *hd;
	u64 info = regs->rsi;

	if (unlikely(!me || !fast_info(info)))
		return false;
	spin_lock(&ipc_lock);
	hd = fast_lookup(me, regs->rdi, IPC_RIGHT_SEND);
	r = hd ? list_first_entry_or_null(&hd->obj->receivers,
					  struct ipc_thread, node) : NULL;
	/* One a signal woke is on its way out: the slow path copes. */
	if (unlikely(!r || r->thread->state != THREAD_BLOCKED)) {
		spin_unlock(&ipc_lock);
		return false;
	}
	list_del_init(&r->node);
	fast_deliver(ipc_regs(r), regs, hd->badge, info);
	ipc_give_reply(r, me, r->via_grant);
	r->state = IPC_IDLE;
	r->result = 0;
	r->on = NULL;
	r->via = -1;
	ipc_nr_fast++;
	sched_handoff_unlock(r->thread, &ipc_lock);
	return fast_resume(me, regs);
}

static bool fastpath_reply_recv(struct pt_regs *regs)
{
	struct ipc_thread *me = current()->ipc, *c;
	struct ipc_object *ep, *n;
	struct ipc_handle *hd;
	u64 info = regs->rsi;

	if (unlikely(!me || !me->reply_to || !fast_info(info)))
		return false;
	spin_lock(&ipc_lock);
	hd = fast_lookup(me, regs->rdi, IPC_RIGHT_RECV);
	if (unlikely(!hd))
		goto slow;
	ep = hd->obj;
	n = me->bound;
	/* A sender or a signal waiting, or no sender left: the slow path. */
	c = me->reply_to;
	if (unlikely(!list_empty(&ep->senders) || (n && n->pending) ||
		     !ep->send_refs || c->thread->state != THREAD_BLOCKED))
		goto slow;
	fast_deliver(ipc_regs(c), regs, 0, info);
	me->reply_to = NULL;
	c->replier = NULL;
	c->state = IPC_IDLE;
	c->result = 0;
	me->state = IPC_RECEIVING;
	me->on = ep;
	me->via = (int)regs->rdi;
	me->via_grant = hd->rights & IPC_RIGHT_GRANT;
	list_add_tail(&me->node, &ep->receivers);
	ipc_nr_fast++;
	sched_handoff_unlock(c->thread, &ipc_lock);
	return fast_resume(me, regs);
slow:
	spin_unlock(&ipc_lock);
	return false;
}

bool ipc_fastpath(struct pt_regs *regs)
{
	if (!READ_ONCE(ipc_fastpath_enabled))
		return false;
	if (regs->error_code == __NR_ipc_call)
		return fastpath_call(regs);
	return fastpath_reply_recv(regs);
}
