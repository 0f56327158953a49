// SPDX-License-Identifier: GPL-2.0
/* libc's ctype in the "C" locale (the default), for t_ctype.c. */
#include <ctype.h>

#include "ctype_classes.h"

int ref_class(int which, int c);

int ref_class(int which, int c)
{
	return ctype_class(which, c);
}
