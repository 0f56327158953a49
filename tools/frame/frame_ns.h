/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Forced in (-include) when framebench links all three policies into one
 * binary: prefixes every external symbol of the glue, the policy and the
 * workload with FRAME_NS (bitmap_, buddy_ or stack_). The kernel links one
 * policy and never sees this.
 */
#define FNS_CAT2(a, b) a##_##b
#define FNS_CAT(a, b) FNS_CAT2(a, b)
#define FNS(x) FNS_CAT(FRAME_NS, x)

#define frame_init FNS(frame_init)
#define frame_alloc FNS(frame_alloc)
#define frame_free FNS(frame_free)
#define frame_get_stats FNS(frame_get_stats)
#define frame_policy_name FNS(frame_policy_name)
#define frame_max_order FNS(frame_max_order)
#define frame_check FNS(frame_check)
#define frame_print_stats FNS(frame_print_stats)
#define frame_policy_max_order FNS(frame_policy_max_order)
#define frame_policy_meta_size FNS(frame_policy_meta_size)
#define frame_policy_init FNS(frame_policy_init)
#define frame_policy_alloc FNS(frame_policy_alloc)
#define frame_policy_free FNS(frame_policy_free)
#define frame_policy_stats FNS(frame_policy_stats)
#define frame_policy_check FNS(frame_policy_check)
#define frame_bench_run FNS(frame_bench_run)
