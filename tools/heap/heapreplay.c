// SPDX-License-Identifier: GPL-2.0
/*
 * heapreplay: replay heap traces (mm/heap/heap_trace.h) against the
 * kernel's heap policies compiled natively and against the system
 * allocators, verifying every block, and print one JSON line per
 * (allocator, trace).
 *
 *	heapreplay [--allocator NAME[,NAME...]|all]
 *		   [--fit first|next|best|segregated]
 *		   [--reps N] TRACE...      ('-' is stdin)
 *	heapreplay --stats TRACE...
 *
 * A trace may be gzip-compressed (the recorder, tools/heap/heaprec.c,
 * writes them so); heapreplay inflates it itself. --stats prints what
 * each trace stresses instead of replaying it: one JSON line with its
 * op counts, realloc share and a histogram of requested sizes.
 *
 * Each (allocator, trace) runs in a forked child, so every allocator
 * starts from a clean process and its footprint figure is its own. The
 * child first replays with verification (pattern per block, alignment,
 * no overlap with any live block, contents kept across realloc) while
 * sampling the footprint after every allocating op, then replays --reps
 * more times without verification to time the allocator alone; ns_per_op
 * is the best of those.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "heap_trace.h"
#include "host_env.h"

/* --- the kernel heap API (not including mosaic headers next to libc) --- */
void *kmalloc(size_t size);
void *kmalloc_aligned(size_t size, size_t align);
void *krealloc(void *p, size_t size);
void kfree(const void *p);
struct heap_policy;
int heap_use_policy(const struct heap_policy *p);
uint64_t heap_footprint(void);
uint64_t heap_peak_footprint(void);
void linked_list_set_fit(int fit);
const char *linked_list_fit_name(void);

/* ---------------------------------------------------------------- */

enum { OP_ALLOC, OP_FREE, OP_REALLOC };

struct op {
	uint8_t type;
	uint32_t slot;
	uint32_t line;
	uint64_t size;
	uint64_t align;
	uint64_t id;
};

/* Requested sizes (allocations and realloc targets) by power of two:
 * bucket 0 is <= 16 bytes, bucket k is (8 << k, 16 << k], the last one
 * everything above 1 MiB. */
#define SIZE_BUCKETS 18

struct trace {
	const char *path;
	char name[64];
	struct op *ops;
	size_t nops;
	uint32_t nslots;
	uint64_t count[3];		/* by OP_* */
	uint64_t aligned;		/* allocations asking for more than 16 */
	uint64_t by_size[SIZE_BUCKETS];
	uint64_t peak_live_blocks;
};

static void *xmmap(size_t bytes)
{
	void *p = mmap(NULL, bytes ? bytes : 1, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("heapreplay: mmap");
		exit(2);
	}
	return p;
}

/* Grow an xmmap'ed array. The harness keeps its own data out of malloc
 * so that glibc's figures describe the trace, not the harness. */
static void *mgrow(void *p, size_t old, size_t new)
{
	void *q;

	if (!p)
		return xmmap(new);
	q = mremap(p, old, new, MREMAP_MAYMOVE);
	if (q == MAP_FAILED) {
		perror("heapreplay: mremap");
		exit(2);
	}
	return q;
}

static char *read_all(const char *path, size_t *len)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY) : 0;
	size_t cap = 1 << 16, n = 0;
	ssize_t got;
	char *buf;

	if (fd < 0)
		return NULL;
	buf = xmmap(cap);
	while ((got = read(fd, buf + n, cap - n)) > 0) {
		n += got;
		if (n == cap) {
			buf = mgrow(buf, cap, cap * 2);
			cap *= 2;
		}
	}
	if (fd)
		close(fd);
	if (got < 0)
		return NULL;
	*len = n;
	return buf;
}

/* zlib's allocations come from mmap too, like all the harness's data */
static voidpf z_alloc(voidpf opaque, uInt items, uInt size)
{
	size_t *p = xmmap((size_t)items * size + 16);

	p[0] = (size_t)items * size + 16;
	return p + 2;
}

static void z_free(voidpf opaque, voidpf addr)
{
	size_t *p = (size_t *)addr - 2;

	munmap(p, p[0]);
}

static bool is_gzip(const char *buf, size_t len)
{
	return len >= 2 && (unsigned char)buf[0] == 0x1f &&
	       (unsigned char)buf[1] == 0x8b;
}

/* Inflate a gzip file (concatenated members too) into a new buffer;
 * NULL after saying why on stderr. */
static char *gunzip(const char *path, const char *in, size_t len,
		    size_t *out_len)
{
	size_t cap = len * 4 + 4096, n = 0;
	char *out = xmmap(cap);
	z_stream zs = { .zalloc = z_alloc, .zfree = z_free };
	int ret;

	if (inflateInit2(&zs, 15 + 32) != Z_OK) {
		fprintf(stderr, "heapreplay: %s: inflateInit2 failed\n", path);
		return NULL;
	}
	zs.next_in = (Bytef *)in;
	zs.avail_in = len;
	do {
		if (n == cap) {
			out = mgrow(out, cap, cap * 2);
			cap *= 2;
		}
		zs.next_out = (Bytef *)out + n;
		zs.avail_out = cap - n;
		ret = inflate(&zs, Z_NO_FLUSH);
		n = cap - zs.avail_out;
		if (ret == Z_STREAM_END && zs.avail_in)
			ret = inflateReset(&zs);	/* next member */
	} while (ret == Z_OK || (ret == Z_BUF_ERROR && n == cap));
	*out_len = n;
	inflateEnd(&zs);
	if (ret != Z_STREAM_END) {
		fprintf(stderr, "heapreplay: %s: corrupt gzip data (%s)\n",
			path, zs.msg ? zs.msg : "truncated");
		munmap(out, cap);
		return NULL;
	}
	return out;
}

/* id -> slot while parsing: chained hash over the live ids */
struct idmap {
	uint32_t *head;		/* bucket -> entry + 1 */
	struct ident { uint64_t id; uint32_t slot, next; } *e;
	uint32_t nbuckets, cap, used;
	uint32_t *free_slots, nfree, nslots;
};

static uint32_t hash_id(const struct idmap *m, uint64_t id)
{
	return (uint32_t)((id * 0x9e3779b97f4a7c15ULL) >> 32) % m->nbuckets;
}

static struct ident *idmap_find(struct idmap *m, uint64_t id, uint32_t **link)
{
	uint32_t *l = &m->head[hash_id(m, id)];

	while (*l) {
		if (m->e[*l - 1].id == id) {
			if (link)
				*link = l;
			return &m->e[*l - 1];
		}
		l = &m->e[*l - 1].next;
	}
	return NULL;
}

static unsigned int size_bucket(uint64_t size)
{
	unsigned int b = 0;

	while (b < SIZE_BUCKETS - 1 && size > (16ULL << b))
		b++;
	return b;
}

/* What the trace stresses: op counts, aligned requests, sizes. */
static void count_op(struct trace *t, const struct op *o, uint32_t live)
{
	t->count[o->type]++;
	if (o->type != OP_FREE)
		t->by_size[size_bucket(o->size)]++;
	if (o->type == OP_ALLOC && o->align > 16)
		t->aligned++;
	if (live > t->peak_live_blocks)
		t->peak_live_blocks = live;
}

static int parse_trace(struct trace *t, const char *buf, size_t len)
{
	struct heap_trace ht;
	struct heap_trace_op op;
	struct idmap m = { 0 };
	size_t cap = 1024;
	uint32_t *link;
	struct ident *e;
	int ret;

	m.nbuckets = 1 << 16;
	m.head = xmmap(m.nbuckets * sizeof(*m.head));
	m.cap = 1 << 16;
	m.e = xmmap(m.cap * sizeof(*m.e));
	m.free_slots = xmmap(m.cap * sizeof(*m.free_slots));
	t->ops = xmmap(cap * sizeof(*t->ops));
	t->nops = 0;
	heap_trace_open(&ht, buf, len);
	while ((ret = heap_trace_next(&ht, &op)) > 0) {
		struct op *o;

		if (t->nops == cap) {
			t->ops = mgrow(t->ops, cap * sizeof(*t->ops),
				       2 * cap * sizeof(*t->ops));
			cap *= 2;
		}
		o = &t->ops[t->nops++];
		o->line = ht.line;
		o->size = op.size;
		o->align = op.align;
		o->id = op.id;
		e = idmap_find(&m, op.id, &link);
		if (op.type == 'a') {
			uint32_t b = hash_id(&m, op.id);

			if (e) {
				fprintf(stderr, "%s:%lu: id %llu is already live\n",
					t->path, ht.line, (unsigned long long)op.id);
				return -1;
			}
			if (m.used == m.cap) {
				m.e = mgrow(m.e, m.cap * sizeof(*m.e),
					    2 * m.cap * sizeof(*m.e));
				m.free_slots = mgrow(m.free_slots,
					m.cap * sizeof(*m.free_slots),
					2 * m.cap * sizeof(*m.free_slots));
				m.cap *= 2;
			}
			/* entries are recycled through the free-slot stack:
			 * entry index == slot */
			o->slot = m.nfree ? m.free_slots[--m.nfree] : m.nslots++;
			m.used++;
			m.e[o->slot].id = op.id;
			m.e[o->slot].slot = o->slot;
			m.e[o->slot].next = m.head[b];
			m.head[b] = o->slot + 1;
			o->type = OP_ALLOC;
			count_op(t, o, m.used);
			continue;
		}
		if (!e) {
			fprintf(stderr, "%s:%lu: id %llu is not live\n", t->path,
				ht.line, (unsigned long long)op.id);
			return -1;
		}
		o->slot = e->slot;
		if (op.type == 'r') {
			o->type = OP_REALLOC;
		} else {
			o->type = OP_FREE;
			*link = e->next;
			m.free_slots[m.nfree++] = e->slot;
			m.used--;
		}
		count_op(t, o, m.used);
	}
	if (ret < 0) {
		fprintf(stderr, "%s:%lu: %s\n", t->path, ht.line, ht.err);
		return -1;
	}
	t->nslots = m.nslots;
	munmap(m.head, m.nbuckets * sizeof(*m.head));
	munmap(m.e, m.cap * sizeof(*m.e));
	munmap(m.free_slots, m.cap * sizeof(*m.free_slots));
	return 0;
}

/* ------------------------------ allocators ------------------------------ */

struct allocator {
	const char *name;
	bool delta;			/* footprint less the starting value */
	const char *lib;		/* NULL: built in */
	const struct heap_policy *policy;
	const char *method;		/* how the footprint is measured */
	void *(*alloc)(size_t size, size_t align);
	void *(*realloc)(void *p, size_t size);
	void (*free)(void *p);
	uint64_t (*footprint)(void);
};

static struct allocator *cur;

/* kernel policies */
static void *k_alloc(size_t size, size_t align)
{
	return align <= 16 ? kmalloc(size) : kmalloc_aligned(size, align);
}

static void *k_realloc(void *p, size_t size)
{
	return krealloc(p, size);
}

static void k_free(void *p)
{
	kfree(p);
}

static uint64_t k_footprint(void)
{
	return heap_footprint();
}

/* glibc */
static void *g_alloc(size_t size, size_t align)
{
	return align <= 16 ? malloc(size) : aligned_alloc(align,
		(size + align - 1) & ~(align - 1));
}

static void *g_realloc(void *p, size_t size)
{
	return realloc(p, size ? size : 1);
}

static uint64_t g_footprint(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.arena + mi.hblkhd;
}

/* dlopen'ed allocators: entry points looked up on the handle */
/* The harness's own glibc blocks: glibc's baseline is what the harness
 * holds, so the empty arena space glibc keeps counts as its footprint. */
static uint64_t g_inuse(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static void *(*d_malloc)(size_t);
static void *(*d_aligned)(size_t, size_t);	/* (align, size) */
static void *(*d_realloc)(void *, size_t);
static void (*d_free)(void *);
static int (*je_mallctl)(const char *, void *, size_t *, void *, size_t);
static int (*tc_property)(const char *, size_t *);
static void (*mi_info)(size_t *, size_t *, size_t *, size_t *, size_t *,
		       size_t *, size_t *, size_t *);

static void *d_alloc(size_t size, size_t align)
{
	/* small classes of these allocators may be only 8-aligned, while
	 * the trace asks for 16 by default */
	if (align <= 16 && size >= 16)
		return d_malloc(size);
	return d_aligned(align < 16 ? 16 : align, size);
}

static void *d_realloc_fn(void *p, size_t size)
{
	return d_realloc(p, size ? size : 1);
}

static uint64_t je_footprint(void)
{
	uint64_t epoch = 1;
	size_t resident = 0, len = sizeof(resident);

	je_mallctl("epoch", NULL, NULL, &epoch, sizeof(epoch));
	je_mallctl("stats.resident", &resident, &len, NULL, 0);
	return resident;
}

static uint64_t tc_footprint(void)
{
	size_t heap = 0, unmapped = 0;

	tc_property("generic.heap_size", &heap);
	tc_property("tcmalloc.pageheap_unmapped_bytes", &unmapped);
	return heap - unmapped;
}

/* mimalloc commits whole segments up front (its current_commit shows
 * 32 MiB for a 100 KiB trace, and on Linux mi_process_info reports that
 * as the RSS too), so count the pages really touched: the process RSS
 * from /proc/self/statm, less the baseline. */
static uint64_t rss_footprint(void)
{
	static int fd = -1;
	char buf[128];
	unsigned long size, resident;
	ssize_t n;

	if (fd < 0)
		fd = open("/proc/self/statm", O_RDONLY);
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	if (sscanf(buf, "%lu %lu", &size, &resident) != 2)
		return 0;
	return (uint64_t)resident * (uint64_t)sysconf(_SC_PAGESIZE);
}

static uint64_t mi_footprint(void)
{
	return rss_footprint();
}

/* Every kernel heap policy of the Kconfig choice, then the references. */
#define KERNEL_ALLOCATOR(m, name)					\
	{ name, false, NULL, &heap_policy_##m, "heap page source (exact)", \
	  k_alloc, k_realloc, k_free, k_footprint },
static struct allocator allocators[] = {
	HEAP_POLICY_MEMBERS(KERNEL_ALLOCATOR)
	{ "glibc", true, "libc.so.6", NULL,
	  "mallinfo2 arena+hblkhd, less the harness's own blocks", g_alloc,
	  g_realloc, free, g_footprint },
	{ "jemalloc", false, "libjemalloc.so.2", NULL, "mallctl stats.resident (absolute)",
	  d_alloc, d_realloc_fn, NULL, je_footprint },
	{ "tcmalloc", false, "libtcmalloc_minimal.so.4", NULL,
	  "MallocExtension heap_size - pageheap_unmapped_bytes (absolute)",
	  d_alloc, d_realloc_fn, NULL, tc_footprint },
	{ "mimalloc", true, "libmimalloc.so.2", NULL, "process RSS (/proc/self/statm), less the baseline",
	  d_alloc, d_realloc_fn, NULL, mi_footprint },
};

static void *(*mi_aligned)(size_t size, size_t align);

static void *mi_aligned_swap(size_t align, size_t size)
{
	return mi_aligned(size, align);
}

static void d_free_fn(void *p)
{
	d_free(p);
}

/* Load a system allocator; returns 0 or -1 after saying why. */
static int open_allocator(struct allocator *a, bool quiet)
{
	void *h;

	if (a->policy) {
		if (heap_use_policy(a->policy)) {
			fprintf(stderr, "heapreplay: %s: heap init failed\n",
				a->name);
			return -1;
		}
		return 0;
	}
	if (!strcmp(a->name, "glibc"))
		return 0;
	h = dlopen(a->lib, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		if (!quiet)
			fprintf(stderr, "heapreplay: %s not available: %s\n",
				a->name, dlerror());
		return -1;
	}
#define SYM(var, name) (*(void **)&(var) = dlsym(h, name))
	a->free = d_free_fn;
	if (!strcmp(a->name, "jemalloc")) {
		SYM(d_malloc, "malloc");
		SYM(d_aligned, "aligned_alloc");
		SYM(d_realloc, "realloc");
		SYM(d_free, "free");
		SYM(je_mallctl, "mallctl");
		if (!je_mallctl)
			SYM(je_mallctl, "je_mallctl");
	} else if (!strcmp(a->name, "tcmalloc")) {
		SYM(d_malloc, "tc_malloc");
		SYM(d_aligned, "tc_memalign");
		SYM(d_realloc, "tc_realloc");
		SYM(d_free, "tc_free");
		SYM(tc_property, "MallocExtension_GetNumericProperty");
	} else {
		SYM(d_malloc, "mi_malloc");
		SYM(mi_aligned, "mi_malloc_aligned");
		d_aligned = mi_aligned ? mi_aligned_swap : NULL;
		SYM(d_realloc, "mi_realloc");
		SYM(d_free, "mi_free");
		SYM(mi_info, "mi_process_info");
	}
#undef SYM
	if (!d_malloc || !d_aligned || !d_realloc || !d_free ||
	    (!strcmp(a->name, "jemalloc") && !je_mallctl) ||
	    (!strcmp(a->name, "tcmalloc") && !tc_property) ||
	    (!strcmp(a->name, "mimalloc") && !mi_info)) {
		fprintf(stderr, "heapreplay: %s: %s lacks an expected symbol\n",
			a->name, a->lib);
		return -1;
	}
	return 0;
}

/* ------------------- live-block intervals (treap) ------------------- */

#define NIL UINT32_MAX

static uintptr_t *t_key, *t_end;
static uint32_t *t_pri, *t_l, *t_r, t_root = NIL;

static void t_split(uint32_t t, uintptr_t k, uint32_t *a, uint32_t *b)
{
	if (t == NIL) {
		*a = *b = NIL;
	} else if (t_key[t] < k) {
		t_split(t_r[t], k, &t_r[t], b);
		*a = t;
	} else {
		t_split(t_l[t], k, a, &t_l[t]);
		*b = t;
	}
}

static uint32_t t_merge(uint32_t a, uint32_t b)
{
	if (a == NIL)
		return b;
	if (b == NIL)
		return a;
	if (t_pri[a] > t_pri[b]) {
		t_r[a] = t_merge(t_r[a], b);
		return a;
	}
	t_l[b] = t_merge(a, t_l[b]);
	return b;
}

static void t_insert(uint32_t s, uintptr_t start, uintptr_t end)
{
	uint32_t a, b;

	t_key[s] = start;
	t_end[s] = end;
	t_pri[s] = (uint32_t)random();
	t_l[s] = t_r[s] = NIL;
	t_split(t_root, start, &a, &b);
	t_root = t_merge(t_merge(a, s), b);
}

static void t_erase(uint32_t s)
{
	uint32_t a, b, m, c;

	t_split(t_root, t_key[s], &a, &b);
	t_split(b, t_key[s] + 1, &m, &c);
	t_root = t_merge(a, c);
}

/* The live block overlapping [start, end), or NIL. Live blocks never
 * overlap each other, so only the one starting last before end can. */
static uint32_t t_overlap(uintptr_t start, uintptr_t end)
{
	uint32_t t = t_root, best = NIL;

	while (t != NIL) {
		if (t_key[t] < end) {
			best = t;
			t = t_r[t];
		} else {
			t = t_l[t];
		}
	}
	return best != NIL && t_end[best] > start ? best : NIL;
}

/* ----------------------------- patterns ----------------------------- */

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint64_t pat_word(uint64_t seed, size_t w)
{
	return seed + w * 0x9e3779b97f4a7c15ULL;
}

/* Write the pattern over [from, size) of the block. */
static void fill(unsigned char *p, size_t from, size_t size, uint64_t seed)
{
	size_t i = from & ~(size_t)7;

	for (; i + 8 <= size; i += 8) {
		uint64_t w = pat_word(seed, i / 8);

		memcpy(p + i, &w, 8);
	}
	if (i < size) {
		uint64_t w = pat_word(seed, i / 8);

		memcpy(p + i, &w, size - i);
	}
}

/* Offset of the first byte in [0, size) off the pattern, or SIZE_MAX. */
static size_t check(const unsigned char *p, size_t size, uint64_t seed)
{
	size_t i, k;

	for (i = 0; i < size; i += 8) {
		uint64_t w = pat_word(seed, i / 8);
		size_t n = size - i < 8 ? size - i : 8;

		if (memcmp(p + i, &w, n))
			for (k = 0; k < n; k++)
				if (p[i + k] != ((unsigned char *)&w)[k])
					return i + k;
	}
	return SIZE_MAX;
}

/* ------------------------------ replay ------------------------------ */

struct result {
	uint64_t peak_live, peak_fp, failures, errors, base_fp;
	double ns_per_op;
};

static struct trace *cur_trace;
static uint64_t errors_printed;

static void verr(struct result *r, const struct op *o, const char *fmt, ...)
{
	va_list ap;

	r->errors++;
	if (errors_printed++ >= 20)
		return;
	fprintf(stderr, "%s:%u: %s: ", cur_trace->path, o->line, cur->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void place(struct result *r, const struct op *o, uint32_t s,
		  unsigned char *p, size_t size, size_t align)
{
	uint32_t other;

	if ((uintptr_t)p & (align - 1))
		verr(r, o, "block %p of id %llu not aligned to %zu", p,
		     (unsigned long long)o->id, align);
	other = t_overlap((uintptr_t)p, (uintptr_t)p + (size ? size : 1));
	if (other != NIL) {
		verr(r, o, "block %p+%zu of id %llu overlaps live block %p+%zu",
		     p, size, (unsigned long long)o->id, (void *)t_key[other],
		     (size_t)(t_end[other] - t_key[other]));
		return;
	}
	t_insert(s, (uintptr_t)p, (uintptr_t)p + (size ? size : 1));
}

static void run_verify(const struct trace *t, struct result *r)
{
	void **ptr = xmmap(t->nslots * sizeof(void *));
	size_t *size = xmmap(t->nslots * sizeof(size_t));
	uint64_t *seed = xmmap(t->nslots * sizeof(uint64_t));
	uint64_t live = 0, fp;
	size_t i, bad;

	t_key = xmmap(t->nslots * sizeof(*t_key));
	t_end = xmmap(t->nslots * sizeof(*t_end));
	t_pri = xmmap(t->nslots * sizeof(*t_pri));
	t_l = xmmap(t->nslots * sizeof(*t_l));
	t_r = xmmap(t->nslots * sizeof(*t_r));
	/* touch the harness's arrays now so they are in the baseline RSS */
	memset(t_key, 0, t->nslots * sizeof(*t_key));
	memset(t_end, 0, t->nslots * sizeof(*t_end));
	memset(t_pri, 0, t->nslots * sizeof(*t_pri));
	memset(t_l, 0, t->nslots * sizeof(*t_l));
	memset(t_r, 0, t->nslots * sizeof(*t_r));
	memset(ptr, 0, t->nslots * sizeof(*ptr));
	memset(size, 0, t->nslots * sizeof(*size));
	memset(seed, 0, t->nslots * sizeof(*seed));
	r->base_fp = cur->footprint == g_footprint ? g_inuse() :
						      cur->footprint();
	for (i = 0; i < t->nops; i++) {
		const struct op *o = &t->ops[i];
		uint32_t s = o->slot;
		unsigned char *p = ptr[s], *q;
		size_t align = o->align < 16 ? 16 : o->align;

		switch (o->type) {
		case OP_ALLOC:
			p = cur->alloc(o->size, o->align);
			ptr[s] = p;
			size[s] = o->size;
			if (!p) {
				r->failures++;
				continue;
			}
			seed[s] = mix(o->id ^ (i << 24));
			place(r, o, s, p, o->size, align);
			fill(p, 0, o->size, seed[s]);
			live += o->size;
			break;
		case OP_FREE:
			if (!p)
				continue;	/* its allocation failed */
			bad = check(p, size[s], seed[s]);
			if (bad != SIZE_MAX)
				verr(r, o, "id %llu: byte %zu of %zu changed before free",
				     (unsigned long long)o->id, bad, size[s]);
			t_erase(s);
			cur->free(p);
			live -= size[s];
			ptr[s] = NULL;
			continue;
		case OP_REALLOC:
			if (p) {
				bad = check(p, size[s], seed[s]);
				if (bad != SIZE_MAX)
					verr(r, o, "id %llu: byte %zu changed before realloc",
					     (unsigned long long)o->id, bad);
				t_erase(s);
			} else {
				seed[s] = mix(o->id ^ (i << 24));
				size[s] = 0;
			}
			q = cur->realloc(p, o->size);
			if (!q) {
				r->failures++;
				if (p)
					t_insert(s, (uintptr_t)p,
						 (uintptr_t)p + (size[s] ? size[s] : 1));
				continue;
			}
			bad = check(q, size[s] < o->size ? size[s] : o->size,
				    seed[s]);
			if (bad != SIZE_MAX)
				verr(r, o, "id %llu: byte %zu lost by realloc",
				     (unsigned long long)o->id, bad);
			/* realloc promises the fundamental alignment only */
			place(r, o, s, q, o->size, o->size >= 16 ? 16 : 8);
			fill(q, size[s] < o->size ? size[s] : o->size, o->size,
			     seed[s]);
			live = live - size[s] + o->size;
			ptr[s] = q;
			size[s] = o->size;
			break;
		}
		if (live > r->peak_live)
			r->peak_live = live;
		if (!cur->policy) {
			fp = cur->footprint();
			if (cur->delta)
				fp = fp > r->base_fp ? fp - r->base_fp : 0;
			if (fp > r->peak_fp)
				r->peak_fp = fp;
		}
	}
	if (cur->policy)
		r->peak_fp = heap_peak_footprint();
	/* blocks still live at the end are fine; give them back so the
	 * timing runs start from an empty heap */
	for (i = 0; i < t->nslots; i++)
		if (ptr[i])
			cur->free(ptr[i]);
	munmap(ptr, t->nslots * sizeof(void *));
	munmap(size, t->nslots * sizeof(size_t));
	munmap(seed, t->nslots * sizeof(uint64_t));
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* The allocator calls alone, each op once; returns ns per op. Not
 * inlined, so `valgrind --tool=callgrind --toggle-collect=run_timed`
 * counts exactly the timed part. */
static __attribute__((noinline)) double run_timed(const struct trace *t,
						  void **ptr)
{
	double t0, t1;
	size_t i;

	t0 = now_ns();
	for (i = 0; i < t->nops; i++) {
		const struct op *o = &t->ops[i];
		void *q;

		switch (o->type) {
		case OP_ALLOC:
			ptr[o->slot] = cur->alloc(o->size, o->align);
			break;
		case OP_FREE:
			if (ptr[o->slot])
				cur->free(ptr[o->slot]);
			ptr[o->slot] = NULL;
			break;
		default:
			q = cur->realloc(ptr[o->slot], o->size);
			if (q)
				ptr[o->slot] = q;
			break;
		}
	}
	t1 = now_ns();
	for (i = 0; i < t->nslots; i++) {
		if (ptr[i])
			cur->free(ptr[i]);
		ptr[i] = NULL;
	}
	return t->nops ? (t1 - t0) / t->nops : 0;
}

/* the Kconfig default (-1) unless --fit says otherwise; in the order of
 * enum fl_fit (mm/heap/freelist.h) */
static int fit_choice = -1;
static const char *const fit_names[] = { "first-fit", "next-fit", "best-fit",
					 "segregated-fit" };
#define NR_FITS ((int)(sizeof(fit_names) / sizeof(fit_names[0])))

static void print_result(const struct trace *t, const struct result *r)
{
	printf("{\"allocator\":\"%s\",\"trace\":\"%s\",\"ops\":%zu,"
	       "\"ns_per_op\":%.1f,\"peak_live_bytes\":%llu,"
	       "\"peak_footprint_bytes\":%llu,\"footprint_live_ratio\":%.3f,"
	       "\"footprint_method\":\"%s\",\"footprint_baseline_bytes\":%llu,",
	       cur->name, t->name, t->nops, r->ns_per_op,
	       (unsigned long long)r->peak_live,
	       (unsigned long long)r->peak_fp,
	       r->peak_live ? (double)r->peak_fp / r->peak_live : 0.0,
	       cur->method, (unsigned long long)r->base_fp);
	if (cur->policy == &heap_policy_linked_list)
		printf("\"fit\":\"%s\",", linked_list_fit_name());
	printf("\"failures\":%llu,\"errors\":%llu}\n",
	       (unsigned long long)r->failures, (unsigned long long)r->errors);
	fflush(stdout);
}

/* Child: replay one trace with one allocator. Exit 0 ok, 1 errors,
 * 3 allocator unavailable. */
static int child(struct allocator *a, struct trace *t, int reps, bool quiet)
{
	struct result r = { 0 };
	void **ptr;
	int i;

	cur = a;
	cur_trace = t;
	srandom(1);
	if (fit_choice >= 0)
		linked_list_set_fit(fit_choice);
	if (open_allocator(a, quiet))
		return 3;
	run_verify(t, &r);
	ptr = xmmap(t->nslots * sizeof(void *));
	for (i = 0; i < reps; i++) {
		double ns = run_timed(t, ptr);

		if (i == 0 || ns < r.ns_per_op)
			r.ns_per_op = ns;
	}
	print_result(t, &r);
	return r.errors ? 1 : 0;
}

/* Read, inflate if gzip'ed, and parse one trace; 0 or 1 after saying
 * why. The name is the file's without directory, .gz and .trace. */
static int load_trace(struct trace *t, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *buf, *raw, *dot;
	size_t len;

	t->path = path;
	snprintf(t->name, sizeof(t->name), "%s",
		 strcmp(path, "-") ? (slash ? slash + 1 : path) : "stdin");
	for (int k = 0; k < 2; k++) {
		dot = strrchr(t->name, '.');
		if (dot && (!strcmp(dot, ".gz") || !strcmp(dot, ".trace")))
			*dot = 0;
	}
	raw = buf = read_all(path, &len);
	if (!buf) {
		fprintf(stderr, "heapreplay: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (is_gzip(raw, len)) {
		size_t raw_len = len;

		buf = gunzip(path, raw, raw_len, &len);
		munmap(raw, raw_len ? raw_len : 1);
		if (!buf)
			return 1;
	}
	if (parse_trace(t, buf, len))
		return 1;
	munmap(buf, len ? len : 1);
	return 0;
}

static void print_stats(const struct trace *t)
{
	uint64_t sized = t->count[OP_ALLOC] + t->count[OP_REALLOC];
	unsigned int b;

	printf("{\"trace\":\"%s\",\"ops\":%zu,\"allocs\":%llu,"
	       "\"frees\":%llu,\"reallocs\":%llu,\"realloc_share\":%.4f,"
	       "\"aligned_allocs\":%llu,\"peak_live_blocks\":%llu,"
	       "\"size_classes\":{", t->name, t->nops,
	       (unsigned long long)t->count[OP_ALLOC],
	       (unsigned long long)t->count[OP_FREE],
	       (unsigned long long)t->count[OP_REALLOC],
	       t->nops ? (double)t->count[OP_REALLOC] / t->nops : 0.0,
	       (unsigned long long)t->aligned,
	       (unsigned long long)t->peak_live_blocks);
	for (b = 0; b < SIZE_BUCKETS; b++)
		printf("%s\"%s%llu\":%.4f", b ? "," : "",
		       b == SIZE_BUCKETS - 1 ? ">" : "<=",
		       (unsigned long long)(b == SIZE_BUCKETS - 1 ?
					    8ULL << b : 16ULL << b),
		       sized ? (double)t->by_size[b] / sized : 0.0);
	printf("}}\n");
}

static void usage(void)
{
	fprintf(stderr,
		"usage: heapreplay [--allocator NAME[,NAME...]|all] [--fit first|next|best|segregated]\n"
		"                  [--reps N] TRACE...   ('-' reads stdin)\n"
		"       heapreplay --stats TRACE...   (what each trace stresses)\n"
		"traces may be gzip-compressed\n"
		"allocators: bump linked-list fixed-block glibc jemalloc tcmalloc mimalloc\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "allocator", required_argument, NULL, 'a' },
		{ "fit", required_argument, NULL, 'f' },
		{ "reps", required_argument, NULL, 'r' },
		{ "stats", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *names = "all";
	bool chosen[sizeof(allocators) / sizeof(allocators[0])] = { 0 };
	size_t na = sizeof(allocators) / sizeof(allocators[0]), i, j;
	struct trace *traces;
	int c, reps = 5, ntraces, status = 0;
	bool all, stats = false;

	/* jemalloc uses initial-exec TLS, which dlopen can only place if
	 * glibc keeps more static TLS spare than its default: re-exec once
	 * with the tunable that asks for it. */
	if (!getenv("HEAPREPLAY_REEXEC")) {
		setenv("HEAPREPLAY_REEXEC", "1", 1);
		setenv("GLIBC_TUNABLES", "glibc.rtld.optional_static_tls=65536", 1);
		execv("/proc/self/exe", argv);
		/* no /proc: carry on, jemalloc may then be unavailable */
	}
	while ((c = getopt_long(argc, argv, "a:f:r:sh", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			names = optarg;
			break;
		case 'f':
			for (fit_choice = 0; fit_choice < NR_FITS; fit_choice++)
				if (!strncmp(optarg, fit_names[fit_choice],
					     strlen(optarg)))
					break;
			if (fit_choice == NR_FITS)
				usage();
			break;
		case 'r':
			reps = atoi(optarg);
			break;
		case 's':
			stats = true;
			break;
		default:
			usage();
		}
	}
	if (optind == argc)
		usage();
	all = !strcmp(names, "all");
	for (i = 0; i < na; i++) {
		size_t len = strlen(allocators[i].name);
		const char *s = names;

		while (!all && (s = strstr(s, allocators[i].name))) {
			if ((s == names || s[-1] == ',') &&
			    (s[len] == 0 || s[len] == ','))
				break;
			s += len;
		}
		chosen[i] = all || s;
	}
	/* every name asked for must exist */
	for (const char *s = names; !all && *s;) {
		size_t len = strcspn(s, ",");
		bool known = false;

		for (i = 0; i < na; i++)
			if (strlen(allocators[i].name) == len &&
			    !strncmp(s, allocators[i].name, len))
				known = true;
		if (!known) {
			fprintf(stderr, "heapreplay: unknown allocator '%.*s'\n",
				(int)len, s);
			usage();
		}
		s += len + (s[len] == ',');
	}

	ntraces = argc - optind;
	traces = calloc(ntraces, sizeof(*traces));
	for (c = 0; c < ntraces; c++) {
		if (load_trace(&traces[c], argv[optind + c]))
			return 1;
		if (stats)
			print_stats(&traces[c]);
	}
	if (stats)
		return 0;

	for (i = 0; i < na; i++) {
		if (!chosen[i])
			continue;
		for (j = 0; j < (size_t)ntraces; j++) {
			pid_t pid;
			int ws;

			fflush(stdout);
			fflush(stderr);
			pid = fork();
			if (pid < 0) {
				perror("heapreplay: fork");
				return 2;
			}
			if (pid == 0)
				_exit(child(&allocators[i], &traces[j], reps,
					    false));
			waitpid(pid, &ws, 0);
			if (WIFEXITED(ws) && WEXITSTATUS(ws) == 3) {
				if (!all)
					status = 1;
				break;	/* unavailable: skip its other traces */
			}
			if (WIFSIGNALED(ws)) {
				fprintf(stderr, "heapreplay: %s on %s: killed by signal %d\n",
					allocators[i].name, traces[j].name,
					WTERMSIG(ws));
				status = 1;
			} else if (WEXITSTATUS(ws)) {
				status = 1;
			}
		}
	}
	return status;
}
