/* Host stand-in for the kernel's kstring.h (fuzz/heap.c): the C library's. */
#include <string.h>
