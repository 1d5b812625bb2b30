# With -v at=warn (and the file named twice), a first pass finds the
# first warning and the start of the poll it is about, and the figure
# starts there.
at != "" && NR == FNR {
	if ($1 == "T" && $4 == "poll")
		lastpoll[$5] = $2
	if ($1 == "T" && $4 == "spawn" && startseq == "")
		known[$5] = $6 ($7 == "busy" ? " (busy executor)" : "")
	if ($1 == "T" && $4 == at && startseq == "")
		startseq = lastpoll[$5]
	next
}

at != "" && !started && $1 == "T" && $2 == startseq { started = 1 }

# trace2svg.awk -- a timeline figure (SVG) from a kernel trace (the COM2
# lines of make trace; book/CONVENTIONS.md, "The trace protocol").
#
#   awk -v from=NAME -v polls=N -v title=TEXT -f tangle/trace2svg.awk build/trace/chNN.log
#
# from   start at the first spawn of a task named NAME (default: the
#        first trace line); the lanes are the tasks seen from there on
# polls  stop after N polls (default 60), so the figure stays readable
# skip   leave out tasks whose name matches this regular expression
# at     with at=warn, and the file named twice: start at the poll that
#        the first warning is about
#
# One lane per task (named as spawned), a lane for interrupts and one for
# the executor. A poll is a box from its `poll` to its `done` (blue:
# pending, green: ready); a wake is an arrow from the waker's lane to the
# start of the poll it causes; an interrupt is a red mark; an idle stretch
# is a grey band; a warning is a red triangle with its name; a thread
# switch is a tick with the name of the thread switched to. Time runs
# left to right at a fixed number of pixels per instruction, except that
# a gap longer than GAP instructions (the machine halted, waiting for a
# key) is drawn as a short break: the figure shows what the executor did,
# not how long it waited.

BEGIN {
	A["pending"] = "fill=\"#4c78a8\""
	A["ready"] = "fill=\"#54a24b\""
	A["idle"] = "fill=\"#bbb\" fill-opacity=\".5\""
	A["wake"] = "stroke=\"#e45756\" stroke-width=\"1.2\" fill=\"none\""
	A["irq"] = "fill=\"#e45756\""
	A["spawn"] = "fill=\"currentColor\""
	A["warn"] = "fill=\"#d62728\""
	A["warntext"] = "font-family=\"sans-serif\" font-size=\"11\" font-weight=\"bold\" fill=\"#d62728\""
	A["switch"] = "stroke=\"#9467bd\" stroke-width=\"2\""
	A["lane"] = "stroke=\"#888\" stroke-width=\".5\" stroke-dasharray=\"2 3\""
	A["break"] = "stroke=\"#888\" fill=\"none\""
	A["lanename"] = "font-family=\"sans-serif\" font-size=\"12\" fill=\"currentColor\""
	A["note"] = "font-family=\"sans-serif\" font-size=\"10\" fill=\"currentColor\""
	A["barnote"] = "font-family=\"sans-serif\" font-size=\"10\" fill=\"#fff\""
	PX = 0.06		# pixels per instruction
	GAP = 3000		# longer gaps are drawn as a break
	BREAK = 26		# pixels of a break
	LANE = 26		# pixels per lane
	LEFT = 150		# room for the lane names
	if (polls == "")
		polls = 60
	started = (from == "" && at == "")
	nlanes = 2		# 1: interrupts, 2: executor
	lname[1] = "interrupts"
	lname[2] = "executor"
	x = 0
	n = 0
	npolls = 0
}

$1 != "T" || NF < 4 { next }

!started && $4 == "spawn" && $6 == from { started = 1 }

!started || stopped { next }

{
	t = $3 + 0
	if (n == 0)
		last = t
	gap = t - last
	if (gap > GAP) {
		brk[++nbrk] = x
		x += BREAK
	} else
		x += gap * PX
	last = t
	n++
	e = $4
}

function lane(task, name) {
	if (!(task in tl)) {
		if (name != "" && skip != "" && name ~ skip) {
			hidden[task] = 1
			return 0
		}
		tl[task] = ++nlanes
		if (name == "" && (task in known))
			name = known[task]
		lname[nlanes] = (name != "" && name != "-") ? name : "task " task
	}
	return tl[task]
}

function y(l) { return 30 + (l - 1) * LANE }

function box(x1, x2, l, cls) {
	if (x2 - x1 < 2)
		x2 = x1 + 2
	shapes = shapes sprintf("<rect class=\"%s\" %s x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\"/>\n",
		cls, A[cls], LEFT + x1, y(l) + 4, x2 - x1, LANE - 8)
}

e == "spawn" {
	if (($5 in hidden) || lane($5, $6 ($7 == "busy" ? " (busy executor)" : "")) == 0)
		next
	marks = marks sprintf("<circle class=\"spawn\" " A["spawn"] " cx=\"%.1f\" cy=\"%.1f\" r=\"3\"><title>spawn %s</title></circle>\n",
		LEFT + x, y(tl[$5]) + LANE / 2, lname[tl[$5]])
	next
}

e == "poll" {
	if (($5 in hidden) || lane($5, "") == 0)
		next
	px[$5] = x
	if ($5 in wake) {
		split(wake[$5], wk, " ")
		arrows = arrows sprintf("<path class=\"wake\" " A["wake"] " d=\"M%.1f %.1f L%.1f %.1f\" marker-end=\"url(#arrow)\"/>\n",
			LEFT + wk[1], y(wk[2]) + LANE / 2, LEFT + x, y(tl[$5]) + 6)
		delete wake[$5]
	}
	next
}

e == "done" {
	if (!($5 in px))
		next
	box(px[$5], x, tl[$5], $6 == "ready" ? "ready" : "pending")
	delete px[$5]
	if (++npolls >= polls)
		stopped = 1
	next
}

e == "wake" {
	if (($5 in hidden) || lane($5, "") == 0)
		next
	if ($6 ~ /^irq/)
		from_lane = 1
	else if ($6 == "-")
		from_lane = 2
	else if (($6 in tl))
		from_lane = tl[$6]
	else
		from_lane = 2
	wake[$5] = x " " from_lane
	next
}

e == "irq" {
	marks = marks sprintf("<path class=\"irq\" " A["irq"] " d=\"M%.1f %.1f l5 8 l-5 8 l-5 -8 z\"><title>IRQ %s</title></path>\n",
		LEFT + x, y(1) + 5, $5)
	if (!(("irq" $5) in irqlabel)) {
		irqlabel["irq" $5] = 1
		labels = labels sprintf("<text class=\"note\" " A["note"] " x=\"%.1f\" y=\"%.1f\">IRQ %s</text>\n", LEFT + x + 7, y(1) + 17, $5)
	}
	next
}

e == "idle" { idlex = x; idle = 1; next }

e == "wakeup" {
	if (idle)
		box(idlex, x, 2, "idle")
	idle = 0
	next
}

e == "warn" {
	l = ($5 in tl) ? tl[$5] : 2
	marks = marks sprintf("<path class=\"warn\" " A["warn"] " d=\"M%.1f %.1f l6 11 l-12 0 z\"/>\n", LEFT + x, y(l) + 5)
	labels = labels sprintf("<text class=\"warntext\" " A["warntext"] " x=\"%.1f\" y=\"%.1f\">warning: %s</text>\n", LEFT + x + 8, y(l) + 1, $6)
	next
}

e == "switch" {
	marks = marks sprintf("<path class=\"switch\" " A["switch"] " d=\"M%.1f %.1f v%d\"><title>switch %s to %s</title></path>\n",
		LEFT + x, y(2) + 2, LANE - 4, $5, $6)
	nswitch++
	next
}

e == "lost" {
	labels = labels sprintf("<text class=\"warntext\" " A["warntext"] " x=\"%.1f\" y=\"%.1f\">%s records lost</text>\n", LEFT + x, y(2) + 15, $5)
	next
}

END {
	if (idle)
		box(idlex, x, 2, "idle")
	for (task in px) {
		box(px[task], x, tl[task], "pending")
		labels = labels sprintf("<text class=\"barnote\" " A["barnote"] " x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">still in this poll when the figure ends</text>\n", LEFT + x - 4, y(tl[task]) + LANE - 9)
	}
	w = LEFT + x + 40
	h = y(nlanes + 1) + 10
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">\n", w, h, w, h, title
	print "<defs><marker id=\"arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0 0 L8 4 L0 8 z\" fill=\"#e45756\"/></marker></defs>"
	for (l = 1; l <= nlanes; l++) {
		printf "<text class=\"lanename\" " A["lanename"] " x=\"4\" y=\"%.1f\">%s</text>\n", y(l) + LANE / 2 + 4, lname[l]
		printf "<path class=\"lane\" " A["lane"] " d=\"M%d %.1f H%.1f\"/>\n", LEFT, y(l) + LANE / 2, LEFT + x
	}
	for (i = 1; i <= nbrk; i++)
		printf "<path class=\"break\" " A["break"] " d=\"M%.1f %d l4 -4 l4 8 l4 -8 l4 8 l4 -4\"><title>halted: a gap drawn short</title></path>\n", LEFT + brk[i] + 3, y(nlanes + 1) - 2
	printf "%s%s%s%s", shapes, arrows, marks, labels
	printf "<text class=\"note\" " A["note"] " x=\"%d\" y=\"%d\">%d polls; 100 instructions = %.0f px; each zigzag is time spent halted, drawn short</text>\n", LEFT, 14, npolls, 100 * PX
	print "</svg>"
}
