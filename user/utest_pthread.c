// SPDX-License-Identifier: GPL-2.0
/*
 * musl's pthreads on the kernel's clone, futex and signals: mutexes
 * under contention (an exact counter), condition variables (a bounded
 * buffer, broadcast, a timed wait), join values, detached threads,
 * per-thread TLS, pthread_once, a rwlock, barriers, semaphores, a
 * process-shared mutex and condition variable between two processes, a
 * hundred threads in batches, threads that exit while others run (the
 * main thread too), and pthread_kill and process signals choosing a
 * thread by its mask. Every thread is scheduled by the configured
 * policy; the suite passes on Linux too (scripts/linux-user-test).
 *
 * Nothing here may hang on a kernel bug: waits that a correct kernel
 * ends at once have a time limit and fail instead.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ktap.h"

#define NR_TESTS 21

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static pid_t gettid_raw(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* Spin politely until *flag reaches @want or @ms pass; whether it did. */
static int wait_value(volatile int *flag, int want, long ms)
{
	long end = now_ms() + ms;

	while (__atomic_load_n(flag, __ATOMIC_ACQUIRE) < want) {
		if (now_ms() > end)
			return 0;
		sched_yield();
	}
	return 1;
}

/* ------------------------------------------------------------ mutexes */

#define MUTEX_THREADS 8
#define MUTEX_ROUNDS 5000

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile long counter;

/*
 * A read-modify-write the lock must make atomic; yielding inside the
 * lock now and then makes the others find it taken and sleep on it.
 */
static void *count_up(void *arg)
{
	for (int i = 0; i < MUTEX_ROUNDS; i++) {
		pthread_mutex_lock(&counter_lock);
		long v = counter;

		if (i % 256 == 0)
			sched_yield();
		counter = v + 1;
		pthread_mutex_unlock(&counter_lock);
	}
	return NULL;
}

static void test_mutex_contention(void)
{
	pthread_t t[MUTEX_THREADS];
	int made = 0;

	counter = 0;
	for (int i = 0; i < MUTEX_THREADS; i++)
		made += pthread_create(&t[i], NULL, count_up, NULL) == 0;
	for (int i = 0; i < made; i++)
		pthread_join(t[i], NULL);
	KTAP_EXPECT("mutex_counter_exact",
		    made == MUTEX_THREADS &&
		    counter == (long)MUTEX_THREADS * MUTEX_ROUNDS);
}

static pthread_mutex_t checked;

static void *try_other(void *arg)
{
	int busy = pthread_mutex_trylock(&checked);
	int perm = pthread_mutex_unlock(&checked);

	return (void *)(intptr_t)(busy == EBUSY && perm == EPERM);
}

static void test_mutex_kinds(void)
{
	pthread_mutexattr_t a;
	pthread_t t;
	void *ok = NULL;
	int relock;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&checked, &a);
	pthread_mutex_lock(&checked);
	relock = pthread_mutex_lock(&checked);
	if (pthread_create(&t, NULL, try_other, NULL) == 0)
		pthread_join(t, &ok);
	pthread_mutex_unlock(&checked);
	KTAP_EXPECT("mutex_errorcheck_trylock_unlock_rules",
		    relock == EDEADLK && ok &&
		    pthread_mutex_unlock(&checked) == EPERM);
	pthread_mutex_destroy(&checked);
	pthread_mutexattr_destroy(&a);
}

/* ------------------------------------------------ condition variables */

#define SLOTS 4
#define PRODUCERS 2
#define CONSUMERS 3
#define ITEMS 600	/* per producer */

static struct {
	pthread_mutex_t lock;
	pthread_cond_t not_full, not_empty;
	int buf[SLOTS];
	int head, count, producers_left;
	long sum;
	int taken;
} bb = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.not_full = PTHREAD_COND_INITIALIZER,
	.not_empty = PTHREAD_COND_INITIALIZER,
};

static void *produce(void *arg)
{
	int base = (int)(intptr_t)arg;

	for (int i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&bb.lock);
		while (bb.count == SLOTS)
			pthread_cond_wait(&bb.not_full, &bb.lock);
		bb.buf[(bb.head + bb.count++) % SLOTS] = base + i;
		pthread_cond_signal(&bb.not_empty);
		pthread_mutex_unlock(&bb.lock);
	}
	pthread_mutex_lock(&bb.lock);
	if (--bb.producers_left == 0)
		pthread_cond_broadcast(&bb.not_empty);
	pthread_mutex_unlock(&bb.lock);
	return NULL;
}

static void *consume(void *arg)
{
	for (;;) {
		pthread_mutex_lock(&bb.lock);
		while (bb.count == 0 && bb.producers_left)
			pthread_cond_wait(&bb.not_empty, &bb.lock);
		if (bb.count == 0) {
			pthread_mutex_unlock(&bb.lock);
			return NULL;
		}
		bb.sum += bb.buf[bb.head];
		bb.head = (bb.head + 1) % SLOTS;
		bb.count--;
		bb.taken++;
		pthread_cond_signal(&bb.not_full);
		pthread_mutex_unlock(&bb.lock);
	}
}

static void test_producer_consumer(void)
{
	pthread_t p[PRODUCERS], c[CONSUMERS];
	long want = 0;
	int made = 0;

	bb.producers_left = PRODUCERS;
	for (int i = 0; i < CONSUMERS; i++)
		made += pthread_create(&c[i], NULL, consume, NULL) == 0;
	for (int i = 0; i < PRODUCERS; i++) {
		made += pthread_create(&p[i], NULL, produce,
				       (void *)(intptr_t)(i * 100000)) == 0;
		for (int k = 1; k <= ITEMS; k++)
			want += i * 100000 + k;
	}
	for (int i = 0; i < PRODUCERS; i++)
		pthread_join(p[i], NULL);
	for (int i = 0; i < CONSUMERS; i++)
		pthread_join(c[i], NULL);
	KTAP_EXPECT("condvar_bounded_buffer",
		    made == PRODUCERS + CONSUMERS &&
		    bb.taken == PRODUCERS * ITEMS && bb.sum == want &&
		    bb.count == 0);
}

#define WAITERS 6

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate = PTHREAD_COND_INITIALIZER;
static pthread_cond_t arrived = PTHREAD_COND_INITIALIZER;
static int gate_open, at_gate, through_gate;

static void *wait_at_gate(void *arg)
{
	pthread_mutex_lock(&gate_lock);
	at_gate++;
	pthread_cond_signal(&arrived);
	while (!gate_open)
		pthread_cond_wait(&gate, &gate_lock);
	through_gate++;
	pthread_mutex_unlock(&gate_lock);
	return NULL;
}

static void test_broadcast(void)
{
	struct timespec limit;
	pthread_t t[WAITERS];
	int made = 0, all_waiting;

	for (int i = 0; i < WAITERS; i++)
		made += pthread_create(&t[i], NULL, wait_at_gate, NULL) == 0;
	clock_gettime(CLOCK_REALTIME, &limit);
	limit.tv_sec += 10;
	pthread_mutex_lock(&gate_lock);
	while (at_gate < made &&
	       pthread_cond_timedwait(&arrived, &gate_lock, &limit) == 0)
		;
	all_waiting = at_gate == made;
	gate_open = 1;
	pthread_cond_broadcast(&gate);
	pthread_mutex_unlock(&gate_lock);
	for (int i = 0; i < made; i++)
		pthread_join(t[i], NULL);
	KTAP_EXPECT("condvar_broadcast_wakes_all",
		    made == WAITERS && all_waiting && through_gate == WAITERS);
}

static void test_cond_timedwait(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec ts;
	long t0 = now_ms(), ms;
	int r;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 30 * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&m);
	r = pthread_cond_timedwait(&c, &m, &ts);
	ms = now_ms() - t0;
	/* The mutex is held again on return. */
	KTAP_EXPECT("cond_timedwait_times_out",
		    r == ETIMEDOUT && ms >= 29 && ms < 2000 &&
		    pthread_mutex_trylock(&m) == EBUSY);
	pthread_mutex_unlock(&m);
}

/*
 * Process-shared objects in a MAP_SHARED page, used by a parent and its
 * child: musl's pshared mutex and condition variable wait on shared
 * futexes, which the kernel must key by the page, not the process.
 */
struct pshared {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	long counter;
	int turn;
};

/* 0, or -1 when the other side's wake never came. */
static int pshared_rounds(struct pshared *ps, int me)
{
	struct timespec limit;

	for (int i = 0; i < 2000; i++) {
		pthread_mutex_lock(&ps->lock);
		long v = ps->counter;

		if (i % 128 == 0)
			sched_yield();
		ps->counter = v + 1;
		pthread_mutex_unlock(&ps->lock);
	}
	/* Then ping-pong: each waits for its turn on the condition. */
	clock_gettime(CLOCK_REALTIME, &limit);
	limit.tv_sec += 20;
	for (int i = 0; i < 50; i++) {
		pthread_mutex_lock(&ps->lock);
		while (ps->turn != me) {
			if (pthread_cond_timedwait(&ps->cond, &ps->lock,
						   &limit) == ETIMEDOUT) {
				pthread_mutex_unlock(&ps->lock);
				return -1;
			}
		}
		ps->turn = !me;
		pthread_cond_broadcast(&ps->cond);
		pthread_mutex_unlock(&ps->lock);
	}
	return 0;
}

static void test_process_shared(void)
{
	struct pshared *ps = mmap(NULL, sizeof(*ps), PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	int st = -1, mine = -1;
	pid_t pid;

	if (ps == MAP_FAILED) {
		KTAP_EXPECT("process_shared_mutex_and_cond", 0);
		return;
	}
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&ps->lock, &ma);
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	pthread_cond_init(&ps->cond, &ca);
	pid = fork();
	if (pid == 0)
		_exit(pshared_rounds(ps, 1) ? 1 : 0);
	if (pid > 0)
		mine = pshared_rounds(ps, 0);
	KTAP_EXPECT("process_shared_mutex_and_cond",
		    pid > 0 && !mine && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
		    WEXITSTATUS(st) == 0 && ps->counter == 4000 &&
		    ps->turn == 0);
	munmap(ps, sizeof(*ps));
}

/* ---------------------------------------------------- join and detach */

static void *return_arg_times_3(void *arg)
{
	return (void *)((intptr_t)arg * 3);
}

static void *exit_with_arg(void *arg)
{
	pthread_exit(arg);
}

static void test_join_values(void)
{
	pthread_t a, b;
	void *va = NULL, *vb = NULL;
	int ok = pthread_create(&a, NULL, return_arg_times_3, (void *)14) == 0 &&
		 pthread_create(&b, NULL, exit_with_arg, (void *)0x5eed) == 0;

	ok = ok && pthread_join(a, &va) == 0 && pthread_join(b, &vb) == 0;
	KTAP_EXPECT("join_return_and_pthread_exit_values",
		    ok && va == (void *)42 && vb == (void *)0x5eed);
}

static volatile int detached_ran;
static sem_t detached_done;

static void *detached_body(void *arg)
{
	__atomic_add_fetch(&detached_ran, 1, __ATOMIC_RELAXED);
	sem_post(&detached_done);
	return NULL;
}

/*
 * Detached threads leave nothing behind: 120 of them, 10 at a time,
 * more than a process may have at once (64 on Mosaic) if any stayed.
 */
static void test_detached(void)
{
	pthread_attr_t attr;
	struct timespec limit;
	int made = 0, done = 0, self_detach = -1;
	pthread_t t;

	sem_init(&detached_done, 0, 0);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (int batch = 0; batch < 12; batch++) {
		for (int i = 0; i < 10; i++)
			made += pthread_create(&t, &attr, detached_body,
					       NULL) == 0;
		clock_gettime(CLOCK_REALTIME, &limit);
		limit.tv_sec += 10;
		while (done < made && sem_timedwait(&detached_done, &limit) == 0)
			done++;
		/* The last ones may still be on their way out. */
		usleep(2000);
	}
	pthread_attr_destroy(&attr);
	if (pthread_create(&t, NULL, detached_body, NULL) == 0) {
		self_detach = pthread_detach(t);
		sem_wait(&detached_done);
		done++;
		made++;
	}
	KTAP_EXPECT("detached_threads_run_and_go",
		    made == 121 && done == 121 && detached_ran == 121 &&
		    self_detach == 0);
	sem_destroy(&detached_done);
}

/* ---------------------------------------------------------------- TLS */

static __thread int tls_value = 1234;
static __thread char tls_big[8192];
static int tls_bad;
static int *tls_addr[4];

static void *tls_body(void *arg)
{
	int me = (int)(intptr_t)arg;

	if (tls_value != 1234 || tls_big[0] || tls_big[8191])
		__atomic_add_fetch(&tls_bad, 1, __ATOMIC_RELAXED);
	tls_value = me;
	memset(tls_big, me, sizeof(tls_big));
	tls_addr[me] = &tls_value;
	for (int i = 0; i < 20; i++) {
		sched_yield();
		if (tls_value != me || tls_big[4000] != me)
			__atomic_add_fetch(&tls_bad, 1, __ATOMIC_RELAXED);
	}
	return (void *)(intptr_t)tls_value;
}

static void test_tls(void)
{
	pthread_t t[4];
	int made = 0, distinct = 1;
	void *v;
	long sum = 0;

	tls_value = 99;
	for (int i = 0; i < 4; i++)
		made += pthread_create(&t[i], NULL, tls_body,
				       (void *)(intptr_t)i) == 0;
	for (int i = 0; i < made; i++) {
		pthread_join(t[i], &v);
		sum += (intptr_t)v;
	}
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < i; j++)
			distinct &= tls_addr[i] != tls_addr[j] &&
				    tls_addr[i] != &tls_value;
	KTAP_EXPECT("tls_per_thread",
		    made == 4 && !tls_bad && sum == 0 + 1 + 2 + 3 && distinct &&
		    tls_value == 99);
}

/* ------------------------------------------------------ once, rwlock */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static volatile int once_runs, once_seen;

static void once_init(void)
{
	/* Slow, so that the others really wait for it. */
	for (int i = 0; i < 10; i++)
		sched_yield();
	once_runs++;
}

static void *call_once(void *arg)
{
	pthread_once(&once, once_init);
	if (once_runs == 1)
		__atomic_add_fetch(&once_seen, 1, __ATOMIC_RELAXED);
	return NULL;
}

static void test_once(void)
{
	pthread_t t[6];
	int made = 0;

	for (int i = 0; i < 6; i++)
		made += pthread_create(&t[i], NULL, call_once, NULL) == 0;
	for (int i = 0; i < made; i++)
		pthread_join(t[i], NULL);
	KTAP_EXPECT("pthread_once_runs_once",
		    made == 6 && once_runs == 1 && once_seen == 6);
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static volatile int readers_in, rw_torn, rw_stop;
static volatile long rw_a, rw_b;

/* Four readers hold the lock at once: each waits for all four inside. */
static void *reader_together(void *arg)
{
	int ok;

	pthread_rwlock_rdlock(&rw);
	__atomic_add_fetch(&readers_in, 1, __ATOMIC_RELEASE);
	ok = wait_value(&readers_in, 4, 10000);
	pthread_rwlock_unlock(&rw);
	return (void *)(intptr_t)ok;
}

static void *rw_reader(void *arg)
{
	while (!rw_stop) {
		pthread_rwlock_rdlock(&rw);
		if (rw_a != rw_b)
			rw_torn++;
		pthread_rwlock_unlock(&rw);
	}
	return NULL;
}

static void *rw_writer(void *arg)
{
	for (int i = 0; i < 2000; i++) {
		pthread_rwlock_wrlock(&rw);
		rw_a++;
		if (i % 64 == 0)
			sched_yield();	/* a reader must not see a != b */
		rw_b++;
		pthread_rwlock_unlock(&rw);
	}
	return NULL;
}

static void test_rwlock(void)
{
	pthread_t t[4], w[2];
	int made = 0, together = 1, busy_w, busy_r;
	void *v;

	for (int i = 0; i < 4; i++)
		made += pthread_create(&t[i], NULL, reader_together, NULL) == 0;
	for (int i = 0; i < made; i++) {
		pthread_join(t[i], &v);
		together &= v != NULL;
	}
	KTAP_EXPECT("rwlock_readers_share", made == 4 && together);
	pthread_rwlock_rdlock(&rw);
	busy_w = pthread_rwlock_trywrlock(&rw);
	pthread_rwlock_unlock(&rw);
	pthread_rwlock_wrlock(&rw);
	busy_r = pthread_rwlock_tryrdlock(&rw);
	pthread_rwlock_unlock(&rw);
	made = 0;
	for (int i = 0; i < 2; i++)
		made += pthread_create(&t[i], NULL, rw_reader, NULL) == 0;
	for (int i = 0; i < 2; i++)
		made += pthread_create(&w[i], NULL, rw_writer, NULL) == 0;
	for (int i = 0; i < 2; i++)
		pthread_join(w[i], NULL);
	rw_stop = 1;
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	KTAP_EXPECT("rwlock_writers_exclude",
		    made == 4 && busy_w == EBUSY && busy_r == EBUSY &&
		    !rw_torn && rw_a == 4000 && rw_b == 4000);
}

/* ---------------------------------------------- barriers, semaphores */

#define BARRIER_THREADS 5
#define BARRIER_ROUNDS 20

static pthread_barrier_t barrier;
static volatile int serials, round_seen[BARRIER_ROUNDS], barrier_bad;

static void *barrier_body(void *arg)
{
	for (int r = 0; r < BARRIER_ROUNDS; r++) {
		__atomic_add_fetch(&round_seen[r], 1, __ATOMIC_RELAXED);
		if (pthread_barrier_wait(&barrier) ==
		    PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_add_fetch(&serials, 1, __ATOMIC_RELAXED);
		/* Nobody leaves a round before everyone arrived in it. */
		if (round_seen[r] != BARRIER_THREADS)
			__atomic_add_fetch(&barrier_bad, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static void test_barrier(void)
{
	pthread_t t[BARRIER_THREADS];
	int made = 0;

	pthread_barrier_init(&barrier, NULL, BARRIER_THREADS);
	for (int i = 0; i < BARRIER_THREADS; i++)
		made += pthread_create(&t[i], NULL, barrier_body, NULL) == 0;
	for (int i = 0; i < made; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&barrier);
	KTAP_EXPECT("barrier_rounds",
		    made == BARRIER_THREADS && serials == BARRIER_ROUNDS &&
		    !barrier_bad);
}

static sem_t ping, pong;

static void *ponger(void *arg)
{
	for (int i = 0; i < 200; i++) {
		sem_wait(&ping);
		sem_post(&pong);
	}
	return NULL;
}

static void test_semaphores(void)
{
	struct timespec ts;
	pthread_t t;
	int made, rounds = 0, timedout;
	long t0;

	sem_init(&ping, 0, 0);
	sem_init(&pong, 0, 0);
	made = pthread_create(&t, NULL, ponger, NULL) == 0;
	for (int i = 0; made && i < 200; i++) {
		sem_post(&ping);
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 10;
		rounds += sem_timedwait(&pong, &ts) == 0;
	}
	if (made)
		pthread_join(t, NULL);
	t0 = now_ms();
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 20 * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	timedout = sem_timedwait(&pong, &ts) == -1 && errno == ETIMEDOUT &&
		   now_ms() - t0 >= 19;
	KTAP_EXPECT("semaphore_ping_pong_and_timeout",
		    made && rounds == 200 && timedout &&
		    sem_trywait(&pong) == -1 && errno == EAGAIN);
	sem_destroy(&ping);
	sem_destroy(&pong);
}

/* ------------------------------------------------------ many threads */

#define MANY 100
#define BATCH 25

static void *whoami(void *arg)
{
	return (void *)((intptr_t)arg ^ 0x100);
}

static void test_many_threads(void)
{
	pthread_t t[BATCH];
	int made = 0, right = 0;
	void *v;

	for (int b = 0; b < MANY / BATCH; b++) {
		int n = 0;

		for (int i = 0; i < BATCH; i++) {
			if (pthread_create(&t[i], NULL, whoami,
					   (void *)(intptr_t)(b * BATCH + i)))
				break;
			n++;
		}
		made += n;
		for (int i = 0; i < n; i++) {
			if (pthread_join(t[i], &v) == 0 &&
			    (intptr_t)v == ((b * BATCH + i) ^ 0x100))
				right++;
		}
	}
	KTAP_EXPECT("hundred_threads_in_batches",
		    made == MANY && right == MANY);
}

/* ---------------------------------------------- exits while others run */

static volatile int spin_stop;
static volatile long spins[2];

static void *spinner(void *arg)
{
	int me = (int)(intptr_t)arg;

	while (!spin_stop) {
		spins[me]++;
		if (spins[me] % 128 == 0)
			sched_yield();
	}
	return NULL;
}

static void *leave_early(void *arg)
{
	pthread_exit((void *)7);
}

static void test_exit_while_others_run(void)
{
	pthread_t s[2], e;
	long before[2];
	void *v = NULL;
	int made = 0, moved = 1;

	spin_stop = 0;
	for (int i = 0; i < 2; i++)
		made += pthread_create(&s[i], NULL, spinner,
				       (void *)(intptr_t)i) == 0;
	made += pthread_create(&e, NULL, leave_early, NULL) == 0;
	pthread_join(e, &v);
	for (int i = 0; i < 2; i++)
		before[i] = spins[i];
	usleep(30000);
	for (int i = 0; i < 2; i++) {
		long end = now_ms() + 5000;

		while (spins[i] < before[i] + 1000 && now_ms() < end)
			usleep(1000);
		moved &= spins[i] >= before[i] + 1000;
	}
	spin_stop = 1;
	for (int i = 0; i < 2; i++)
		pthread_join(s[i], NULL);
	KTAP_EXPECT("thread_exit_leaves_others_running",
		    made == 3 && v == (void *)7 && moved);
}

static void *exit_process_later(void *arg)
{
	usleep(20000);
	exit(7);
}

/* The main thread leaves first; the process ends with the last one. */
static int main_thread_exits(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, exit_process_later, NULL))
		return 1;
	pthread_exit(NULL);
}

static void *busy_forever(void *arg)
{
	while (arg == NULL)
		sched_yield();
	return arg;
}

/* exit() in one thread ends every thread, however busy. */
static int exit_ends_all(void)
{
	pthread_t t;

	for (int i = 0; i < 3; i++)
		if (pthread_create(&t, NULL, busy_forever, NULL))
			return 1;
	usleep(10000);
	return 9;
}

static int child_status(int (*fn)(void))
{
	pid_t pid = fork();
	int st;

	if (pid == 0)
		_exit(fn());
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

static void test_process_exits(void)
{
	int st = child_status(main_thread_exits);

	KTAP_EXPECT("main_thread_exits_first",
		    st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 7);
	st = child_status(exit_ends_all);
	KTAP_EXPECT("exit_ends_every_thread",
		    st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 9);
}

/* ------------------------------------------------------------ signals */

#define SIG_THREADS 3

static volatile pid_t usr1_tid, usr2_tid;
static volatile int usr1_hits, usr2_hits, sig_ready, sig_stop;
static pid_t sig_tids[SIG_THREADS];

static void on_usr1(int sig)
{
	usr1_tid = gettid_raw();
	usr1_hits++;
}

static void on_usr2(int sig)
{
	usr2_tid = gettid_raw();
	usr2_hits++;
}

/*
 * Thread 1 alone keeps SIGUSR1 blocked (as main had it), thread 2 alone
 * unblocks SIGUSR2.
 */
static void *sig_body(void *arg)
{
	int me = (int)(intptr_t)arg;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(me == 1 ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	pthread_sigmask(me == 2 ? SIG_UNBLOCK : SIG_BLOCK, &set, NULL);
	sig_tids[me] = gettid_raw();
	__atomic_add_fetch(&sig_ready, 1, __ATOMIC_RELEASE);
	while (!sig_stop)
		usleep(1000);
	return NULL;
}

static void test_thread_signals(void)
{
	struct sigaction sa;
	pthread_t t[SIG_THREADS];
	sigset_t set;
	int made = 0, ready;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_usr2;
	sigaction(SIGUSR2, &sa, NULL);
	/* Main blocks both; the threads inherit that, then choose. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	for (int i = 0; i < SIG_THREADS; i++)
		made += pthread_create(&t[i], NULL, sig_body,
				       (void *)(intptr_t)i) == 0;
	ready = wait_value(&sig_ready, SIG_THREADS, 10000);
	/*
	 * Aimed at thread 1, which blocks it: it waits there, although
	 * threads 0 and 2 would take it.
	 */
	pthread_kill(t[1], SIGUSR1);
	usleep(30000);
	KTAP_EXPECT("pthread_kill_blocked_stays_with_thread",
		    usr1_hits == 0 && pthread_kill(t[1], 0) == 0);
	/* Process-directed: only thread 2 takes SIGUSR2. */
	kill(getpid(), SIGUSR2);
	wait_value(&usr2_hits, 1, 5000);
	KTAP_EXPECT("process_signal_goes_to_unblocking_thread",
		    made == SIG_THREADS && ready && usr2_hits == 1 &&
		    usr2_tid == sig_tids[2]);
	sig_stop = 1;
	for (int i = 0; i < made; i++)
		pthread_join(t[i], NULL);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

/* pthread_kill hits the thread named, with its handler in that thread. */
static volatile int target_go;

static void *target_body(void *arg)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	*(pid_t *)arg = gettid_raw();
	__atomic_store_n(&target_go, 1, __ATOMIC_RELEASE);
	while (!usr1_hits)
		usleep(1000);
	return NULL;
}

static void *bystander(void *arg)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	while (!sig_stop)
		usleep(1000);
	return NULL;
}

static void test_pthread_kill(void)
{
	struct sigaction sa;
	pthread_t t, b[2];
	pid_t tid = 0;
	sigset_t set;
	int made = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	usr1_hits = 0;
	usr1_tid = 0;
	sig_stop = 0;
	for (int i = 0; i < 2; i++)
		made += pthread_create(&b[i], NULL, bystander, NULL) == 0;
	made += pthread_create(&t, NULL, target_body, &tid) == 0;
	wait_value(&target_go, 1, 10000);
	pthread_kill(t, SIGUSR1);
	if (made == 3)
		pthread_join(t, NULL);
	sig_stop = 1;
	for (int i = 0; i < 2; i++)
		pthread_join(b[i], NULL);
	KTAP_EXPECT("pthread_kill_reaches_that_thread",
		    made == 3 && usr1_hits == 1 && tid && usr1_tid == tid);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	signal(SIGUSR1, SIG_DFL);
}

int main(int argc, char **argv)
{
	bool nested = argc > 1 && !strcmp(argv[1], "--nested");

	ktap_start("pthread", NR_TESTS, nested);
	test_mutex_contention();
	test_mutex_kinds();
	test_producer_consumer();
	test_broadcast();
	test_cond_timedwait();
	test_process_shared();
	test_join_values();
	test_detached();
	test_tls();
	test_once();
	test_rwlock();
	test_barrier();
	test_semaphores();
	test_many_threads();
	test_exit_while_others_run();
	test_process_exits();
	test_thread_signals();
	test_pthread_kill();
	return ktap_finish();
}
