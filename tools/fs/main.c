// SPDX-License-Identifier: GPL-2.0
/* The fs host suite: every HOSTTEST in the t_*.c files linked in. */
#include "hosttest.h"

int main(int argc, char **argv)
{
	return hosttest_main("fs", argc, argv);
}
