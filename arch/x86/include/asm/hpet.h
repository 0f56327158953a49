/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The HPET of the ACPI HPET table: a clock source where its main counter
 * is 64 bits wide, and a reference for calibrating the TSC and the local
 * APIC timer (better than the PIT: a register read, not a port poll).
 */
#ifndef _ASM_X86_HPET_H
#define _ASM_X86_HPET_H

#include <mosaic/errno.h>
#include <mosaic/types.h>

#ifdef CONFIG_HPET
/* Map and start the HPET the ACPI tables list: 0, or -ENODEV. */
int hpet_init(void);
bool hpet_available(void);
/*
 * How far read() moves while the HPET counts at least hpet_ns
 * nanoseconds; *hpet_elapsed_ns is the HPET's exact measure of it.
 * False when there is no HPET or it does not count.
 */
bool hpet_measure(u64 hpet_ns, u64 (*read)(void), u64 *delta,
		  u64 *hpet_elapsed_ns);
#else
static inline int hpet_init(void)
{
	return -ENODEV;
}

static inline bool hpet_available(void)
{
	return false;
}

static inline bool hpet_measure(u64 hpet_ns, u64 (*read)(void), u64 *delta,
				u64 *hpet_elapsed_ns)
{
	return false;
}
#endif

/*
 * The frequency of a free-running, increasing counter, measured against
 * the HPET where there is one, else the PIT's channel 2, in 5 ms tries
 * until two agree (arch/x86/kernel/calibrate.c). 0 when neither
 * reference works. *ref names the reference used.
 */
u64 calibrate_counter_hz(u64 (*read)(void), const char **ref);

#endif /* _ASM_X86_HPET_H */
