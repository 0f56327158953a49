/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A stand-in for a Linux kernel image, booted by QEMU's -kernel exactly as
 * Debian's vmlinuz is (Documentation/x86/boot.rst: a bzImage setup header,
 * protocol 2.06, loaded high), whose first instructions print the TSC and
 * leave through isa-debug-exit:
 *
 *	PROBE-TSC 0x0000002c4f1a9e20
 *
 * The firmware and QEMU's option ROM do the same work before it as before
 * Linux's own setup code, so this TSC is where Linux's boot begins: the
 * reference for "boot to the first user instruction" (scripts/workloads.py).
 * Real mode: the ROM jumps to CS = (setup segment + 0x20), IP = 0 with
 * DS = the setup segment, so data is addressed by file offset.
 */
	.code16
	.text
	.globl	_start
_start:
	.org	0x1f1
	.byte	1			/* setup_sects: 2 x 512 bytes of setup */
	.word	0			/* root_flags */
	.long	0x20			/* syssize: 512 bytes, in paragraphs */
	.word	0, 0, 0			/* ram_size, vid_mode, root_dev */
	.word	0xaa55			/* boot_flag */
	.org	0x200
	jmp	probe
	.ascii	"HdrS"
	.word	0x0206			/* boot protocol 2.06 */
	.long	0			/* realmode_swtch */
	.word	0, 0			/* start_sys_seg, kernel_version */
	.byte	0			/* type_of_loader */
	.byte	1			/* loadflags: LOADED_HIGH */
	.word	0			/* setup_move_size */
	.long	0x100000		/* code32_start */
	.long	0, 0			/* ramdisk_image, ramdisk_size */
	.long	0			/* bootsect_kludge */
	.word	0			/* heap_end_ptr */
	.byte	0, 0			/* ext_loader_ver, ext_loader_type */
	.long	0			/* cmd_line_ptr */
	.long	0x7fffffff		/* initrd_addr_max */
	.long	0x200000		/* kernel_alignment */
	.byte	0, 0			/* relocatable_kernel, min_alignment */
	.word	0			/* xloadflags */
	.long	255			/* cmdline_size */

probe:
	rdtsc
	movl	%edx, tsc_hi
	movl	%eax, tsc_lo
	movw	$prefix, %si
	call	puts
	movl	tsc_hi, %ecx
	call	puthex32
	movl	tsc_lo, %ecx
	call	puthex32
	movw	$suffix, %si
	call	puts
	/* isa-debug-exit (scripts/qemu-run adds it): value 0, "pass". */
	movw	$0xf4, %dx
	xorl	%eax, %eax
	outl	%eax, %dx
1:	hlt
	jmp	1b

/* COM1, as the firmware left it: wait for room, send %bl. */
putc:
	movw	$0x3fd, %dx
1:	inb	%dx, %al
	testb	$0x20, %al
	jz	1b
	movw	$0x3f8, %dx
	movb	%bl, %al
	outb	%al, %dx
	ret

/* The NUL-terminated string at %ds:%si. */
puts:
	lodsb
	testb	%al, %al
	jz	1f
	movb	%al, %bl
	call	putc
	jmp	puts
1:	ret

/* %ecx as 8 hex digits, most significant first. */
puthex32:
	movw	$8, %di
1:	roll	$4, %ecx
	movb	%cl, %bl
	andb	$0x0f, %bl
	addb	$'0', %bl
	cmpb	$'9', %bl
	jbe	2f
	addb	$('a' - '0' - 10), %bl
2:	call	putc
	decw	%di
	jnz	1b
	ret

prefix:	.asciz	"PROBE-TSC 0x"
suffix:	.asciz	"\r\n"
	.balign	4
tsc_hi:	.long	0
tsc_lo:	.long	0

	/* The "protected-mode kernel": 512 bytes QEMU loads at 1 MiB. */
	.org	0x600
