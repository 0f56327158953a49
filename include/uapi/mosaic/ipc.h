/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Mosaic's seL4-style IPC, the ABI (Documentation/ipc.md): system-call
 * numbers, the register convention, the message-info word, object kinds
 * and rights. Linux has no counterpart. Plain C with no kernel types, so
 * the kernel and user programs (user/include/mosaic_ipc.h) share it.
 */
#ifndef _UAPI_MOSAIC_IPC_H
#define _UAPI_MOSAIC_IPC_H

/*
 * System calls 1000..1016: clear of Linux's x86-64 numbers (0..46x) and
 * of x32's (512..547). The same numbers are in
 * arch/x86/entry/syscalls/syscall_64.tbl; the kernel includes both, so a
 * difference is a "redefined" warning.
 */
#define __NR_ipc_create 1000
#define __NR_ipc_close 1001
#define __NR_ipc_delete 1002
#define __NR_ipc_mint 1003
#define __NR_ipc_identify 1004
#define __NR_ipc_send 1005
#define __NR_ipc_nbsend 1006
#define __NR_ipc_recv 1007
#define __NR_ipc_nbrecv 1008
#define __NR_ipc_call 1009
#define __NR_ipc_reply 1010
#define __NR_ipc_reply_recv 1011
#define __NR_ipc_signal 1012
#define __NR_ipc_wait 1013
#define __NR_ipc_poll 1014
#define __NR_ipc_bind 1015
#define __NR_ipc_set_buffer 1016

/* ipc_create(kind, flags): flags must be 0. */
#define IPC_ENDPOINT 1
#define IPC_NOTIFICATION 2

/* Rights of a handle. */
#define IPC_RIGHT_SEND 0x1	/* send, call; signal a notification */
#define IPC_RIGHT_RECV 0x2	/* receive; wait, poll, bind; delete */
#define IPC_RIGHT_GRANT 0x4	/* pass a handle with the message */
#define IPC_RIGHTS_ALL (IPC_RIGHT_SEND | IPC_RIGHT_RECV | IPC_RIGHT_GRANT)

/* Handles are small integers; a table holds at most this many. */
#define IPC_HANDLE_MAX 1024
/* ipc_bind(IPC_UNBIND): drop the calling thread's bound notification. */
#define IPC_UNBIND (-1)

/*
 * A message is up to IPC_MSG_MAX_WORDS 64-bit words. Words 0..3 travel
 * in registers; words 4 and up in the thread's IPC buffer, at their own
 * index (msg[0..3] of the buffer are not used).
 */
#define IPC_MSG_REG_WORDS 4
#define IPC_MSG_MAX_WORDS 512

struct ipc_buffer {
	unsigned long long msg[IPC_MSG_MAX_WORDS];
};

/*
 * The message-info word (rsi), seL4's MessageInfo in our own layout:
 *
 *	bits  0..9	length in words, 0..IPC_MSG_MAX_WORDS
 *	bit   10	IPC_INFO_HANDLE: a handle travels with the message
 *	bit   11	IPC_INFO_HANDLE_LOST (received): one was sent, but the
 *			receiver's table was full
 *	bit   12	IPC_INFO_TRUNCATED (received): cut to the registers, the
 *			receiver has no IPC buffer
 *	bits 13..31	the handle: the sender's to pass, or the receiver's
 *			new one
 *	bits 32..63	label, for the program's own use, delivered as sent
 */
#define IPC_INFO_LEN_MASK 0x3ffULL
#define IPC_INFO_HANDLE (1ULL << 10)
#define IPC_INFO_HANDLE_LOST (1ULL << 11)
#define IPC_INFO_TRUNCATED (1ULL << 12)
#define IPC_INFO_HANDLE_SHIFT 13
#define IPC_INFO_HANDLE_MASK (0x7ffffULL << IPC_INFO_HANDLE_SHIFT)
#define IPC_INFO_LABEL_SHIFT 32
/* Bits a sender may set; the others must be 0. */
#define IPC_INFO_SEND_MASK (~(IPC_INFO_HANDLE_LOST | IPC_INFO_TRUNCATED))

#define IPC_INFO(label, len)                                                \
	(((unsigned long long)(label) << IPC_INFO_LABEL_SHIFT) |            \
	 ((unsigned long long)(len) & IPC_INFO_LEN_MASK))
#define IPC_INFO_WITH_HANDLE(info, h)                                       \
	((info) | IPC_INFO_HANDLE |                                         \
	 (((unsigned long long)(h) << IPC_INFO_HANDLE_SHIFT) &              \
	  IPC_INFO_HANDLE_MASK))
#define IPC_INFO_LEN(info) ((unsigned int)((info) & IPC_INFO_LEN_MASK))
#define IPC_INFO_LABEL(info) ((unsigned int)((info) >> IPC_INFO_LABEL_SHIFT))
#define IPC_INFO_HANDLE_OF(info)                                            \
	((int)(((info) & IPC_INFO_HANDLE_MASK) >> IPC_INFO_HANDLE_SHIFT))

/*
 * Registers of the messaging calls (syscall: rax the number, rcx and
 * r11 clobbered):
 *
 *	in:  rdi handle, rsi info, rdx r10 r8 r9 words 0..3
 *	out: rax 0 or -errno (IPC_NOTIFIED: a bound notification),
 *	     rdi badge (or the notification's bits), rsi info,
 *	     rdx r10 r8 r9 words 0..3
 *
 * On an error only rax changes.
 */
#define IPC_NOTIFIED 1

/* ipc_identify(handle, &info) */
struct ipc_handle_info {
	unsigned int kind;	/* IPC_ENDPOINT, IPC_NOTIFICATION */
	unsigned int rights;	/* IPC_RIGHT_* */
	unsigned long long badge;
};

#endif /* _UAPI_MOSAIC_IPC_H */
