/* SPDX-License-Identifier: GPL-2.0 */
/* Random bytes for user space: AT_RANDOM, getrandom (kernel/user_random.c). */
#ifndef _MOSAIC_USER_RANDOM_H
#define _MOSAIC_USER_RANDOM_H

#include <mosaic/types.h>

void user_random_bytes(void *buf, size_t len);

#endif /* _MOSAIC_USER_RANDOM_H */
