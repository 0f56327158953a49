// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "jump_label": a static key's site is the 5-byte no-op
 * while the key is off and a jmp to its out-of-line block while it is
 * on, the branch follows, and the trace events' keys follow the trace
 * selection.
 */
#include <asm/jump_label.h>
#include <mosaic/jump_label.h>
#include <mosaic/ktest.h>
#include <mosaic/trace.h>

static struct static_key test_key = STATIC_KEY_INIT_FALSE;
static unsigned int slow_runs;

static __noinline bool branch_taken(void)
{
	if (static_branch_unlikely(&test_key)) {
		slow_runs++;
		return true;
	}
	return false;
}

static void test_key_patches_its_site(struct ktest *t)
{
	const struct jump_entry *e = jump_label_first(&test_key);

	KT_ASSERT(t, e != NULL);
	KT_EXPECT_EQ(t, jump_label_sites(&test_key), 1);
	KT_EXPECT(t, e->code >= (unsigned long)branch_taken &&
		     e->code < (unsigned long)branch_taken + 64);
	slow_runs = 0;
	KT_EXPECT(t, !static_key_enabled(&test_key));
	KT_EXPECT(t, jump_label_site_is(e, false));
	KT_EXPECT(t, !branch_taken());
	static_key_enable(&test_key);
	KT_EXPECT(t, static_key_enabled(&test_key));
	KT_EXPECT(t, jump_label_site_is(e, true));
	KT_EXPECT(t, branch_taken());
	KT_EXPECT(t, branch_taken());
	/* Enabling again changes nothing. */
	static_key_enable(&test_key);
	KT_EXPECT(t, jump_label_site_is(e, true));
	static_key_disable(&test_key);
	KT_EXPECT(t, jump_label_site_is(e, false));
	KT_EXPECT(t, !branch_taken());
	KT_EXPECT_EQ(t, slow_runs, 2);
}

#ifdef CONFIG_TRACING
static void test_trace_keys_follow_selection(struct ktest *t)
{
	struct static_key *sw = &trace_event_keys[TRACE_sched_switch];
	struct static_key *fa = &trace_event_keys[TRACE_frame_alloc];
	u64 saved = trace_selected_events();

	KT_EXPECT(t, jump_label_sites(sw) >= 1);
	KT_EXPECT(t, jump_label_sites(fa) >= 1);
	KT_ASSERT(t, trace_set_events(1ULL << TRACE_sched_switch) == 0);
	KT_EXPECT(t, static_key_enabled(sw) == trace_recording());
	KT_EXPECT(t, !static_key_enabled(fa));
	KT_EXPECT(t, static_key_sites_follow(sw));
	KT_EXPECT(t, static_key_sites_follow(fa));
	KT_ASSERT(t, trace_set_events(0) == 0);
	KT_EXPECT(t, !static_key_enabled(sw));
	KT_EXPECT(t, static_key_sites_follow(sw));
	KT_EXPECT_EQ(t, trace_set_events(saved), 0);
}
#endif

static struct ktest_case jump_label_cases[] = {
	KTEST_CASE(test_key_patches_its_site),
#ifdef CONFIG_TRACING
	KTEST_CASE(test_trace_keys_follow_selection),
#endif
	{}
};
KTEST_SUITE(jump_label, jump_label_cases);
