/* Host stand-in for the kernel's paging.h (fuzz/heap.c): the heap's
 * addresses are mapped once, up front, so mapping a page only checks it. */
#ifndef FUZZ_PAGING_H
#define FUZZ_PAGING_H
#include <stdint.h>
#define PAGE_SIZE 4096u
#define PTE_WRITE 0x002u
int paging_map(uint32_t virt, uint32_t phys, uint32_t flags);
void paging_unmap(uint32_t virt);
uint32_t paging_translate(uint32_t virt);
#endif
