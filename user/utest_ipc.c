// SPDX-License-Identifier: GPL-2.0
/*
 * Mosaic's IPC from user space (Documentation/ipc.md): handles, rights
 * and badges, every error a call can give without a partner, the
 * non-blocking calls, notifications signalled and waited on by the same
 * thread, a bound notification, deletion, the table limit, the waits
 * that must fail at once because no partner can ever come; then with
 * fork and threads: a server with many forked clients (handles and the
 * IPC buffer inherited), a forked server that crashes before replying,
 * two threads of one process, exit_group with a thread blocked in a
 * receive, signals ending waits, and random calls from several
 * processes at once. The kernel's `ipc` suite (kernel/ipc/) adds the cases the
 * kernel must arrange (a handle closed under a waiter, fastpath counts).
 *
 * Linux has no Mosaic IPC, so this suite is not in usertests-y (which
 * `make linux-user-test` also runs on Linux): kernel/user_programs_ktest.c
 * runs it as a case of its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ktap.h"
#include "mosaic_ipc.h"

#define PAGE 4096UL

static bool fails(long r, int e)
{
	return r == -1 && errno == e;
}

static struct ipc_msg msg(unsigned int label, unsigned int len)
{
	struct ipc_msg m = { .info = IPC_INFO(label, len) };

	for (int i = 0; i < IPC_MSG_REG_WORDS; i++)
		m.mr[i] = 0x1000 + (unsigned int)i;
	return m;
}

static bool is_handle(int h, unsigned int kind, unsigned int rights,
		      unsigned long long badge)
{
	struct ipc_handle_info hi;

	return h >= 0 && ipc_identify(h, &hi) == 0 && hi.kind == kind &&
	       hi.rights == rights && hi.badge == badge;
}

static void test_create(void)
{
	int ep = ipc_create(IPC_ENDPOINT), n = ipc_create(IPC_NOTIFICATION);

	KTAP_EXPECT("create_endpoint",
		    is_handle(ep, IPC_ENDPOINT, IPC_RIGHTS_ALL, 0));
	KTAP_EXPECT("create_notification",
		    is_handle(n, IPC_NOTIFICATION, IPC_RIGHTS_ALL, 0));
	/* The lowest free handle, as file descriptors. */
	KTAP_EXPECT("create_lowest_free",
		    ipc_close(ep) == 0 && ipc_create(IPC_ENDPOINT) == ep);
	KTAP_EXPECT("create_bad_kind", fails(ipc_create(0), EINVAL) &&
					       fails(ipc_create(3), EINVAL));
	KTAP_EXPECT("create_bad_flags",
		    fails(ipc_sys3(__NR_ipc_create, IPC_ENDPOINT, 1, 0),
			  EINVAL));
	ipc_close(ep);
	ipc_close(n);
}

static void test_handles(void)
{
	int ep = ipc_create(IPC_ENDPOINT);
	struct ipc_handle_info hi;
	int send_only = ipc_mint(ep, IPC_RIGHT_SEND, 7);

	KTAP_EXPECT("mint_fewer_rights_badge",
		    is_handle(send_only, IPC_ENDPOINT, IPC_RIGHT_SEND, 7));
	KTAP_EXPECT("mint_more_rights_eperm",
		    fails(ipc_mint(send_only, IPC_RIGHT_RECV, 0), EPERM));
	KTAP_EXPECT("mint_unknown_rights_einval",
		    fails(ipc_mint(ep, 0x8, 0), EINVAL));
	/* A badge is set once: a badged handle keeps it. */
	KTAP_EXPECT("mint_rebadge_eperm",
		    fails(ipc_mint(send_only, IPC_RIGHT_SEND, 8), EPERM));
	KTAP_EXPECT("mint_keeps_badge",
		    is_handle(ipc_mint(send_only, IPC_RIGHT_SEND, 0),
			      IPC_ENDPOINT, IPC_RIGHT_SEND, 7));
	KTAP_EXPECT("identify_efault",
		    fails(ipc_identify(ep, NULL), EFAULT) &&
		    fails(ipc_identify(ep, (void *)0xffffffff81000000UL),
			  EFAULT));
	KTAP_EXPECT("bad_handles_ebadf",
		    fails(ipc_identify(-1, &hi), EBADF) &&
		    fails(ipc_identify(IPC_HANDLE_MAX, &hi), EBADF) &&
		    fails(ipc_identify(99999, &hi), EBADF) &&
		    fails(ipc_close(-5), EBADF) &&
		    fails(ipc_mint(123, IPC_RIGHT_SEND, 0), EBADF));
	KTAP_EXPECT("close_twice_ebadf",
		    ipc_close(send_only) == 0 &&
		    fails(ipc_close(send_only), EBADF) &&
		    fails(ipc_identify(send_only, &hi), EBADF));
	for (int h = 0; h < 8; h++)
		ipc_close(h);
}

/* Every messaging call on a handle not held, or of the wrong kind. */
static void test_wrong_handles(void)
{
	int ep = ipc_create(IPC_ENDPOINT), n = ipc_create(IPC_NOTIFICATION);
	unsigned long long w;
	struct ipc_msg m = msg(1, 1);
	bool ok = true;
	const int bad[] = { -1, 77, IPC_HANDLE_MAX, 1 << 30 };

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok &= fails(ipc_send(bad[i], &m), EBADF) &&
		      fails(ipc_nbsend(bad[i], &m), EBADF) &&
		      fails(ipc_call(bad[i], &m), EBADF) &&
		      fails(ipc_recv(bad[i], &m), EBADF) &&
		      fails(ipc_nbrecv(bad[i], &m), EBADF) &&
		      fails(ipc_reply_recv(bad[i], &m), EBADF) &&
		      fails(ipc_signal(bad[i]), EBADF) &&
		      fails(ipc_wait(bad[i], &w), EBADF) &&
		      fails(ipc_poll(bad[i], &w), EBADF) &&
		      fails(ipc_bind(bad[i] == -1 ? -2 : bad[i]), EBADF) &&
		      fails(ipc_delete(bad[i]), EBADF);
	KTAP_EXPECT("unheld_handles_ebadf", ok);
	KTAP_EXPECT("endpoint_calls_on_notification_einval",
		    fails(ipc_nbsend(n, &m), EINVAL) &&
		    fails(ipc_nbrecv(n, &m), EINVAL) &&
		    fails(ipc_call(n, &m), EINVAL) &&
		    fails(ipc_reply_recv(n, &m), EINVAL));
	KTAP_EXPECT("notification_calls_on_endpoint_einval",
		    fails(ipc_signal(ep), EINVAL) &&
		    fails(ipc_wait(ep, &w), EINVAL) &&
		    fails(ipc_poll(ep, &w), EINVAL) &&
		    fails(ipc_bind(ep), EINVAL));
	/* The registers are left alone by a failed call. */
	KTAP_EXPECT("failed_call_keeps_registers",
		    m.info == IPC_INFO(1, 1) && m.mr[0] == 0x1000 &&
		    m.mr[3] == 0x1003);
	ipc_close(ep);
	ipc_close(n);
}

static void test_rights(void)
{
	int ep = ipc_create(IPC_ENDPOINT), n = ipc_create(IPC_NOTIFICATION);
	int ep_send = ipc_mint(ep, IPC_RIGHT_SEND, 0);
	int ep_recv = ipc_mint(ep, IPC_RIGHT_RECV, 0);
	int n_send = ipc_mint(n, IPC_RIGHT_SEND, 1);
	int n_recv = ipc_mint(n, IPC_RIGHT_RECV, 0);
	struct ipc_msg m = msg(1, 1);
	unsigned long long w;

	KTAP_EXPECT("send_needs_send_right",
		    fails(ipc_nbsend(ep_recv, &m), EPERM) &&
		    fails(ipc_send(ep_recv, &m), EPERM) &&
		    fails(ipc_call(ep_recv, &m), EPERM));
	KTAP_EXPECT("recv_needs_recv_right",
		    fails(ipc_nbrecv(ep_send, &m), EPERM) &&
		    fails(ipc_recv(ep_send, &m), EPERM) &&
		    fails(ipc_reply_recv(ep_send, &m), EPERM));
	KTAP_EXPECT("signal_needs_send_right",
		    fails(ipc_signal(n_recv), EPERM));
	KTAP_EXPECT("wait_poll_bind_need_recv_right",
		    fails(ipc_wait(n_send, &w), EPERM) &&
		    fails(ipc_poll(n_send, &w), EPERM) &&
		    fails(ipc_bind(n_send), EPERM));
	KTAP_EXPECT("delete_needs_recv_right",
		    fails(ipc_delete(ep_send), EPERM) &&
		    fails(ipc_delete(n_send), EPERM));
	/* Passing a handle needs the grant right on the endpoint used. */
	m.info = IPC_INFO_WITH_HANDLE(IPC_INFO(1, 0), n);
	KTAP_EXPECT("pass_handle_needs_grant",
		    fails(ipc_nbsend(ep_send, &m), EPERM));
	m.info = IPC_INFO_WITH_HANDLE(IPC_INFO(1, 0), 500);
	KTAP_EXPECT("pass_unheld_handle_ebadf",
		    fails(ipc_nbsend(ep, &m), EBADF));
	for (int h = 0; h < 8; h++)
		ipc_close(h);
}

/* With nobody on the other side: EAGAIN, or nothing owed. */
static void test_nonblocking(void)
{
	int ep = ipc_create(IPC_ENDPOINT);
	struct ipc_msg m = msg(5, 2);

	KTAP_EXPECT("nbsend_no_receiver_eagain",
		    fails(ipc_nbsend(ep, &m), EAGAIN));
	KTAP_EXPECT("nbrecv_no_sender_eagain",
		    fails(ipc_nbrecv(ep, &m), EAGAIN));
	KTAP_EXPECT("reply_owed_none_epipe", fails(ipc_reply(&m), EPIPE));
	ipc_close(ep);
}

/* Bad info words and lengths, checked before anything happens. */
static void test_message_checks(void)
{
	int ep = ipc_create(IPC_ENDPOINT);
	struct ipc_msg m = msg(1, 0);

	m.info = IPC_INFO(1, 1) | IPC_INFO_TRUNCATED;
	KTAP_EXPECT("info_kernel_bits_einval",
		    fails(ipc_nbsend(ep, &m), EINVAL));
	m.info = IPC_INFO(1, 1) | (3ULL << IPC_INFO_HANDLE_SHIFT);
	KTAP_EXPECT("info_handle_without_flag_einval",
		    fails(ipc_nbsend(ep, &m), EINVAL));
	m.info = IPC_INFO(1, IPC_MSG_MAX_WORDS + 1);
	KTAP_EXPECT("info_too_long_emsgsize",
		    fails(ipc_nbsend(ep, &m), EMSGSIZE) &&
		    fails(ipc_call(ep, &m), EMSGSIZE));
	m.info = IPC_INFO(1, IPC_MSG_REG_WORDS + 1);
	KTAP_EXPECT("long_message_needs_buffer_enobufs",
		    fails(ipc_nbsend(ep, &m), ENOBUFS));
	ipc_close(ep);
}

static void test_buffer(void)
{
	int ep = ipc_create(IPC_ENDPOINT);
	struct ipc_msg m = msg(1, IPC_MSG_MAX_WORDS);
	struct ipc_buffer *buf;
	char *two = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	KTAP_EXPECT("set_buffer_unaligned_einval",
		    fails(ipc_set_buffer((void *)(two + 8)), EINVAL));
	KTAP_EXPECT("set_buffer_kernel_efault",
		    fails(ipc_set_buffer((void *)0xffffffff81000000UL),
			  EFAULT) &&
		    fails(ipc_set_buffer((void *)0x00007ffffffff000UL),
			  EFAULT));
	buf = ipc_buffer_setup();
	KTAP_EXPECT("set_buffer", buf != NULL);
	/* The long message is read before the rendezvous: EAGAIN now. */
	KTAP_EXPECT("long_message_with_buffer",
		    fails(ipc_nbsend(ep, &m), EAGAIN));
	/* An unmapped buffer page: the copy fails, nothing is sent. */
	munmap(two, 2 * PAGE);
	KTAP_EXPECT("buffer_unmapped_efault",
		    ipc_set_buffer((void *)two) == 0 &&
		    fails(ipc_nbsend(ep, &m), EFAULT));
	KTAP_EXPECT("set_buffer_none",
		    ipc_set_buffer(NULL) == 0 &&
		    fails(ipc_nbsend(ep, &m), ENOBUFS));
	munmap(buf, PAGE);
	ipc_close(ep);
}

static void test_notifications(void)
{
	int n = ipc_create(IPC_NOTIFICATION);
	int b1 = ipc_mint(n, IPC_RIGHT_SEND, 1), b2 = ipc_mint(n, IPC_RIGHT_SEND, 2);
	int b4 = ipc_mint(n, IPC_RIGHT_SEND, 4);
	unsigned long long w = 99;

	KTAP_EXPECT("poll_nothing_eagain", fails(ipc_poll(n, &w), EAGAIN));
	KTAP_EXPECT("signals_or_badges",
		    ipc_signal(b1) == 0 && ipc_signal(b4) == 0 &&
		    ipc_signal(b1) == 0 && ipc_poll(n, &w) == 0 && w == 5);
	KTAP_EXPECT("poll_clears", fails(ipc_poll(n, &w), EAGAIN));
	KTAP_EXPECT("wait_pending_returns_at_once",
		    ipc_signal(b2) == 0 && ipc_wait(n, &w) == 0 && w == 2);
	/* An unbadged handle signals too: the word stays 0. */
	KTAP_EXPECT("unbadged_signal_pending",
		    ipc_signal(n) == 0 && ipc_wait(n, &w) == 0 && w == 0 &&
		    fails(ipc_poll(n, &w), EAGAIN));
	for (int h = 0; h < 8; h++)
		ipc_close(h);
}

static void test_bound_notification(void)
{
	int ep = ipc_create(IPC_ENDPOINT), n = ipc_create(IPC_NOTIFICATION);
	int n2 = ipc_create(IPC_NOTIFICATION);
	int sig = ipc_mint(n, IPC_RIGHT_SEND, 0x40);
	struct ipc_msg m = msg(0, 0);
	unsigned long long w;

	KTAP_EXPECT("unbind_none_einval", fails(ipc_bind(IPC_UNBIND), EINVAL));
	KTAP_EXPECT("bind", ipc_bind(n) == 0);
	KTAP_EXPECT("bind_twice_ebusy",
		    fails(ipc_bind(n), EBUSY) && fails(ipc_bind(n2), EBUSY));
	KTAP_EXPECT("recv_gets_bound_signal",
		    ipc_signal(sig) == 0 && ipc_nbrecv(ep, &m) == IPC_NOTIFIED &&
		    m.badge == 0x40 && m.info == 0 &&
		    fails(ipc_nbrecv(ep, &m), EAGAIN));
	KTAP_EXPECT("unbind_then_signal_stays",
		    ipc_bind(IPC_UNBIND) == 0 && ipc_signal(sig) == 0 &&
		    fails(ipc_nbrecv(ep, &m), EAGAIN) &&
		    ipc_poll(n, &w) == 0 && w == 0x40);
	/* Closing the last handle unbinds: the thread may bind again. */
	KTAP_EXPECT("close_unbinds",
		    ipc_bind(n2) == 0 && ipc_close(n2) == 0 &&
		    ipc_bind(n) == 0 && ipc_bind(IPC_UNBIND) == 0);
	for (int h = 0; h < 8; h++)
		ipc_close(h);
}

static void test_delete(void)
{
	int ep = ipc_create(IPC_ENDPOINT), n = ipc_create(IPC_NOTIFICATION);
	int ep2 = ipc_mint(ep, IPC_RIGHT_SEND, 3);
	struct ipc_msg m = msg(1, 1);
	struct ipc_handle_info hi;
	unsigned long long w;

	KTAP_EXPECT("delete_endpoint", ipc_delete(ep) == 0);
	KTAP_EXPECT("deleted_endpoint_eidrm",
		    fails(ipc_nbsend(ep2, &m), EIDRM) &&
		    fails(ipc_send(ep2, &m), EIDRM) &&
		    fails(ipc_nbrecv(ep, &m), EIDRM) &&
		    fails(ipc_recv(ep, &m), EIDRM) &&
		    fails(ipc_identify(ep2, &hi), EIDRM) &&
		    fails(ipc_delete(ep), EIDRM));
	KTAP_EXPECT("deleted_handles_close",
		    ipc_close(ep2) == 0 && ipc_close(ep) == 0);
	KTAP_EXPECT("delete_notification",
		    ipc_bind(n) == 0 && ipc_delete(n) == 0 &&
		    fails(ipc_signal(n), EIDRM) && fails(ipc_wait(n, &w), EIDRM) &&
		    fails(ipc_bind(IPC_UNBIND), EINVAL));
	ipc_close(n);
}

/*
 * A wait for a partner that can never come fails at once: no handle
 * left with the right the other side needs (EPIPE, as a pipe).
 */
static void test_no_partner(void)
{
	int ep = ipc_create(IPC_ENDPOINT), n = ipc_create(IPC_NOTIFICATION);
	int send_only = ipc_mint(ep, IPC_RIGHT_SEND, 0);
	int recv_only = ipc_mint(ep, IPC_RIGHT_RECV, 0);
	int wait_only = ipc_mint(n, IPC_RIGHT_RECV, 0);
	struct ipc_msg m = msg(1, 1);
	unsigned long long w;

	ipc_close(ep);
	ipc_close(n);
	/* send_only and recv_only remain: both sides still possible. */
	KTAP_EXPECT("partner_possible_eagain",
		    fails(ipc_nbsend(send_only, &m), EAGAIN) &&
		    fails(ipc_nbrecv(recv_only, &m), EAGAIN));
	ipc_close(recv_only);
	KTAP_EXPECT("send_without_receivers_epipe",
		    fails(ipc_send(send_only, &m), EPIPE) &&
		    fails(ipc_call(send_only, &m), EPIPE) &&
		    fails(ipc_nbsend(send_only, &m), EPIPE));
	KTAP_EXPECT("wait_without_signallers_epipe",
		    fails(ipc_wait(wait_only, &w), EPIPE) &&
		    fails(ipc_poll(wait_only, &w), EAGAIN));
	ipc_close(send_only);
	ipc_close(wait_only);
	ep = ipc_create(IPC_ENDPOINT);
	recv_only = ipc_mint(ep, IPC_RIGHT_RECV, 0);
	ipc_close(ep);
	KTAP_EXPECT("recv_without_senders_epipe",
		    fails(ipc_recv(recv_only, &m), EPIPE) &&
		    fails(ipc_reply_recv(recv_only, &m), EPIPE));
	ipc_close(recv_only);
}

static void test_table_full(void)
{
	int n = 0, last = -1;
	bool ok = true;

	for (int h = 0; h < 64; h++)
		ipc_close(h);
	while ((last = ipc_create(IPC_NOTIFICATION)) >= 0)
		ok &= last == n++;
	KTAP_EXPECT("table_full_emfile",
		    ok && n == IPC_HANDLE_MAX && errno == EMFILE &&
		    fails(ipc_mint(0, IPC_RIGHT_SEND, 1), EMFILE));
	for (int h = 0; h < n; h++)
		ok &= ipc_close(h) == 0;
	KTAP_EXPECT("table_emptied", ok && ipc_create(IPC_ENDPOINT) == 0);
	ipc_close(0);
}

/*
 * waitpid with a bound: a child stuck in IPC (a bug) fails the test
 * instead of hanging it. The status, or -1.
 */
static long long monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * A bound in time, not in polls: a child stuck in a blocking call ends
 * by its 2 s alarm, and how many polls 2 s holds depends on the host.
 */
#define REAP_TIMEOUT_MS 20000

static int reap_within(pid_t pid)
{
	long long end = monotonic_ms() + REAP_TIMEOUT_MS;
	int status;

	do {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		if (r < 0)
			return -1;
		sched_yield();
	} while (monotonic_ms() < end);
	kill(pid, SIGKILL);
	return -1;
}

#define NCLIENTS 6
#define NCALLS 40

static unsigned long long fork_word(int client, int call, unsigned int w)
{
	return ((unsigned long long)client << 40) + (unsigned long long)call * 1000 + w;
}

/* A forked client: every length, some long through the inherited buffer. */
static int fork_client(int h, int id, struct ipc_buffer *buf)
{
	unsigned long long badge = 100 + (unsigned int)id;

	for (int j = 0; j < NCALLS; j++) {
		unsigned int len = j % 9 == 8 ? 64 : (unsigned int)j % 5;
		struct ipc_msg m = { .info = IPC_INFO(j, len) };

		for (unsigned int w = 0; w < len; w++) {
			if (w < IPC_MSG_REG_WORDS)
				m.mr[w] = fork_word(id, j, w);
			else
				buf->msg[w] = fork_word(id, j, w);
		}
		if (ipc_call(h, &m) || m.info != IPC_INFO(j + 1, len))
			return 1;
		for (unsigned int w = 0; w < len; w++) {
			unsigned long long got = w < IPC_MSG_REG_WORDS ?
							 m.mr[w] :
							 buf->msg[w];

			if (got != fork_word(id, j, w) + badge)
				return 2;
		}
	}
	return 0;
}

/*
 * One server, NCLIENTS forked clients with badged handles minted before
 * the fork. The server keeps only a receiving handle, so when the last
 * client is gone its receive fails with EPIPE instead of hanging.
 */
static void test_fork_clients(void)
{
	struct ipc_buffer *buf = ipc_buffer_setup();
	int ep = ipc_create(IPC_ENDPOINT), srv, h[NCLIENTS];
	int seen[NCLIENTS] = { 0 }, served = 0, bad = 0, r;
	pid_t pid[NCLIENTS];
	struct ipc_msg m = { 0 };
	bool ok = buf && ep >= 0;

	for (int i = 0; i < NCLIENTS; i++)
		h[i] = ipc_mint(ep, IPC_RIGHT_SEND, 100 + (unsigned int)i);
	srv = ipc_mint(ep, IPC_RIGHT_RECV, 0);
	for (int i = 0; i < NCLIENTS; i++) {
		pid[i] = fork();
		if (pid[i] == 0)
			_exit(fork_client(h[i], i, buf));
		ok &= pid[i] > 0;
	}
	ipc_close(ep);
	for (int i = 0; i < NCLIENTS; i++)
		ipc_close(h[i]);
	r = ipc_recv(srv, &m);
	while (r == 0) {
		unsigned int len = IPC_INFO_LEN(m.info);
		int id = (int)m.badge - 100;

		if (id < 0 || id >= NCLIENTS) {
			bad++;
			break;
		}
		seen[id]++;
		served++;
		for (unsigned int w = 0; w < len; w++) {
			if (w < IPC_MSG_REG_WORDS)
				m.mr[w] += m.badge;
			else
				buf->msg[w] += m.badge;
		}
		m.info = IPC_INFO(IPC_INFO_LABEL(m.info) + 1, len);
		r = ipc_reply_recv(srv, &m);
	}
	KTAP_EXPECT("fork_server_sees_epipe_when_clients_gone",
		    r == -1 && errno == EPIPE);
	for (int i = 0; i < NCLIENTS; i++)
		ok &= pid[i] > 0 && reap_within(pid[i]) == 0 &&
		      seen[i] == NCALLS;
	KTAP_EXPECT("fork_many_clients",
		    ok && !bad && served == NCLIENTS * NCALLS);
	ipc_close(srv);
}

/* A forked server takes the call and crashes: ECONNRESET here. */
static void test_fork_server_crash(void)
{
	int ep = ipc_create(IPC_ENDPOINT);
	struct ipc_msg m = { .info = IPC_INFO(1, 1) };
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		if (ipc_recv(ep, &m) == 0)
			*(volatile int *)(uintptr_t)m.mr[0] = 1;
		_exit(3);
	}
	m.mr[0] = 0;
	KTAP_EXPECT("fork_server_crash_econnreset",
		    pid > 0 && fails(ipc_call(ep, &m), ECONNRESET));
	status = pid > 0 ? reap_within(pid) : -1;
	KTAP_EXPECT("fork_server_crash_sigsegv",
		    status >= 0 && WIFSIGNALED(status) &&
		    WTERMSIG(status) == SIGSEGV);
	ipc_close(ep);
}

static char thread_stack[16384] __attribute__((aligned(16)));
static volatile int thread_state;
static int thread_ep;

/* The other thread of the process: ten calls to the main thread. */
static int caller_thread(void *arg)
{
	int bad = 0;

	for (unsigned long long i = 0; i < 10; i++) {
		struct ipc_msg m = { .info = IPC_INFO(i, 2), .mr = { i, ~i } };

		if (ipc_call(thread_ep, &m) || m.mr[0] != i + 1 ||
		    m.mr[1] != ~i + 1)
			bad++;
	}
	thread_state = bad ? 2 : 1;
	syscall(SYS_exit, 0);
	return 0;
}

static pid_t start_thread(int (*fn)(void *))
{
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
		    CLONE_THREAD | CLONE_SYSVSEM;

	return clone(fn, thread_stack + sizeof(thread_stack), flags, NULL);
}

/* Two threads of one process share its handles and talk over them. */
static void test_threads(void)
{
	struct ipc_msg m = { 0 };
	int served = 0, r;

	thread_ep = ipc_create(IPC_ENDPOINT);
	thread_state = 0;
	if (start_thread(caller_thread) < 0) {
		KTAP_EXPECT("threads_call_each_other", false);
		return;
	}
	r = ipc_recv(thread_ep, &m);
	while (r == 0) {
		m.mr[0]++;
		m.mr[1]++;
		if (++served == 10) {
			r = ipc_reply(&m);
			break;
		}
		r = ipc_reply_recv(thread_ep, &m);
	}
	for (long i = 0; !thread_state && i < 1000000; i++)
		sched_yield();
	KTAP_EXPECT("threads_call_each_other",
		    r == 0 && served == 10 && thread_state == 1);
	ipc_close(thread_ep);
}

static int receiver_thread(void *arg)
{
	struct ipc_msg m = { 0 };

	thread_state = 1;
	ipc_recv(thread_ep, &m);
	/* Only EINTR gets here; the return to user mode then exits. */
	thread_state = 2;
	syscall(SYS_exit, 0);
	return 0;
}

/*
 * exit_group while another thread waits in a receive that nothing will
 * satisfy (the process holds a sending handle itself): the waiting
 * thread is interrupted, and the process ends.
 */
static void test_exit_with_blocked_thread(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		thread_ep = ipc_create(IPC_ENDPOINT);
		thread_state = 0;
		if (start_thread(receiver_thread) < 0)
			_exit(1);
		while (!thread_state)
			sched_yield();
		for (int i = 0; i < 1000; i++)
			sched_yield();
		exit(0);
	}
	status = pid > 0 ? reap_within(pid) : -1;
	KTAP_EXPECT("exit_group_interrupts_blocked_thread",
		    status >= 0 && WIFEXITED(status) &&
		    WEXITSTATUS(status) == 0);
}

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	got_usr1 = 1;
}

static void catch_usr1(int flags)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
}

/* Give a child time to block in its call: it runs while we yield. */
/*
 * Until @pid sleeps (its /proc/<pid>/stat state is S), at most 2 s: a
 * signal meant for a blocked receive must not come before it. Yielding
 * a fixed number of times was not enough under EEVDF, which may keep
 * running the yielding parent while the child's lag is negative.
 */
static bool wait_blocked(pid_t pid)
{
	char path[32], buf[256];

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	for (int i = 0; i < 2000; i++) {
		FILE *f = fopen(path, "r");
		char *paren = NULL;

		if (f) {
			size_t n = fread(buf, 1, sizeof(buf) - 1, f);

			fclose(f);
			buf[n] = '\0';
			paren = strrchr(buf, ')');
		}
		if (paren && paren[1] == ' ' && paren[2] == 'S')
			return true;
		usleep(1000);
	}
	return false;
}

/*
 * Signals end IPC waits: a receive fails with EINTR after a handler, or
 * is restarted with SA_RESTART; a call whose message was delivered fails
 * with EINTR even so, and the server's reply then finds nobody (EPIPE).
 */
static void test_signals(void)
{
	int ep = ipc_create(IPC_ENDPOINT);
	struct ipc_msg m = { .info = IPC_INFO(7, 1), .mr = { 77 } };
	pid_t pid;
	int r;

	pid = fork();
	if (pid == 0) {
		catch_usr1(0);
		r = ipc_recv(ep, &m);
		_exit(r == -1 && errno == EINTR && got_usr1 ? 0 : 1);
	}
	KTAP_EXPECT("signal_interrupts_recv",
		    pid > 0 && wait_blocked(pid) && kill(pid, SIGUSR1) == 0 &&
		    reap_within(pid) == 0);

	pid = fork();
	if (pid == 0) {
		catch_usr1(SA_RESTART);
		r = ipc_recv(ep, &m);
		_exit(!r && got_usr1 && m.info == IPC_INFO(7, 1) &&
		      m.mr[0] == 77 ? 0 : 1);
	}
	/* The send waits for the restarted receive. */
	KTAP_EXPECT("signal_restarts_recv",
		    pid > 0 && wait_blocked(pid) && kill(pid, SIGUSR1) == 0 &&
		    ipc_send(ep, &m) == 0 && reap_within(pid) == 0);

	pid = fork();
	if (pid == 0) {
		catch_usr1(SA_RESTART);
		r = ipc_call(ep, &m);
		_exit(r == -1 && errno == EINTR && got_usr1 ? 0 : 1);
	}
	r = pid > 0 ? ipc_recv(ep, &m) : -1;
	/* The caller gives up (EINTR, exit 0): the reply finds nobody. */
	KTAP_EXPECT("signal_interrupts_delivered_call",
		    r == 0 && kill(pid, SIGUSR1) == 0 && reap_within(pid) == 0 &&
		    fails(ipc_reply(&m), EPIPE));
	ipc_close(ep);
}

/* ------------------------------------------------------------ fuzz */

#define FUZZ_CHILDREN 4
#define FUZZ_CALLS 3000

static unsigned long long fuzz_state;

static unsigned long long rnd(void)
{
	/* xorshift64*: the same calls for the same seed. */
	fuzz_state ^= fuzz_state >> 12;
	fuzz_state ^= fuzz_state << 25;
	fuzz_state ^= fuzz_state >> 27;
	return fuzz_state * 0x2545f4914f6cdd1dULL;
}

/* A handle, held or not, or something that is no handle at all. */
static long fuzz_handle(void)
{
	static const long odd[] = { -1, -2, IPC_HANDLE_MAX, 1L << 31,
				    0x7fffffff, 1L << 40 };

	return rnd() % 8 ? (long)(rnd() % 12) : odd[rnd() % 6];
}

static unsigned long long fuzz_word(char *page)
{
	switch (rnd() % 6) {
	case 0:
		return rnd();
	case 1:
		return (unsigned long long)(uintptr_t)(page + rnd() % PAGE);
	case 2:
		return 0xffffffff81000000ULL;
	case 3:
		return rnd() % 16;
	default:
		return IPC_INFO(rnd() % 4, rnd() % 520) |
		       (rnd() % 4 ? 0 : IPC_INFO_WITH_HANDLE(0, rnd() % 12));
	}
}

/*
 * Random calls, mostly non-blocking, on handles shared with the other
 * children: messages, handles and signals really move between them. A
 * child stuck in a blocking call is ended by its alarm.
 */
static void fuzz_child(unsigned long long seed, char *page)
{
	static const long blocking[] = { __NR_ipc_send, __NR_ipc_recv,
					 __NR_ipc_call, __NR_ipc_reply_recv,
					 __NR_ipc_wait };

	fuzz_state = seed;
	alarm(2);
	for (int i = 0; i < FUZZ_CALLS; i++) {
		struct ipc_msg m = { .info = fuzz_word(page) };
		long nr = 1000 + (long)(rnd() % 24);

		for (int w = 0; w < IPC_MSG_REG_WORDS; w++)
			m.mr[w] = fuzz_word(page);
		if (nr == __NR_ipc_set_buffer && rnd() % 2)
			ipc_set_buffer((struct ipc_buffer *)page);
		else if (nr == __NR_ipc_create || nr == __NR_ipc_mint ||
			 nr == __NR_ipc_identify || nr == __NR_ipc_close ||
			 nr == __NR_ipc_delete || nr == __NR_ipc_bind ||
			 nr == __NR_ipc_set_buffer || nr > __NR_ipc_set_buffer)
			ipc_sys3(nr, fuzz_handle(), (long)fuzz_word(page),
				 (long)fuzz_word(page));
		else if (rnd() % 50 == 0)
			ipc_raw(blocking[rnd() % 5], fuzz_handle(), &m);
		else
			ipc_raw(rnd() % 2 ? __NR_ipc_nbsend : __NR_ipc_nbrecv,
				fuzz_handle(), &m);
	}
	_exit(0);
}

/*
 * The kernel lives through random IPC calls from several processes at
 * once, every child ends (normally, by its alarm, or by what it did to
 * itself), and IPC still works afterwards; the user suite's case then
 * checks that every frame came back.
 */
static void test_fuzz(void)
{
	int ep = ipc_create(IPC_ENDPOINT), n = ipc_create(IPC_NOTIFICATION);
	pid_t pid[FUZZ_CHILDREN];
	int finished = 0, signalled = 0;
	bool ended = true;

	ipc_mint(ep, IPC_RIGHT_SEND | IPC_RIGHT_GRANT, 5);
	ipc_mint(n, IPC_RIGHT_SEND, 9);
	for (int i = 0; i < FUZZ_CHILDREN; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			char *page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
					  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			fuzz_child(0x1234567ULL * (unsigned long long)(i + 1),
				   page == MAP_FAILED ? NULL : page);
		}
	}
	for (int i = 0; i < FUZZ_CHILDREN; i++) {
		int status = pid[i] > 0 ? reap_within(pid[i]) : -1;

		ended &= status >= 0 && (WIFSIGNALED(status) ||
					 (WIFEXITED(status) &&
					  WEXITSTATUS(status) == 0));
		finished += status >= 0 && WIFEXITED(status);
		signalled += status >= 0 && WIFSIGNALED(status);
	}
	ktap_diag("fuzz: %d children made all %d calls, %d ended by a signal",
		  finished, FUZZ_CALLS, signalled);
	for (int h = 0; h < 16; h++)
		ipc_close(h);
	KTAP_EXPECT("fuzz_children_end", ended);
	ep = ipc_create(IPC_ENDPOINT);
	KTAP_EXPECT("fuzz_ipc_still_works",
		    ep == 0 && fails(ipc_nbsend(ep, &(struct ipc_msg){ 0 }),
				     EAGAIN) && ipc_close(ep) == 0);
}

#define NR_TESTS 69

int main(int argc, char **argv)
{
	bool nested = argc > 1 && !strcmp(argv[1], "--nested");

	ktap_start("ipc", NR_TESTS, nested);
	test_create();
	test_handles();
	test_wrong_handles();
	test_rights();
	test_nonblocking();
	test_message_checks();
	test_buffer();
	test_notifications();
	test_bound_notification();
	test_delete();
	test_no_partner();
	test_table_full();
	test_fork_clients();
	test_fork_server_crash();
	test_threads();
	test_exit_with_blocked_thread();
	test_signals();
	test_fuzz();
	return ktap_finish();
}
