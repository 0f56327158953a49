// SPDX-License-Identifier: GPL-2.0
/*
 * The `ipc` benchmark's user side (kernel/ipc/ipc_bench.c runs it): round
 * trips between this process and a child forked for each measurement,
 * timed with rdtsc (under QEMU -icount, 32 per guest instruction):
 *
 *	call_reply	Call of one word, answered by ReplyRecv
 *	send		one-way Send of one word to a Recv loop (per message)
 *	signal_wait	Signal one notification, Wait on another, and back
 *	pipe		one byte through a pipe and back through another
 *	futex		FUTEX_WAKE and FUTEX_WAIT both ways between two threads
 *			of this process (no address-space switch, unlike the
 *			others)
 *
 * Usage: ipcbench OUTFILE ROUNDS WHAT, WHAT "call" or "all". Each result
 * goes to OUTFILE as "<name> <cycles per round trip>" lines, for the
 * kernel to report; the exit status is 0 when every one was measured.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mosaic_ipc.h"

#define WARMUP 200

static inline unsigned long long rdtsc(void)
{
	unsigned int lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((unsigned long long)hi << 32) | lo;
}

static int child_done(pid_t pid)
{
	int status;

	return pid > 0 && waitpid(pid, &status, 0) == pid &&
	       WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* The server answers rounds + WARMUP calls, then leaves. */
static long long call_reply(long rounds)
{
	int ep = ipc_create(IPC_ENDPOINT);
	struct ipc_msg m = { .info = IPC_INFO(1, 1) };
	unsigned long long t0 = 0;
	pid_t pid = fork();

	if (pid == 0) {
		int r = ipc_recv(ep, &m);

		for (long i = 0; !r && i < rounds + WARMUP - 1; i++) {
			m.mr[0]++;
			r = ipc_reply_recv(ep, &m);
		}
		_exit(r || ipc_reply(&m) ? 1 : 0);
	}
	for (long i = 0; i < rounds + WARMUP; i++) {
		if (i == WARMUP)
			t0 = rdtsc();
		m.info = IPC_INFO(1, 1);
		if (ipc_call(ep, &m))
			return -1;
	}
	t0 = rdtsc() - t0;
	ipc_close(ep);
	return child_done(pid) ? (long long)(t0 / rounds) : -1;
}

/* Per message: the sender goes on while the receiver catches up. */
static long long send_oneway(long rounds)
{
	int ep = ipc_create(IPC_ENDPOINT);
	struct ipc_msg m = { .info = IPC_INFO(1, 1) };
	unsigned long long t0 = 0;
	pid_t pid = fork();

	if (pid == 0) {
		for (long i = 0; i < rounds + WARMUP; i++)
			if (ipc_recv(ep, &m))
				_exit(1);
		_exit(0);
	}
	for (long i = 0; i < rounds + WARMUP; i++) {
		if (i == WARMUP)
			t0 = rdtsc();
		m.info = IPC_INFO(1, 1);
		if (ipc_send(ep, &m))
			return -1;
	}
	ipc_close(ep);
	if (!child_done(pid))
		return -1;
	/* Until the last message is received: the child has exited. */
	return (long long)((rdtsc() - t0) / rounds);
}

static long long signal_wait(long rounds)
{
	int ping = ipc_create(IPC_NOTIFICATION);
	int pong = ipc_create(IPC_NOTIFICATION);
	unsigned long long t0 = 0, w;
	pid_t pid = fork();

	if (pid == 0) {
		for (long i = 0; i < rounds + WARMUP; i++)
			if (ipc_wait(ping, &w) || ipc_signal(pong))
				_exit(1);
		_exit(0);
	}
	for (long i = 0; i < rounds + WARMUP; i++) {
		if (i == WARMUP)
			t0 = rdtsc();
		if (ipc_signal(ping) || ipc_wait(pong, &w))
			return -1;
	}
	t0 = rdtsc() - t0;
	ipc_close(ping);
	ipc_close(pong);
	return child_done(pid) ? (long long)(t0 / rounds) : -1;
}

static long long pipe_pingpong(long rounds)
{
	int there[2], back[2];
	unsigned long long t0 = 0;
	char c = 'x';
	pid_t pid;

	if (pipe(there) || pipe(back))
		return -1;
	pid = fork();
	if (pid == 0) {
		for (long i = 0; i < rounds + WARMUP; i++)
			if (read(there[0], &c, 1) != 1 || write(back[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	for (long i = 0; i < rounds + WARMUP; i++) {
		if (i == WARMUP)
			t0 = rdtsc();
		if (write(there[1], &c, 1) != 1 || read(back[0], &c, 1) != 1)
			return -1;
	}
	t0 = rdtsc() - t0;
	close(there[0]);
	close(there[1]);
	close(back[0]);
	close(back[1]);
	return child_done(pid) ? (long long)(t0 / rounds) : -1;
}

#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

static volatile int turn, partner_done;
static long futex_rounds;
static char partner_stack[16384] __attribute__((aligned(16)));

static void futex_wait(volatile int *w, int val)
{
	syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake(volatile int *w)
{
	syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* The other thread: wait for turn 1, hand turn 0 back. */
static int futex_partner(void *arg)
{
	for (long i = 0; i < futex_rounds + WARMUP; i++) {
		while (turn == 0)
			futex_wait(&turn, 0);
		turn = 0;
		futex_wake(&turn);
	}
	partner_done = 1;
	syscall(SYS_exit, 0);
	return 0;
}

static long long futex_pingpong(long rounds)
{
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
		    CLONE_THREAD | CLONE_SYSVSEM;
	unsigned long long t0 = 0;

	turn = 0;
	partner_done = 0;
	futex_rounds = rounds;
	if (clone(futex_partner, partner_stack + sizeof(partner_stack), flags,
		  NULL) < 0)
		return -1;
	for (long i = 0; i < rounds + WARMUP; i++) {
		if (i == WARMUP)
			t0 = rdtsc();
		turn = 1;
		futex_wake(&turn);
		while (turn == 1)
			futex_wait(&turn, 1);
	}
	t0 = rdtsc() - t0;
	for (long i = 0; !partner_done && i < 1000000; i++)
		sched_yield();
	return partner_done ? (long long)(t0 / rounds) : -1;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		long long (*run)(long rounds);
		bool in_call;
	} benches[] = {
		{ "call_reply", call_reply, true },
		{ "send", send_oneway, false },
		{ "signal_wait", signal_wait, false },
		{ "pipe", pipe_pingpong, false },
		{ "futex", futex_pingpong, false },
	};
	long rounds = argc > 2 ? strtol(argv[2], NULL, 0) : 0;
	bool all = argc > 3 && !strcmp(argv[3], "all");
	FILE *out = argc > 1 ? fopen(argv[1], "w") : NULL;
	int bad = 0;

	if (!out || rounds <= 0)
		return 2;
	for (unsigned int i = 0; i < sizeof(benches) / sizeof(benches[0]); i++) {
		long long c;

		if (!all && !benches[i].in_call)
			continue;
		c = benches[i].run(rounds);
		bad += c < 0;
		fprintf(out, "%s %lld\n", benches[i].name, c);
	}
	return fclose(out) || bad ? 1 : 0;
}
