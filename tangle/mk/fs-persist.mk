# fs-persist.mk -- a file written in the last checkpoint's shell is there
# after a reboot (chapter 19): tests/fs/persist.sh boots the reader's kernel
# twice on one writable copy of its disk image. Part of make test.

TEST_SUITES += test-fs-persist

test-fs-persist: checkpoint-$(LAST)
	@sh tests/fs/persist.sh build/ch$(LAST)

.PHONY: test-fs-persist
