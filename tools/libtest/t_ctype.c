// SPDX-License-Identifier: GPL-2.0
/*
 * include/mosaic/ctype.h against libc's "C" locale classes for every byte
 * value and EOF. libc's <ctype.h> lives in t_ctype_ref.c: the two cannot
 * share a translation unit.
 */
#include <mosaic/ctype.h>

#include "libtest.h"

int ref_class(int which, int c);

static int mosaic_class(int which, int c)
{
	switch (which) {
	case 0: return !!isdigit(c);
	case 1: return !!isspace(c);
	case 2: return !!isxdigit(c);
	case 3: return !!isalpha(c);
	case 4: return !!isalnum(c);
	case 5: return !!isupper(c);
	case 6: return !!islower(c);
	case 7: return !!isprint(c);
	case 8: return !!isgraph(c);
	case 9: return !!ispunct(c);
	case 10: return !!iscntrl(c);
	case 11: return tolower(c);
	default: return toupper(c);
	}
}

LIBTEST(ctype_vs_libc_c_locale)
{
	int which, c;

	for (which = 0; which <= 12; which++)
		for (c = -1; c < 256; c++)
			if (mosaic_class(which, c) != ref_class(which, c)) {
				libtest_fail(__FILE__, __LINE__,
					     "class %d char %d: %d vs libc %d", which,
					     c, mosaic_class(which, c),
					     ref_class(which, c));
				return;
			}
}
