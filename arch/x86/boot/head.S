/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry from GRUB: the multiboot2 header, the 32-bit entry point, the
 * switch to long mode and the jump to the higher-half kernel.
 *
 * GRUB enters _start in 32-bit protected mode with paging off, EAX =
 * multiboot2 magic and EBX = physical address of the boot information.
 * This code runs at its physical (load) address; everything after the
 * jump runs at KERNEL_VIRT_BASE + physical.
 */
#include <asm/page.h>

#define MB2_HEADER_MAGIC	0xe85250d6
#define MB2_ARCH_I386		0
#define MB2_TAG_END		0
#define MB2_TAG_INFO_REQUEST	1
#define MB2_TAG_OPTIONAL	1
#define MB2_TAG_FRAMEBUFFER	5

#define CR0_PE			(1 << 0)
#define CR0_WP			(1 << 16)
#define CR0_PG			(1 << 31)
#define CR4_PAE			(1 << 5)
#define MSR_EFER		0xc0000080
#define EFER_LME		(1 << 8)
#define EFER_NXE		(1 << 11)
#define PTE_PRESENT_RW		0x3
#define PTE_HUGE		0x80
#define EFLAGS_ID		(1 << 21)

/* The 16550 registers the early message needs (drivers/tty/serial.c). */
#define COM1			0x3f8
#define UART_DLL		0
#define UART_IER		1
#define UART_DLM		1
#define UART_LCR		3
#define UART_LSR		5
#define UART_LCR_DLAB		0x80
#define UART_LCR_8N1		0x03
#define UART_LSR_THRE		0x20
#define UART_CLOCK_BAUD		115200
#ifdef CONFIG_SERIAL_BAUD
#define EARLY_BAUD		CONFIG_SERIAL_BAUD
#else
#define EARLY_BAUD		115200
#endif

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long MB2_HEADER_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))

	/* Ask for the tags we parse; optional, so old loaders still boot. */
	.balign 8
mb2_request:
	.word MB2_TAG_INFO_REQUEST, MB2_TAG_OPTIONAL
	.long mb2_request_end - mb2_request
	.long 1, 3, 6, 8, 14, 15
mb2_request_end:

#ifdef CONFIG_FB_VBE
	/*
	 * A graphics mode for the framebuffer console: GRUB sets the closest
	 * VBE (BIOS) or GOP (UEFI) mode. Optional: text mode still boots.
	 */
	.balign 8
mb2_framebuffer:
	.word MB2_TAG_FRAMEBUFFER, MB2_TAG_OPTIONAL
	.long mb2_framebuffer_end - mb2_framebuffer
	.long CONFIG_FB_MODE_WIDTH, CONFIG_FB_MODE_HEIGHT, CONFIG_FB_MODE_DEPTH
mb2_framebuffer_end:
#endif

	.balign 8
	.word MB2_TAG_END, 0
	.long 8
mb2_header_end:

	.section .boot.text, "ax"
	.code32
	.globl _start
_start:
	cli
	cld
	movl	%eax, boot_magic
	movl	%ebx, boot_mbi
	/* The TSC at the kernel's first instruction: boot time from here. */
	rdtsc
	movl	%eax, head_entry_tsc
	movl	%edx, head_entry_tsc + 4
	movl	$boot_stack32_top, %esp

	/* Zero the kernel's BSS (physical addresses) and the boot tables. */
	movl	$_bss_start_phys, %edi
	movl	$_bss_end_phys, %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb
	movl	$boot_tables_start, %edi
	movl	$boot_tables_end, %ecx
	subl	%edi, %ecx
	rep stosb

	call	check_long_mode
	call	build_boot_tables

	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$boot_pml4, %eax
	movl	%eax, %cr3

	/* Long mode, and no-execute pages when the CPU has them. */
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	testl	$1, boot_has_nx
	jz	1f
	orl	$EFER_NXE, %eax
1:	wrmsr

	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_WP | CR0_PE), %eax
	movl	%eax, %cr0

	lgdt	boot_gdt_ptr
	ljmp	$0x08, $start64

/*
 * Halt with a message if this is not a 64-bit CPU: a CPU without CPUID
 * (EFLAGS.ID cannot be toggled) cannot have long mode either.
 */
check_long_mode:
	pushfl
	popl	%eax
	movl	%eax, %ecx
	xorl	$EFLAGS_ID, %eax
	pushl	%eax
	popfl
	pushfl
	popl	%eax
	pushl	%ecx
	popfl
	xorl	%ecx, %eax
	jz	no_long_mode
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	no_long_mode
	movl	$0x80000001, %eax
	cpuid
	testl	$(1 << 29), %edx
	jz	no_long_mode
	xorl	%eax, %eax
	testl	$(1 << 20), %edx
	setnz	%al
	movl	%eax, boot_has_nx
	ret

no_long_mode:
	movl	$no_lm_msg, %esi
	call	early_fatal
	/* not reached */

/*
 * Print the NUL-terminated message at %esi on the VGA text screen and on
 * COM1, then halt for good. The serial copy is what a headless run (make
 * run over ssh, make ktest) sees: the kernel's own console is not up yet.
 */
early_fatal:
	call	early_serial_init
	movl	$0xb8000, %edi
1:	lodsb
	testb	%al, %al
	jz	2f
	call	early_serial_putc
	movb	$0x4f, %ah
	stosw
	jmp	1b
2:	movb	$'\r', %al
	call	early_serial_putc
	movb	$'\n', %al
	call	early_serial_putc
3:	cli
	hlt
	jmp	3b

/* COM1 at EARLY_BAUD, 8N1, no interrupts. Clobbers %eax, %edx. */
early_serial_init:
	movw	$(COM1 + UART_IER), %dx
	xorb	%al, %al
	outb	%al, %dx
	movw	$(COM1 + UART_LCR), %dx
	movb	$UART_LCR_DLAB, %al
	outb	%al, %dx
	movw	$(COM1 + UART_DLL), %dx
	movb	$(UART_CLOCK_BAUD / EARLY_BAUD), %al
	outb	%al, %dx
	movw	$(COM1 + UART_DLM), %dx
	movb	$((UART_CLOCK_BAUD / EARLY_BAUD) >> 8), %al
	outb	%al, %dx
	movw	$(COM1 + UART_LCR), %dx
	movb	$UART_LCR_8N1, %al
	outb	%al, %dx
	ret

/*
 * Send %al on COM1 once the transmitter is empty; a bounded wait, so a
 * machine without a UART still reaches the halt. Clobbers %ecx, %edx.
 */
early_serial_putc:
	pushl	%eax
	movw	$(COM1 + UART_LSR), %dx
	movl	$100000, %ecx
1:	inb	%dx, %al
	testb	$UART_LSR_THRE, %al
	jnz	2f
	loop	1b
2:	popl	%eax
	movw	$COM1, %dx
	outb	%al, %dx
	ret

/*
 * The boot page tables map the first 4 GiB with 2 MiB pages three times:
 * identity (for this code), at DIRECT_MAP_BASE (the direct map; the
 * paging code extends it to all RAM) and at KERNEL_VIRT_BASE (-2 GiB,
 * the kernel image, which -mcmodel=kernel requires).
 */
build_boot_tables:
	/* 4 page directories: 2048 entries of 2 MiB. */
	movl	$boot_pd, %edi
	xorl	%ecx, %ecx
1:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$(PTE_PRESENT_RW | PTE_HUGE), %eax
	movl	%eax, (%edi,%ecx,8)
	movl	%ecx, %eax
	shrl	$11, %eax
	movl	%eax, 4(%edi,%ecx,8)
	incl	%ecx
	cmpl	$2048, %ecx
	jb	1b

	/* Low PDPT: 4 entries, one per GiB. */
	movl	$boot_pdpt, %edi
	xorl	%ecx, %ecx
2:	movl	%ecx, %eax
	shll	$12, %eax
	addl	$(boot_pd + PTE_PRESENT_RW), %eax
	movl	%eax, (%edi,%ecx,8)
	incl	%ecx
	cmpl	$4, %ecx
	jb	2b

	/* -2 GiB: PDPT entries 510 and 511 reach the first 2 GiB. */
	movl	$(boot_pd + PTE_PRESENT_RW), boot_pdpt_high + 510 * 8
	movl	$(boot_pd + 4096 + PTE_PRESENT_RW), boot_pdpt_high + 511 * 8

	movl	$(boot_pdpt + PTE_PRESENT_RW), boot_pml4
	movl	$(boot_pdpt + PTE_PRESENT_RW), boot_pml4 + 256 * 8
	movl	$(boot_pdpt_high + PTE_PRESENT_RW), boot_pml4 + 511 * 8
	ret

	.code64
start64:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	xorw	%ax, %ax
	movw	%ax, %fs
	movw	%ax, %gs
	movl	boot_magic, %edi
	movl	boot_mbi, %esi
	movabsq	$start_higher_half, %rax
	jmp	*%rax

	.section .boot.data, "aw"
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit kernel code */
	.quad 0x00cf92000000ffff	/* 0x10: kernel data */
boot_gdt_end:
boot_gdt_ptr:
	.word boot_gdt_end - boot_gdt - 1
	.long boot_gdt
	.globl boot_magic, boot_mbi, boot_has_nx, head_entry_tsc
	.balign 8
head_entry_tsc:
	.quad 0
boot_magic:
	.long 0
boot_mbi:
	.long 0
boot_has_nx:
	.long 0
no_lm_msg:
	.asciz "Mosaic: early boot failed: this CPU has no long mode; Mosaic needs a 64-bit (x86-64) CPU. Halted."

	.section .boot.bss, "aw", @nobits
	.balign 4096
boot_tables_start:
	.globl boot_pml4
boot_pml4:
	.skip 4096
boot_pdpt:
	.skip 4096
boot_pdpt_high:
	.skip 4096
boot_pd:
	.skip 4 * 4096
boot_tables_end:
	.skip 1024
boot_stack32_top:

/* The higher-half entry: a proper stack, then C. */
	.text
start_higher_half:
	movabsq	$boot_stack_top, %rsp
	xorl	%ebp, %ebp
	call	start_kernel
1:	cli
	hlt
	jmp	1b

	.bss
	.balign 4096
	.globl boot_stack_guard, boot_stack_bottom, boot_stack_top
boot_stack_guard:		/* left unmapped by paging_init() */
	.skip 4096
boot_stack_bottom:
	.skip 4096 * CONFIG_KSTACK_PAGES
boot_stack_top:
