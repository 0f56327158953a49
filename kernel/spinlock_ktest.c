// SPDX-License-Identifier: GPL-2.0
/*
 * CONFIG_DEBUG_SPINLOCK: each check fires on its misuse, names it, and
 * stays quiet on correct use. A catcher takes the report instead of the
 * panic; each case counts the reports it expects.
 */
#include <asm/traps.h>
#include <mosaic/irq.h>
#include <mosaic/ktest.h>
#include <mosaic/sched.h>
#include <mosaic/spinlock.h>
#include <mosaic/string.h>

/* An ISA line no driver uses; raised by software. */
#define TEST_IRQ 5

static const char *caught_what;
static const spinlock_t *caught_lock;
static int caught;

static void catch_report(const spinlock_t *lock, const char *what)
{
	caught_what = what;
	caught_lock = lock;
	caught++;
}

static int catch_start(struct ktest *t)
{
	caught = 0;
	caught_what = NULL;
	caught_lock = NULL;
	spin_debug_catch = catch_report;
	return 0;
}

static void catch_stop(struct ktest *t)
{
	spin_debug_catch = NULL;
}

static void expect_caught(struct ktest *t, const spinlock_t *lock,
			  const char *what)
{
	KT_EXPECT_EQ(t, caught, 1);
	KT_EXPECT(t, caught_lock == lock);
	KT_EXPECT(t, caught_what && !strcmp(caught_what, what));
	caught = 0;
	caught_what = NULL;
	caught_lock = NULL;
}

static void test_owner_recorded(struct ktest *t)
{
	DEFINE_SPINLOCK(l);

	catch_start(t);
	spin_lock(&l);
	KT_EXPECT(t, l.owner == current());
	/* The caller's address: kernel text. */
	KT_EXPECT(t, l.owner_ip >= 0xffffffff80000000UL);
	spin_unlock(&l);
	KT_EXPECT(t, l.owner == NULL);
	KT_EXPECT_EQ(t, caught, 0);
}

static void test_recursion_caught(struct ktest *t)
{
	DEFINE_SPINLOCK(l);

	catch_start(t);
	spin_lock(&l);
	spin_lock(&l);
	expect_caught(t, &l, "recursive lock");
	KT_EXPECT_EQ(t, l.locked, 1);	/* still held once */
	preempt_enable();		/* the second lock's count */
	spin_unlock(&l);
	KT_EXPECT_EQ(t, caught, 0);
}

static void test_unlock_free_caught(struct ktest *t)
{
	DEFINE_SPINLOCK(l);

	catch_start(t);
	preempt_disable();		/* what the missing lock would have */
	spin_unlock(&l);
	expect_caught(t, &l, "unlock of a free lock");
}

static void test_unlock_by_non_owner_caught(struct ktest *t)
{
	static struct thread other;
	DEFINE_SPINLOCK(l);

	catch_start(t);
	spin_lock(&l);
	l.owner = &other;	/* as if another thread had taken it */
	spin_unlock(&l);
	expect_caught(t, &l, "unlock by a thread that does not hold it");
	KT_EXPECT_EQ(t, l.locked, 0);
}

static void test_irq_side_lock_with_irqs_on_caught(struct ktest *t)
{
	DEFINE_SPINLOCK_IRQ(l);
	unsigned long flags;

	KT_ASSERT(t, !irqs_disabled());
	catch_start(t);
	flags = spin_lock_irqsave(&l);		/* correct: quiet */
	spin_unlock_irqrestore(&l, flags);
	KT_EXPECT_EQ(t, caught, 0);
	spin_lock(&l);
	spin_unlock(&l);
	expect_caught(t, &l, "interrupt-side lock taken with interrupts on");
}

static void test_irqs_enabled_in_irqsave_caught(struct ktest *t)
{
	DEFINE_SPINLOCK(l);
	unsigned long flags;

	catch_start(t);
	flags = spin_lock_irqsave(&l);
	local_irq_enable();
	spin_unlock_irqrestore(&l, flags);
	expect_caught(t, &l, "interrupts enabled inside an irqsave section");
}

static DEFINE_SPINLOCK(mixed_lock);

static void take_mixed_lock(unsigned int irq, void *dev)
{
	spin_lock(&mixed_lock);
	spin_unlock(&mixed_lock);
}

static void test_irq_and_irqs_on_mix_caught(struct ktest *t)
{
	catch_start(t);
	KT_ASSERT(t, request_irq(TEST_IRQ, take_mixed_lock, &mixed_lock) == 0);
	__asm__ __volatile__("int %0" : : "i"(IRQ_VECTOR_BASE + TEST_IRQ)
			     : "memory");
	KT_EXPECT_EQ(t, free_irq(TEST_IRQ, &mixed_lock), 0);
	KT_EXPECT(t, mixed_lock.used_in_irq);
	KT_EXPECT_EQ(t, caught, 0);
	spin_lock(&mixed_lock);			/* interrupts on: the mix */
	spin_unlock(&mixed_lock);
	expect_caught(t, &mixed_lock,
		      "taken in an interrupt and with interrupts on");
	spin_lock(&mixed_lock);			/* reported once */
	spin_unlock(&mixed_lock);
	KT_EXPECT_EQ(t, caught, 0);
}

static struct ktest_case spinlock_debug_cases[] = {
	KTEST_CASE(test_owner_recorded),
	KTEST_CASE(test_recursion_caught),
	KTEST_CASE(test_unlock_free_caught),
	KTEST_CASE(test_unlock_by_non_owner_caught),
	KTEST_CASE(test_irq_side_lock_with_irqs_on_caught),
	KTEST_CASE(test_irqs_enabled_in_irqsave_caught),
	KTEST_CASE(test_irq_and_irqs_on_mix_caught),
	{}
};
KTEST_SUITE_FULL(spinlock_debug, spinlock_debug_cases, catch_start,
		 catch_stop, 0);
