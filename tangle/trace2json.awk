# trace2json.awk -- the kernel's trace (COM2 lines, book/CONVENTIONS.md,
# "The trace protocol") into the Chrome Trace Event format, which
# Perfetto (ui.perfetto.dev) and chrome://tracing open.
#
#   awk -v title=ch14 -f tangle/trace2json.awk build/trace/ch14.log > ch14.json
#
# One process, one lane (tid) per task in order of first appearance, and
# three lanes of the machine's own: 1 "executor" (idle stretches, thread
# switches, lost records), 2 "interrupts". Polls are complete slices
# (ph X) on their task's lane, named by their result; a wake is a flow
# arrow (ph s -> ph f) from the waker (its task's lane, the interrupt
# lane, or the executor lane) to the start of the poll it causes;
# interrupts, state changes, drops and warnings are instants (ph i).
# Time: the TSC, which under -icount shift=0 counts instructions, shown
# as 1 ns per instruction (ts is in microseconds, relative to the first
# record). Lines that are not trace lines are ignored; a poll or an idle
# stretch still open at the end is closed at the last time seen.

BEGIN {
	lanes = 2
	nev = 0
	flows = 0
	t0 = -1
	if (title == "")
		title = "wakeful"
}

function us(tsc) {
	if (t0 < 0)
		t0 = tsc
	return sprintf("%.3f", (tsc - t0) / 1000)
}

function esc(s) {
	gsub(/\\/, "\\\\", s)
	gsub(/"/, "\\\"", s)
	return s
}

function emit(s) {
	ev[++nev] = s
}

# The lane of a task, made on first sight with a name that spawn may
# improve later.
function lane(task) {
	if (!(task in tid)) {
		tid[task] = ++lanes
		tname[task] = "task " task
	}
	return tid[task]
}

function instant(t, name, ts, args) {
	emit(sprintf("{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%d,\"ts\":%s,\"name\":\"%s\",\"args\":{%s}}",
		t, ts, esc(name), args))
}

function slice(t, name, cat, start, end, args) {
	emit(sprintf("{\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"ts\":%s,\"dur\":%.3f,\"name\":\"%s\",\"cat\":\"%s\",\"args\":{%s}}",
		t, start, end - start, esc(name), cat, args))
}

$1 != "T" || NF < 4 { next }

{
	now = us($3)
	last = now
	e = $4
}

e == "spawn" {
	t = lane($5)
	if ($6 != "" && $6 != "-")
		tname[$5] = $6 ($7 == "busy" ? " (busy executor)" : "") " " $5
	instant(t, "spawn", now, "\"task\":\"" $5 "\",\"executor\":\"" ($7 == "" ? "-" : esc($7)) "\"")
	spawned[$5] = 1
	next
}

e == "poll" {
	t = lane($5)
	pollstart[$5] = now
	polled[$5] = 1
	if ($5 in pendflow) {
		emit(sprintf("{\"ph\":\"f\",\"bp\":\"e\",\"pid\":1,\"tid\":%d,\"ts\":%s,\"id\":%d,\"name\":\"wake\",\"cat\":\"wake\"}",
			t, now, pendflow[$5]))
		delete pendflow[$5]
	}
	next
}

e == "done" {
	t = lane($5)
	start = ($5 in pollstart) ? pollstart[$5] : now
	delete pollstart[$5]
	slice(t, "poll: " $6, "poll", start, now, "\"result\":\"" $6 "\"")
	slices[$5]++
	next
}

e == "wake" {
	t = lane($5)
	by = $6
	if (by ~ /^irq[0-9]+$/) {
		from = 2
		if (irqat != "")
			slice(2, by, "irq", irqat, now, "")
	} else if (by == "-")
		from = 1
	else
		from = lane(by)
	id = ++flows
	emit(sprintf("{\"ph\":\"s\",\"pid\":1,\"tid\":%d,\"ts\":%s,\"id\":%d,\"name\":\"wake\",\"cat\":\"wake\",\"args\":{\"task\":\"%s\",\"by\":\"%s\"}}",
		from, now, id, $5, by))
	pendflow[$5] = id
	woken[$5]++
	next
}

e == "state" {
	instant(lane($5), $6 " " $7 "->" $8, now,
		sprintf("\"coroutine\":\"%s\",\"from\":%d,\"to\":%d,\"file\":\"%s\"", $6, $7, $8, esc($9)))
	next
}

e == "irq" {
	instant(2, "irq" $5, now, "\"irq\":" ($5 + 0))
	irqat = now
	next
}

e == "idle" {
	idlestart = now
	next
}

e == "wakeup" {
	if (idlestart != "")
		slice(1, "idle (hlt)", "idle", idlestart, now, "")
	idlestart = ""
	next
}

e == "switch" {
	instant(1, "switch " $5 " -> " $6, now, "\"from\":\"" esc($5) "\",\"to\":\"" esc($6) "\"")
	next
}

e == "drop" {
	instant(lane($5), "drop", now, "")
	next
}

e == "warn" {
	instant(lane($5), "warning: " $6, now, "\"warning\":\"" esc($6) "\"")
	next
}

e == "lost" {
	instant(1, "lost " $5 " records", now, "\"lost\":" ($5 + 0))
	next
}

END {
	for (task in pollstart)
		slice(tid[task], "poll: unfinished", "poll", pollstart[task], last, "\"result\":\"unfinished\"")
	if (idlestart != "")
		slice(1, "idle (hlt)", "idle", idlestart, last, "")
	printf "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"title\":\"%s\",\"time\":\"1 ns = 1 instruction (QEMU -icount shift=0)\"},\"traceEvents\":[\n", esc(title)
	printf "{\"ph\":\"M\",\"pid\":1,\"name\":\"process_name\",\"args\":{\"name\":\"wakeful %s\"}},\n", esc(title)
	printf "{\"ph\":\"M\",\"pid\":1,\"tid\":1,\"name\":\"thread_name\",\"args\":{\"name\":\"executor\"}},\n"
	printf "{\"ph\":\"M\",\"pid\":1,\"tid\":2,\"name\":\"thread_name\",\"args\":{\"name\":\"interrupts\"}}"
	for (task in tid)
		printf ",\n{\"ph\":\"M\",\"pid\":1,\"tid\":%d,\"name\":\"thread_name\",\"args\":{\"name\":\"%s\"}}", tid[task], esc(tname[task])
	for (i = 1; i <= nev; i++)
		printf ",\n%s", ev[i]
	printf "\n]}\n"
}
