// SPDX-License-Identifier: GPL-2.0
/*
 * What Linux does when init exits: panic with its exit status. Booted
 * with `init=/bin/hello ktest=init_death` (scripts/check), the case
 * starts init and waits; the boot passes when the kernel panics with
 * "Attempted to kill init! exitcode=0x00000000". On demand only.
 */
#include <mosaic/init_process.h>
#include <mosaic/ktest.h>
#include <mosaic/sched.h>

static void test_init_exit_panics(struct ktest *t)
{
	KT_EXPECT_EQ(t, start_init_process(), 0);
	/* init runs and exits; the panic ends the boot. */
	for (int i = 0; i < 100; i++)
		sleep_ms(100);
	ktest_log(t, "init did not end the boot in 10 s");
	KT_EXPECT(t, false);
}

static struct ktest_case init_death_cases[] = {
	KTEST_CASE(test_init_exit_panics),
	{}
};
KTEST_SUITE_FULL(init_death, init_death_cases, NULL, NULL, KTEST_ON_DEMAND);
