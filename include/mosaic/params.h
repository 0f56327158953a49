/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel command line parameters (kernel/params.c).
 *
 * Each owner registers the keys it consumes, next to the code using them:
 *
 *	static int loglevel_setup(const char *val) { ... return 0; }
 *	KERNEL_PARAM(loglevel, loglevel_setup);
 *
 * params_parse() calls the handler of every matching key with its value
 * as a NUL-terminated string ("" for a bare flag or `key=`). A handler
 * returns 0 or a negative errno; errors and unknown keys are reported
 * with pr_warn() and parsing continues. '-' and '_' are interchangeable
 * in keys. Several handlers may register the same key; all are called.
 */
#ifndef _MOSAIC_PARAMS_H
#define _MOSAIC_PARAMS_H

#include <mosaic/compiler.h>

struct kernel_param {
	const char *name;
	int (*handler)(const char *val);
};

/* Host tests rename the section so the host linker provides the bounds. */
#ifndef KERNEL_PARAMS_SECTION
#define KERNEL_PARAMS_SECTION ".kernel_params"
#endif

#define KERNEL_PARAM_NAMED(ident, pname, phandler)                          \
	static const struct kernel_param __kernel_param_##ident __used        \
		__aligned(8) __section(KERNEL_PARAMS_SECTION) = {             \
			.name = pname,                                        \
			.handler = phandler,                                  \
		}

/* The key is the identifier; use _NAMED for keys like "sched.quantum". */
#define KERNEL_PARAM(pname, phandler) KERNEL_PARAM_NAMED(pname, #pname, phandler)

/* Values longer than this are rejected with a warning. */
#define PARAM_VALUE_MAX 256

/* Parse the command line against every registered parameter. */
void params_parse(const char *cmdline);

/*
 * Same, against an explicit table (used by params_parse and by tests).
 * Returns how many problems (unknown keys, malformed words, handler
 * errors) were reported.
 */
int params_parse_table(const char *cmdline, const struct kernel_param *start,
			const struct kernel_param *stop);

#endif /* _MOSAIC_PARAMS_H */
