// SPDX-License-Identifier: GPL-2.0
/*
 * include/mosaic/ctype.h against libc's "C" locale classes for every byte
 * value and EOF. libc's <ctype.h> lives in t_ctype_ref.c: the two cannot
 * share a translation unit, so ctype_classes.h is compiled in each.
 */
#include <mosaic/ctype.h>

#include "ctype_classes.h"
#include "libtest.h"

int ref_class(int which, int c);

HOSTTEST(ctype_vs_libc_c_locale)
{
	int which, c;

	for (which = 0; which < CTYPE_CLASSES; which++)
		for (c = -1; c < 256; c++)
			if (ctype_class(which, c) != ref_class(which, c)) {
				hosttest_fail(__FILE__, __LINE__,
					      "class %d char %d: %d vs libc %d",
					      which, c, ctype_class(which, c),
					      ref_class(which, c));
				return;
			}
}
