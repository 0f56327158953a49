// SPDX-License-Identifier: GPL-2.0
/*
 * The IRQ layer: a masked line is not delivered and is after unmasking;
 * request/free check their arguments; a handler run through the vector
 * dispatch sees the per-CPU area, the interrupted thread as current and
 * an interrupt depth of one.
 */
#include <asm/processor.h>
#include <asm/traps.h>
#include <mosaic/clockchips.h>
#include <mosaic/clocksource.h>
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/ktest.h>
#include <mosaic/percpu.h>
#include <mosaic/sched.h>
#include <mosaic/timer.h>

/* An ISA line no driver uses (LPT1's); raised by software, not wired. */
#define TEST_IRQ 5

static void test_masked_irq_not_delivered(struct ktest *t)
{
	struct clocksource *cs = clocksource_current();
	unsigned int tick = tick_irq();
	u64 ticks, count, end;
	unsigned long halts = 0, spins = 0;

	KT_ASSERT(t, cs != NULL);
	KT_ASSERT(t, !irqs_disabled());
	disable_irq(tick);
	ticks = timer_ticks();
	count = irq_count(tick);
	/*
	 * Spin (no halt: nothing would wake us) for three tick periods,
	 * bounded: the tick-count fallback source stands still meanwhile.
	 */
	end = cs->read(cs) + 3 * cs->freq_hz / CONFIG_HZ;
	while (cs->read(cs) < end && spins++ < 100000000UL)
		cpu_relax();
	KT_EXPECT_EQ(t, timer_ticks(), ticks);
	KT_EXPECT_EQ(t, irq_count(tick), count);
	enable_irq(tick);
	/* The pending edge or the next one arrives at once. */
	while (timer_ticks() == ticks && halts++ < 1000)
		halt();
	KT_EXPECT(t, timer_ticks() > ticks);
	KT_EXPECT(t, irq_count(tick) > count);
}

static void test_request_irq_checks(struct ktest *t)
{
	KT_EXPECT_EQ(t, request_irq(NR_IRQS, NULL, NULL), -EINVAL);
	/* Above the 8259's lines: no controller, no handler. */
	KT_EXPECT_EQ(t, request_irq(NR_LEGACY_IRQS + 1, (irq_handler_t)1, NULL),
		     -EINVAL);
	/* The tick's line (the PIT's or the local APIC timer's) is taken. */
	KT_EXPECT_EQ(t, request_irq(tick_irq(), (irq_handler_t)1, NULL),
		     -EBUSY);
	KT_EXPECT_EQ(t, free_irq(TEST_IRQ, NULL), -EINVAL);
	KT_EXPECT(t, irq_chip_name(IRQ_TIMER) != NULL);
	KT_EXPECT(t, irq_chip_name(NR_LEGACY_IRQS) == NULL);
}

struct irq_seen {
	struct percpu *area;
	struct thread *current;
	unsigned int depth;
	bool irqs_off;
	int calls;
};

static void record_irq(unsigned int irq, void *dev)
{
	struct irq_seen *seen = dev;

	seen->area = this_cpu_ptr();
	seen->current = current();
	seen->depth = this_cpu_read(irq_depth);
	seen->irqs_off = irqs_disabled();
	seen->calls++;
}

static void test_percpu_in_interrupt_handler(struct ktest *t)
{
	static struct irq_seen seen;
	u64 count = irq_count(TEST_IRQ);

	KT_ASSERT(t, request_irq(TEST_IRQ, record_irq, &seen) == 0);
	__asm__ __volatile__("int %0" : : "i"(IRQ_VECTOR_BASE + TEST_IRQ)
			     : "memory");
	KT_EXPECT_EQ(t, free_irq(TEST_IRQ, &seen), 0);
	KT_EXPECT_EQ(t, seen.calls, 1);
	KT_EXPECT_EQ(t, irq_count(TEST_IRQ), count + 1);
	KT_EXPECT_EQ(t, (u64)seen.area, (u64)this_cpu_ptr());
	KT_EXPECT_EQ(t, (u64)seen.area->self, (u64)seen.area);
	KT_EXPECT_EQ(t, (u64)seen.current, (u64)current());
	KT_EXPECT_EQ(t, seen.depth, 1);
	KT_EXPECT(t, seen.irqs_off);
	KT_EXPECT(t, !in_interrupt());
}

static struct ktest_case irq_cases[] = {
	KTEST_CASE(test_request_irq_checks),
	KTEST_CASE(test_masked_irq_not_delivered),
	KTEST_CASE(test_percpu_in_interrupt_handler),
	{}
};
KTEST_SUITE(irq, irq_cases);
