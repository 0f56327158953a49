/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pointers that carry an error, as in Linux: a function returning an
 * object returns ERR_PTR(-ENOENT) and friends on failure. The top 4095
 * addresses are never valid objects.
 */
#ifndef _MOSAIC_ERR_H
#define _MOSAIC_ERR_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

#define MAX_ERRNO 4095

#define IS_ERR_VALUE(x) unlikely((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR(ptr);
}

#endif /* _MOSAIC_ERR_H */
