# disk.mk -- the checkpoints with a disk (chapter 18 on).
#
# A checkpoint whose tangled Makefile builds disk.img has a disk: qrun
# attaches it to every run of that checkpoint (snapshot=on), make boot
# attaches a copy that persists between boots (both through tangle/qemu.sh),
# and the site serves it to the page's emulator as its first hard disk
# (build/site/disk/chNN.img; the weave gives the page's Boot button a
# data-disk attribute).
#
# Chapter 18's measurement, blocking against async (PIO) and async with
# bus-master DMA, is drawn from the
# test kernel's numbers into build/figures/ch18-disk.svg.

DISK_CHAPTERS := $(foreach n,$(NUMS),$(if $(shell [ $(patsubst 0%,%,$(n)) -ge 18 ] && echo y),$(n)))

build/site/disk/ch%.img: checkpoint-%
	@mkdir -p $(@D)
	@if [ -f build/ch$*/disk.img ]; then cmp -s build/ch$*/disk.img $@ || cp build/ch$*/disk.img $@; fi

site-pages: $(foreach n,$(DISK_CHAPTERS),build/site/disk/ch$(n).img)

ifneq ($(filter 18,$(NUMS)),)
build/figures/ch18-disk.svg: build/numbers/ch18-run.tsv tangle/disk-plot.awk
	@mkdir -p $(@D)
	@awk -f tangle/disk-plot.awk $< > $@.tmp && mv $@.tmp $@

build/site/figures/ch18-disk.svg: build/figures/ch18-disk.svg
	@mkdir -p $(@D)
	@cp $< $@

build/site/.pages: build/figures/ch18-disk.svg
site-pages: build/site/figures/ch18-disk.svg
endif
