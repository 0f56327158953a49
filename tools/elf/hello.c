// SPDX-License-Identifier: GPL-2.0
/* A sample static executable for elf_test (built with musl-gcc). */
#include <stdio.h>

int main(void)
{
	puts("hello");
	return 0;
}
