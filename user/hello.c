// SPDX-License-Identifier: GPL-2.0
/* The smallest useful program: try `init=/bin/hello`. */
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("hello from %s in ring 3\n", argc ? argv[0] : "?");
	return 0;
}
