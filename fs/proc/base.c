// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/<pid>: a directory per process in Linux's formats (proc(5)):
 * stat, status, statm, maps, cmdline, environ, comm, the links exe, cwd
 * and root, fd/ with a link per open descriptor, task/<tid>/ per
 * thread; and /proc/self, /proc/thread-self.
 *
 * Why an entry per process, made at fork and removed at reap, and not
 * directories computed from the process list at each lookup: the entry
 * tree already gives what a computed directory would have to rebuild.
 * proc_remove() drops the cached names of the whole subtree and waits
 * out running show()s, so the process may be freed right after, and a
 * file still open reads EIO. What lies below /proc/<pid> is computed,
 * though (no allocation per file at fork): the names come from the
 * tables here, and the inodes a lookup makes hang on the pid's entry,
 * so its removal drops them all. fd/ and task/ change while the process
 * lives, so their cached names are checked again at each lookup
 * (inode_operations.revalidate).
 *
 * Locking: the process (the entry's data) lives while its entry is not
 * removed: in show() (under the entry's show_lock) and under vfs_ns_lock
 * (lookup, readdir, link targets). Its fields are read under
 * process_lock into a snapshot, then printed; an address space is used
 * through a reference taken under process_lock (exec swaps a thread's mm
 * under it). Link targets are made with vfs_ns_lock held, the caller's:
 * the files, fs and exe_file a process holds are taken from it under
 * process_lock before they are released, so under process_lock they are
 * alive, and d_path() needs vfs_ns_lock anyway.
 */
#include <asm/elf.h>
#include <mosaic/chrdev.h>
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/mmap.h>
#include <mosaic/printk.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/thread.h>
#include <mosaic/tty.h>
#include <mosaic/vfs.h>
#include <mosaic/vmm.h>
#include <mosaic/vsprintf.h>
#include <uapi/linux/stat.h>

#include "internal.h"

#define PIPEFS_MAGIC 0x50495045
#define RLIM_INFINITY (~0UL)
/* task->flags bits Linux shows in stat. */
#define PF_EXITING 0x00000004
#define PF_FORKNOEXEC 0x00000040
/* Linux 6.1's full set of capabilities (CAP_LAST_CAP 40): root has all. */
#define CAP_FULL_SET 0x000001ffffffffffULL

/* ------------------------------------------------------------ snapshots */

/* What show() prints of a process or thread, copied under process_lock. */
struct task_snap {
	int pid, tid, ppid, pgid, sid;
	char comm[PROCESS_COMM_LEN];
	char state;		/* R, S, Z */
	bool zombie, leader, whole, did_exec;
	unsigned int nr_threads;
	u64 run_units, children_run_units, start_tick;
	u64 nr_voluntary, nr_forced;
	int nice, exit_signal, exit_status;
	u64 sigmask;
	struct cred cred;	/* ids only: groups not referenced */
	int umask;		/* -1: no fs (a zombie), no Umask line */
	unsigned int fd_size;
	struct mm *mm;		/* a reference, or NULL (zombie, kernel) */
};

static struct process *pi_process(const struct proc_inode *pi)
{
	return pi->pde->data;
}

static char thread_state_char(const struct thread *t)
{
	switch (READ_ONCE(t->state)) {
	case THREAD_RUNNING:
	case THREAD_READY:
		return 'R';
	case THREAD_BLOCKED:
	case THREAD_SLEEPING:
		return 'S';
	default:
		return 'Z';
	}
}

/* The thread with id tid, or (tid 0) the one the process shows. (L) */
static struct thread *pick_thread_locked(struct process *p, int tid)
{
	struct thread *t;

	list_for_each_entry(t, &p->threads, group_node) {
		if (t->user_tid == (tid ? tid : p->pid))
			return t;
	}
	return tid ? NULL : p->thread;
}

/* (L) */
static void snap_thread_locked(struct task_snap *s, struct process *p,
			       struct thread *t, int tid)
{
	struct thread *u;

	s->state = thread_state_char(t);
	s->nice = t->se.nice;
	s->nr_voluntary = t->stats.nr_voluntary;
	s->nr_forced = t->stats.nr_forced;
	if (t->mm) {
		mm_get(t->mm);
		s->mm = t->mm;
	}
	if (tid) {
		s->run_units = t->stats.run_units;
		strscpy(s->comm, t->name, sizeof(s->comm));
		return;
	}
	s->run_units = p->run_units;
	list_for_each_entry(u, &p->threads, group_node)
		s->run_units += u->stats.run_units;
}

/*
 * Fill s for process p (tid 0) or its thread tid: 0, or -ESRCH when the
 * thread is gone. The caller puts s->mm.
 */
static int take_snap(struct task_snap *s, struct process *p, int tid)
{
	unsigned long flags = spin_lock_irqsave(&process_lock);
	struct thread *t = pick_thread_locked(p, tid);

	memset(s, 0, sizeof(*s));
	if (tid && !t) {
		spin_unlock_irqrestore(&process_lock, flags);
		return -ESRCH;
	}
	s->pid = p->pid;
	s->tid = tid ? tid : p->pid;
	s->ppid = p->parent ? p->parent->pid : 0;
	s->pgid = p->pgid;
	s->sid = p->sid;
	strscpy(s->comm, p->comm, sizeof(s->comm));
	s->zombie = p->zombie;
	s->leader = s->tid == p->pid;
	s->whole = tid == 0;
	s->did_exec = p->did_exec;
	/* A zombie's leader is still counted, as in Linux until reaped. */
	s->nr_threads = p->nr_threads ? p->nr_threads : 1;
	s->children_run_units = p->children_run_units;
	s->start_tick = p->start_tick;
	s->exit_signal = s->leader ? p->exit_signal : -1;
	s->exit_status = p->zombie ? p->exit_status : 0;
	/* The blocked mask is a thread's: the one shown, or the first. */
	s->sigmask = t ? t->sig.blocked :
		     p->thread ? p->thread->sig.blocked : 0;
	cred_ids_of(p, &s->cred);
	s->state = 'Z';
	s->run_units = p->run_units;
	s->umask = p->fs ? (int)READ_ONCE(p->fs->umask) : -1;
	if (p->files)
		s->fd_size = READ_ONCE(p->files->capacity);
	if (t && !p->zombie)
		snap_thread_locked(s, p, t, tid);
	spin_unlock_irqrestore(&process_lock, flags);
	return 0;
}

static void put_snap(struct task_snap *s)
{
	if (s->mm)
		mm_put(s->mm);
	s->mm = NULL;
}

/* Linux's clock_t: USER_HZ ticks. */
static u64 units_to_clock_t(u64 units)
{
	return units * USER_HZ / ((u64)SCHED_TICK_UNITS * CONFIG_HZ);
}

static u64 ticks_to_clock_t(u64 ticks)
{
	return ticks * USER_HZ / CONFIG_HZ;
}

/* An address space's sizes in pages, as Linux's mm counters. */
struct mm_snap {
	unsigned long total_vm, data_vm, stack_vm, exec_vm;
	unsigned long rss, hiwater_rss, rss_file, table_pages;
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long start_brk, start_stack;
	unsigned long arg_start, arg_end, env_start, env_end;
};

static unsigned long mapped_pages(struct mm *mm, const struct vm_area *vma)
{
	unsigned long n = 0;

	for (unsigned long va = vmm_next_mapped(mm, vma->start, vma->end);
	     va < vma->end; va = vmm_next_mapped(mm, va + PAGE_SIZE, vma->end))
		n++;
	return n;
}

static bool is_initial_stack(const struct vm_area *vma, const struct mm *mm)
{
	return vma->start <= mm->start_stack && vma->end >= mm->start_stack;
}

/*
 * Linux's vm_stat_account() classes; its VM_STACK is the initial stack
 * area here (made at exec, growing down) or any VM_GROWSDOWN one.
 */
static void account_area(struct mm_snap *s, struct mm *mm,
			 const struct vm_area *vma)
{
	unsigned long pages = (vma->end - vma->start) >> PAGE_SHIFT;
	unsigned long f = vma->vm_flags;

	if (is_initial_stack(vma, mm))
		f |= VM_GROWSDOWN;

	s->total_vm += pages;
	if ((f & (VM_EXEC | VM_WRITE | VM_GROWSDOWN)) == VM_EXEC)
		s->exec_vm += pages;
	else if (f & VM_GROWSDOWN)
		s->stack_vm += pages;
	else if ((f & (VM_WRITE | VM_SHARED)) == VM_WRITE)
		s->data_vm += pages;
	if (vma->file)
		s->rss_file += mapped_pages(mm, vma);
}

static void take_mm_snap(struct mm_snap *s, struct mm *mm)
{
	memset(s, 0, sizeof(*s));
	if (!mm)
		return;
	mutex_lock(&mm->mmap_lock);
	for (struct vm_area *vma = vma_first(mm); vma; vma = vma_next(vma))
		account_area(s, mm, vma);
	s->rss = mm->rss;
	s->hiwater_rss = MAX(mm->hiwater_rss, mm->rss);
	s->rss_file = MIN(s->rss_file, s->rss);
	s->table_pages = mm->table_pages;
	s->start_code = mm->start_code;
	s->end_code = mm->end_code;
	s->start_data = mm->start_data;
	s->end_data = mm->end_data;
	s->start_brk = mm->start_brk;
	s->start_stack = mm->start_stack;
	s->arg_start = mm->arg_start;
	s->arg_end = mm->arg_end;
	s->env_start = mm->env_start;
	s->env_end = mm->env_end;
	mutex_unlock(&mm->mmap_lock);
}

/* Linux's /proc/<pid>/status VmExe: the code segment's whole pages. */
static unsigned long text_bytes(const struct mm_snap *s)
{
	if (s->end_code <= s->start_code)
		return 0;
	return ALIGN_UP(s->end_code, PAGE_SIZE) - (s->start_code & PAGE_MASK);
}

/* ------------------------------------------------------------ stat */

/* The controlling tty's device (Linux's encoding) and foreground group. */
static void tty_of_session(int sid, int *tty_nr, int *tpgid)
{
	struct tty *tty = tty_find_session(sid);

	*tty_nr = 0;
	*tpgid = -1;
	if (!tty)
		return;
	*tty_nr = (int)new_encode_dev(MKDEV(tty->major, tty->minor));
	*tpgid = READ_ONCE(tty->pgrp);
}

static void show_stat_head(struct seq_file *m, const struct task_snap *s)
{
	unsigned int flags = (s->zombie ? PF_EXITING : 0) |
			     (s->did_exec ? 0 : PF_FORKNOEXEC);
	int tty_nr, tpgid;

	tty_of_session(s->sid, &tty_nr, &tpgid);
	seq_printf(m, "%d (%s) %c %d %d %d %d %d %u", s->tid, s->comm,
		   s->state, s->ppid, s->pgid, s->sid, tty_nr, tpgid, flags);
	/* minflt cminflt majflt cmajflt: faults are not counted. */
	seq_puts(m, " 0 0 0 0");
	/* All CPU time counts as user time: the split is not measured. */
	seq_printf(m, " %llu 0 %llu 0 %d %d %u 0 %llu",
		   (unsigned long long)units_to_clock_t(s->run_units),
		   (unsigned long long)units_to_clock_t(s->children_run_units),
		   20 + s->nice, s->nice, s->nr_threads,
		   (unsigned long long)ticks_to_clock_t(s->start_tick));
}

/*
 * The 52 fields of proc(5) in Linux's order; 0 for what Mosaic does not
 * have (page-fault counts, kernel stack pointers, swap, real-time
 * scheduling, delay accounting, guests).
 */
static void show_stat(struct seq_file *m, const struct task_snap *s,
		      const struct mm_snap *ms)
{
	bool mm = s->mm != NULL;
	/* wchan: 1 while not running (Linux 5.16 on; 0 for a group). */
	int wchan = s->state != 'R' && (!s->whole || s->nr_threads < 2);

	show_stat_head(m, s);
	seq_printf(m, " %lu %lu %lu %lu %lu %lu",
		   ms->total_vm << PAGE_SHIFT, ms->rss, RLIM_INFINITY,
		   ms->start_code, ms->end_code, ms->start_stack);
	/* kstkesp kstkeip, then pending, blocked, ignored, caught signals. */
	seq_printf(m, " 0 0 0 %llu 0 0 %d 0 0 %d 0 0 0 0 0 0",
		   (unsigned long long)(s->sigmask & 0x7fffffffUL), wchan,
		   s->exit_signal);
	if (mm)
		seq_printf(m, " %lu %lu %lu %lu %lu %lu %lu", ms->start_data,
			   ms->end_data, ms->start_brk, ms->arg_start,
			   ms->arg_end, ms->env_start, ms->env_end);
	else
		seq_puts(m, " 0 0 0 0 0 0 0");
	seq_printf(m, " %d\n", s->exit_status);
}

static int stat_show(struct seq_file *m, void *v)
{
	struct proc_inode *pi = v;
	struct task_snap s;
	struct mm_snap ms;
	int err = take_snap(&s, pi_process(pi), pi->index);

	if (err)
		return err;
	take_mm_snap(&ms, s.mm);
	show_stat(m, &s, &ms);
	put_snap(&s);
	return 0;
}

/* size resident shared text lib data dt, in pages. */
static int statm_show(struct seq_file *m, void *v)
{
	struct proc_inode *pi = v;
	struct task_snap s;
	struct mm_snap ms;
	int err = take_snap(&s, pi_process(pi), pi->index);

	if (err)
		return err;
	take_mm_snap(&ms, s.mm);
	seq_printf(m, "%lu %lu %lu %lu 0 %lu 0\n", ms.total_vm, ms.rss,
		   ms.rss_file, text_bytes(&ms) >> PAGE_SHIFT,
		   ms.data_vm + ms.stack_vm);
	put_snap(&s);
	return 0;
}

/* ------------------------------------------------------------ status */

static const char *state_name(char state)
{
	switch (state) {
	case 'R':
		return "R (running)";
	case 'S':
		return "S (sleeping)";
	default:
		return "Z (zombie)";
	}
}

static void show_ids(struct seq_file *m, const struct task_snap *s)
{
	seq_printf(m, "Name:\t%s\n", s->comm);
	if (s->umask >= 0)
		seq_printf(m, "Umask:\t%04o\n", s->umask);
	seq_printf(m, "State:\t%s\n", state_name(s->state));
	seq_printf(m, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n", s->pid,
		   s->tid, s->ppid);
	seq_puts(m, "TracerPid:\t0\n");
	seq_printf(m, "Uid:\t%u\t%u\t%u\t%u\n", s->cred.uid, s->cred.euid,
		   s->cred.suid, s->cred.fsuid);
	seq_printf(m, "Gid:\t%u\t%u\t%u\t%u\n", s->cred.gid, s->cred.egid,
		   s->cred.sgid, s->cred.fsgid);
	seq_printf(m, "FDSize:\t%u\n", s->fd_size);
	/* No supplementary groups; Linux leaves a space after the list. */
	seq_puts(m, "Groups:\t \n");
	seq_printf(m, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n",
		   s->pid, s->tid, s->pgid, s->sid);
}

static void show_kb(struct seq_file *m, const char *name, unsigned long kb)
{
	seq_printf(m, "%s\t%8lu kB\n", name, kb);
}

#define PAGES_KB(x) ((x) << (PAGE_SHIFT - 10))

/* Linux's task_mem(): no peak of the address-space size is kept. */
static void show_mem(struct seq_file *m, const struct mm_snap *ms)
{
	unsigned long text = text_bytes(ms) >> 10;
	unsigned long exec = PAGES_KB(ms->exec_vm);

	show_kb(m, "VmPeak:", PAGES_KB(ms->total_vm));
	show_kb(m, "VmSize:", PAGES_KB(ms->total_vm));
	show_kb(m, "VmLck:", 0);
	show_kb(m, "VmPin:", 0);
	show_kb(m, "VmHWM:", PAGES_KB(ms->hiwater_rss));
	show_kb(m, "VmRSS:", PAGES_KB(ms->rss));
	show_kb(m, "RssAnon:", PAGES_KB(ms->rss - ms->rss_file));
	show_kb(m, "RssFile:", PAGES_KB(ms->rss_file));
	show_kb(m, "RssShmem:", 0);
	show_kb(m, "VmData:", PAGES_KB(ms->data_vm));
	show_kb(m, "VmStk:", PAGES_KB(ms->stack_vm));
	show_kb(m, "VmExe:", text);
	show_kb(m, "VmLib:", exec > text ? exec - text : 0);
	show_kb(m, "VmPTE:", PAGES_KB(ms->table_pages));
	show_kb(m, "VmSwap:", 0);
	seq_puts(m, "CoreDumping:\t0\nTHP_enabled:\t0\n");
}

/* Threads to the end: signals (none queued or handled yet), root's
 * capabilities, no seccomp, one CPU, context switches. */
static void show_sched(struct seq_file *m, const struct task_snap *s)
{
	seq_printf(m, "Threads:\t%u\nSigQ:\t0/%u\n", s->nr_threads,
		   PROCESS_MAX);
	seq_puts(m, "SigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\n");
	seq_printf(m, "SigBlk:\t%016llx\n", (unsigned long long)s->sigmask);
	seq_puts(m, "SigIgn:\t0000000000000000\nSigCgt:\t0000000000000000\n");
	seq_printf(m, "CapInh:\t%016llx\nCapPrm:\t%016llx\nCapEff:\t%016llx\n",
		   0ULL, CAP_FULL_SET, CAP_FULL_SET);
	seq_printf(m, "CapBnd:\t%016llx\nCapAmb:\t%016llx\n", CAP_FULL_SET,
		   0ULL);
	seq_puts(m, "NoNewPrivs:\t0\nSeccomp:\t0\n");
	seq_puts(m, "Cpus_allowed:\t1\nCpus_allowed_list:\t0\n");
	seq_printf(m, "voluntary_ctxt_switches:\t%llu\n",
		   (unsigned long long)s->nr_voluntary);
	seq_printf(m, "nonvoluntary_ctxt_switches:\t%llu\n",
		   (unsigned long long)s->nr_forced);
}

static int status_show(struct seq_file *m, void *v)
{
	struct proc_inode *pi = v;
	struct task_snap s;
	struct mm_snap ms;
	int err = take_snap(&s, pi_process(pi), pi->index);

	if (err)
		return err;
	show_ids(m, &s);
	if (s.mm) {
		take_mm_snap(&ms, s.mm);
		show_mem(m, &ms);
	}
	show_sched(m, &s);
	put_snap(&s);
	return 0;
}

static int comm_show(struct seq_file *m, void *v)
{
	struct proc_inode *pi = v;
	struct task_snap s;
	int err = take_snap(&s, pi_process(pi), pi->index);

	if (err)
		return err;
	seq_printf(m, "%s\n", s.comm);
	put_snap(&s);
	return 0;
}

/* ------------------------------------------------------------ memory */

/* [start, end) of mm's memory into m, a page at a time; the bytes. */
static size_t copy_remote(struct seq_file *m, struct mm *mm,
			  unsigned long start, unsigned long end, char *page)
{
	size_t total = 0;

	while (start < end) {
		size_t want = MIN(end - start, PAGE_SIZE);
		size_t got = access_remote_vm(mm, start, page, want);

		seq_write(m, page, got);
		total += got;
		if (got < want)
			break;
		start += got;
	}
	return total;
}

/*
 * Linux's get_mm_cmdline(): the argument strings, NULs included; if the
 * program wrote over the last NUL (setproctitle), up to the first NUL
 * from the start on, into the environment if need be.
 */
static void show_cmdline(struct seq_file *m, struct mm *mm,
			 const struct mm_snap *ms, char *page)
{
	unsigned long end = ms->arg_end;
	char last = 0;

	if (ms->arg_end <= ms->arg_start)
		return;
	if (access_remote_vm(mm, end - 1, &last, 1) == 1 && last == '\0') {
		copy_remote(m, mm, ms->arg_start, end, page);
		return;
	}
	if (ms->env_start == ms->arg_end && ms->env_end > ms->env_start)
		end = ms->env_end;
	for (unsigned long pos = ms->arg_start; pos < end;) {
		size_t got = access_remote_vm(mm, pos, page,
					      MIN(end - pos, PAGE_SIZE));
		size_t len = strnlen(page, got);

		seq_write(m, page, len);
		if (len < got || got == 0)
			break;
		pos += got;
	}
}

static int show_memory(struct seq_file *m, struct proc_inode *pi, bool env)
{
	struct task_snap s;
	struct mm_snap ms;
	char *page;
	int err = take_snap(&s, pi_process(pi), pi->index);

	if (err)
		return err;
	page = kmalloc(PAGE_SIZE);
	if (!page) {
		put_snap(&s);
		return -ENOMEM;
	}
	take_mm_snap(&ms, s.mm);
	if (s.mm && env)
		copy_remote(m, s.mm, ms.env_start, ms.env_end, page);
	else if (s.mm)
		show_cmdline(m, s.mm, &ms, page);
	kfree(page);
	put_snap(&s);
	return 0;
}

static int cmdline_show(struct seq_file *m, void *v)
{
	return show_memory(m, v, false);
}

static int environ_show(struct seq_file *m, void *v)
{
	return show_memory(m, v, true);
}

/* ------------------------------------------------------------ maps */

static bool is_initial_heap(const struct vm_area *vma, const struct mm *mm)
{
	return vma->start < mm->brk && vma->end > mm->start_brk;
}

/* The path after the columns: from column 73 on, as Linux pads it. */
static void show_map_name(struct seq_file *m, size_t line_start,
			  const char *name)
{
	size_t col = m->count - line_start;

	if (col < 72)
		seq_printf(m, "%*s", (int)(72 - col), "");
	seq_putc(m, ' ');
	for (; *name; name++) {
		if (*name == '\n')
			seq_puts(m, "\\012");	/* Linux escapes newlines only */
		else
			seq_putc(m, *name);
	}
}

/* One line: start-end perms offset major:minor inode [path]. */
static void show_map_area(struct seq_file *m, struct mm *mm,
			  const struct vm_area *vma, char *path)
{
	unsigned long f = vma->vm_flags;
	size_t line_start = m->count;
	unsigned long long off = 0;
	unsigned long ino = 0;
	dev_t dev = 0;

	if (vma->file) {
		struct inode *inode = vma->file->f_inode;

		dev = new_decode_dev(inode->i_sb->s_dev);
		ino = (unsigned long)inode->i_ino;
		off = (unsigned long long)vma->pgoff << PAGE_SHIFT;
	}
	seq_printf(m, "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu ", vma->start,
		   vma->end, (f & VM_READ) ? 'r' : '-',
		   (f & VM_WRITE) ? 'w' : '-', (f & VM_EXEC) ? 'x' : '-',
		   (f & VM_SHARED) ? 's' : 'p', off, MAJOR(dev), MINOR(dev),
		   ino);
	if (vma->file) {
		mutex_lock(&vfs_ns_lock);
		if (d_path(&vma->file->f_path, path, PATH_MAX) < 0)
			strscpy(path, "?", PATH_MAX);
		mutex_unlock(&vfs_ns_lock);
		show_map_name(m, line_start, path);
	} else if (is_initial_heap(vma, mm)) {
		show_map_name(m, line_start, "[heap]");
	} else if (is_initial_stack(vma, mm)) {
		show_map_name(m, line_start, "[stack]");
	}
	seq_putc(m, '\n');
}

static int maps_show(struct seq_file *m, void *v)
{
	struct proc_inode *pi = v;
	struct task_snap s;
	char *path;
	int err = take_snap(&s, pi_process(pi), pi->index);

	if (err)
		return err;
	path = kmalloc(PATH_MAX);
	if (!path) {
		put_snap(&s);
		return -ENOMEM;
	}
	if (s.mm) {
		mutex_lock(&s.mm->mmap_lock);
		for (struct vm_area *vma = vma_first(s.mm); vma;
		     vma = vma_next(vma))
			show_map_area(m, s.mm, vma, path);
		mutex_unlock(&s.mm->mmap_lock);
	}
	kfree(path);
	put_snap(&s);
	return 0;
}

/* ------------------------------------------------------------ links */

/* A file's name as /proc shows it: pipes as "pipe:[ino]", as Linux. */
static int file_link_text(struct file *f, char *buf, size_t size)
{
	const struct dentry *d = f->f_path.dentry;

	if (d->d_sb->s_magic == PIPEFS_MAGIC)
		return strscpy(buf, d->d_name, size) < 0 ? -ENAMETOOLONG : 0;
	return d_path(&f->f_path, buf, size) < 0 ? -ENAMETOOLONG : 0;
}

enum which_path { PATH_CWD, PATH_ROOT, PATH_EXE };

/* vfs_ns_lock held (the caller's): see the top of the file. */
static int process_path(struct proc_inode *pi, enum which_path which,
			char *buf, size_t size)
{
	struct process *p = pi_process(pi);
	unsigned long flags = spin_lock_irqsave(&process_lock);
	int err = -ENOENT;

	if (which == PATH_EXE && p->exe_file)
		err = file_link_text(p->exe_file, buf, size);
	else if (which != PATH_EXE && p->fs)
		err = d_path(which == PATH_CWD ? &p->fs->pwd : &p->fs->root,
			     buf, size) < 0 ? -ENAMETOOLONG : 0;
	spin_unlock_irqrestore(&process_lock, flags);
	return err;
}

static int cwd_link(struct proc_inode *pi, char *buf, size_t size)
{
	return process_path(pi, PATH_CWD, buf, size);
}

static int root_link(struct proc_inode *pi, char *buf, size_t size)
{
	return process_path(pi, PATH_ROOT, buf, size);
}

static int exe_link(struct proc_inode *pi, char *buf, size_t size)
{
	return process_path(pi, PATH_EXE, buf, size);
}

/* The open file at fd, under process_lock and the table's lock. (L) */
static struct file *fd_file_locked(struct process *p, int fd)
{
	struct fdtable *t = p->files;

	if (!t || fd < 0 || (unsigned int)fd >= t->capacity)
		return NULL;
	return t->files[fd];
}

static int fd_link(struct proc_inode *pi, char *buf, size_t size)
{
	struct process *p = pi_process(pi);
	unsigned long flags = spin_lock_irqsave(&process_lock);
	int err = -ENOENT;
	struct file *f;

	if (p->files) {
		spin_lock(&p->files->lock);
		f = fd_file_locked(p, pi->index);
		if (f)
			err = file_link_text(f, buf, size);
		spin_unlock(&p->files->lock);
	}
	spin_unlock_irqrestore(&process_lock, flags);
	return err;
}

/*
 * The lowest open fd >= from with its mode bits (lrwx for a file open
 * for writing, lr-x otherwise, as Linux), or -1.
 */
static int next_fd(struct process *p, int from, u32 *mode)
{
	unsigned long flags = spin_lock_irqsave(&process_lock);
	int found = -1;

	if (p->files) {
		struct fdtable *t = p->files;

		spin_lock(&t->lock);
		for (unsigned int fd = (unsigned int)MAX(from, 0);
		     fd < t->capacity && found < 0; fd++) {
			if (t->files[fd]) {
				found = (int)fd;
				*mode = (t->files[fd]->f_mode & FMODE_WRITE) ?
						0700 :
						0500;
			}
		}
		spin_unlock(&t->lock);
	}
	spin_unlock_irqrestore(&process_lock, flags);
	return found;
}

/* /proc/self: the caller's process; /proc/thread-self: its thread. */
static int self_link(struct proc_inode *pi, char *buf, size_t size)
{
	struct process *p = current_process();

	if (!p)
		return -ENOENT;
	snprintf(buf, size, "%d", p->pid);
	return 0;
}

static int thread_self_link(struct proc_inode *pi, char *buf, size_t size)
{
	struct process *p = current_process();

	if (!p)
		return -ENOENT;
	snprintf(buf, size, "%d/task/%d", p->pid, thread_user_tid(current()));
	return 0;
}

/* ------------------------------------------------------------ directories */

/* A name below /proc/<pid>: a file, a link, or a directory. */
struct pid_entry {
	const char *name;
	u32 mode;
	seq_show_fn show;
	proc_link_fn link;
	const struct inode_operations *iops;
	const struct file_operations *fops;
};

#define FILE_ENTRY(n, fn) { .name = n, .mode = S_IFREG | 0444, .show = fn }
#define LINK_ENTRY(n, fn) { .name = n, .mode = S_IFLNK | 0777, .link = fn }
#define DIR_ENTRY(n, i, f)                                               \
	{ .name = n, .mode = S_IFDIR | 0555, .iops = i, .fops = f }

static const struct inode_operations fd_dir_iops, task_dir_iops, tid_dir_iops;
static const struct file_operations fd_dir_fops, task_dir_fops, tid_dir_fops;

/* /proc/<pid>/, in Linux's order. */
static const struct pid_entry tgid_entries[] = {
	DIR_ENTRY("task", &task_dir_iops, &task_dir_fops),
	DIR_ENTRY("fd", &fd_dir_iops, &fd_dir_fops),
	FILE_ENTRY("environ", environ_show),
	FILE_ENTRY("status", status_show),
	FILE_ENTRY("comm", comm_show),
	FILE_ENTRY("cmdline", cmdline_show),
	FILE_ENTRY("stat", stat_show),
	FILE_ENTRY("statm", statm_show),
	FILE_ENTRY("maps", maps_show),
	LINK_ENTRY("cwd", cwd_link),
	LINK_ENTRY("root", root_link),
	LINK_ENTRY("exe", exe_link),
};

/* /proc/<pid>/task/<tid>/: the same files about one thread. */
static const struct pid_entry tid_entries[] = {
	FILE_ENTRY("environ", environ_show),
	FILE_ENTRY("status", status_show),
	FILE_ENTRY("comm", comm_show),
	FILE_ENTRY("cmdline", cmdline_show),
	FILE_ENTRY("stat", stat_show),
	FILE_ENTRY("statm", statm_show),
	FILE_ENTRY("maps", maps_show),
};

/* Which name an inode is, for its number: a table slot or one of these. */
#define SLOT_TID_TABLE 32
#define SLOT_FD 64
#define SLOT_TID_DIR 65

/* The same number in readdir, stat and every mount. */
static u64 pid_ino(const struct proc_dir_entry *de, unsigned int slot,
		   int index)
{
	return PROC_DYNAMIC_INO | (de->low_ino << 32) | ((u64)slot << 24) |
	       ((u64)index & 0xffffff);
}

static struct proc_inode *dir_pi(struct inode *dir)
{
	return dir->i_private;
}

/* "123" as a number; -1 for anything else ("0123", "+1", too big). */
static int parse_index(const char *name, size_t len)
{
	int n = 0;

	if (len == 0 || len > 8 || (len > 1 && name[0] == '0'))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		n = n * 10 + (name[i] - '0');
	}
	return n;
}

/* A new inode below the pid's entry, bound to dentry. */
static int instantiate(struct inode *dir, struct dentry *dentry, u32 mode,
		       u64 ino, struct proc_inode **out)
{
	struct proc_dir_entry *de = dir_pi(dir)->pde;
	struct inode *inode = proc_new_inode(dir->i_sb, de, dentry, mode, ino);

	if (!inode)
		return -ENOMEM;
	*out = inode->i_private;
	(*out)->show_data = *out;
	d_instantiate(dentry, inode);
	return 0;
}

static int lookup_entry(const struct pid_entry *tab, size_t n,
			unsigned int slot_base, struct inode *dir,
			struct dentry *dentry, int index)
{
	struct proc_inode *pi;

	if (dir_pi(dir)->pde->removed)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const struct pid_entry *e = &tab[i];
		int err;

		if (strlen(e->name) != dentry->d_len ||
		    memcmp(e->name, dentry->d_name, dentry->d_len))
			continue;
		err = instantiate(dir, dentry, e->mode,
				  pid_ino(dir_pi(dir)->pde,
					  slot_base + (unsigned int)i, index),
				  &pi);
		if (err)
			return err;
		pi->kind = e;
		pi->index = index;
		pi->show = e->show;
		pi->link = e->link;
		if (e->iops) {
			dentry->d_inode->i_op = e->iops;
			dentry->d_inode->i_fop = e->fops;
		}
		return 0;
	}
	return 0;
}

static int readdir_entries(const struct pid_entry *tab, size_t n,
			   unsigned int slot_base, struct file *file,
			   struct dir_context *ctx, int index)
{
	struct proc_dir_entry *de = dir_pi(file->f_inode)->pde;

	if (!dir_emit_dots(file, ctx) || de->removed)
		return 0;
	for (s64 i = ctx->pos - 2; i >= 0 && i < (s64)n; i++) {
		const struct pid_entry *e = &tab[i];

		if (!ctx->emit(ctx, e->name, strlen(e->name),
			       pid_ino(de, slot_base + (unsigned int)i, index),
			       mode_to_dt(e->mode), i + 3))
			return 0;
		ctx->pos = i + 3;
	}
	return 0;
}

/* /proc/<pid>/ */

static int pid_lookup(struct inode *dir, struct dentry *dentry)
{
	return lookup_entry(tgid_entries, ARRAY_SIZE(tgid_entries), 0, dir,
			    dentry, 0);
}

static int pid_readdir(struct file *file, struct dir_context *ctx)
{
	return readdir_entries(tgid_entries, ARRAY_SIZE(tgid_entries), 0, file,
			       ctx, 0);
}

static const struct inode_operations pid_dir_iops = {
	.lookup = pid_lookup,
};

static const struct file_operations pid_dir_fops = {
	.iterate = pid_readdir,
};

/* /proc/<pid>/task/<tid>/ */

static int tid_lookup(struct inode *dir, struct dentry *dentry)
{
	return lookup_entry(tid_entries, ARRAY_SIZE(tid_entries),
			    SLOT_TID_TABLE, dir, dentry, dir_pi(dir)->index);
}

static int tid_readdir(struct file *file, struct dir_context *ctx)
{
	return readdir_entries(tid_entries, ARRAY_SIZE(tid_entries),
			       SLOT_TID_TABLE, file, ctx,
			       dir_pi(file->f_inode)->index);
}

static const struct inode_operations tid_dir_iops = {
	.lookup = tid_lookup,
};

static const struct file_operations tid_dir_fops = {
	.iterate = tid_readdir,
};

/* /proc/<pid>/task/ */

/* The lowest thread id >= from in p, or -1. */
static int next_tid(struct process *p, int from)
{
	unsigned long flags = spin_lock_irqsave(&process_lock);
	struct thread *t;
	int found = -1;

	list_for_each_entry(t, &p->threads, group_node) {
		if (t->user_tid >= from && (found < 0 || t->user_tid < found))
			found = t->user_tid;
	}
	spin_unlock_irqrestore(&process_lock, flags);
	return found;
}

static bool has_thread(struct process *p, int tid)
{
	return tid > 0 && next_tid(p, tid) == tid;
}

static int task_lookup(struct inode *dir, struct dentry *dentry)
{
	struct proc_dir_entry *de = dir_pi(dir)->pde;
	int tid = parse_index(dentry->d_name, dentry->d_len);
	struct proc_inode *pi;
	int err;

	if (de->removed || !has_thread(de->data, tid))
		return 0;
	err = instantiate(dir, dentry, S_IFDIR | 0555,
			  pid_ino(de, SLOT_TID_DIR, tid), &pi);
	if (err)
		return err;
	pi->index = tid;
	dentry->d_inode->i_op = &tid_dir_iops;
	dentry->d_inode->i_fop = &tid_dir_fops;
	return 0;
}

static bool task_revalidate(struct inode *dir, struct dentry *dentry)
{
	struct proc_dir_entry *de = dir_pi(dir)->pde;

	return !de->removed &&
	       has_thread(de->data, dir_pi(dentry->d_inode)->index);
}

/*
 * A directory of numbered names (threads, fds): next(p, from) gives the
 * lowest number >= from, or -1. Positions are the number + 2, so a name
 * that goes away moves no other.
 */
static int readdir_numbers(struct file *file, struct dir_context *ctx,
			   int (*next)(struct process *p, int from),
			   unsigned int slot, unsigned int type)
{
	struct proc_dir_entry *de = dir_pi(file->f_inode)->pde;
	char name[12];
	int n;

	if (!dir_emit_dots(file, ctx) || de->removed)
		return 0;
	while ((n = next(de->data, (int)(ctx->pos - 2))) >= 0) {
		int len = snprintf(name, sizeof(name), "%d", n);

		if (!ctx->emit(ctx, name, (size_t)len, pid_ino(de, slot, n),
			       type, n + 3))
			return 0;
		ctx->pos = n + 3;
	}
	return 0;
}

static int task_readdir(struct file *file, struct dir_context *ctx)
{
	return readdir_numbers(file, ctx, next_tid, SLOT_TID_DIR, DT_DIR);
}

static const struct inode_operations task_dir_iops = {
	.lookup = task_lookup,
	.revalidate = task_revalidate,
};

static const struct file_operations task_dir_fops = {
	.iterate = task_readdir,
};

/* /proc/<pid>/fd/ */

static int fd_lookup(struct inode *dir, struct dentry *dentry)
{
	struct proc_dir_entry *de = dir_pi(dir)->pde;
	int fd = parse_index(dentry->d_name, dentry->d_len);
	struct proc_inode *pi;
	u32 mode = 0;
	int err;

	if (de->removed || fd < 0 || next_fd(de->data, fd, &mode) != fd)
		return 0;
	err = instantiate(dir, dentry, S_IFLNK | mode,
			  pid_ino(de, SLOT_FD, fd), &pi);
	if (err)
		return err;
	pi->index = fd;
	pi->link = fd_link;
	return 0;
}

static bool fd_revalidate(struct inode *dir, struct dentry *dentry)
{
	struct proc_dir_entry *de = dir_pi(dir)->pde;
	int fd = dir_pi(dentry->d_inode)->index;
	u32 mode;

	return !de->removed && next_fd(de->data, fd, &mode) == fd;
}

static int next_open_fd(struct process *p, int from)
{
	u32 mode;

	return next_fd(p, from, &mode);
}

static int fd_readdir(struct file *file, struct dir_context *ctx)
{
	return readdir_numbers(file, ctx, next_open_fd, SLOT_FD, DT_LNK);
}

static const struct inode_operations fd_dir_iops = {
	.lookup = fd_lookup,
	.revalidate = fd_revalidate,
};

static const struct file_operations fd_dir_fops = {
	.iterate = fd_readdir,
};

/* ------------------------------------------------------------ the hooks */

void proc_pid_add(struct process *p)
{
	char name[12];

	snprintf(name, sizeof(name), "%d", p->pid);
	p->proc_dir = proc_mkdir_ops(name, NULL, &pid_dir_iops, &pid_dir_fops,
				     p);
	if (!p->proc_dir)
		pr_warn("proc: no /proc/%s (out of memory)\n", name);
}

void proc_pid_remove(struct process *p)
{
	proc_remove(p->proc_dir);
	p->proc_dir = NULL;
}

void proc_base_init(void)
{
	if (!proc_symlink("self", NULL, self_link, NULL) ||
	    !proc_symlink("thread-self", NULL, thread_self_link, NULL))
		pr_err("proc: cannot create /proc/self\n");
}
