/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Forced in (-include) on the glue and the workload when framebench links
 * every frame policy into one binary: each member gets its own copy of
 * both, its external symbols prefixed with FRAME_NS (bitmap_, buddy_,
 * ...), bound to frame_policy_<FRAME_NS> at compile time. With link-time
 * optimisation the calls through that constant ops struct become direct
 * ones, as POLICY_FAST_CALL makes them in the kernel. The policy files
 * themselves need no renaming: their one external symbol,
 * frame_policy_<member>, is already unique.
 */
#define FNS_CAT2(a, b) a##_##b
#define FNS_CAT(a, b) FNS_CAT2(a, b)
#define FNS(x) FNS_CAT(FRAME_NS, x)

#define FRAME_HOST_POLICY FNS_CAT(frame_policy, FRAME_NS)
#define frame_init FNS(frame_init)
#define frame_alloc FNS(frame_alloc)
#define frame_free FNS(frame_free)
#define frame_get_stats FNS(frame_get_stats)
#define frame_policy_name FNS(frame_policy_name)
#define frame_max_order FNS(frame_max_order)
#define frame_check FNS(frame_check)
#define frame_print_stats FNS(frame_print_stats)
#define frame_bench_run FNS(frame_bench_run)
