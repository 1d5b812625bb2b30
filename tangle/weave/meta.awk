# meta.awk -- the book's metadata, from the prose in the table of chunks:
# DIR/book.yaml (the table of contents, for the page template),
# DIR/chapters.tsv (number, slug, page, title: weave.sh's index and print
# book) and each chapter's front matter, DIR/chNN-slug.fm (title, the
# checkpoint's ISO, kernel, tarball and disk, whether its kernel reads the
# keyboard, the previous and next chapters). The page's meta description
# is not made here: weave/describe.lua takes it from the paragraph pandoc
# parsed.
#
# Usage: awk -v out=DIR -f table.awk -f meta.awk

# ---- output ---------------------------------------------------------------

function reads_keys(script,    line, found) {
	found = 0
	while ((getline line < script) > 0)
		if (line ~ /^keys /)
			found = 1
	close(script)
	return found
}

function yq(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }

BEGIN {
	load_table(out, 1)
	# Titles: the first level-1 heading of each chapter.
	for (ch = 1; ch <= nch; ch++) {
		title[ch] = find_title(ch)
		if (title[ch] == "") {
			print "weave: " srcfile[ch] ": the chapter has no '# Title' heading" > "/dev/stderr"
			exit 1
		}
	}

	f = out "/book.yaml"
	print "book-title: Wakeful" > f
	print "book-description: \"An interactive book that is also a kernel: a 32-bit x86 kernel with Rust-style futures, wakers and executors in C, written as literate programs you can boot in the page.\"" > f
	print "chapters:" > f
	for (ch = 1; ch <= nch; ch++) {
		print "  - number: \"" (chnum[ch] + 0) "\"" > f
		print "    slug: " yq(slug[ch]) > f
		print "    title: " yq(title[ch]) > f
		print "    page: " yq(page[ch]) > f
	}
	close(f)

	f = out "/chapters.tsv"
	for (ch = 1; ch <= nch; ch++)
		print chnum[ch] "\t" slug[ch] "\t" page[ch] "\t" title[ch] > f
	close(f)

	for (ch = 1; ch <= nch; ch++) {
		f = out "/ch" chnum[ch] "-" slug[ch] ".fm"
		print "---" > f
		print "title: " yq(title[ch]) > f
		print "chapter: \"" (chnum[ch] + 0) "\"" > f
		print "slug: " yq(slug[ch]) > f
		print "page: " yq(page[ch]) > f
		print "source: " yq(srcfile[ch]) > f
		print "iso: \"iso/ch" chnum[ch] ".iso\"" > f
		# The same kernel as a bare ELF file, for v86's Multiboot 1 loader (site.mk).
		print "kernel: \"kernel/ch" chnum[ch] ".elf\"" > f
		print "tarball: \"src/ch" chnum[ch] ".tar.gz\"" > f
		# A kernel that reads the keyboard: its boot script types keys.
		if (reads_keys("build/ch" chnum[ch] "/tests/boot.expect"))
			print "keyboard: true" > f
		# A checkpoint with a disk: the page's emulator attaches it (tangle/mk/disk.mk).
		if (system("test -f build/ch" chnum[ch] "/disk.img") == 0)
			print "disk: \"disk/ch" chnum[ch] ".img\"" > f
		if (ch > 1)
			print "changes: \"ch" chnum[ch] "-changes.html\"\nchanges-from: \"" (chnum[ch - 1] + 0) "\"" > f
		if (ch > 1)
			print "prev:\n  title: " yq(title[ch - 1]) "\n  page: " yq(page[ch - 1]) > f
		if (ch < nch)
			print "next:\n  title: " yq(title[ch + 1]) "\n  page: " yq(page[ch + 1]) > f
		print "---\n" > f
		close(f)
	}
}
