// SPDX-License-Identifier: GPL-2.0
/*
 * 4-level paging. paging_init() replaces the boot page tables with the
 * kernel's own:
 *  - a direct map of all RAM (and the first MiB, for VGA and firmware
 *    tables) at DIRECT_MAP_BASE, read-write and never executable;
 *  - the kernel image with W^X: text read-only + executable, rodata
 *    read-only + NX, data/bss read-write + NX;
 *  - no identity map: a NULL or low-address dereference faults.
 * Stacks (the boot stack and every kstack_alloc() stack) have an
 * unmapped guard page below them, and the page-fault handler reports a
 * hit there as a stack overflow.
 */
#include <asm/page.h>
#include <asm/pat.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/traps.h>
#include <mosaic/backtrace.h>
#include <mosaic/bitmap.h>
#include <mosaic/bootinfo.h>
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/irq.h>
#include <mosaic/kmalloc.h>
#include <mosaic/memmap.h>
#include <mosaic/mmap.h>
#include <mosaic/mm.h>
#include <mosaic/page.h>
#include <mosaic/panic.h>
#include <mosaic/printk.h>
#include <mosaic/string.h>
#include <mosaic/vmm.h>

extern char _text[], _etext[], _rodata[], _erodata[], _data[];
extern char __bss_end[], _kernel_end[];
extern char boot_stack_guard[];
extern u32 boot_has_nx;

struct mm init_mm = {
	.page_table_lock = SPINLOCK_INIT(init_mm.page_table_lock),
};

static u64 nx_bit;
/* Page-table pages from the frame allocator, over every mm. */
static unsigned long table_pages;
/* Page-table pages taken from the memory map before the frame allocator. */
static unsigned long boot_table_pages;

/* Where page-table pages come from: the memory map early, then frames. */
static struct frame_region *early_regions;
static int early_nregions;
static bool use_frames;

static void set_table_flag(phys_addr_t pa, bool table)
{
	struct page *page = phys_to_page(pa);

	if (!page)
		return;
	if (table)
		page->flags |= PG_table;
	else
		page->flags &= ~PG_table;
}

static phys_addr_t alloc_table_page(struct mm *mm)
{
	phys_addr_t pa = 0;

	if (use_frames) {
		if (frame_alloc(0, &pa))
			return 0;
		table_pages++;
		mm->table_pages++;
		set_table_flag(pa, true);
	} else {
		pa = memmap_early_alloc(early_regions, early_nregions);
		if (pa)
			boot_table_pages++;
	}
	if (pa)
		clear_pages(phys_to_virt(pa), 1);
	return pa;
}

static void free_table_page(struct mm *mm, phys_addr_t pa)
{
	/* Early tables are not the frame allocator's to take back. */
	if (!use_frames)
		return;
	set_table_flag(pa, false);
	frame_free(pa, 0);
	table_pages--;
	mm->table_pages--;
}

static unsigned int table_index(unsigned long va, int level)
{
	return (va >> (12 + 9 * (level - 1))) & (PTRS_PER_TABLE - 1);
}

static bool is_canonical(unsigned long va)
{
	return (long)va >> 47 == 0 || (long)va >> 47 == -1;
}

/* Every page operation takes a page-aligned, canonical address. */
static int check_page_va(unsigned long va)
{
	return IS_ALIGNED(va, PAGE_SIZE) && is_canonical(va) ? 0 : -EINVAL;
}

/*
 * Whose tables map va: the kernel half is shared by every mm and its
 * tables are init_mm's, so they are changed under init_mm's lock.
 */
static struct mm *table_owner(struct mm *mm, unsigned long va)
{
	return va >= KERNEL_HALF_START ? &init_mm : mm;
}

static u64 *table_at(u64 entry)
{
	return phys_to_virt(entry & PTE_ADDR_MASK);
}

/*
 * The entry for va at the given level (1 = page table, 2 = page
 * directory) in mm's tables, creating intermediate tables when create is
 * set. NULL when absent, or when a huge page is in the way.
 */
static u64 *walk(struct mm *mm, unsigned long va, int level, bool create)
{
	u64 *table = mm->pml4;

	for (int l = 4; l > level; l--) {
		u64 *entry = &table[table_index(va, l)];

		if (!(*entry & PTE_PRESENT)) {
			phys_addr_t pa;

			if (!create || !(pa = alloc_table_page(mm)))
				return NULL;
			/* Intermediate levels allow everything; leaves decide. */
			*entry = pa | PTE_PRESENT | PTE_WRITE |
				 (va < KERNEL_HALF_START ? PTE_USER : 0);
		} else if (*entry & PTE_HUGE) {
			return NULL;
		}
		table = table_at(*entry);
	}
	return &table[table_index(va, level)];
}

/* The leaf bits for vmm flags; the PAT bit's place depends on the size. */
static u64 leaf_flags(unsigned long flags, bool huge)
{
	u64 pte = PTE_PRESENT;

	if (flags & VMM_WRITE)
		pte |= PTE_WRITE;
	if (flags & VMM_USER)
		pte |= PTE_USER;
	else
		pte |= PTE_GLOBAL;
	if (flags & VMM_NX)
		pte |= nx_bit;
	if (flags & VMM_CACHE_MASK)
		pte |= pat_leaf_bits(flags, huge);
	return pte;
}

/* At most one memory type. */
static int check_flags(unsigned long flags)
{
	unsigned long cache = flags & VMM_CACHE_MASK;

	return cache & (cache - 1) ? -EINVAL : 0;
}

static void set_leaf(u64 *pte, phys_addr_t pa, unsigned long flags)
{
	struct page *page = phys_to_page(pa);

	*pte = pa | leaf_flags(flags, false);
	if (page)
		page_add_mapping(page);
}

static void clear_leaf(u64 *pte)
{
	struct page *page = phys_to_page(*pte & PTE_ADDR_MASK);

	*pte = 0;
	if (page)
		page_remove_mapping(page);
}

/*
 * Eight entries, tested at once: tables are scanned whole whenever one
 * may have emptied and when an address space goes, and a test per entry
 * made those scans most of the instructions of a fork and an exit.
 */
#define SLOTS_PER_TEST 8

static bool slots_empty(const u64 *slot)
{
	return !(slot[0] | slot[1] | slot[2] | slot[3] | slot[4] | slot[5] |
		 slot[6] | slot[7]);
}

static bool table_empty(const u64 *table)
{
	for (int i = 0; i < PTRS_PER_TABLE; i += SLOTS_PER_TEST)
		if (!slots_empty(&table[i]))
			return false;
	return true;
}

/*
 * Free the page table and page directory that held va if they are now
 * empty. Upper levels stay: they are few, and in the kernel half every
 * mm shares them.
 */
static void prune_tables(struct mm *mm, unsigned long va)
{
	for (int level = 2; level <= 3; level++) {
		u64 *entry = walk(mm, va, level, false);

		if (!entry || !(*entry & PTE_PRESENT) || (*entry & PTE_HUGE))
			return;
		if (!table_empty(table_at(*entry)))
			return;
		free_table_page(mm, *entry & PTE_ADDR_MASK);
		*entry = 0;
	}
}

/* The present 4 KiB leaf entry for va, or NULL. Under the table lock. */
static u64 *present_pte(struct mm *mm, unsigned long va)
{
	u64 *pte = walk(mm, va, 1, false);

	return pte && (*pte & PTE_PRESENT) ? pte : NULL;
}

/*
 * pages consecutive page-aligned, canonical addresses from va, all in one
 * half of the address space.
 */
static int check_range(unsigned long va, unsigned long pages)
{
	unsigned long last = va + (pages - 1) * PAGE_SIZE;

	if (!pages || check_page_va(va) || last < va || check_page_va(last) ||
	    (va ^ last) >> 63)
		return -EINVAL;
	return 0;
}

/*
 * The leaf entry for va, the page after the one prev is the entry of:
 * the next slot of the same page table unless va starts a new one.
 */
static u64 *next_pte(struct mm *mm, u64 *prev, unsigned long va, bool create)
{
	if (prev && (va & (HUGE_SIZE - 1)))
		return prev + 1;
	return walk(mm, va, 1, create);
}

/*
 * Unmap what is mapped of the pages from va (pas[i] = its frame or 0),
 * then free the tables left empty. Under the table lock. Returns the
 * number of pages that were mapped.
 */
static unsigned int clear_range(struct mm *mm, unsigned long va,
				unsigned int pages, phys_addr_t *pas)
{
	unsigned long end = va + (unsigned long)pages * PAGE_SIZE;
	unsigned int cleared = 0;
	u64 *pte = NULL;

	for (unsigned int i = 0; i < pages; i++) {
		unsigned long v = va + (unsigned long)i * PAGE_SIZE;

		pte = next_pte(mm, pte, v, false);
		if (pas)
			pas[i] = 0;
		if (!pte || !(*pte & PTE_PRESENT))
			continue;
		if (pas)
			pas[i] = *pte & PTE_ADDR_MASK;
		clear_leaf(pte);
		invlpg(v);
		cleared++;
	}
	for (unsigned long v = va; v < end; v = ALIGN_DOWN(v, HUGE_SIZE) + HUGE_SIZE)
		prune_tables(mm, v);
	return cleared;
}

int vmm_map_range(struct mm *mm, unsigned long va, const phys_addr_t *pas,
		  unsigned int pages, unsigned long flags)
{
	unsigned long irqflags;
	unsigned int i;
	u64 *pte = NULL;
	int ret = 0;

	if (check_range(va, pages) || check_flags(flags))
		return -EINVAL;
	for (i = 0; i < pages; i++)
		if (!IS_ALIGNED(pas[i], PAGE_SIZE))
			return -EINVAL;
	mm = table_owner(mm, va);
	irqflags = spin_lock_irqsave(&mm->page_table_lock);
	for (i = 0; i < pages; i++) {
		unsigned long v = va + (unsigned long)i * PAGE_SIZE;

		pte = next_pte(mm, pte, v, true);
		if (!pte || (*pte & PTE_PRESENT)) {
			ret = pte ? -EEXIST : -ENOMEM;
			break;
		}
		set_leaf(pte, pas[i], flags);
	}
	if (ret) {
		/* All or nothing: take back what was mapped, and its tables. */
		clear_range(mm, va, i, NULL);
		prune_tables(mm, va + (unsigned long)i * PAGE_SIZE);
	}
	spin_unlock_irqrestore(&mm->page_table_lock, irqflags);
	return ret;
}

int vmm_map_page(struct mm *mm, unsigned long va, phys_addr_t pa,
		 unsigned long flags)
{
	return vmm_map_range(mm, va, &pa, 1, flags);
}

int vmm_unmap_range(struct mm *mm, unsigned long va, unsigned int pages,
		    phys_addr_t *pas)
{
	unsigned long irqflags;
	unsigned int cleared;

	if (check_range(va, pages))
		return -EINVAL;
	mm = table_owner(mm, va);
	irqflags = spin_lock_irqsave(&mm->page_table_lock);
	cleared = clear_range(mm, va, pages, pas);
	spin_unlock_irqrestore(&mm->page_table_lock, irqflags);
	return (int)cleared;
}

int vmm_unmap_page(struct mm *mm, unsigned long va, phys_addr_t *pa)
{
	phys_addr_t got;
	int ret = vmm_unmap_range(mm, va, 1, &got);

	if (ret < 0)
		return ret;
	if (!ret)
		return -ENOENT;
	if (pa)
		*pa = got;
	return 0;
}

/* The leaf entry for a canonical va and its level. Under the table lock. */
static int lookup_leaf(struct mm *mm, unsigned long va, u64 *entry,
		       int *level)
{
	u64 *table = mm->pml4;

	for (int l = 4; l >= 1; l--) {
		u64 e = table[table_index(va, l)];

		if (!(e & PTE_PRESENT))
			return -ENOENT;
		if (l == 1 || (e & PTE_HUGE)) {
			*entry = e;
			*level = l;
			return 0;
		}
		table = table_at(e);
	}
	return -ENOENT;
}

int pgtable_lookup(struct mm *mm, unsigned long va, u64 *entry, int *level)
{
	unsigned long irqflags;
	int ret;

	if (!is_canonical(va))
		return -EINVAL;
	mm = table_owner(mm, va);
	irqflags = spin_lock_irqsave(&mm->page_table_lock);
	ret = lookup_leaf(mm, va, entry, level);
	spin_unlock_irqrestore(&mm->page_table_lock, irqflags);
	return ret;
}

static unsigned long vmm_flags_of(u64 entry, int level)
{
	return ((entry & PTE_WRITE) ? VMM_WRITE : 0) |
	       ((entry & nx_bit) ? VMM_NX : 0) |
	       ((entry & PTE_USER) ? VMM_USER : 0) |
	       (level > 1 ? VMM_HUGE : 0) | pat_vmm_flags(entry, level > 1);
}

int vmm_translate(struct mm *mm, unsigned long va, phys_addr_t *pa,
		  unsigned long *flags)
{
	unsigned long size;
	int level, ret;
	u64 entry;

	ret = pgtable_lookup(mm, va, &entry, &level);
	if (ret)
		return ret;
	size = 1UL << (12 + 9 * (level - 1));
	*pa = (entry & PTE_ADDR_MASK & ~(size - 1)) + (va & (size - 1));
	if (flags)
		*flags = vmm_flags_of(entry, level);
	return 0;
}

int vmm_protect(struct mm *mm, unsigned long va, unsigned long flags)
{
	unsigned long irqflags;
	u64 *pte;

	if (check_page_va(va) || check_flags(flags))
		return -EINVAL;
	mm = table_owner(mm, va);
	irqflags = spin_lock_irqsave(&mm->page_table_lock);
	pte = present_pte(mm, va);
	if (pte) {
		*pte = (*pte & PTE_ADDR_MASK) | leaf_flags(flags, false);
		invlpg(va);
	}
	spin_unlock_irqrestore(&mm->page_table_lock, irqflags);
	return pte ? 0 : -ENOENT;
}

/*
 * The first mapped page in [va, end) of the user half, or end: absent
 * tables are skipped whole, so a sparse range costs its tables, not its
 * pages.
 */
unsigned long vmm_next_mapped(struct mm *mm, unsigned long va,
			      unsigned long end)
{
	unsigned long irqflags;

	if (end > KERNEL_HALF_START)
		end = KERNEL_HALF_START;
	va = ALIGN_DOWN(va, PAGE_SIZE);
	irqflags = spin_lock_irqsave(&mm->page_table_lock);
	while (va < end) {
		u64 *table = mm->pml4;
		unsigned long size = 0;

		for (int l = 4; l >= 1; l--) {
			u64 e = table[table_index(va, l)];

			if (!(e & PTE_PRESENT)) {
				size = 1UL << (12 + 9 * (l - 1));
				break;
			}
			if (l == 1 || (e & PTE_HUGE))
				goto found;
			table = table_at(e);
		}
		va = ALIGN_DOWN(va, size) + size;
	}
	va = end;
found:
	spin_unlock_irqrestore(&mm->page_table_lock, irqflags);
	return va < end ? va : end;
}

unsigned long vmm_table_pages(void)
{
	return table_pages;
}

unsigned long vmm_boot_table_pages(void)
{
	return boot_table_pages;
}

bool vmm_has_nx(void)
{
	return nx_bit != 0;
}

/* ------------------------------------------------------------------ */
/* Address spaces */

struct mm *mm_create(void)
{
	struct mm *mm = kzalloc(sizeof(*mm));
	unsigned long irqflags;

	if (!mm)
		return NULL;
	spin_lock_init(&mm->page_table_lock);
	mm->page_table_lock.name = "mm.page_table_lock";
	mm_init_areas(mm);
	mm->pml4_phys = alloc_table_page(mm);
	if (!mm->pml4_phys) {
		kfree(mm);
		return NULL;
	}
	mm->pml4 = phys_to_virt(mm->pml4_phys);
	/*
	 * Every kernel slot was filled at boot and never changes, so this
	 * copy stays true however the kernel half grows later.
	 */
	irqflags = spin_lock_irqsave(&init_mm.page_table_lock);
	memcpy(&mm->pml4[KERNEL_PML4_FIRST], &init_mm.pml4[KERNEL_PML4_FIRST],
	       (PTRS_PER_TABLE - KERNEL_PML4_FIRST) * sizeof(u64));
	spin_unlock_irqrestore(&init_mm.page_table_lock, irqflags);
	return mm;
}

/*
 * Tear down what a user-half table maps (level 3 = a PDPT, 2 = a page
 * directory, 1 = a page table): leaves stop counting as mappings of
 * their pages, and the tables below are freed.
 */
static void free_user_tables(struct mm *mm, u64 *table, int level)
{
	for (int i = 0; i < PTRS_PER_TABLE; i++) {
		u64 e = table[i];

		if (!(i % SLOTS_PER_TEST) && slots_empty(&table[i])) {
			i += SLOTS_PER_TEST - 1;
			continue;
		}
		if (!(e & PTE_PRESENT))
			continue;
		if (level == 1 || (e & PTE_HUGE)) {
			clear_leaf(&table[i]);
			continue;
		}
		free_user_tables(mm, table_at(e), level - 1);
		free_table_page(mm, e & PTE_ADDR_MASK);
	}
}

void mm_destroy(struct mm *mm)
{
	if (mm == &init_mm)
		panic("mm_destroy: init_mm is the kernel's and lives forever");
	if (read_cr3() == mm->pml4_phys)
		panic("mm_destroy: %p is the running address space", mm);
	for (int i = 0; i < KERNEL_PML4_FIRST; i++) {
		u64 e = mm->pml4[i];

		if (!(e & PTE_PRESENT))
			continue;
		free_user_tables(mm, table_at(e), 3);
		free_table_page(mm, e & PTE_ADDR_MASK);
	}
	free_table_page(mm, mm->pml4_phys);
	if (mm->table_pages)
		panic("mm_destroy: %lu page-table pages unaccounted for",
		      mm->table_pages);
	kfree(mm);
}

void mm_activate(struct mm *mm)
{
	write_cr3(mm->pml4_phys);
}

/* ------------------------------------------------------------------ */
/* Building the kernel's tables at boot */

static bool covered_by_huge_page(unsigned long va)
{
	u64 *pde = walk(&init_mm, va, 2, false);

	return pde && (*pde & PTE_PRESENT) && (*pde & PTE_HUGE);
}

static void map_early_range(unsigned long va, phys_addr_t pa, u64 size,
			    unsigned long flags, bool allow_huge)
{
	u64 end = pa + size;

	while (pa < end) {
		u64 *entry;

		if (allow_huge && IS_ALIGNED(pa, HUGE_SIZE) &&
		    IS_ALIGNED(va, HUGE_SIZE) && end - pa >= HUGE_SIZE) {
			entry = walk(&init_mm, va, 2, true);
			if (!entry)
				panic("paging: out of memory for page tables");
			*entry = pa | leaf_flags(flags, true) | PTE_HUGE;
			pa += HUGE_SIZE;
			va += HUGE_SIZE;
			continue;
		}
		entry = walk(&init_mm, va, 1, true);
		if (!entry && covered_by_huge_page(va)) {
			/* Overlapping map entries: already mapped, 2 MiB at once. */
			pa += PAGE_SIZE;
			va += PAGE_SIZE;
			continue;
		}
		if (!entry)
			panic("paging: out of memory for page tables");
		*entry = pa | leaf_flags(flags, false);
		pa += PAGE_SIZE;
		va += PAGE_SIZE;
	}
}

static void map_image_section(char *start, char *end, unsigned long flags)
{
	unsigned long va = (unsigned long)start;

	map_early_range(va, virt_to_phys(start), (u64)(end - start), flags,
			false);
}

static void map_direct(const struct bootinfo *bi)
{
	/* Low memory: VGA text buffer, BIOS data, the EBDA. */
	map_early_range(DIRECT_MAP_BASE, 0, 0x100000, VMM_WRITE | VMM_NX, true);
	for (unsigned int i = 0; i < bi->mmap_count; i++) {
		const struct bootinfo_mmap_entry *e = &bi->mmap[i];
		phys_addr_t start, end;

		if (e->type == BOOTINFO_MEM_BAD || e->type == BOOTINFO_MEM_RESERVED)
			continue;
		start = ALIGN_DOWN(e->base, PAGE_SIZE);
		end = ALIGN_UP(e->base + e->length, PAGE_SIZE);
		if (start < 0x100000)
			start = 0x100000;
		if (end <= start)
			continue;
		map_early_range(DIRECT_MAP_BASE + start, start, end - start,
				VMM_WRITE | VMM_NX, true);
	}
}

static void map_kernel_image(void)
{
	map_image_section(_text, _etext, 0);
	map_image_section(_rodata, _erodata, VMM_NX);
	/* data + bss, with a hole for the boot stack's guard page */
	map_image_section(_data, boot_stack_guard, VMM_WRITE | VMM_NX);
	map_image_section(boot_stack_guard + PAGE_SIZE, __bss_end,
			  VMM_WRITE | VMM_NX);
	if ((unsigned long)_kernel_end > (unsigned long)__bss_end)
		map_image_section(__bss_end, _kernel_end, VMM_NX);
}

/*
 * Give every kernel PML4 slot its PDPT now, so the top level of the
 * kernel half never changes again and a PML4 copied from init_mm at any
 * time sees every kernel mapping made after the copy.
 */
static void populate_kernel_half(void)
{
	for (int i = KERNEL_PML4_FIRST; i < PTRS_PER_TABLE; i++) {
		phys_addr_t pa = alloc_table_page(&init_mm);

		if (!pa)
			panic("paging: out of memory for the kernel's page tables");
		init_mm.pml4[i] = pa | PTE_PRESENT | PTE_WRITE;
	}
}

void paging_init(const struct bootinfo *bi, struct frame_region *regions,
		 int *nregions)
{
	early_regions = regions;
	early_nregions = *nregions;
	nx_bit = boot_has_nx ? PTE_NX : 0;
	pat_init();
	init_mm.pml4_phys = alloc_table_page(&init_mm);
	if (!init_mm.pml4_phys)
		panic("paging: no memory for the top-level page table");
	init_mm.pml4 = phys_to_virt(init_mm.pml4_phys);
	populate_kernel_half();
	map_direct(bi);
	map_kernel_image();
	mm_activate(&init_mm);
	pr_info("paging: direct map of RAM, kernel W^X, NX %s, PAT %s, %lu KiB of boot page tables\n",
		nx_bit ? "on" : "unavailable", pat_enabled() ? "on" : "unavailable",
		boot_table_pages * (PAGE_SIZE >> 10));
}

void paging_use_frame_allocator(void)
{
	use_frames = true;
}

/* ------------------------------------------------------------------ */
/* Kernel stacks with guard pages */

#define KSTACK_SLOTS 1024
#define KSTACK_SLOT_PAGES 16	/* largest stack + its guard page */

static unsigned long kstack_used[BITS_TO_LONGS(KSTACK_SLOTS)];
/* Protects kstack_used; irqsave, so any context may take or free a slot. */
static DEFINE_SPINLOCK(kstack_slots_lock);

static void kstack_release_slot(unsigned long slot)
{
	unsigned long irqflags = spin_lock_irqsave(&kstack_slots_lock);

	clear_bit(slot, kstack_used);
	spin_unlock_irqrestore(&kstack_slots_lock, irqflags);
}

static unsigned long slot_base(unsigned long slot)
{
	return KSTACK_VIRT_BASE + slot * KSTACK_SLOT_PAGES * PAGE_SIZE;
}

void vmm_free_frames(const phys_addr_t *pas, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (pas[i])
			frame_free(pas[i], 0);
}

static void kstack_unmap(unsigned long base, unsigned int pages)
{
	phys_addr_t pas[KSTACK_SLOT_PAGES];

	if (vmm_unmap_range(&init_mm, base, pages, pas) > 0)
		vmm_free_frames(pas, pages);
}

void *kstack_alloc(unsigned int pages)
{
	phys_addr_t pas[KSTACK_SLOT_PAGES];
	unsigned long irqflags, slot, base;

	if (!pages || pages >= KSTACK_SLOT_PAGES)
		return NULL;
	irqflags = spin_lock_irqsave(&kstack_slots_lock);
	slot = find_next_zero_bit(kstack_used, KSTACK_SLOTS, 0);
	if (slot < KSTACK_SLOTS)
		set_bit(slot, kstack_used);
	spin_unlock_irqrestore(&kstack_slots_lock, irqflags);
	if (slot >= KSTACK_SLOTS)
		return NULL;
	/* Page 0 of the slot stays unmapped: the guard. */
	base = slot_base(slot) + PAGE_SIZE;
	for (unsigned int i = 0; i < pages; i++) {
		if (frame_alloc(0, &pas[i])) {
			vmm_free_frames(pas, i);
			kstack_release_slot(slot);
			return NULL;
		}
	}
	if (vmm_map_range(&init_mm, base, pas, pages, VMM_WRITE | VMM_NX)) {
		vmm_free_frames(pas, pages);
		kstack_release_slot(slot);
		return NULL;
	}
	return (void *)base;
}

void kstack_free(void *base, unsigned int pages)
{
	unsigned long va = (unsigned long)base;
	unsigned long slot = (va - KSTACK_VIRT_BASE) / (KSTACK_SLOT_PAGES * PAGE_SIZE);

	if (va < KSTACK_VIRT_BASE || slot >= KSTACK_SLOTS ||
	    !test_bit(slot, kstack_used) || !pages || pages >= KSTACK_SLOT_PAGES)
		panic("kstack_free: %p is not a kernel stack", base);
	kstack_unmap(va, pages);
	kstack_release_slot(slot);
}

bool is_stack_guard_address(unsigned long addr)
{
	unsigned long guard = (unsigned long)boot_stack_guard;

	if (addr >= guard && addr < guard + PAGE_SIZE)
		return true;
	if (addr < KSTACK_VIRT_BASE ||
	    addr >= slot_base(KSTACK_SLOTS))
		return false;
	return (addr - KSTACK_VIRT_BASE) % (KSTACK_SLOT_PAGES * PAGE_SIZE) <
	       PAGE_SIZE;
}

/* ------------------------------------------------------------------ */
/* Page-fault reports */

void describe_page_fault(const struct pt_regs *regs, unsigned long cr2)
{
	u64 err = regs->error_code;
	const char *access = (err & PF_INSTR) ? "instruction fetch" :
			     (err & PF_WRITE) ? "write" : "read";
	char where[128];

	ksym_format(where, sizeof(where), regs->rip);
	if (is_stack_guard_address(cr2))
		pr_emerg("kernel stack overflow: %s at %016lx hit a stack guard page\n",
			 access, cr2);
	pr_emerg("page fault at address %016lx: %s %s access, %s, in %s\n",
		 cr2, (err & PF_USER) ? "user" : "kernel", access,
		 (err & PF_PROT) ? "protection violation on a present page" :
				   "page not present",
		 where);
	if (err & PF_RSVD)
		pr_emerg("page fault: reserved bit set in a page-table entry\n");
}
