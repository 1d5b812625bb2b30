/* Host stand-in for the kernel's frame.h (fuzz/heap.c): a budget of frames. */
#ifndef FUZZ_FRAME_H
#define FUZZ_FRAME_H
#include <stdint.h>
#define FRAME_SIZE 4096u
uint32_t frame_alloc(void);
void frame_free(uint32_t frame);
#endif
