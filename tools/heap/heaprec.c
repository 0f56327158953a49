// SPDX-License-Identifier: GPL-2.0
/*
 * heaprec: an LD_PRELOAD library that records the heap calls of a
 * dynamically linked program as a heap trace (mm/heap/heap_trace.h),
 * gzip-compressed, which heapreplay reads directly.
 *
 *	HEAPREC_OUT=/tmp/gcc LD_PRELOAD=libheaprec.so gcc -O2 -c x.c
 *
 * writes one trace per process image, HEAPREC_OUT.<comm>.<pid>.trace.gz
 * (a process that execs starts a new image; what the old one recorded
 * is dropped, since its blocks die with it). A trace is written as
 * NAME.tmp and renamed when the process exits, so a file without .tmp
 * is always a complete gzip stream.
 *
 * Each call is forwarded to glibc's own entry points (__libc_malloc and
 * friends, so no dlsym bootstrap) under one lock, and logged under the
 * same lock: the log order is an order the allocator really saw, so a
 * free in one thread and the malloc in another that got the same
 * address are never swapped. Trace IDs are small integers recycled
 * lowest-first-ish (a stack), which keeps the text short; a pointer ->
 * ID table (open addressing, mmap'ed) maps frees and reallocs back. The
 * library itself never calls malloc: its memory is mmap'ed and zlib gets
 * allocation hooks that use mmap too.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#define EXPORT __attribute__((visibility("default")))

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);
void __libc_free(void *p);
void *__libc_memalign(size_t align, size_t size);

static pthread_mutex_t rec_lock = PTHREAD_MUTEX_INITIALIZER;

/* ----------------------------- memory ----------------------------- */

static void *rec_map(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* zlib's allocations: a size header in front of an mmap'ed region */
static voidpf z_alloc(voidpf opaque, uInt items, uInt size)
{
	size_t bytes = (size_t)items * size + 16;
	size_t *p = rec_map(bytes);

	if (!p)
		return Z_NULL;
	p[0] = bytes;
	return p + 2;
}

static void z_free(voidpf opaque, voidpf addr)
{
	size_t *p = (size_t *)addr - 2;

	munmap(p, p[0]);
}

/* ------------------------- pointer -> ID ------------------------- */

struct slot {
	uintptr_t ptr;		/* 0: empty */
	uint64_t id;
};

static struct slot *tab;
static size_t tab_cap, tab_used;	/* cap: a power of two */
static uint64_t *free_ids;		/* stack of IDs no block holds */
static size_t free_ids_n, free_ids_cap;
static uint64_t next_id;

static size_t hash_ptr(uintptr_t p)
{
	return (size_t)((p >> 4) * 0x9e3779b97f4a7c15ULL >> 20) &
	       (tab_cap - 1);
}

static bool tab_grow(void)
{
	size_t old_cap = tab_cap, i;
	struct slot *old = tab, *t;

	t = rec_map((old_cap ? old_cap * 2 : 1 << 16) * sizeof(*t));
	if (!t)
		return false;
	tab = t;
	tab_cap = old_cap ? old_cap * 2 : 1 << 16;
	for (i = 0; i < old_cap; i++) {
		size_t h;

		if (!old[i].ptr)
			continue;
		for (h = hash_ptr(old[i].ptr); tab[h].ptr;
		     h = (h + 1) & (tab_cap - 1))
			;
		tab[h] = old[i];
	}
	if (old)
		munmap(old, old_cap * sizeof(*old));
	return true;
}

static struct slot *tab_find(uintptr_t p)
{
	size_t h;

	if (!tab_cap)
		return NULL;
	for (h = hash_ptr(p); tab[h].ptr; h = (h + 1) & (tab_cap - 1))
		if (tab[h].ptr == p)
			return &tab[h];
	return NULL;
}

/* Linear probing with backward-shift deletion: no tombstones, so
 * lookups stay short however many blocks come and go. */
static void tab_remove(struct slot *s)
{
	size_t i = s - tab, j = i, want;

	for (;;) {
		j = (j + 1) & (tab_cap - 1);
		if (!tab[j].ptr)
			break;
		want = hash_ptr(tab[j].ptr);
		/* move j back to i unless its home lies in (i, j] */
		if ((j > i && (want <= i || want > j)) ||
		    (j < i && (want <= i && want > j))) {
			tab[i] = tab[j];
			i = j;
		}
	}
	tab[i].ptr = 0;
	tab_used--;
}

static bool put_id(uint64_t id)
{
	if (free_ids_n == free_ids_cap) {
		size_t cap = free_ids_cap ? free_ids_cap * 2 : 1 << 14;
		uint64_t *n = rec_map(cap * sizeof(*n));

		if (!n)
			return false;
		if (free_ids) {
			memcpy(n, free_ids, free_ids_n * sizeof(*n));
			munmap(free_ids, free_ids_cap * sizeof(*n));
		}
		free_ids = n;
		free_ids_cap = cap;
	}
	free_ids[free_ids_n++] = id;
	return true;
}

/* ----------------------------- output ----------------------------- */

static bool rec_off;		/* no HEAPREC_OUT, or an error: record nothing */
static bool rec_ready;
static int out_fd = -1;
static char out_path[4096];
static z_stream zs;
static unsigned char zbuf[1 << 16];
static char line_buf[1 << 16];
static size_t line_len;

static void rec_fail(const char *what)
{
	static const char msg[] = "heaprec: recording stopped: ";

	if (write(2, msg, sizeof(msg) - 1) < 0 ||
	    write(2, what, strlen(what)) < 0 || write(2, "\n", 1) < 0)
		return;
	rec_off = true;
}

static bool write_all(const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(out_fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= w;
	}
	return true;
}

/* Compress what line_buf holds; @flush Z_FINISH ends the stream. */
static void deflate_lines(int flush)
{
	zs.next_in = (Bytef *)line_buf;
	zs.avail_in = line_len;
	do {
		zs.next_out = zbuf;
		zs.avail_out = sizeof(zbuf);
		if (deflate(&zs, flush) == Z_STREAM_ERROR) {
			rec_fail("deflate failed");
			return;
		}
		if (!write_all(zbuf, sizeof(zbuf) - zs.avail_out)) {
			rec_fail("write failed");
			return;
		}
	} while (zs.avail_out == 0);
	line_len = 0;
}

static void comm_name(char *buf, size_t len)
{
	int fd = open("/proc/self/comm", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, len - 1) : -1;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		n = snprintf(buf, len, "prog");
	buf[n] = 0;
	for (char *c = buf; *c; c++)
		if (*c == '\n' || *c == '/' || *c == ' ')
			*c = *c == '\n' ? 0 : '_';
}

/*
 * HEAPREC_OUT, read once: by the first event or the constructor,
 * whichever comes first. Never later, since getenv() is not safe while
 * the program changes its environment (setenv reallocs environ, and that
 * realloc is one of our events).
 */
static char out_prefix[4000];
static bool prefix_read;

static const char *rec_prefix(void)
{
	const char *env;

	if (!prefix_read) {
		prefix_read = true;
		env = getenv("HEAPREC_OUT");
		if (env && strlen(env) < sizeof(out_prefix))
			strcpy(out_prefix, env);
	}
	return out_prefix;
}

/* First event of a process image: open its file. Called locked. */
static bool rec_start(void)
{
	const char *prefix = rec_prefix();
	char comm[32];

	if (rec_ready)
		return !rec_off;
	rec_ready = true;
	if (!*prefix) {
		rec_off = true;
		return false;
	}
	comm_name(comm, sizeof(comm));
	if (snprintf(out_path, sizeof(out_path), "%s.%s.%d.trace.gz", prefix,
		     comm, (int)getpid()) >= (int)sizeof(out_path) - 5) {
		rec_fail("HEAPREC_OUT too long");
		return false;
	}
	strcat(out_path, ".tmp");
	out_fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out_fd < 0) {
		rec_fail("cannot create the trace file");
		return false;
	}
	zs.zalloc = z_alloc;
	zs.zfree = z_free;
	/* windowBits 15 + 16: a gzip wrapper, so gzip -d reads it too */
	if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK) {
		rec_fail("deflateInit2 failed");
		return false;
	}
	if (!tab_grow()) {
		rec_fail("out of memory");
		return false;
	}
	return true;
}

static char *fmt_u64(char *p, uint64_t v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

/* One trace line: OP ID [A [B]] (nargs numbers after the ID). */
static void emit(char op, uint64_t id, int nargs, uint64_t a, uint64_t b)
{
	char *p;

	if (line_len > sizeof(line_buf) - 80)
		deflate_lines(Z_NO_FLUSH);
	p = line_buf + line_len;
	*p++ = op;
	*p++ = ' ';
	p = fmt_u64(p, id);
	if (nargs > 0) {
		*p++ = ' ';
		p = fmt_u64(p, a);
	}
	if (nargs > 1) {
		*p++ = ' ';
		p = fmt_u64(p, b);
	}
	*p++ = '\n';
	line_len = p - line_buf;
}

/* --------------------------- the events --------------------------- */

static void log_alloc(void *p, size_t size, size_t align)
{
	struct slot *s;
	uint64_t id;
	size_t h;

	if (!p || !rec_start())
		return;
	s = tab_find((uintptr_t)p);
	if (s) {
		/* freed behind our back (a path we do not see): drop it */
		emit('f', s->id, 0, 0, 0);
		put_id(s->id);
		tab_remove(s);
	}
	if ((tab_used + 1) * 2 > tab_cap && !tab_grow()) {
		rec_fail("out of memory");
		return;
	}
	id = free_ids_n ? free_ids[--free_ids_n] : next_id++;
	for (h = hash_ptr((uintptr_t)p); tab[h].ptr;
	     h = (h + 1) & (tab_cap - 1))
		;
	tab[h].ptr = (uintptr_t)p;
	tab[h].id = id;
	tab_used++;
	emit('a', id, align > 16 ? 2 : 1, size, align);
}

/* A free of a pointer we never saw allocated (from before the library
 * was loaded, or not ours) is left out: the trace stays replayable. */
static void log_free(void *p)
{
	struct slot *s;

	if (!p || !rec_start())
		return;
	s = tab_find((uintptr_t)p);
	if (!s)
		return;
	emit('f', s->id, 0, 0, 0);
	if (!put_id(s->id))
		rec_fail("out of memory");
	tab_remove(s);
}

static void log_realloc(void *old, void *new, size_t size)
{
	struct slot *s;
	uint64_t id;
	size_t h;

	if (!rec_start())
		return;
	s = old ? tab_find((uintptr_t)old) : NULL;
	if (!s) {
		log_alloc(new, size, 16);
		return;
	}
	emit('r', s->id, 1, size, 0);
	if (new == old)
		return;
	id = s->id;
	tab_remove(s);
	if ((s = tab_find((uintptr_t)new))) {
		emit('f', s->id, 0, 0, 0);
		put_id(s->id);
		tab_remove(s);
	}
	for (h = hash_ptr((uintptr_t)new); tab[h].ptr;
	     h = (h + 1) & (tab_cap - 1))
		;
	tab[h].ptr = (uintptr_t)new;
	tab[h].id = id;
	tab_used++;
}

/* ------------------------ exported wrappers ------------------------ */

#define LOCKED(expr) do {				\
		pthread_mutex_lock(&rec_lock);		\
		expr;					\
		pthread_mutex_unlock(&rec_lock);	\
	} while (0)

EXPORT void *malloc(size_t size)
{
	void *p;

	LOCKED(p = __libc_malloc(size); if (!rec_off) log_alloc(p, size, 16));
	return p;
}

EXPORT void *calloc(size_t n, size_t size)
{
	void *p;

	/* the product cannot overflow when calloc succeeded */
	LOCKED(p = __libc_calloc(n, size);
	       if (!rec_off) log_alloc(p, n * size, 16));
	return p;
}

EXPORT void *realloc(void *old, size_t size)
{
	void *p;

	pthread_mutex_lock(&rec_lock);
	p = __libc_realloc(old, size);
	if (!rec_off) {
		if (old && !size)	/* glibc: realloc(p, 0) frees p */
			log_free(old);
		else if (p)
			log_realloc(old, p, size);
	}
	pthread_mutex_unlock(&rec_lock);
	return p;
}

EXPORT void free(void *p)
{
	LOCKED(if (!rec_off) log_free(p); __libc_free(p));
}

EXPORT void *memalign(size_t align, size_t size)
{
	void *p;

	LOCKED(p = __libc_memalign(align, size);
	       if (!rec_off) log_alloc(p, size, align));
	return p;
}

EXPORT void *aligned_alloc(size_t align, size_t size)
{
	return memalign(align, size);
}

EXPORT int posix_memalign(void **out, size_t align, size_t size)
{
	void *p;

	if (align < sizeof(void *) || (align & (align - 1)))
		return EINVAL;
	p = memalign(align, size);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

/* ------------------------ process lifetime ------------------------ */

/* Finish the stream and give the file its final name. */
__attribute__((destructor)) static void rec_finish(void)
{
	char final[sizeof(out_path)];

	pthread_mutex_lock(&rec_lock);
	if (out_fd >= 0 && !rec_off) {
		deflate_lines(Z_FINISH);
		deflateEnd(&zs);
		if (!rec_off) {
			strcpy(final, out_path);
			final[strlen(final) - 4] = 0;	/* drop ".tmp" */
			if (rename(out_path, final))
				rec_fail("rename failed");
		}
	}
	if (out_fd >= 0)
		close(out_fd);
	out_fd = -1;
	rec_off = true;
	pthread_mutex_unlock(&rec_lock);
}

static void atfork_prepare(void)
{
	pthread_mutex_lock(&rec_lock);
}

static void atfork_parent(void)
{
	pthread_mutex_unlock(&rec_lock);
}

/* The child is a new process with a copy of the heap: it gets a trace
 * of its own, starting from the blocks it inherited (allocations it
 * cannot replay are not in its trace, so their frees are ignored). */
static void atfork_child(void)
{
	if (out_fd >= 0)
		close(out_fd);
	out_fd = -1;
	line_len = 0;
	if (tab)
		munmap(tab, tab_cap * sizeof(*tab));
	if (free_ids)
		munmap(free_ids, free_ids_cap * sizeof(*free_ids));
	tab = NULL;
	tab_cap = tab_used = 0;
	free_ids = NULL;
	free_ids_n = free_ids_cap = 0;
	next_id = 0;
	memset(&zs, 0, sizeof(zs));
	rec_ready = false;
	rec_off = false;
	pthread_mutex_init(&rec_lock, NULL);
}

__attribute__((constructor)) static void rec_init(void)
{
	pthread_mutex_lock(&rec_lock);
	rec_prefix();
	pthread_mutex_unlock(&rec_lock);
	pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
}
