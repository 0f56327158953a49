// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: vsnprintf on an arbitrary format (conversions that
 * take pointers are neutralised) must stay inside its buffer, terminate
 * it, and report the same length whatever the buffer size.
 */
#include <mosaic/vsprintf.h>

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *fmt = malloc(size + 1), big[512], *small;
	size_t i, cap = size % 17;
	int n1, n2;

	/* 's' reads memory through an argument: turn it into 'x'. */
	for (i = 0; i < size; i++)
		fmt[i] = data[i] == 's' ? 'x' : (char)data[i];
	fmt[size] = '\0';
	small = malloc(cap ? cap : 1);
	/* Plenty of integer arguments for any number of conversions and '*'. */
#define ARGS 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
	n1 = snprintf(big, sizeof(big), fmt, ARGS, ARGS, ARGS, ARGS);
	n2 = snprintf(small, cap, fmt, ARGS, ARGS, ARGS, ARGS);
	if (n1 != n2 || n1 < 0)
		abort();
	if (cap && (strlen(small) >= cap ||
		    strncmp(small, big, cap - 1 < (size_t)n1 ? cap - 1 : (size_t)n1)))
		abort();
	free(fmt);
	free(small);
	return 0;
}
