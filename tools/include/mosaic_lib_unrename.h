/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Undo mosaic_lib_rename.h after the mosaic headers have declared the
 * mosaic_* functions: plain names then refer to libc again.
 */
#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef strrchr
#undef strstr
#undef vsnprintf
#undef snprintf
