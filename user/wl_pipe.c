// SPDX-License-Identifier: GPL-2.0
/*
 * Processes passing a one-byte token through pipes, as lmbench's lat_pipe
 * and lat_ctx: N processes in a ring, process i reading from pipe i-1 and
 * writing to pipe i, so every pass is a write, a wake-up, a context
 * switch and a read.
 *
 *   pipe_rtt   two processes: one op is a round trip (two passes)
 *   ctx_N      N = 2, 8, 32 processes: one op is one pass of the token
 */
#include <errno.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wl.h"

#define RING_MAX 32
#define WARMUP_ROUNDS 5

struct ring {
	int n;
	int fds[RING_MAX][2]; /* pipe i: process i writes, i+1 reads */
	pid_t pids[RING_MAX]; /* pids[0] unused: the parent */
};

static void close_all(struct ring *r, int except_read, int except_write)
{
	for (int i = 0; i < r->n; i++) {
		if (i != except_read && r->fds[i][0] >= 0)
			close(r->fds[i][0]);
		if (i != except_write && r->fds[i][1] >= 0)
			close(r->fds[i][1]);
	}
}

/* Process i of the ring: pass the token on until the ring closes. */
static void __attribute__((noreturn)) member(struct ring *r, int i)
{
	int in = r->fds[i - 1][0], out = r->fds[i][1];
	char c;

	close_all(r, i - 1, i);
	while (read(in, &c, 1) == 1)
		if (write(out, &c, 1) != 1)
			_exit(1);
	_exit(0);
}

/* Closing the parent's ends makes every member see EOF and exit. */
static int ring_stop(struct ring *r, int started)
{
	int status, bad = 0;

	close_all(r, -1, -1);
	for (int i = 1; i < started; i++)
		if (waitpid(r->pids[i], &status, 0) != r->pids[i] ||
		    status != 0)
			bad = 1;
	return bad;
}

static int ring_start(struct ring *r, int n, const char *name)
{
	r->n = n;
	for (int i = 0; i < n; i++)
		r->fds[i][0] = r->fds[i][1] = -1;
	for (int i = 0; i < n; i++) {
		if (pipe(r->fds[i])) {
			int err = errno;

			close_all(r, -1, -1);
			return wl_fail(name, "pipe", err);
		}
	}
	for (int i = 1; i < n; i++) {
		r->pids[i] = fork();
		if (r->pids[i] == 0)
			member(r, i);
		if (r->pids[i] < 0) {
			int err = errno;

			ring_stop(r, i);
			return wl_fail(name, "fork", err);
		}
	}
	return 0;
}

/* The token around the ring rounds times; 0 if it got lost. */
static int ring_turns(struct ring *r, unsigned long rounds)
{
	char c = 'x';

	for (unsigned long k = 0; k < rounds; k++)
		if (write(r->fds[0][1], &c, 1) != 1 ||
		    read(r->fds[r->n - 1][0], &c, 1) != 1)
			return 0;
	return 1;
}

/* rounds of the token around an n-ring, each ops_per_round ops. */
static int ring_bench(const char *name, int n, unsigned long rounds,
		      unsigned long ops_per_round)
{
	struct ring r;
	struct wl_time a, b;
	int ok, err;

	err = ring_start(&r, n, name);
	if (err)
		return err;
	ok = ring_turns(&r, WARMUP_ROUNDS);
	wl_start(&a);
	ok = ok && ring_turns(&r, rounds);
	wl_stop(&b);
	err = errno;
	if (ring_stop(&r, n) || !ok)
		return wl_fail(name,
			       "the token was lost (a ring member failed)",
			       ok ? 0 : err);
	wl_result(name, rounds * ops_per_round, &a, &b, ",\"processes\":%d", n);
	return 0;
}

int main(int argc, char **argv)
{
	static const int sizes[] = { 2, 8, 32 };
	unsigned long passes;
	char name[16];
	int status;

	wl_setup(argc, argv);
	passes = wl_iters(4000);
	status = ring_bench("pipe_rtt", 2, wl_iters(2000), 1);
	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned long rounds = passes / sizes[i];

		snprintf(name, sizeof(name), "ctx_%d", sizes[i]);
		status |= ring_bench(name, sizes[i], rounds ? rounds : 1,
				     sizes[i]);
	}
	return status;
}
