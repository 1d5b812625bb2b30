/*
 * mb2_parse_fuzz.c -- libFuzzer target: chapter 9's boot information walker.
 *
 * The input is the boot information, byte for byte, copied into a
 * malloc buffer of exactly its length (so AddressSanitizer sees
 * any read past it). The walk must end (libFuzzer's -timeout catches a
 * loop) and read nothing outside; a structure the check accepts must
 * have a total size within the input. The same input is also fed to
 * the Multiboot 1 memory map translation. Built from the checkpoint's own
 * kernel/mb2_parse.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "multiboot2.h"

static void count(uint64_t base, uint64_t length, uint32_t type, void *arg)
{
	(void)base, (void)length, (void)type;
	++*(unsigned *)arg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *info;
	unsigned regions = 0;

	if (size > 1 << 16)
		return 0;
	info = malloc(size ? size : 1);	/* 16-byte aligned, exactly size long */
	memcpy(info, data, size);
	if (!mb2_check(info, (uint32_t)size)) {
		if (*(const uint32_t *)info > size)
			abort();
		(void)mb2_find_tag_in(info, 1 + (size & 7));
		(void)mb2_regions_in(info, count, &regions);
		if (regions > size / 24)
			abort();	/* more entries than fit in the input */
	}
	/* The same bytes as a Multiboot 1 memory map, translated: a
	 * translation that succeeds must be boot information the walker
	 * accepts, with one region per 24 input bytes at most. */
	{
		static uint64_t out[128];

		regions = 0;
		if (!mb2_from_mb1_mmap(info, (uint32_t)size, (uint8_t *)out, sizeof(out))) {
			if (mb2_check((const uint8_t *)out, sizeof(out)) ||
			    mb2_regions_in((const uint8_t *)out, count, &regions) ||
			    regions > size / 24)
				abort();
		}
	}
	free(info);
	return 0;
}
