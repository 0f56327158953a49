/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CPU's random number instructions: RDSEED (conditioned entropy,
 * CPUID.(7,0):EBX bit 18) and RDRAND (a DRBG reseeded from it, CPUID.1:ECX
 * bit 30). Each may transiently fail (CF clear); callers retry a bounded
 * number of times, as Intel's guide recommends.
 */
#ifndef _ASM_X86_ARCHRANDOM_H
#define _ASM_X86_ARCHRANDOM_H

#include <mosaic/types.h>

#define CPUID1_ECX_RDRAND (1U << 30)
#define CPUID7_EBX_RDSEED (1U << 18)
#define RDRAND_RETRIES 10
#define RDSEED_RETRIES 100

static inline void cpuid_count(u32 leaf, u32 subleaf, u32 *eax, u32 *ebx,
			       u32 *ecx, u32 *edx)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(*eax), "=b"(*ebx), "=c"(*ecx), "=d"(*edx)
			     : "a"(leaf), "c"(subleaf));
}

static inline bool cpu_has_rdrand(void)
{
	u32 a, b, c, d;

	cpuid_count(1, 0, &a, &b, &c, &d);
	return c & CPUID1_ECX_RDRAND;
}

static inline bool cpu_has_rdseed(void)
{
	u32 a, b, c, d;

	cpuid_count(0, 0, &a, &b, &c, &d);
	if (a < 7)
		return false;
	cpuid_count(7, 0, &a, &b, &c, &d);
	return b & CPUID7_EBX_RDSEED;
}

static inline bool rdrand_u64(u64 *v)
{
	for (int i = 0; i < RDRAND_RETRIES; i++) {
		bool ok;

		__asm__ __volatile__("rdrand %0" : "=r"(*v), "=@ccc"(ok));
		if (ok)
			return true;
	}
	return false;
}

static inline bool rdseed_u64(u64 *v)
{
	for (int i = 0; i < RDSEED_RETRIES; i++) {
		bool ok;

		__asm__ __volatile__("rdseed %0" : "=r"(*v), "=@ccc"(ok));
		if (ok)
			return true;
		__asm__ __volatile__("pause");
	}
	return false;
}

#endif /* _ASM_X86_ARCHRANDOM_H */
