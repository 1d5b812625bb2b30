# runner.mk -- chapter 3's demonstration of the test runner.
#
# build/ch03/wakeful-demo.iso is chapter 3's kernel with demo/*.c, tests
# that go wrong on purpose. qrun's report on it (build/transcripts/
# ch03-demo.log) and the kernel's COM1 output (ch03-demo-serial.log) are
# quoted in chapter 3. This is not a test: qrun fails on that kernel by
# design, and make test never runs it.

ifneq ($(wildcard book/03-*.nw),)
build/transcripts/ch03-demo.log: checkpoint-03 $(QRUN)
	@mkdir -p $(@D)
	@$(MAKE) -s -C build/ch03 wakeful-demo.iso
	@if [ ! -f $@ ] || [ build/ch03/wakeful-demo.iso -nt $@ ]; then \
		echo "  RUN      ch03 (runner demo)"; \
		$(QRUN) -p ch03 -t 120 -Q "-icount shift=0,sleep=off" \
			-l build/transcripts/ch03-demo-serial.log \
			build/ch03/wakeful-demo.iso > $@.tmp || true; \
		mv $@.tmp $@; \
	fi

build/site/.pages: build/transcripts/ch03-demo.log
endif
