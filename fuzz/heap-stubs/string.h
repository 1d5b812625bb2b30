/* Host stand-in for the kernel's string.h (fuzz/heap.c): the C library's. */
#include_next <string.h>
