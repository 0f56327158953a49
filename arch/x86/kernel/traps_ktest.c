// SPDX-License-Identifier: GPL-2.0
/*
 * Exception and timer tests: a breakpoint is caught and resumed, an
 * invalid opcode and a page fault covered by a fixup are caught and
 * resumed, and timer ticks advance with interrupts on. The on-demand
 * suite stack_overflow recurses into the guard page and must end in a
 * "kernel stack overflow" panic (the runner expects that panic).
 */
#include <asm/platform.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <mosaic/irq.h>
#include <mosaic/ktest.h>
#include <mosaic/timer.h>

static void test_breakpoint_resumes(struct ktest *t)
{
	unsigned long before = breakpoint_count;

	__asm__ __volatile__("int3");
	KT_EXPECT_EQ(t, breakpoint_count, before + 1);
}

static void test_invalid_opcode_fixup(struct ktest *t)
{
	int before = last_fixed_fault.count;
	int resumed = 0;

	/* ud2 faults; the exception table sends it to label 2. */
	__asm__ __volatile__("1: ud2\n\t"
			     "movl $0, %0\n\t"
			     "jmp 3f\n"
			     "2: movl $1, %0\n"
			     "3:\n\t"
			     ".pushsection __ex_table, \"a\"\n\t"
			     ".balign 8\n\t"
			     ".quad 1b, 2b\n\t"
			     ".popsection"
			     : "=r"(resumed)
			     :
			     : "memory");
	KT_EXPECT_EQ(t, resumed, 1);
	KT_EXPECT_EQ(t, last_fixed_fault.count, before + 1);
	KT_EXPECT_EQ(t, last_fixed_fault.vector, X86_TRAP_UD);
}

static void test_null_read_faults(struct ktest *t)
{
	u8 val = 0;

	KT_EXPECT_EQ(t, probe_read_byte((const void *)0x10, &val), -14);
	KT_EXPECT_EQ(t, last_fixed_fault.vector, X86_TRAP_PF);
	KT_EXPECT_EQ(t, last_fixed_fault.address, 0x10);
	/* not present, kernel, read */
	KT_EXPECT_EQ(t, last_fixed_fault.error_code & (PF_PROT | PF_WRITE | PF_USER), 0);
}

static void test_timer_ticks_advance(struct ktest *t)
{
	u64 start = timer_ticks(), ns0 = ktime_get_ns();
	unsigned long spins = 0;

	KT_ASSERT(t, !irqs_disabled());
	/* Wait for 3 ticks, bounded so a dead timer fails instead of hanging. */
	while (timer_ticks() < start + 3 && spins < 2000000000UL) {
		halt();
		spins++;
	}
	KT_EXPECT(t, timer_ticks() >= start + 3);
	/*
	 * Time (the clock source) moved on too. Its rate against the tick
	 * is the time suite's business: a loaded host's QEMU delivers late
	 * ticks back to back, so three ticks may take far less than three
	 * periods.
	 */
	KT_EXPECT(t, ktime_get_ns() > ns0);
}

static struct ktest_case exception_cases[] = {
	KTEST_CASE(test_breakpoint_resumes),
	KTEST_CASE(test_invalid_opcode_fixup),
	KTEST_CASE(test_null_read_faults),
	{}
};
KTEST_SUITE(exceptions, exception_cases);

static struct ktest_case timer_cases[] = {
	KTEST_CASE(test_timer_ticks_advance),
	{}
};
KTEST_SUITE(timer, timer_cases);

static volatile unsigned long recursion_sink;

/* Recurses until the guard page stops it; the sink keeps the frames. */
static unsigned long __noinline recurse_deep(unsigned long depth)
{
	volatile char pad[256];

	pad[0] = (char)depth;
	recursion_sink += pad[0];
	if (depth == ~0UL)
		return 0;
	return recurse_deep(depth + 1) + pad[0];
}

static void test_stack_overflow(struct ktest *t)
{
	recurse_deep(0);
	ktest_fail_at(t, __FILE__, __LINE__, "recursion returned");
}

static struct ktest_case overflow_cases[] = {
	KTEST_CASE(test_stack_overflow),
	{}
};
KTEST_SUITE_FULL(stack_overflow, overflow_cases, NULL, NULL, KTEST_ON_DEMAND);
