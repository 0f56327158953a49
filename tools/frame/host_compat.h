/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Forced first include for host builds: glibc's <sys/cdefs.h> (pulled in
 * by <stdint.h>) defines __always_inline, which include/mosaic/compiler.h
 * defines again without an #undef. Take cdefs first and drop its
 * definition. Remove once compiler.h #undefs before defining.
 */
#include <sys/cdefs.h>
#undef __always_inline
