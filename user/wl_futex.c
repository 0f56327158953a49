// SPDX-License-Identifier: GPL-2.0
/*
 * Two threads of one process (pthreads) handing a turn back and forth
 * through one futex word: FUTEX_WAKE to hand it over, FUTEX_WAIT while it
 * is the other's turn. One op is a round trip (two hand-overs).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "wl.h"

#define WARMUP 10

static _Atomic int turn; /* 0: the main thread's, 1: the peer's */
static unsigned long rounds;
static _Atomic int peer_error;

/* Sleep while the word holds mine-not; EAGAIN: it changed already. */
static int wait_while(int value)
{
	while (atomic_load(&turn) == value)
		if (wl_futex(&turn, WL_FUTEX_WAIT, value) && errno != EAGAIN &&
		    errno != EINTR)
			return errno;
	return 0;
}

static int hand_over(int to)
{
	atomic_store(&turn, to);
	return wl_futex(&turn, WL_FUTEX_WAKE, 1) < 0 ? errno : 0;
}

static void *peer(void *arg)
{
	int err = 0;

	for (unsigned long i = 0; i < rounds + WARMUP && !err; i++) {
		err = wait_while(0);
		if (!err)
			err = hand_over(0);
	}
	if (err) {
		/* The main thread must not wait for a turn that never comes. */
		atomic_store(&peer_error, err);
		hand_over(0);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct wl_time a, b;
	pthread_t t;
	int err = 0;

	wl_setup(argc, argv);
	rounds = wl_iters(4000);
	/* A kernel without futex would leave the threads spinning. */
	if (wl_futex(&turn, WL_FUTEX_WAKE, 1) < 0)
		return wl_fail("futex_pingpong", "futex(FUTEX_WAKE)", errno);
	err = pthread_create(&t, NULL, peer, NULL);
	if (err)
		return wl_fail("futex_pingpong", "pthread_create", err);
	for (unsigned long i = 0;
	     i < rounds + WARMUP && !err && !atomic_load(&peer_error); i++) {
		if (i == WARMUP)
			wl_start(&a);
		err = hand_over(1);
		if (!err)
			err = wait_while(1);
	}
	wl_stop(&b);
	if (err)
		return wl_fail("futex_pingpong", "futex", err);
	pthread_join(t, NULL);
	if (atomic_load(&peer_error))
		return wl_fail("futex_pingpong", "futex (peer thread)",
			       atomic_load(&peer_error));
	wl_result("futex_pingpong", rounds, &a, &b, NULL);
	return 0;
}
