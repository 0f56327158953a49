// SPDX-License-Identifier: GPL-2.0
/*
 * The final GDT (kernel and user segments) and the TSS, whose interrupt
 * stack table gives double faults, NMIs and machine checks their own
 * stacks: a kernel stack overflow then still reaches a handler that can
 * report it instead of escalating to a triple fault.
 */
#include <asm/segment.h>
#include <asm/switch_to.h>
#include <asm/traps.h>
#include <mosaic/compiler.h>
#include <mosaic/page.h>
#include <mosaic/percpu.h>

struct x86_tss cpu_tss __aligned(16);
#define tss cpu_tss
static u64 gdt[GDT_ENTRIES] __aligned(16);
static u8 ist_stacks[3][IST_STACK_PAGES * PAGE_SIZE] __aligned(PAGE_SIZE);

struct desc_ptr {
	u16 limit;
	u64 base;
} __packed;

#define SEG_CODE64 0x00af9a000000ffffULL
#define SEG_DATA 0x00cf92000000ffffULL
#define SEG_USER_CODE64 0x00affa000000ffffULL
#define SEG_USER_DATA 0x00cff2000000ffffULL

static void set_tss_descriptor(u64 *slot, u64 base, u32 limit)
{
	slot[0] = (limit & 0xffffULL) | ((base & 0xffffffULL) << 16) |
		  (0x89ULL << 40) | (((u64)(limit >> 16) & 0xf) << 48) |
		  (((base >> 24) & 0xffULL) << 56);
	slot[1] = base >> 32;
}

static void load_segments(void)
{
	struct desc_ptr ptr = { sizeof(gdt) - 1, (u64)gdt };

	__asm__ __volatile__(
		"lgdt %0\n\t"
		"pushq %1\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movw %w2, %%ds\n\t"
		"movw %w2, %%es\n\t"
		"movw %w2, %%ss\n\t"
		"ltr %w3\n\t"
		:
		: "m"(ptr), "i"((u64)KERNEL_CS), "r"(KERNEL_DS), "r"(TSS_SEL)
		: "rax", "memory");
}

void gdt_init(void)
{
	gdt[0] = 0;
	gdt[GDT_KERNEL_CODE] = SEG_CODE64;
	gdt[GDT_KERNEL_DATA] = SEG_DATA;
	gdt[GDT_USER_DATA] = SEG_USER_DATA;
	gdt[GDT_USER_CODE] = SEG_USER_CODE64;
	for (int i = 0; i < 3; i++)
		tss.ist[i] = (u64)&ist_stacks[i][sizeof(ist_stacks[i])];
	tss.iomap_base = sizeof(tss);
	tss.rsp[0] = this_cpu_read(kernel_stack_top);
	set_tss_descriptor(&gdt[GDT_TSS], (u64)&tss, sizeof(tss) - 1);
	load_segments();
}

unsigned long tss_kernel_stack(void)
{
	return tss.rsp[0];
}
