# figures.mk -- state-machine diagrams of the book's coroutines.
FIG_DIR := build/figures
FIG_NW := $(sort $(wildcard book/[0-9][0-9]-*.nw))

.PHONY: figures
figures: $(FIG_DIR)/.stamp

$(FIG_DIR)/.stamp: $(FIG_NW) tangle/coro2dot.sh tangle/coro2dot.awk tangle/chunks.awk tangle/chunkrow.awk tangle/mk/figures.mk | deps
	@mkdir -p $(FIG_DIR)/.new
	@rm -f $(FIG_DIR)/.new/*.dot $(FIG_DIR)/.new/.coroutines.new
	@tangle/coro2dot.sh $(FIG_DIR)/.new $(FIG_NW)
	@touch $(FIG_DIR)/.new/.coroutines.new; \
	for g in $(FIG_DIR)/.new/*.dot; do \
		[ -f "$$g" ] || continue; \
		n=$$(basename $$g .dot); \
		if ! cmp -s $$g $(FIG_DIR)/$$n.dot || [ ! -f $(FIG_DIR)/$$n.svg ]; then \
			cp $$g $(FIG_DIR)/$$n.dot && \
			dot -Tsvg $(FIG_DIR)/$$n.dot -o $(FIG_DIR)/$$n.svg || exit 1; \
			echo "  FIGURE $$n"; \
		fi; \
	done; \
	for g in $(FIG_DIR)/*.dot; do \
		[ -f "$$g" ] || continue; \
		n=$$(basename $$g .dot); \
		grep -qx "$$n" $(FIG_DIR)/.new/.coroutines.new || \
			rm -f $(FIG_DIR)/$$n.dot $(FIG_DIR)/$$n.svg; \
	done
	@touch $@
