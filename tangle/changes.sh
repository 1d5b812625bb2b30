#!/bin/sh
# changes.sh OUTDIR -- "what changed": for every chapter N > 1, the
# difference between checkpoint N-1 and checkpoint N, file by file, as
# OUTDIR/chNN-changes.md (pandoc Markdown with raw HTML, rendered by
# weave.sh like the chapters). Each hunk links to the chunk its first
# changed line came from: the #line directive above the line names the
# .nw file and line, and build/weave/anchors.tsv the chunk holding it.
# Files the tangler writes without #line directives (Makefile, linker
# script, assembly) are matched by the line's text in the book instead.
# #line directives themselves are left out of the diff: they are noise.
# A checkpoint that was not tangled yet (build/chNN/.tangled-files) is
# skipped with a note on stderr.
set -eu
out=$1
anchors=build/weave/anchors.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# strip NN: every tangled file of checkpoint NN without its #line lines,
# as $tmp/NN/PATH (slashes made _), and $tmp/NN.map/PATH: for each line,
# the .nw file and line it came from (or "-"). One awk for the checkpoint.
strip() {
	mkdir -p "$tmp/$1" "$tmp/$1.map"
	(cd "build/ch$1" && awk -v dir="$tmp/$1" '
	FNR == 1 {
		if (dest != "") { close(dest); close(map) }
		name = FILENAME
		gsub(/\//, "_", name)
		dest = dir "/" name
		map = dir ".map/" name
		printf "" > dest
		printf "" > map
		nw = ""
	}
	/^#line [0-9]+ "/ {
		nwline = $2
		nw = $3
		gsub(/"/, "", nw)
		sub(/^(\.\.\/)+/, "", nw)
		next
	}
	{
		print > dest
		print (nw == "" ? "-" : nw "\t" nwline) > map
		if (nw != "")
			nwline++
	}' $(cat .tangled-files))
}

chapters=$(ls -d build/ch[0-9][0-9] 2>/dev/null | sed 's|build/ch||' | sort -n)
prev=
for n in $chapters; do
	if [ -z "$prev" ]; then
		[ -f "build/ch$n/.tangled-files" ] && strip "$n"
		prev=$n
		continue
	fi
	if [ ! -f "build/ch$n/.tangled-files" ] || [ ! -f "build/ch$prev/.tangled-files" ]; then
		echo "changes.sh: checkpoint $prev or $n is not tangled; no changes page for chapter $n" >&2
		prev=$n
		continue
	fi
	strip "$n"
	nw=$(ls book/"$n"-*.nw | head -n 1)
	f="$out/ch$n-changes.md"
	{
		printf -- '---\ntitle: "What changed in chapter %d"\npage: "ch%s-changes.html"\nchanges-page: true\n' "${n#0}" "$n"
		printf 'description: "The difference between the checkpoints of chapters %d and %d, file by file, each change linked to the chunk it came from."\n---\n\n' "${prev#0}" "${n#0}"
		printf 'The source tree at the end of chapter %d against the one at the end of chapter %d, file by file. ' "${n#0}" "${prev#0}"
		printf 'Each change links to the chunk of the book that wrote it; `#line` directives are left out.\n\n'
	} > "$f"
	# The files that differ: one cksum per checkpoint, not a cmp per file.
	(cd "$tmp/$prev" && cksum -- *) > "$tmp/old.sums" 2>/dev/null || true
	(cd "$tmp/$n" && cksum -- *) > "$tmp/new.sums" 2>/dev/null || true
	sort -u "build/ch$prev/.tangled-files" "build/ch$n/.tangled-files" |
	awk -v o="$tmp/old.sums" -v w="$tmp/new.sums" '
	BEGIN {
		while ((getline l < o) > 0) { split(l, p, " "); old[p[3]] = p[1] " " p[2] }
		while ((getline l < w) > 0) { split(l, p, " "); new[p[3]] = p[1] " " p[2] }
	}
	{
		key = $0
		gsub(/\//, "_", key)
		if (old[key] != new[key]) print $0 "\t" key
	}' > "$tmp/files"
	while IFS="$(printf '\t')" read -r file key; do
		old="$tmp/$prev/$key"
		new="$tmp/$n/$key"
		state=changed
		[ -f "$old" ] || { old=/dev/null; state=new; }
		[ -f "$new" ] || { new=/dev/null; state=removed; }
		diff -U 2 "$old" "$new" | tail -n +3 > "$tmp/diff" || true
		if [ -f "$tmp/$n.map/$key" ]; then cp "$tmp/$n.map/$key" "$tmp/new.map"; else : > "$tmp/new.map"; fi
		awk -F '\t' -v file="$file" -v state="$state" -v nw="$nw" -v ch="$n" \
			-v anchors="$anchors" -v newmap="$tmp/new.map" '
		function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); return s }
		# The chunk holding line l of .nw file f, as "page#anchor".
		function chunk_at(f, l,    i) {
			for (i = 1; i <= na; i++)
				if (af[i] == f && l >= a1[i] && l <= a2[i])
					return at[i]
			return ""
		}
		# The chunk whose text has this line: this chapter first, then
		# the nearest chapter before it that has the line in a chunk.
		function chunk_by_text(t,    j, c, best) {
			if (t ~ /^[ \t]*$/) return ""
			if (!loaded) load_book()
			best = ""
			for (j = 1; j <= cnt[t]; j++) {
				c = chunk_at(wf[t, j], wl[t, j])
				if (c == "") continue
				if (wf[t, j] == nw) return c
				best = c
			}
			return best
		}
		# Where each line of the book up to this chapter is (for files
		# without #line), indexed by its text: one look-up a line, not a
		# pass over the book.
		function load_book(    cmd, f, ln, line) {
			loaded = 1
			cmd = "ls book/[0-9][0-9]-*.nw"
			while ((cmd | getline f) > 0) {
				if (substr(f, 6, 2) + 0 > ch + 0) continue
				ln = 0
				while ((getline line < f) > 0) {
					ln++
					if (line ~ /^[ \t]*$/) continue
					cnt[line]++
					wf[line, cnt[line]] = f
					wl[line, cnt[line]] = ln
				}
				close(f)
			}
			close(cmd)
		}
		function flush() {
			if (!nlines) return
			link = target == "" ? ctxtarget : target
			printf "<div class=\"hunk\"><p class=\"hunk-head\">"
			if (link != "") {
				printf "from <a href=\"%s\">%s</a>", link, names[link] != "" ? names[link] : link
			} else
				printf "no chunk found for this change"
			printf " &middot; lines %s</p>\n<pre class=\"diff\" tabindex=\"0\"><code>%s</code></pre></div>\n", range, body
			nlines = 0
			body = ""
		}
		BEGIN {
			while ((getline line < anchors) > 0) {
				split(line, p, "\t")
				na++
				af[na] = p[1]; a1[na] = p[2] + 0; a2[na] = p[3] + 0; at[na] = p[4]
			}
			while ((getline line < "build/weave/xref-chunks.tsv") > 0) {
				split(line, p, "\t")
				names[p[4] "#" p[1]] = "\342\237\250" esc(p[2]) "\342\237\251 " p[3]
			}
			k = 0
			while ((getline line < newmap) > 0) newm[++k] = line
			printf "\n## <code>%s</code>%s {.unnumbered}\n\n```{=html}\n", esc(file), state == "new" ? " (new file)" : state == "removed" ? " (removed)" : ""
		}
		/^@@/ {
			flush()
			split($0, h, " ")
			newline = substr(h[3], 2) + 0
			if (newline == 0) newline = 1
			split(substr(h[3], 2), r, ",")
			range = (r[2] == "" || r[2] + 0 == 1) ? r[1] : r[1] "&ndash;" (r[1] + r[2] - 1)
			if (r[2] != "" && r[2] + 0 == 0) range = "none (removed after line " r[1] ")"
			target = ""
			ctxtarget = ""
			next
		}
		{
			c = substr($0, 1, 1)
			t = substr($0, 2)
			cls = c == "+" ? "add" : c == "-" ? "del" : "ctx"
			body = body "<span class=\"" cls "\">" esc($0) "</span>\n"
			nlines++
			if (target == "" && c == "+") {
				split(newm[newline], m, "\t")
				if (m[1] != "-" && m[1] != "") target = chunk_at(m[1], m[2] + 0)
				if (target == "") target = chunk_by_text(t)
			}
			if (ctxtarget == "" && c == " ") {
				split(newm[newline], m, "\t")
				if (m[1] != "-" && m[1] != "") ctxtarget = chunk_at(m[1], m[2] + 0)
			}
			if (c != "-") newline++
		}
		END {
			flush()
			print "```"
		}' "$tmp/diff" >> "$f"
	done < "$tmp/files"
	prev=$n
done
