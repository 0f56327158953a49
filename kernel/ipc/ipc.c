// SPDX-License-Identifier: GPL-2.0
/*
 * IPC objects and handles: endpoints and notifications, the per-process
 * handle tables with rights and badges, and their life cycle (create,
 * mint, close, delete; fork, exec and exit). The messaging calls are in
 * msg.c, the fastpath in fastpath.c; Documentation/ipc.md is the manual.
 *
 * One lock, ipc_lock (irqsave), protects every object, every table's
 * slots and every thread's wait state: a rendezvous touches two threads
 * and an object at once, and the scheduler's blocking primitives
 * (sched_block_unlock) take it over to the switch. The heap is taken
 * inside it; nothing else.
 */
#include <generated/uapi/asm/unistd_64.h>
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/page.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/syscalls.h>
#include <mosaic/uaccess.h>

#include "internal.h"

DEFINE_SPINLOCK(ipc_lock);

#define SPACE_FIRST_SLOTS 16

/* p's table, made on first use (two threads may race to make it). */
static struct ipc_space *space_of(struct process *p)
{
	struct ipc_space *s = READ_ONCE(p->ipc), *made;
	unsigned long flags;

	if (s)
		return s;
	made = kzalloc(sizeof(*made));
	if (!made)
		return NULL;
	flags = spin_lock_irqsave(&ipc_lock);
	s = p->ipc;
	if (!s)
		s = p->ipc = made;
	spin_unlock_irqrestore(&ipc_lock, flags);
	if (s != made)
		kfree(made);
	return s;
}

/*
 * A forked process's first thread takes over the IPC buffer the forking
 * thread had registered: the address is valid in the copied memory.
 */
static int take_inherited_buffer(struct ipc_thread *me, struct process *p)
{
	unsigned long ubuf;
	unsigned long flags;

	if (!READ_ONCE(me->space->inherit_ubuf) ||
	    thread_user_tid(me->thread) != p->pid)
		return 0;
	me->kbuf = kmalloc(PAGE_SIZE);
	if (!me->kbuf)
		return -ENOMEM;
	flags = spin_lock_irqsave(&ipc_lock);
	ubuf = me->space->inherit_ubuf;
	me->space->inherit_ubuf = 0;
	spin_unlock_irqrestore(&ipc_lock, flags);
	me->ubuf = ubuf;
	if (!ubuf) {
		kfree(me->kbuf);
		me->kbuf = NULL;
	}
	return 0;
}

struct ipc_thread *ipc_self(long *err)
{
	struct thread *t = current();
	struct ipc_thread *me = t->ipc;

	if (likely(me))
		return me;
	*err = -ENOSYS;
	if (!t->proc)
		return NULL;
	*err = -ENOMEM;
	me = kzalloc(sizeof(*me));
	if (!me)
		return NULL;
	me->thread = t;
	INIT_LIST_HEAD(&me->node);
	me->via = -1;
	me->space = space_of(t->proc);
	if (!me->space || take_inherited_buffer(me, t->proc)) {
		kfree(me);
		return NULL;
	}
	t->ipc = me;
	return me;
}

/*
 * The handle @h of the calling thread's process for an operation on a
 * @kind object needing @right (0: none): EBADF not held, EINVAL another
 * kind of object, EPERM the right is missing, EIDRM deleted.
 */
long ipc_lookup(struct ipc_thread *me, unsigned long h, unsigned int kind,
		u32 right, struct ipc_handle **out)
{
	struct ipc_handle *hd = ipc_handle_lookup(me->space, h);

	if (!hd)
		return -EBADF;
	if (kind && hd->obj->kind != kind)
		return -EINVAL;
	if ((hd->rights & right) != right)
		return -EPERM;
	if (hd->obj->dead)
		return -EIDRM;
	*out = hd;
	return 0;
}

long ipc_lock_handle(int h, unsigned int kind, u32 right,
		     struct ipc_thread **me, struct ipc_handle **hd,
		     unsigned long *flags)
{
	long err;

	*me = ipc_self(&err);
	if (!*me)
		return err;
	*flags = spin_lock_irqsave(&ipc_lock);
	err = ipc_lookup(*me, (unsigned int)h, kind, right, hd);
	if (err)
		spin_unlock_irqrestore(&ipc_lock, *flags);
	return err;
}

/* Make w runnable with @result; it leaves whatever queue it was on. */
void ipc_wake(struct ipc_thread *w, long result)
{
	list_del_init(&w->node);
	w->on = NULL;
	w->via = -1;
	w->state = IPC_IDLE;
	w->result = result;
	sched_wake_thread(w->thread);
}

/* Wake every thread on @q for which @stranded says so. */
static void wake_queue(struct list_head *q, long result,
		       bool (*stranded)(struct ipc_thread *w))
{
	struct ipc_thread *w, *n;

	list_for_each_entry_safe(w, n, q, node)
		if (!stranded || stranded(w))
			ipc_wake(w, result);
}

/*
 * A receiver on an endpoint nobody can send to any more still has its
 * bound notification, if someone can signal that.
 */
static bool receiver_stranded(struct ipc_thread *w)
{
	return w->on->send_refs == 0 &&
	       !(w->bound && w->bound->send_refs && !w->bound->dead);
}

static void unbind(struct ipc_object *n)
{
	if (n->bound) {
		n->bound->bound = NULL;
		n->bound = NULL;
	}
}

/* Every waiter fails with EIDRM (delete, or the last handle gone). */
static void object_kill(struct ipc_object *obj)
{
	obj->dead = true;
	wake_queue(&obj->senders, -EIDRM, NULL);
	wake_queue(&obj->receivers, -EIDRM, NULL);
	if (obj->kind == IPC_NOTIFICATION) {
		struct ipc_thread *b = obj->bound;

		unbind(obj);
		/* It may have been waiting for this notification only. */
		if (b && b->state == IPC_RECEIVING && receiver_stranded(b))
			ipc_wake(b, -EPIPE);
	}
}

void ipc_ref_get(struct ipc_object *obj, u32 rights)
{
	obj->refs++;
	obj->send_refs += !!(rights & IPC_RIGHT_SEND);
	obj->recv_refs += !!(rights & IPC_RIGHT_RECV);
}

/* Nobody left to signal a bound notification: its thread may be stuck. */
static void notification_unsignalled(struct ipc_object *n)
{
	struct ipc_thread *b = n->bound;

	wake_queue(&n->receivers, -EPIPE, NULL);
	if (b && b->state == IPC_RECEIVING && receiver_stranded(b))
		ipc_wake(b, -EPIPE);
}

void ipc_ref_put(struct ipc_object *obj, u32 rights)
{
	obj->refs--;
	if ((rights & IPC_RIGHT_SEND) && --obj->send_refs == 0) {
		if (obj->kind == IPC_ENDPOINT)
			wake_queue(&obj->receivers, -EPIPE, receiver_stranded);
		else
			notification_unsignalled(obj);
	}
	if ((rights & IPC_RIGHT_RECV) && --obj->recv_refs == 0)
		wake_queue(&obj->senders, -EPIPE, NULL);
	if (!obj->refs) {
		object_kill(obj);
		kfree(obj);
	}
}

/* The caller owed a reply we will not give: it fails with ECONNRESET. */
void ipc_drop_reply(struct ipc_thread *me)
{
	struct ipc_thread *c = me->reply_to;

	if (!c)
		return;
	me->reply_to = NULL;
	c->replier = NULL;
	ipc_wake(c, -ECONNRESET);
}

static bool has_free_slot(struct ipc_space *s)
{
	for (unsigned int i = 0; i < s->nr_slots; i++)
		if (!s->slots[i].obj)
			return true;
	return false;
}

/* Room for one more handle, growing the table (ipc_lock not held). */
static int space_reserve(struct ipc_space *s)
{
	struct ipc_handle *slots, *old;
	unsigned long flags;
	unsigned int n;

	for (;;) {
		flags = spin_lock_irqsave(&ipc_lock);
		n = s->nr_slots;
		if (has_free_slot(s)) {
			spin_unlock_irqrestore(&ipc_lock, flags);
			return 0;
		}
		spin_unlock_irqrestore(&ipc_lock, flags);
		if (n >= IPC_HANDLE_MAX)
			return -EMFILE;
		slots = kcalloc(n ? 2 * n : SPACE_FIRST_SLOTS, sizeof(*slots));
		if (!slots)
			return -ENOMEM;
		flags = spin_lock_irqsave(&ipc_lock);
		old = s->slots;
		/* Another thread may have grown it meanwhile: then again. */
		if (s->nr_slots == n) {
			if (old)
				memcpy(slots, old, n * sizeof(*slots));
			s->slots = slots;
			s->nr_slots = n ? 2 * n : SPACE_FIRST_SLOTS;
			slots = old;
		}
		spin_unlock_irqrestore(&ipc_lock, flags);
		kfree(slots);
	}
}

/* The lowest free slot of @s now holds @src: the index, or -EMFILE. */
static int handle_insert(struct ipc_space *s, const struct ipc_handle *src)
{
	for (unsigned int i = 0; i < s->nr_slots; i++) {
		if (!s->slots[i].obj) {
			s->slots[i] = *src;
			return (int)i;
		}
	}
	return -EMFILE;
}

int ipc_handle_add(struct ipc_space *s, const struct ipc_handle *hd)
{
	for (;;) {
		unsigned long flags;
		int h = space_reserve(s);

		if (h)
			return h;
		flags = spin_lock_irqsave(&ipc_lock);
		h = handle_insert(s, hd);
		spin_unlock_irqrestore(&ipc_lock, flags);
		/* A slot another thread took since: reserve again. */
		if (h >= 0)
			return h;
	}
}

/* A handle leaves its slot: its threads waiting through it fail. */
static void slot_close(struct ipc_space *s, int h)
{
	struct ipc_handle hd = s->slots[h];
	struct ipc_thread *w, *n;
	struct list_head *queues[2] = { &hd.obj->senders,
					&hd.obj->receivers };

	s->slots[h].obj = NULL;
	for (int q = 0; q < 2; q++)
		list_for_each_entry_safe(w, n, queues[q], node)
			if (w->space == s && w->via == h)
				ipc_wake(w, -EBADF);
	ipc_ref_put(hd.obj, hd.rights);
}

struct ipc_object *ipc_object_create(unsigned int kind)
{
	struct ipc_object *obj;

	if (kind != IPC_ENDPOINT && kind != IPC_NOTIFICATION)
		return NULL;
	obj = kzalloc(sizeof(*obj));
	if (!obj)
		return NULL;
	obj->kind = kind;
	INIT_LIST_HEAD(&obj->senders);
	INIT_LIST_HEAD(&obj->receivers);
	ipc_ref_get(obj, IPC_RIGHTS_ALL);
	return obj;
}

void ipc_object_put(struct ipc_object *obj)
{
	unsigned long flags = spin_lock_irqsave(&ipc_lock);

	ipc_ref_put(obj, IPC_RIGHTS_ALL);
	spin_unlock_irqrestore(&ipc_lock, flags);
}

/* A new handle to obj in s, with a reference of its own. */
static int install(struct ipc_space *s, struct ipc_object *obj, u32 rights,
		   u64 badge)
{
	struct ipc_handle hd = { .obj = obj, .badge = badge, .rights = rights };
	unsigned long flags = spin_lock_irqsave(&ipc_lock);
	int h;

	ipc_ref_get(obj, rights);
	spin_unlock_irqrestore(&ipc_lock, flags);
	h = ipc_handle_add(s, &hd);
	if (h < 0) {
		flags = spin_lock_irqsave(&ipc_lock);
		ipc_ref_put(obj, rights);
		spin_unlock_irqrestore(&ipc_lock, flags);
	}
	return h;
}

int ipc_handle_install(struct process *p, struct ipc_object *obj, u32 rights,
		       u64 badge)
{
	struct ipc_space *s;

	if (rights & ~IPC_RIGHTS_ALL)
		return -EINVAL;
	s = space_of(p);
	return s ? install(s, obj, rights, badge) : -ENOMEM;
}

int ipc_handle_close(struct process *p, int h)
{
	unsigned long flags = spin_lock_irqsave(&ipc_lock);
	int err = -EBADF;

	if (ipc_handle_lookup(p->ipc, (unsigned long)h)) {
		slot_close(p->ipc, h);
		err = 0;
	}
	spin_unlock_irqrestore(&ipc_lock, flags);
	return err;
}

SYSCALL_DEFINE2(ipc_create, unsigned int, kind, unsigned int, flags)
{
	struct ipc_thread *me;
	struct ipc_object *obj;
	long err;
	int h;

	if (flags || (kind != IPC_ENDPOINT && kind != IPC_NOTIFICATION))
		return -EINVAL;
	me = ipc_self(&err);
	if (!me)
		return err;
	obj = ipc_object_create(kind);
	if (!obj)
		return -ENOMEM;
	h = install(me->space, obj, IPC_RIGHTS_ALL, 0);
	ipc_object_put(obj);
	return h;
}

SYSCALL_DEFINE1(ipc_close, int, h)
{
	struct ipc_thread *me;
	long err;

	me = ipc_self(&err);
	return me ? ipc_handle_close(me->thread->proc, h) : err;
}

/* Every waiter fails with EIDRM; the handles stay until closed. */
SYSCALL_DEFINE1(ipc_delete, int, h)
{
	struct ipc_handle *hd;
	struct ipc_thread *me;
	unsigned long flags;
	long err = ipc_lock_handle(h, 0, IPC_RIGHT_RECV, &me, &hd, &flags);

	if (err)
		return err;
	object_kill(hd->obj);
	spin_unlock_irqrestore(&ipc_lock, flags);
	return 0;
}

/*
 * A new handle with fewer rights and, if @h has none, a badge: seL4's
 * mint. A badged handle keeps its badge (@badge 0 or the same).
 */
SYSCALL_DEFINE3(ipc_mint, int, h, unsigned int, rights, u64, badge)
{
	struct ipc_handle *hd;
	struct ipc_thread *me;
	struct ipc_object *obj;
	unsigned long flags;
	long err;

	if (rights & ~IPC_RIGHTS_ALL)
		return -EINVAL;
	err = ipc_lock_handle(h, 0, 0, &me, &hd, &flags);
	if (err)
		return err;
	if ((rights & ~hd->rights) ||
	    (hd->badge && badge && badge != hd->badge)) {
		spin_unlock_irqrestore(&ipc_lock, flags);
		return -EPERM;
	}
	obj = hd->obj;
	badge = hd->badge ? hd->badge : badge;
	spin_unlock_irqrestore(&ipc_lock, flags);
	return install(me->space, obj, rights, badge);
}

SYSCALL_DEFINE2(ipc_identify, int, h, struct ipc_handle_info __user *, uinfo)
{
	struct ipc_handle_info info = { 0 };
	struct ipc_handle *hd;
	struct ipc_thread *me;
	unsigned long flags;
	long err = ipc_lock_handle(h, 0, 0, &me, &hd, &flags);

	if (err)
		return err;
	info.kind = hd->obj->kind;
	info.rights = hd->rights;
	info.badge = hd->badge;
	spin_unlock_irqrestore(&ipc_lock, flags);
	return copy_to_user(uinfo, &info, sizeof(info)) ? -EFAULT : 0;
}

/*
 * Bind a notification to the calling thread, so that its Recv on any
 * endpoint also returns the notification's signals; IPC_UNBIND undoes
 * it. EBUSY: the notification or the thread is bound already.
 */
SYSCALL_DEFINE1(ipc_bind, int, h)
{
	struct ipc_handle *hd;
	struct ipc_thread *me;
	unsigned long flags;
	long err;

	me = ipc_self(&err);
	if (!me)
		return err;
	flags = spin_lock_irqsave(&ipc_lock);
	if (h == IPC_UNBIND) {
		err = me->bound ? 0 : -EINVAL;
		if (me->bound)
			unbind(me->bound);
	} else {
		err = ipc_lookup(me, (unsigned int)h, IPC_NOTIFICATION,
				 IPC_RIGHT_RECV, &hd);
		if (!err && (hd->obj->bound || me->bound))
			err = -EBUSY;
		if (!err) {
			hd->obj->bound = me;
			me->bound = hd->obj;
		}
	}
	spin_unlock_irqrestore(&ipc_lock, flags);
	return err;
}

/*
 * Register the calling thread's IPC buffer (a page-aligned page of its
 * address space; 0: none), for messages longer than the registers.
 */
SYSCALL_DEFINE1(ipc_set_buffer, unsigned long, addr)
{
	struct ipc_thread *me;
	long err;

	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if (addr && !access_ok((void __user *)addr, PAGE_SIZE))
		return -EFAULT;
	me = ipc_self(&err);
	if (!me)
		return err;
	if (addr && !me->kbuf) {
		me->kbuf = kmalloc(PAGE_SIZE);
		if (!me->kbuf)
			return -ENOMEM;
	}
	if (!addr) {
		kfree(me->kbuf);
		me->kbuf = NULL;
	}
	me->ubuf = addr;
	return 0;
}

int ipc_fork(struct process *parent, struct process *child)
{
	struct ipc_thread *pt = current()->ipc;
	struct ipc_space *ps = parent->ipc, *cs;
	struct ipc_handle *slots = NULL;
	unsigned int n = 0;
	unsigned long flags;

	if (!ps)
		return 0;
	cs = kzalloc(sizeof(*cs));
	if (!cs)
		return -ENOMEM;
	/* The table may grow while we allocate: copy what fits then. */
	for (;;) {
		flags = spin_lock_irqsave(&ipc_lock);
		if (n == ps->nr_slots)
			break;
		n = ps->nr_slots;
		spin_unlock_irqrestore(&ipc_lock, flags);
		kfree(slots);
		slots = kcalloc(n, sizeof(*slots));
		if (!slots) {
			kfree(cs);
			return -ENOMEM;
		}
	}
	if (n)
		memcpy(slots, ps->slots, n * sizeof(*slots));
	for (unsigned int i = 0; i < n; i++)
		if (slots[i].obj)
			ipc_ref_get(slots[i].obj, slots[i].rights);
	cs->slots = slots;
	cs->nr_slots = n;
	cs->inherit_ubuf = pt ? pt->ubuf : 0;
	spin_unlock_irqrestore(&ipc_lock, flags);
	child->ipc = cs;
	return 0;
}

void ipc_exec(struct process *p)
{
	struct ipc_thread *me = current()->ipc;

	if (p->ipc)
		p->ipc->inherit_ubuf = 0;
	if (!me)
		return;
	me->ubuf = 0;
	kfree(me->kbuf);
	me->kbuf = NULL;
}

void ipc_cancel_wait(struct ipc_thread *w, long result)
{
	/* A caller waiting for its reply: the server owes none now. */
	if (w->replier) {
		w->replier->reply_to = NULL;
		w->replier = NULL;
	}
	ipc_wake(w, result);
}

void ipc_thread_exit(struct thread *t)
{
	struct ipc_thread *me = t->ipc;
	unsigned long flags;

	if (!me)
		return;
	flags = spin_lock_irqsave(&ipc_lock);
	ipc_drop_reply(me);
	if (me->bound)
		unbind(me->bound);
	ipc_xfer_drop(&me->xfer);
	t->ipc = NULL;
	spin_unlock_irqrestore(&ipc_lock, flags);
	kfree(me->kbuf);
	kfree(me);
}

void ipc_exit(struct process *p)
{
	struct ipc_space *s = p->ipc;
	unsigned long flags;

	if (!s)
		return;
	flags = spin_lock_irqsave(&ipc_lock);
	for (unsigned int i = 0; i < s->nr_slots; i++)
		if (s->slots[i].obj)
			slot_close(s, (int)i);
	p->ipc = NULL;
	spin_unlock_irqrestore(&ipc_lock, flags);
	kfree(s->slots);
	kfree(s);
}
