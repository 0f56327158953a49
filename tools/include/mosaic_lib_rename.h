/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host builds only: give lib/'s functions that share a name with libc a
 * mosaic_ prefix, so lib/string.c and lib/vsprintf.c can be linked into a
 * host program next to libc (and ASan's interceptors) without replacing
 * them. Compile those lib files with
 *	-include $(srctree)/tools/include/mosaic_lib_rename.h
 * A test that wants to call both versions includes this header before the
 * mosaic headers and then tools/include/mosaic_lib_unrename.h.
 * Functions libc lacks (strscpy, kstrtoull, scnprintf, ...) keep their names.
 */
#ifndef _MOSAIC_LIB_RENAME_H
#define _MOSAIC_LIB_RENAME_H

#define memcpy mosaic_memcpy
#define memmove mosaic_memmove
#define memset mosaic_memset
#define memcmp mosaic_memcmp
#define strlen mosaic_strlen
#define strnlen mosaic_strnlen
#define strcmp mosaic_strcmp
#define strncmp mosaic_strncmp
#define strchr mosaic_strchr
#define strrchr mosaic_strrchr
#define strstr mosaic_strstr
#define vsnprintf mosaic_vsnprintf
#define snprintf mosaic_snprintf

#endif /* _MOSAIC_LIB_RENAME_H */
