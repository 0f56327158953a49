// SPDX-License-Identifier: GPL-2.0
/*
 * IPC between processes (`ktest=ipc`, in ktest=all; skipped without
 * CONFIG_USER_PROGRAMS): user programs (/bin/ipcpeer, user/ipcpeer.c)
 * started by the kernel as processes of their own, with their handles
 * put in place before they run, act as clients and servers. The kernel
 * keeps its own reference to each object until the peers that install
 * handles to it have done so. Every exchange runs with the fastpath on
 * and off and must give the same results; teardown cases check that
 * every blocked party wakes with the documented error. Memory returns
 * to its baseline. The single-process behaviour is user/utest_ipc.c
 * (`ktest=user`).
 */
#include <mosaic/errno.h>
#include <mosaic/exec.h>
#include <mosaic/ktest.h>
#include <mosaic/ktest_mem.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/timer.h>
#include <mosaic/user.h>
#include <mosaic/vfs.h>
#include <mosaic/vsprintf.h>

#include "internal.h"

#define PEER_HANDLES 2
/* Ticks a peer may take to reach a state or exit: bounds, not delays. */
#define PEER_BUDGET 3000

struct peer {
	const char *argv[5];
	char args[2][24];
	struct {
		struct ipc_object *obj;
		u32 rights;
		u64 badge;
	} h[PEER_HANDLES];
	struct thread *t;
	int status;
};

static int peer_fn(void *arg)
{
	static const char *const envp[] = { "HOME=/", NULL };
	struct peer *p = arg;
	int err = process_attach_kernel_thread();

	for (int i = 0; !err && i < PEER_HANDLES && p->h[i].obj; i++) {
		int h = ipc_handle_install(current_process(), p->h[i].obj,
					   p->h[i].rights, p->h[i].badge);

		err = h == i ? 0 : h < 0 ? h : -EINVAL;
	}
	return err ? err : kernel_execve("/bin/ipcpeer", p->argv, envp);
}

/* A peer in @role with up to two numeric arguments. */
static void peer_init(struct peer *p, const char *role, long a, long b)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->args[0], sizeof(p->args[0]), "%ld", a);
	snprintf(p->args[1], sizeof(p->args[1]), "%ld", b);
	p->argv[0] = "/bin/ipcpeer";
	p->argv[1] = role;
	p->argv[2] = p->args[0];
	p->argv[3] = p->args[1];
}

static void peer_handle(struct peer *p, int i, struct ipc_object *obj,
			u32 rights, u64 badge)
{
	p->h[i].obj = obj;
	p->h[i].rights = rights;
	p->h[i].badge = badge;
}

static bool peer_start(struct peer *p)
{
	p->t = thread_create(peer_fn, p, "ipcpeer");
	return p->t != NULL;
}

/* Wait (bounded) for the peer to exit; its wait status, or -ETIMEDOUT. */
static int peer_join(struct peer *p)
{
	u64 end = timer_ticks() + PEER_BUDGET;

	while (READ_ONCE(p->t->state) != THREAD_ZOMBIE) {
		if (timer_ticks() >= end)
			return p->status = -ETIMEDOUT;
		sleep_ticks(1);
	}
	if (thread_join(p->t, &p->status))
		p->status = -EINVAL;
	return p->status;
}

/* Wait (bounded) until the peer is blocked in IPC in @state. */
static bool peer_blocked_in(struct peer *p, enum ipc_wait state)
{
	u64 end = timer_ticks() + PEER_BUDGET;

	for (;;) {
		unsigned long flags = spin_lock_irqsave(&ipc_lock);
		struct ipc_thread *it = p->t->ipc;
		bool there = it && it->state == state &&
			     p->t->state == THREAD_BLOCKED;

		spin_unlock_irqrestore(&ipc_lock, flags);
		if (there)
			return true;
		if (timer_ticks() >= end || p->t->state == THREAD_ZOMBIE)
			return false;
		sleep_ticks(1);
	}
}

static bool fastpath_was;

static void fastpath_set(bool on)
{
#ifdef CONFIG_IPC_FASTPATH
	WRITE_ONCE(ipc_fastpath_enabled, on);
#endif
}

static u64 fast_calls(void)
{
#ifdef CONFIG_IPC_FASTPATH
	return ipc_fastpath_count();
#else
	return 0;
#endif
}

/*
 * One echo server and @nclients clients with badges 1.., each making
 * @calls calls of every length (register-sized and long): the clients
 * check every answer themselves. *fast: the fastpath calls made.
 */
static void echo_run(struct ktest *t, int nclients, int calls, u64 *fast)
{
	enum { MAXC = 6 };
	static struct peer server, clients[MAXC];
	struct ipc_object *ep = ipc_object_create(IPC_ENDPOINT);
	u64 fast0 = fast_calls();
	int i;

	KT_ASSERT(t, ep && nclients <= MAXC);
	peer_init(&server, "echo-server", (long)nclients * calls, 0);
	peer_handle(&server, 0, ep, IPC_RIGHTS_ALL, 0);
	for (i = 0; i < nclients; i++) {
		peer_init(&clients[i], "client", calls, i + 1);
		peer_handle(&clients[i], 0, ep, IPC_RIGHT_SEND, (u64)i + 1);
	}
	KT_ASSERT(t, peer_start(&server));
	for (i = 0; i < nclients; i++)
		KT_ASSERT(t, peer_start(&clients[i]));
	for (i = 0; i < nclients; i++)
		KT_EXPECT_EQ(t, peer_join(&clients[i]), W_EXITCODE(0));
	KT_EXPECT_EQ(t, peer_join(&server), W_EXITCODE(0));
	*fast = fast_calls() - fast0;
	ipc_object_put(ep);
}

static void echo_case(struct ktest *t, int nclients, int calls)
{
	struct ktest_mem_snapshot mem;
	/* Calls with a register-sized message, both ways. */
	u64 reg = 0, fast = 0;

	for (int i = 0; i < calls; i++)
		reg += i % 7 != 6;
	/*
	 * A first run grows the kernel's caches to this many processes at
	 * once (their objects stay cached); the baseline is taken after it,
	 * so what the measured runs leave over is a leak.
	 */
	fastpath_set(false);
	echo_run(t, nclients, calls, &fast);
	ktest_mem_snapshot(&mem);
	echo_run(t, nclients, calls, &fast);
	ktest_log(t, "fastpath off: %llu fast calls", (unsigned long long)fast);
	KT_EXPECT_EQ(t, fast, 0);
	fastpath_set(true);
	echo_run(t, nclients, calls, &fast);
	ktest_log(t, "fastpath on: %llu fast calls of %llu register-sized",
		  (unsigned long long)fast, (unsigned long long)(reg * nclients));
#ifdef CONFIG_IPC_FASTPATH
	/*
	 * One client: its register-sized calls find the server waiting and
	 * the replies find no one queued, so both go fast. More clients
	 * queue up, and a reply then takes the slow path to the next.
	 */
	KT_EXPECT(t, nclients == 1 ? fast >= reg : fast > 0);
#endif
	fastpath_set(fastpath_was);
	ktest_expect_mem_baseline(t, &mem);
}

static void test_echo_one_client(struct ktest *t)
{
	echo_case(t, 1, 120);
}

static void test_echo_many_clients(struct ktest *t)
{
	echo_case(t, 5, 40);
}

/* A handle out with a call (grant right), another back with the reply. */
static void test_grant(struct ktest *t)
{
	static struct peer server, client;
	struct ktest_mem_snapshot mem;
	struct ipc_object *ep, *n;

	ktest_mem_snapshot(&mem);
	ep = ipc_object_create(IPC_ENDPOINT);
	n = ipc_object_create(IPC_NOTIFICATION);
	KT_ASSERT(t, ep && n);
	peer_init(&server, "grant-server", 0, 0);
	peer_handle(&server, 0, ep, IPC_RIGHTS_ALL, 0);
	peer_init(&client, "grant-client", 0, 0);
	peer_handle(&client, 0, ep, IPC_RIGHT_SEND | IPC_RIGHT_GRANT, 5);
	peer_handle(&client, 1, n, IPC_RIGHTS_ALL, 0);
	KT_ASSERT(t, peer_start(&server) && peer_start(&client));
	KT_EXPECT_EQ(t, peer_join(&client), W_EXITCODE(0));
	KT_EXPECT_EQ(t, peer_join(&server), W_EXITCODE(0));
	ipc_object_put(ep);
	ipc_object_put(n);
	ktest_expect_mem_baseline(t, &mem);
}

/* A server that took a call and went away: ECONNRESET for the caller. */
static void server_gone_case(struct ktest *t, const char *role, int status)
{
	static struct peer server, client;
	struct ipc_object *ep = ipc_object_create(IPC_ENDPOINT);

	KT_ASSERT(t, ep);
	peer_init(&server, role, 0, 0);
	peer_handle(&server, 0, ep, IPC_RIGHTS_ALL, 0);
	peer_init(&client, "expect-call", ECONNRESET, 0);
	peer_handle(&client, 0, ep, IPC_RIGHT_SEND, 1);
	KT_ASSERT(t, peer_start(&server) && peer_start(&client));
	KT_EXPECT_EQ(t, peer_join(&client), W_EXITCODE(0));
	KT_EXPECT_EQ(t, peer_join(&server), status);
	ipc_object_put(ep);
}

static void test_server_exits_before_reply(struct ktest *t)
{
	server_gone_case(t, "recv-exit", W_EXITCODE(0));
}

static void test_server_crashes_before_reply(struct ktest *t)
{
	server_gone_case(t, "recv-crash", SIGSEGV);
}

/*
 * Senders and a caller queued on an endpoint (no receiver) when the
 * server deletes it: all of them fail with EIDRM. The server waits for
 * the kernel's signal, given once all three are blocked.
 */
static void test_delete_wakes_queued(struct ktest *t)
{
	static struct peer server, c[3];
	struct ipc_object *ep = ipc_object_create(IPC_ENDPOINT);
	struct ipc_object *n = ipc_object_create(IPC_NOTIFICATION);
	static const char *const roles[3] = { "expect-send", "expect-send",
					      "expect-call" };
	int i;

	KT_ASSERT(t, ep && n);
	peer_init(&server, "wait-then-delete", 0, 0);
	peer_handle(&server, 0, ep, IPC_RIGHTS_ALL, 0);
	peer_handle(&server, 1, n, IPC_RIGHT_RECV, 0);
	for (i = 0; i < 3; i++) {
		peer_init(&c[i], roles[i], EIDRM, 0);
		peer_handle(&c[i], 0, ep, IPC_RIGHT_SEND, (u64)i + 1);
		KT_ASSERT(t, peer_start(&c[i]));
	}
	KT_ASSERT(t, peer_start(&server));
	KT_EXPECT(t, peer_blocked_in(&c[0], IPC_SENDING) &&
		     peer_blocked_in(&c[1], IPC_SENDING) &&
		     peer_blocked_in(&c[2], IPC_CALLING));
	KT_EXPECT(t, peer_blocked_in(&server, IPC_WAITING));
	KT_EXPECT_EQ(t, ipc_notification_signal(n, 1), 0);
	for (i = 0; i < 3; i++)
		KT_EXPECT_EQ(t, peer_join(&c[i]), W_EXITCODE(0));
	KT_EXPECT_EQ(t, peer_join(&server), W_EXITCODE(0));
	ipc_object_put(ep);
	ipc_object_put(n);
}

/*
 * Callers queued on an endpoint whose only receiving handle belongs to a
 * server that exits: EPIPE, nobody can receive any more.
 */
static void test_server_exit_wakes_callers(struct ktest *t)
{
	static struct peer server, c[2];
	struct ipc_object *ep = ipc_object_create(IPC_ENDPOINT);
	struct ipc_object *n = ipc_object_create(IPC_NOTIFICATION);
	int i;

	KT_ASSERT(t, ep && n);
	peer_init(&server, "wait-then-exit", 0, 0);
	peer_handle(&server, 0, ep, IPC_RIGHT_RECV, 0);
	peer_handle(&server, 1, n, IPC_RIGHT_RECV, 0);
	for (i = 0; i < 2; i++) {
		peer_init(&c[i], "expect-call", EPIPE, 0);
		peer_handle(&c[i], 0, ep, IPC_RIGHT_SEND, 1);
	}
	/* The kernel's own reference must not count as a receiver. */
	KT_ASSERT(t, peer_start(&server));
	KT_EXPECT(t, peer_blocked_in(&server, IPC_WAITING));
	ipc_object_put(ep);
	for (i = 0; i < 2; i++)
		KT_ASSERT(t, peer_start(&c[i]));
	KT_EXPECT(t, peer_blocked_in(&c[0], IPC_CALLING) &&
		     peer_blocked_in(&c[1], IPC_CALLING));
	KT_EXPECT_EQ(t, ipc_notification_signal(n, 1), 0);
	KT_EXPECT_EQ(t, peer_join(&server), W_EXITCODE(0));
	for (i = 0; i < 2; i++)
		KT_EXPECT_EQ(t, peer_join(&c[i]), W_EXITCODE(0));
	ipc_object_put(n);
}

/*
 * A receiver blocked through handle 0 when that handle is closed under
 * it: EBADF; and one blocked when the last handle that could send goes
 * away: EPIPE.
 */
static void test_close_wakes_receiver(struct ktest *t)
{
	static struct peer a, b;
	struct ipc_object *ep = ipc_object_create(IPC_ENDPOINT);
	struct ipc_object *ep2 = ipc_object_create(IPC_ENDPOINT);

	KT_ASSERT(t, ep && ep2);
	peer_init(&a, "expect-recv", EBADF, 0);
	peer_handle(&a, 0, ep, IPC_RIGHTS_ALL, 0);
	KT_ASSERT(t, peer_start(&a));
	KT_EXPECT(t, peer_blocked_in(&a, IPC_RECEIVING));
	KT_EXPECT_EQ(t, ipc_handle_close(a.t->proc, 0), 0);
	KT_EXPECT_EQ(t, peer_join(&a), W_EXITCODE(0));
	ipc_object_put(ep);

	peer_init(&b, "expect-recv", EPIPE, 0);
	peer_handle(&b, 0, ep2, IPC_RIGHT_RECV, 0);
	KT_ASSERT(t, peer_start(&b));
	KT_EXPECT(t, peer_blocked_in(&b, IPC_RECEIVING));
	ipc_object_put(ep2);
	KT_EXPECT_EQ(t, peer_join(&b), W_EXITCODE(0));
}

/*
 * A bound notification wakes a thread blocked in Recv on an endpoint
 * (IPC_NOTIFIED, the badge), then a call comes through as usual; and a
 * plain waiter gets the signal's badge.
 */
static void test_notifications_across(struct ktest *t)
{
	static struct peer server, client, waiter;
	struct ipc_object *ep = ipc_object_create(IPC_ENDPOINT);
	struct ipc_object *n = ipc_object_create(IPC_NOTIFICATION);
	struct ipc_object *n2 = ipc_object_create(IPC_NOTIFICATION);

	KT_ASSERT(t, ep && n && n2);
	peer_init(&server, "bound-server", 0x5, 0);
	peer_handle(&server, 0, ep, IPC_RIGHTS_ALL, 0);
	peer_handle(&server, 1, n, IPC_RIGHT_RECV, 0);
	KT_ASSERT(t, peer_start(&server));
	KT_EXPECT(t, peer_blocked_in(&server, IPC_RECEIVING));
	KT_EXPECT_EQ(t, ipc_notification_signal(n, 0x5), 0);
	peer_init(&client, "client", 1, 0);
	peer_handle(&client, 0, ep, IPC_RIGHT_SEND, 0);
	KT_ASSERT(t, peer_start(&client));
	KT_EXPECT_EQ(t, peer_join(&client), W_EXITCODE(0));
	KT_EXPECT_EQ(t, peer_join(&server), W_EXITCODE(0));

	peer_init(&waiter, "waiter", 0x30, 0);
	peer_handle(&waiter, 0, ep, IPC_RIGHT_SEND, 0);
	peer_handle(&waiter, 1, n2, IPC_RIGHT_RECV, 0);
	KT_ASSERT(t, peer_start(&waiter));
	KT_EXPECT(t, peer_blocked_in(&waiter, IPC_WAITING));
	KT_EXPECT_EQ(t, ipc_notification_signal(n2, 0x30), 0);
	KT_EXPECT_EQ(t, peer_join(&waiter), W_EXITCODE(0));
	ipc_object_put(ep);
	ipc_object_put(n);
	ipc_object_put(n2);
}

static int ipc_suite_init(struct ktest *t)
{
	struct file *f;

#ifdef CONFIG_IPC_FASTPATH
	fastpath_was = ipc_fastpath_enabled;
#endif
	f = vfs_open(vfs_kernel_fs(), NULL, "/bin/ipcpeer", O_RDONLY, 0);
	if (IS_ERR(f)) {
		ktest_skip(t, "no /bin/ipcpeer (CONFIG_USER_PROGRAMS)");
		return -1;
	}
	fput(f);
	return sched_running() ? 0 : -1;
}

static struct ktest_case ipc_cases[] = {
	KTEST_CASE(test_echo_one_client),
	KTEST_CASE(test_echo_many_clients),
	KTEST_CASE(test_grant),
	KTEST_CASE(test_server_exits_before_reply),
	KTEST_CASE(test_server_crashes_before_reply),
	KTEST_CASE(test_delete_wakes_queued),
	KTEST_CASE(test_server_exit_wakes_callers),
	KTEST_CASE(test_close_wakes_receiver),
	KTEST_CASE(test_notifications_across),
	{}
};
KTEST_SUITE_FULL(ipc, ipc_cases, ipc_suite_init, NULL, 0);
