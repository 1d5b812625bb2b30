/* Host stand-in for the kernel's spinlock.h (fuzz/heap.c): one thread,
 * so a lock that is already held is a bug, reported as such. */
#ifndef FUZZ_SPINLOCK_H
#define FUZZ_SPINLOCK_H
#include <stdint.h>
#include <stdlib.h>
struct spinlock {
	int locked;
	const char *name;
};
#define SPINLOCK_INIT(lockname) { .locked = 0, .name = (lockname) }
static inline uint32_t spin_lock_irqsave(struct spinlock *l)
{
	if (l->locked)
		abort();	/* the heap lock was left held */
	l->locked = 1;
	return 0;
}
static inline void spin_unlock_irqrestore(struct spinlock *l, uint32_t flags)
{
	(void)flags;
	l->locked = 0;
}
#endif
