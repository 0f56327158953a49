// SPDX-License-Identifier: GPL-2.0
/*
 * Symbol lookup and frame-pointer backtraces. The tables come from the
 * second link (scripts/kallsyms.py); in the first link they are absent,
 * which the weak declarations allow.
 */
#include <asm/page.h>
#include <asm/processor.h>
#include <mosaic/backtrace.h>
#include <mosaic/printk.h>
#include <mosaic/vsprintf.h>

extern const u64 ksyms_count __attribute__((weak));
extern const u64 ksyms_addrs[] __attribute__((weak));
extern const u32 ksyms_name_offsets[] __attribute__((weak));
extern const char ksyms_names[] __attribute__((weak));
extern char _text[], _etext[];

#define BACKTRACE_MAX_DEPTH 24

static long find_symbol(unsigned long addr)
{
	long lo = 0, hi, best = -1;

	if (!&ksyms_count || addr < (unsigned long)_text ||
	    addr >= (unsigned long)_etext)
		return -1;
	hi = (long)ksyms_count - 1;
	while (lo <= hi) {
		long mid = lo + (hi - lo) / 2;

		if (ksyms_addrs[mid] <= addr) {
			best = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return best;
}

int ksym_format(char *buf, size_t size, unsigned long addr)
{
	long i = find_symbol(addr);
	unsigned long next;

	if (i < 0)
		return scnprintf(buf, size, "0x%016lx", addr);
	next = (unsigned long)i + 1 < ksyms_count ? ksyms_addrs[i + 1] :
						    (unsigned long)_etext;
	return scnprintf(buf, size, "%s+0x%lx/0x%lx",
			 &ksyms_names[ksyms_name_offsets[i]],
			 addr - (unsigned long)ksyms_addrs[i],
			 next - (unsigned long)ksyms_addrs[i]);
}

static bool plausible_frame(unsigned long rbp)
{
	/* Frames live in the direct map, kernel stacks or the image. */
	return rbp >= DIRECT_MAP_BASE && (rbp & 7) == 0 &&
	       rbp < 0xfffffffffffff000UL;
}

void print_backtrace_from(unsigned long rip, unsigned long rbp)
{
	char line[160];

	for (int depth = 0; depth < BACKTRACE_MAX_DEPTH; depth++) {
		ksym_format(line, sizeof(line), rip);
		pr_emerg("  [<%016lx>] %s\n", rip, line);
		if (!plausible_frame(rbp))
			break;
		rip = ((unsigned long *)rbp)[1];
		rbp = ((unsigned long *)rbp)[0];
		if (!rip)
			break;
	}
}

void __noinline print_backtrace(void)
{
	unsigned long rbp;

	rbp = read_rbp();
	print_backtrace_from((unsigned long)__builtin_return_address(0),
			     ((unsigned long *)rbp)[0]);
}
