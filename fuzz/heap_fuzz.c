/*
 * heap_fuzz.c -- libFuzzer target: chapter 9's kmalloc, kfree and kcalloc,
 * against a model.
 *
 * The kernel's own heap.c (copied from the checkpoint by tangle/mk/fuzz.mk)
 * is #included here, with the stand-in headers of fuzz/heap-stubs/ for
 * frames, paging, locks and panic. Its addresses are the kernel's,
 * 0xd0000000 up, mapped once in this process. (This is a 64-bit process:
 * size_t is 64 bits here, so the 32-bit wrap-around of sizes near 4 GiB is
 * the in-kernel test hopeless_sizes_return_null's business, not this one's.
 * AddressSanitizer cannot shadow 0xd0000000 in a 64-bit process, so it is
 * off; the model does the checking.)
 *
 * The input is a program of operations; the model keeps every live block
 * with its size and a fill byte, and checks after each step:
 *   - kmalloc: NULL exactly when the size is over the limit or the frames
 *     ran out; otherwise an aligned block inside the heap that overlaps no
 *     live block (every live block's fill is checked before it is freed);
 *   - kcalloc: NULL when n * size overflows or is over the limit, zeroes;
 *   - bad frees (a double free, a misaligned pointer, a stack address, the
 *     middle of a block) must panic, and the heap must go on working;
 *   - the heap's statistics agree with the model.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "heap.c"

static uint32_t frames_left;
static jmp_buf on_panic;
static int expect_panic;
static char panic_msg[160];

void fuzz_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(panic_msg, sizeof(panic_msg), fmt, ap);
	va_end(ap);
	if (!expect_panic) {
		fprintf(stderr, "heap fuzz: unexpected panic: %s\n", panic_msg);
		abort();
	}
	longjmp(on_panic, 1);
}

uint32_t frame_alloc(void)
{
	if (!frames_left)
		return 0;
	frames_left--;
	return 0x200000;	/* any non-zero frame: paging is a stand-in */
}

void frame_free(uint32_t frame)
{
	(void)frame;
	frames_left++;
}

int paging_map(uint32_t virt, uint32_t phys, uint32_t flags)
{
	(void)phys, (void)flags;
	if (virt < HEAP_START || virt - HEAP_START >= HEAP_MAX_BYTES) {
		fprintf(stderr, "heap fuzz: mapping 0x%x, outside the heap\n", virt);
		abort();
	}
	return 0;
}

void paging_unmap(uint32_t virt)
{
	(void)virt;
}

uint32_t paging_translate(uint32_t virt)
{
	(void)virt;
	return 0x200000;
}

#define MAXLIVE 512

struct live {
	uint8_t *p;
	size_t size;
	uint8_t fill;
};

static struct live live[MAXLIVE];
static int nlive;
static uint8_t *last_freed;	/* freed, and not handed out again since */

static void fail(const char *what, size_t size)
{
	fprintf(stderr, "heap fuzz: %s (size %zu)\n", what, size);
	abort();
}

static void reset(void)
{
	static int mapped;

	if (!mapped++ && mmap((void *)(uintptr_t)HEAP_START, HEAP_MAX_BYTES,
		   PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED |
		   MAP_NORESERVE, -1, 0) == MAP_FAILED) {
		perror("mmap at HEAP_START");
		abort();
	}
	memset(free_lists, 0, sizeof(free_lists));
	free_runs = NULL;
	memset(&totals, 0, sizeof(totals));
	heap_init();
	frames_left = 1024;	/* 4 MiB of frames: running out is reachable */
	nlive = 0;
	last_freed = NULL;
}

static int overlaps_live(const uint8_t *p, size_t size)
{
	for (int i = 0; i < nlive; i++)
		if (p < live[i].p + live[i].size + (live[i].size == 0) &&
		    live[i].p < p + size + (size == 0))
			return 1;
	return 0;
}

static void keep(uint8_t *p, size_t size, uint8_t fill, int zeroed)
{
	if ((uintptr_t)p % HEAP_ALIGN)
		fail("a block that is not 8-byte aligned", size);
	if ((uintptr_t)p < HEAP_START || (uintptr_t)p + size > heap_brk)
		fail("a block outside the mapped heap", size);
	if (overlaps_live(p, size))
		fail("a block that overlaps a live one", size);
	for (size_t k = 0; zeroed && k < size; k++)
		if (p[k])
			fail("kcalloc memory that is not zero", size);
	if (p == last_freed)
		last_freed = NULL;
	memset(p, fill, size);
	if (nlive == MAXLIVE) {
		kfree(p);
		return;
	}
	live[nlive++] = (struct live){ p, size, fill };
}

static void release(int i)
{
	for (size_t k = 0; k < live[i].size; k++)
		if (live[i].p[k] != live[i].fill)
			fail("a live block was overwritten", live[i].size);
	kfree(live[i].p);
	last_freed = live[i].p;
	live[i] = live[--nlive];
}

static void allocate(size_t size, uint8_t fill)
{
	uint32_t frames_before = frames_left;
	uint32_t room = heap_limit - (heap_brk - HEAP_START);
	uint8_t *p = kmalloc(size);

	if (size > heap_limit && p)
		fail("kmalloc of more than the limit returned a block", size);
	if (!p && size <= 4096 * 4 && frames_before > 8 && room >= 8 * PAGE_SIZE)
		fail("a small kmalloc returned NULL with frames to spare", size);
	if (p)
		keep(p, size, fill, 0);
}

static void callocate(size_t n, size_t size, uint8_t fill)
{
	uint8_t *p = kcalloc(n, size);

	if (p && (size && n > SIZE_MAX / size))
		fail("kcalloc returned a block for a product that overflows", n);
	if (p && n * size > heap_limit)
		fail("kcalloc of more than the limit returned a block", n * size);
	if (p)
		keep(p, n * size, fill, 1);
}

/* Each bad free must panic, after releasing the heap's lock. */
static void bad_free(void *ptr)
{
	expect_panic = 1;
	if (!setjmp(on_panic)) {
		kfree(ptr);
		fprintf(stderr, "heap fuzz: kfree(%p) did not panic\n", ptr);
		abort();
	}
	expect_panic = 0;
	if (heap_lock.locked)
		fail("a bad free left the heap locked", 0);
}

static void bad_frees(uint8_t how, int i)
{
	int local;

	switch (how % 4) {
	case 0:
		if (last_freed)
			bad_free(last_freed);	/* a double free */
		break;
	case 1:
		if (nlive)
			bad_free(live[i % nlive].p + 1 + how / 4 % 7);
		break;
	case 2:
		bad_free(&local);
		break;
	case 3:
		if (nlive && live[i % nlive].size >= 24)
			bad_free(live[i % nlive].p + 16);	/* not a block's start */
		break;
	}
}

static size_t size_from(const uint8_t *d)
{
	uint32_t v = (uint32_t)d[0] | (uint32_t)d[1] << 8 |
		     (uint32_t)d[2] << 16 | (uint32_t)d[3] << 24;

	switch (d[4] % 4) {
	case 0: return v % 64;			/* tiny, and zero */
	case 1: return v % 4096;		/* the size classes */
	case 2: return v % (64 << 10);		/* large blocks */
	default: return v;			/* anything at all */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct heap_stats s;

	reset();
	for (; size >= 6; data += 6, size -= 6) {
		uint8_t fill = data[5] | 1;

		switch (data[0] % 6) {
		case 0: case 1:
			allocate(size_from(data + 1), fill);
			break;
		case 2:
			if (nlive)
				release(data[1] % nlive);
			break;
		case 3:
			callocate(size_from(data + 1) % 5000, data[5] % 64, fill);
			if (data[2] == 0xff)
				callocate(SIZE_MAX / 2 + 1, 2, fill);
			break;
		case 4:
			bad_frees(data[1], data[2]);
			break;
		case 5:
			heap_set_limit((uint32_t)data[1] << 16 | (uint32_t)data[2] << 8);
			break;
		}
		heap_stats(&s);
		if (s.blocks_in_use != (uint32_t)nlive)
			fail("the heap's count of blocks in use is not the model's", nlive);
	}
	while (nlive)
		release(0);
	heap_stats(&s);
	if (s.bytes_in_use || s.blocks_in_use)
		fail("memory still in use after everything was freed", s.bytes_in_use);
	return 0;
}
