/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How every policy family binds its member (Documentation/policy.md).
 *
 * A family <fam> (frame, heap, sched, ...) has one header,
 * <mosaic/<fam>_policy.h>, that declares `struct <fam>_policy`: an ops
 * struct whose first member is `const char *name`, followed by the
 * operations. Each member file defines one instance,
 *
 *	const struct <fam>_policy <fam>_policy_<member> = { ... };
 *
 * and, last in the file, names itself the one the kernel uses:
 *
 *	POLICY_SELECT(<fam>, <member>);
 *
 * The glue reaches the policy through <fam>_selected_policy. Where a
 * benchmark shows that the indirect call costs (the allocators' alloc
 * and free), the member also exports direct-call aliases,
 *
 *	POLICY_FAST_CALL(<fam>, alloc, my_alloc);
 *
 * which the glue calls as <fam>_selected_alloc(...): one direct call,
 * no pointer load. Host programs (tools/) link several members of a
 * family at once and choose one at run time, so there the macros expand
 * to nothing and the program provides <fam>_selected_policy itself.
 */
#ifndef _MOSAIC_POLICY_H
#define _MOSAIC_POLICY_H

#if defined(__MOSAIC_HOST__) || defined(__CHECKER__)
/*
 * sparse walks a function's body again when __typeof__ takes its type
 * and then reports the body's loop labels as "already bound"; the family
 * header's prototype of <fam>_selected_<op> is all it needs to check.
 */
#define POLICY_FAST_CALL(fam, op, impl) \
	extern const struct fam##_policy fam##_selected_unused_##op
#endif

#ifdef __MOSAIC_HOST__
#define POLICY_SELECT(fam, member) \
	extern const struct fam##_policy fam##_policy_##member
#else
#define POLICY_SELECT(fam, member)					\
	const struct fam##_policy *const fam##_selected_policy =	\
		&fam##_policy_##member
#ifndef __CHECKER__
#define POLICY_FAST_CALL(fam, op, impl) \
	__typeof__(impl) fam##_selected_##op __attribute__((__alias__(#impl)))
#endif
#endif

#endif /* _MOSAIC_POLICY_H */
