// SPDX-License-Identifier: GPL-2.0
/*
 * Ring 3 without the process layer: each case builds an address space
 * by hand (a code page holding one of user_ktest_progs.S's programs and
 * a stack page), runs it in a kernel thread that enters user mode, and
 * checks the wait status it ends with.
 */
#include <asm/page.h>
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/ktest.h>
#include <mosaic/mm_types.h>
#include <mosaic/mmap.h>
#include <mosaic/page.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/user.h>
#include <mosaic/vmm.h>

#include "user_space_ktest.h"

#define USER_CODE_VA 0x400000UL
#define USER_STACK_VA 0x7fff0000UL
#define USER_STACK_TOP (USER_STACK_VA + PAGE_SIZE)

struct user_run {
	struct user_space us;
	const char *code, *code_end;
};

#define DECLARE_PROG(name) extern const char name[], name##_end[]
DECLARE_PROG(user_prog_basic);
DECLARE_PROG(user_prog_segv);
DECLARE_PROG(user_prog_kread);
DECLARE_PROG(user_prog_ud);
DECLARE_PROG(user_prog_fpu);

static int us_create_prog(struct user_space *us, const char *code,
			  const char *code_end)
{
	void *text;

	memset(us, 0, sizeof(*us));
	us->mm = mm_create();
	if (!us->mm)
		return -ENOMEM;
	text = us_map(us, USER_CODE_VA, 0);
	if (!text || !us_map(us, USER_STACK_VA, VMM_WRITE | VMM_NX)) {
		us_destroy(us);
		return -ENOMEM;
	}
	memcpy(text, code, (size_t)(code_end - code));
	return 0;
}

static int user_thread_fn(void *arg)
{
	struct user_run *run = arg;

	/* The thread's reference; exit drops it, the test keeps its own. */
	mm_get(run->us.mm);
	current()->mm = run->us.mm;
	mm_activate(run->us.mm);
	start_user_thread(USER_CODE_VA, USER_STACK_TOP);
	current()->mm = NULL;	/* only if there was no memory for it */
	mm_activate(&init_mm);
	mm_put(run->us.mm);
	return -ENOMEM;
}

static struct thread *start_prog(struct ktest *t, struct user_run *run,
				 const char *code, const char *code_end)
{
	struct thread *th;

	run->code = code;
	run->code_end = code_end;
	if (us_create_prog(&run->us, code, code_end)) {
		ktest_fail_at(t, __FILE__, __LINE__, "no memory for the program");
		return NULL;
	}
	th = thread_create(user_thread_fn, run, "uprog");
	if (!th) {
		us_destroy(&run->us);
		ktest_fail_at(t, __FILE__, __LINE__, "no thread");
	}
	return th;
}

/* Run one program to its end: its wait status, or -1. */
static int run_prog(struct ktest *t, const char *code, const char *code_end,
		    int *tid)
{
	struct user_run run;
	struct thread *th = start_prog(t, &run, code, code_end);
	int status = -1;

	if (!th)
		return -1;
	*tid = th->tid;
	if (thread_join(th, &status))
		status = -1;
	us_destroy(&run.us);
	return status;
}

static void test_syscalls_from_ring3(struct ktest *t)
{
	int tid, status = run_prog(t, user_prog_basic, user_prog_basic_end,
				   &tid);

	KT_EXPECT_EQ(t, status, W_EXITCODE((tid & 0x3f) + 64));
}

static void test_user_fault_kills_thread(struct ktest *t)
{
	int tid;

	KT_EXPECT_EQ(t, run_prog(t, user_prog_segv, user_prog_segv_end, &tid),
		     SIGSEGV);
	KT_EXPECT_EQ(t, run_prog(t, user_prog_kread, user_prog_kread_end,
				 &tid), SIGSEGV);
	KT_EXPECT_EQ(t, run_prog(t, user_prog_ud, user_prog_ud_end, &tid),
		     SIGILL);
}

/* Two user threads with different xmm contents, switched many times. */
static void test_fpu_state_per_thread(struct ktest *t)
{
	struct user_run a, b;
	struct thread *ta = start_prog(t, &a, user_prog_fpu, user_prog_fpu_end);
	struct thread *tb = start_prog(t, &b, user_prog_fpu, user_prog_fpu_end);
	int sa = -1, sb = -1;

	if (ta) {
		thread_join(ta, &sa);
		us_destroy(&a.us);
	}
	if (tb) {
		thread_join(tb, &sb);
		us_destroy(&b.us);
	}
	KT_EXPECT_EQ(t, sa, 0);
	KT_EXPECT_EQ(t, sb, 0);
}

static struct ktest_case user_mode_cases[] = {
	KTEST_CASE(test_syscalls_from_ring3),
	KTEST_CASE(test_user_fault_kills_thread),
	KTEST_CASE(test_fpu_state_per_thread),
	{}
};
KTEST_SUITE(user_mode, user_mode_cases);
