// SPDX-License-Identifier: GPL-2.0
/* The out-of-line part of user/include/mosaic_ipc.h. */
#include <stddef.h>
#include <sys/mman.h>

#include "mosaic_ipc.h"

struct ipc_buffer *ipc_buffer_setup(void)
{
	void *p = mmap(NULL, sizeof(struct ipc_buffer), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	if (ipc_set_buffer(p)) {
		munmap(p, sizeof(struct ipc_buffer));
		return NULL;
	}
	return p;
}
