/* Host stand-in for the kernel's panic.h (fuzz/heap.c): a panic returns
 * to the fuzz driver, which decides whether it was expected. */
#ifndef FUZZ_PANIC_H
#define FUZZ_PANIC_H
_Noreturn void fuzz_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define panic(...) fuzz_panic(__VA_ARGS__)
#endif
