/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IPC objects, handle tables and per-thread state shared by the files
 * of kernel/ipc/ (Documentation/ipc.md). Everything here is protected by
 * ipc_lock; a thread's staging page and its IPC buffer registration are
 * its own and touched only by it (and by a sender or replier copying
 * into it under ipc_lock while it is blocked waiting for that).
 */
#ifndef _KERNEL_IPC_INTERNAL_H
#define _KERNEL_IPC_INTERNAL_H

#include <asm/ptrace.h>
#include <mosaic/ipc.h>
#include <mosaic/list.h>
#include <mosaic/spinlock.h>
#include <mosaic/types.h>
#include <uapi/mosaic/ipc.h>

extern spinlock_t ipc_lock;

struct ipc_thread;

/* An endpoint or a notification. */
struct ipc_object {
	unsigned int kind;		/* IPC_ENDPOINT, IPC_NOTIFICATION */
	/*
	 * Handles to it, in tables and in flight (the kernel's own
	 * reference from ipc_object_create() counts as one with every
	 * right); send_refs and recv_refs count those with the right, so
	 * a thread never waits for a partner that can no longer exist.
	 */
	unsigned int refs, send_refs, recv_refs;
	bool dead;			/* ipc_delete(): every call fails */
	/* Endpoint: threads sending or calling, FIFO. */
	struct list_head senders;
	/* Endpoint: receiving; notification: waiting. FIFO. */
	struct list_head receivers;
	/* Notification: the word of signal bits, and whether a signal came. */
	u64 word;
	bool pending;
	struct ipc_thread *bound;	/* the thread it is bound to */
};

/* A slot of a handle table; obj NULL when free. */
struct ipc_handle {
	struct ipc_object *obj;
	u64 badge;
	u32 rights;
};

/* A process's handles (struct process's ipc pointer), its threads'. */
struct ipc_space {
	struct ipc_handle *slots;
	unsigned int nr_slots;		/* allocated, <= IPC_HANDLE_MAX */
	/* fork(): the IPC buffer for the child's first thread to take. */
	unsigned long inherit_ubuf;
};

enum ipc_wait {
	IPC_IDLE,		/* running, or woken with ->result */
	IPC_SENDING,		/* on an endpoint's senders: Send */
	IPC_CALLING,		/* on an endpoint's senders: Call */
	IPC_REPLY_WAIT,		/* Call delivered; ->replier owes the reply */
	IPC_RECEIVING,		/* on an endpoint's receivers */
	IPC_WAITING,		/* on a notification's receivers */
};

/* A thread's IPC state (struct thread's ipc pointer), seL4's TCB part. */
struct ipc_thread {
	struct thread *thread;
	struct ipc_space *space;	/* its process's handles */
	enum ipc_wait state;
	long result;			/* what it was woken with */
	struct list_head node;		/* on ->on's senders or receivers */
	struct ipc_object *on;		/* the object it waits on */
	int via;			/* the handle it blocked through */
	bool via_grant;			/* that handle had IPC_RIGHT_GRANT */
	/* A blocked sender's message: the receiver takes it from here. */
	u64 info, badge, mr[IPC_MSG_REG_WORDS];
	/* A handle in flight: out with our message or in with a reply. */
	struct ipc_handle xfer;
	/* Words 4.. of a message received into ->kbuf, to copy out. */
	unsigned int long_words;
	/* The IPC buffer (user address, 0: none) and its kernel copy. */
	unsigned long ubuf;
	u64 *kbuf;
	/* The one-shot reply capability: the caller we owe a reply. */
	struct ipc_thread *reply_to;
	bool reply_grant;		/* the reply may carry a handle */
	struct ipc_thread *replier;	/* REPLY_WAIT: who owes us one */
	struct ipc_object *bound;	/* our bound notification */
};

/* The calling thread's state, made on first use; NULL: -ENOMEM/ENOSYS. */
struct ipc_thread *ipc_self(long *err);

/* Handle h of s, or NULL if it is not held. Under ipc_lock. */
static inline struct ipc_handle *ipc_handle_lookup(struct ipc_space *s,
						   unsigned long h)
{
	if (!s || h >= s->nr_slots || !s->slots[h].obj)
		return NULL;
	return &s->slots[h];
}

/* Under ipc_lock. */
long ipc_lookup(struct ipc_thread *me, unsigned long h, unsigned int kind,
		u32 right, struct ipc_handle **out);
/*
 * ipc_self() and ipc_lookup() of handle @h: 0 with ipc_lock held (taken
 * irqsave into *flags), or the error with it not held.
 */
long ipc_lock_handle(int h, unsigned int kind, u32 right,
		     struct ipc_thread **me, struct ipc_handle **hd,
		     unsigned long *flags);
void ipc_ref_get(struct ipc_object *obj, u32 rights);
void ipc_ref_put(struct ipc_object *obj, u32 rights);
void ipc_wake(struct ipc_thread *w, long result);
void ipc_drop_reply(struct ipc_thread *me);
/*
 * @server now owes @caller a reply (@caller waits for it, off every
 * queue); a capability @server still held is dropped first.
 */
static inline void ipc_give_reply(struct ipc_thread *server,
				  struct ipc_thread *caller, bool grant)
{
	if (unlikely(server->reply_to))
		ipc_drop_reply(server);
	server->reply_to = caller;
	server->reply_grant = grant;
	caller->replier = server;
	caller->state = IPC_REPLY_WAIT;
}
/*
 * Wait until the IPC wait is over, ipc_lock held (dropped while asleep):
 * a partner or a teardown ends it, or a signal cancels it (ERESTARTSYS,
 * or EINTR once a call's message was delivered). The result.
 */
long ipc_sleep_locked(struct ipc_thread *me);
/* End w's wait with @result, whatever it waits for. ipc_lock held. */
void ipc_cancel_wait(struct ipc_thread *w, long result);
/* After a message came in (no lock held): buffer words, passed handle. */
long ipc_finish_receive(struct ipc_thread *me, long result);
/*
 * Put @hd, which holds a reference of its own, in the lowest free slot
 * of @s, growing the table (ipc_lock not held): the index, or -EMFILE
 * or -ENOMEM with the reference still the caller's.
 */
int ipc_handle_add(struct ipc_space *s, const struct ipc_handle *hd);

/* The messaging calls' registers: the saved user frame of thread t. */
static inline struct pt_regs *ipc_regs(struct ipc_thread *t)
{
	return task_pt_regs(t->thread);
}

/* A handle in flight, dropped by its holder (ipc_lock held). */
static inline void ipc_xfer_drop(struct ipc_handle *x)
{
	if (x->obj)
		ipc_ref_put(x->obj, x->rights);
	x->obj = NULL;
}

extern u64 ipc_nr_fast;

#endif /* _KERNEL_IPC_INTERNAL_H */
