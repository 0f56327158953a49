// SPDX-License-Identifier: GPL-2.0
/*
 * One side of a two-process IPC test, started by the kernel's `ipc` suite
 * (kernel/ipc/ipc_ktest.c) with its handles already in place: handle 0
 * an endpoint, handle 1 a notification, as the case says. The role is
 * argv[1]; the exit status is 0 when everything went as the role
 * expects, else a small number naming the first check that failed.
 *
 *	echo-server N		answer N calls: word i + badge, label + 1
 *	client N BADGE		N calls of every length 0..4 and some long
 *	grant-server		receive a handle, answer with another
 *	grant-client		pass a badged notification, get one back
 *	recv-exit		receive one call, exit without replying
 *	recv-crash		receive one call, then fault
 *	expect-call ERRNO	a call on handle 0 fails with ERRNO
 *	expect-send ERRNO	a send on handle 0 fails with ERRNO
 *	expect-recv ERRNO	a receive on handle 0 fails with ERRNO
 *	wait-then-delete	wait for handle 1's signal, delete handle 0
 *	wait-then-exit		wait for handle 1's signal, exit
 *	bound-server BADGE	bind handle 1; a signal, then one call
 *	waiter BADGE		wait on handle 1 for BADGE
 */
#include <stdlib.h>
#include <string.h>

#include "mosaic_ipc.h"

#define EP 0
#define NTFN 1

static struct ipc_buffer *buf;

/* The words of request i of a client with badge b: easy to predict. */
static unsigned long long word(unsigned int i, unsigned int w)
{
	return 0x5a00000000ULL + i * 1000ULL + w;
}

static unsigned int length_of(unsigned int i)
{
	/* Every register length, and now and then a long one. */
	return i % 7 == 6 ? 5 + i % 200 : i % 5;
}

static unsigned long long get_word(const struct ipc_msg *m, unsigned int w)
{
	return w < IPC_MSG_REG_WORDS ? m->mr[w] : buf->msg[w];
}

static void set_word(struct ipc_msg *m, unsigned int w, unsigned long long v)
{
	if (w < IPC_MSG_REG_WORDS)
		m->mr[w] = v;
	else
		buf->msg[w] = v;
}

/* The echo: the same length, label + 1, every word plus the badge. */
static void make_answer(struct ipc_msg *m)
{
	unsigned int len = IPC_INFO_LEN(m->info);

	for (unsigned int w = 0; w < len; w++)
		set_word(m, w, get_word(m, w) + m->badge);
	m->info = IPC_INFO(IPC_INFO_LABEL(m->info) + 1, len);
}

static int echo_server(int n)
{
	struct ipc_msg m = { 0 };
	int r;

	r = ipc_recv(EP, &m);
	for (int i = 0; i < n; i++) {
		if (r)
			return 10;
		make_answer(&m);
		if (i == n - 1)
			return ipc_reply(&m) ? 11 : 0;
		r = ipc_reply_recv(EP, &m);
	}
	return 0;
}

static int client(int n, unsigned long long badge)
{
	for (int i = 0; i < n; i++) {
		unsigned int len = length_of((unsigned int)i);
		struct ipc_msg m = { .info = IPC_INFO(100 + i, len) };

		for (unsigned int w = 0; w < len; w++)
			set_word(&m, w, word((unsigned int)i, w));
		/* Stale words past the length must not reach the server. */
		for (unsigned int w = len; w < IPC_MSG_REG_WORDS; w++)
			m.mr[w] = ~0ULL;
		if (ipc_call(EP, &m))
			return 1;
		if (m.info != IPC_INFO(101 + i, len) || m.badge != 0)
			return 2;
		for (unsigned int w = 0; w < len; w++)
			if (get_word(&m, w) != word((unsigned int)i, w) + badge)
				return 3;
		for (unsigned int w = len; w < IPC_MSG_REG_WORDS; w++)
			if (m.mr[w] != 0)
				return 4;
	}
	return 0;
}

/*
 * The passed handle arrives as a new handle of ours: tell its kind,
 * rights and badge back, signal it, and pass a badged handle of a
 * notification of our own back with the reply.
 */
static int grant_server(void)
{
	struct ipc_handle_info hi;
	struct ipc_msg m = { 0 };
	unsigned long long w;
	int h, mine, back;

	if (ipc_recv(EP, &m) || !(m.info & IPC_INFO_HANDLE))
		return 10;
	h = IPC_INFO_HANDLE_OF(m.info);
	if (ipc_identify(h, &hi) || ipc_signal(h))
		return 11;
	mine = ipc_create(IPC_NOTIFICATION);
	back = ipc_mint(mine, IPC_RIGHT_SEND, 0x99);
	if (mine < 0 || back < 0)
		return 12;
	m.info = IPC_INFO_WITH_HANDLE(IPC_INFO(2, 4), back);
	m.mr[0] = hi.kind;
	m.mr[1] = hi.rights;
	m.mr[2] = hi.badge;
	m.mr[3] = (unsigned long long)h;
	if (ipc_reply(&m))
		return 13;
	/* The client signals ours through the handle it got. */
	return ipc_wait(mine, &w) || w != 0x99 ? 14 : 0;
}

static int grant_client(void)
{
	int pass = ipc_mint(NTFN, IPC_RIGHT_SEND, 0x77);
	struct ipc_msg m = { .info = IPC_INFO_WITH_HANDLE(IPC_INFO(1, 0), pass) };
	struct ipc_handle_info hi;
	unsigned long long w;
	int got;

	if (pass < 0 || ipc_call(EP, &m))
		return 1;
	if (IPC_INFO_LABEL(m.info) != 2 || IPC_INFO_LEN(m.info) != 4 ||
	    !(m.info & IPC_INFO_HANDLE) || m.mr[0] != IPC_NOTIFICATION ||
	    m.mr[1] != IPC_RIGHT_SEND || m.mr[2] != 0x77)
		return 2;
	/* The server signalled what we passed: our notification's word. */
	if (ipc_poll(NTFN, &w) || w != 0x77)
		return 3;
	got = IPC_INFO_HANDLE_OF(m.info);
	if (ipc_identify(got, &hi) || hi.kind != IPC_NOTIFICATION ||
	    hi.rights != IPC_RIGHT_SEND || hi.badge != 0x99)
		return 4;
	return ipc_signal(got) ? 5 : 0;
}

static int expect(int r, int e)
{
	return r == -1 && errno == e ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *role = argc > 1 ? argv[1] : "";
	long arg = argc > 2 ? strtol(argv[2], NULL, 0) : 0;
	long arg2 = argc > 3 ? strtol(argv[3], NULL, 0) : 0;
	struct ipc_msg m = { .info = IPC_INFO(1, 1) };
	unsigned long long w;

	buf = ipc_buffer_setup();
	if (!buf)
		return 20;
	if (!strcmp(role, "echo-server"))
		return echo_server((int)arg);
	if (!strcmp(role, "client"))
		return client((int)arg, (unsigned long long)arg2);
	if (!strcmp(role, "grant-server"))
		return grant_server();
	if (!strcmp(role, "grant-client"))
		return grant_client();
	if (!strcmp(role, "recv-exit"))
		return ipc_recv(EP, &m) ? 10 : 0;
	if (!strcmp(role, "recv-crash")) {
		if (ipc_recv(EP, &m))
			return 10;
		*(volatile int *)(unsigned long)arg = 1;
		return 11;
	}
	if (!strcmp(role, "expect-call"))
		return expect(ipc_call(EP, &m), (int)arg);
	if (!strcmp(role, "expect-send"))
		return expect(ipc_send(EP, &m), (int)arg);
	if (!strcmp(role, "expect-recv"))
		return expect(ipc_recv(EP, &m), (int)arg);
	if (!strcmp(role, "wait-then-delete"))
		return ipc_wait(NTFN, &w) ? 10 : ipc_delete(EP) ? 11 : 0;
	if (!strcmp(role, "wait-then-exit"))
		return ipc_wait(NTFN, &w) ? 10 : 0;
	if (!strcmp(role, "bound-server")) {
		if (ipc_bind(NTFN))
			return 10;
		if (ipc_recv(EP, &m) != IPC_NOTIFIED || m.badge != (unsigned long long)arg)
			return 11;
		if (ipc_recv(EP, &m) || m.info != IPC_INFO(100, 0))
			return 12;
		make_answer(&m);
		return ipc_reply(&m) ? 13 : 0;
	}
	if (!strcmp(role, "waiter"))
		return ipc_wait(NTFN, &w) || w != (unsigned long long)arg ? 10 : 0;
	return 30;
}
