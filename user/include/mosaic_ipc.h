/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Mosaic's seL4-style IPC from user space (Documentation/ipc.md): one
 * inline function per system call, in the libc manner (-1 and errno on
 * failure). The ABI itself is include/uapi/mosaic/ipc.h. A message is a
 * struct ipc_msg: the info word (label, length, handle), the badge the
 * receiver sees, and words 0..3; words 4 and up go in the IPC buffer
 * (ipc_buffer_setup(), user/lib/mosaic_ipc.c). Mosaic only: Linux has
 * no such calls (they fail there with ENOSYS).
 */
#ifndef _USER_MOSAIC_IPC_H
#define _USER_MOSAIC_IPC_H

#include <errno.h>
#include <mosaic/ipc.h>

struct ipc_msg {
	unsigned long long info;	/* IPC_INFO(label, len), ... */
	unsigned long long badge;	/* received: the sender's badge */
	unsigned long long mr[IPC_MSG_REG_WORDS];
};

/* The raw call: registers in and out as the ABI says; rax returned. */
static inline long ipc_raw(long nr, long h, struct ipc_msg *m)
{
	register long rax __asm__("rax") = nr;
	register long rdi __asm__("rdi") = h;
	register unsigned long long rsi __asm__("rsi") = m->info;
	register unsigned long long rdx __asm__("rdx") = m->mr[0];
	register unsigned long long r10 __asm__("r10") = m->mr[1];
	register unsigned long long r8 __asm__("r8") = m->mr[2];
	register unsigned long long r9 __asm__("r9") = m->mr[3];

	__asm__ __volatile__("syscall"
			     : "+r"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx),
			       "+r"(r10), "+r"(r8), "+r"(r9)
			     :
			     : "rcx", "r11", "memory");
	if (rax >= 0) {
		m->badge = (unsigned long long)rdi;
		m->info = rsi;
		m->mr[0] = rdx;
		m->mr[1] = r10;
		m->mr[2] = r8;
		m->mr[3] = r9;
	}
	return rax;
}

static inline long ipc_ret(long r)
{
	if (r < 0 && r > -4096) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

static inline long ipc_call_nr(long nr, long h, struct ipc_msg *m)
{
	return ipc_ret(ipc_raw(nr, h, m));
}

/* Calls with ordinary arguments: up to three. */
static inline long ipc_sys3(long nr, long a, long b, long c)
{
	register long rax __asm__("rax") = nr;
	register long rdi __asm__("rdi") = a;
	register long rsi __asm__("rsi") = b;
	register long rdx __asm__("rdx") = c;

	__asm__ __volatile__("syscall"
			     : "+r"(rax)
			     : "r"(rdi), "r"(rsi), "r"(rdx)
			     : "rcx", "r11", "memory");
	return ipc_ret(rax);
}

/* A new endpoint or notification: its handle (every right, no badge). */
static inline int ipc_create(unsigned int kind)
{
	return (int)ipc_sys3(__NR_ipc_create, kind, 0, 0);
}

static inline int ipc_close(int h)
{
	return (int)ipc_sys3(__NR_ipc_close, h, 0, 0);
}

/* Wake every waiter with EIDRM; every later call on it fails so. */
static inline int ipc_delete(int h)
{
	return (int)ipc_sys3(__NR_ipc_delete, h, 0, 0);
}

/* A copy with fewer rights and, if h has none, a badge. */
static inline int ipc_mint(int h, unsigned int rights,
			   unsigned long long badge)
{
	return (int)ipc_sys3(__NR_ipc_mint, h, (long)rights, (long)badge);
}

static inline int ipc_identify(int h, struct ipc_handle_info *info)
{
	return (int)ipc_sys3(__NR_ipc_identify, h, (long)info, 0);
}

static inline int ipc_send(int h, struct ipc_msg *m)
{
	return (int)ipc_call_nr(__NR_ipc_send, h, m);
}

static inline int ipc_nbsend(int h, struct ipc_msg *m)
{
	return (int)ipc_call_nr(__NR_ipc_nbsend, h, m);
}

/* 0: a message in *m; IPC_NOTIFIED: the bound notification's bits in
 * m->badge. */
static inline int ipc_recv(int h, struct ipc_msg *m)
{
	return (int)ipc_call_nr(__NR_ipc_recv, h, m);
}

static inline int ipc_nbrecv(int h, struct ipc_msg *m)
{
	return (int)ipc_call_nr(__NR_ipc_nbrecv, h, m);
}

/* Send *m and wait for the reply, which replaces it. */
static inline int ipc_call(int h, struct ipc_msg *m)
{
	return (int)ipc_call_nr(__NR_ipc_call, h, m);
}

static inline int ipc_reply(struct ipc_msg *m)
{
	return (int)ipc_call_nr(__NR_ipc_reply, -1, m);
}

/* Reply with *m (if a reply is owed), then receive into it. */
static inline int ipc_reply_recv(int h, struct ipc_msg *m)
{
	return (int)ipc_call_nr(__NR_ipc_reply_recv, h, m);
}

static inline int ipc_signal(int h)
{
	struct ipc_msg m = { 0 };

	return (int)ipc_call_nr(__NR_ipc_signal, h, &m);
}

/* Wait for a signal: the word of bits, cleared. */
static inline int ipc_wait(int h, unsigned long long *word)
{
	struct ipc_msg m = { 0 };
	int r = (int)ipc_call_nr(__NR_ipc_wait, h, &m);

	if (r >= 0 && word)
		*word = m.badge;
	return r;
}

/* Wait without blocking: EAGAIN if no signal came. */
static inline int ipc_poll(int h, unsigned long long *word)
{
	struct ipc_msg m = { 0 };
	int r = (int)ipc_call_nr(__NR_ipc_poll, h, &m);

	if (r >= 0 && word)
		*word = m.badge;
	return r;
}

/* Bind a notification to the calling thread (IPC_UNBIND: unbind). */
static inline int ipc_bind(int h)
{
	return (int)ipc_sys3(__NR_ipc_bind, h, 0, 0);
}

static inline int ipc_set_buffer(struct ipc_buffer *buf)
{
	return (int)ipc_sys3(__NR_ipc_set_buffer, (long)buf, 0, 0);
}

/* user/lib/mosaic_ipc.c: a fresh page registered as the IPC buffer. */
struct ipc_buffer *ipc_buffer_setup(void);

#endif /* _USER_MOSAIC_IPC_H */
