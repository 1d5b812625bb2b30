# disk-plot.awk -- draw chapter 18's measurement (build/numbers/ch18-run.tsv)
# as an SVG bar chart: the instructions the processor spent on a 4 MiB
# read with the blocking driver and with the async one (PIO), and with the
# async one moving the data by bus-master DMA when the run has that figure,
# each bar split into busy-waiting on the status port and everything else. Linear scale,
# so the bars compare as the numbers do. POSIX awk, no plotting package.

BEGIN { FS = "\t"; W = 560; H = 170; L = 120; R = 30; T = 20; BAR = 34; GAP = 26 }

$1 ~ /\.disk_blocking_busy_instructions$/ { busy["blocking"] = $2 }
$1 ~ /\.disk_blocking_spin_instructions$/ { spin["blocking"] = $2 }
$1 ~ /\.disk_async_busy_instructions$/ { busy["async"] = $2 }
$1 ~ /\.disk_async_spin_instructions$/ { spin["async"] = $2 }
$1 ~ /\.disk_dma_busy_instructions$/ { busy["dma"] = $2 }
$1 ~ /\.disk_dma_spin_instructions$/ { spin["dma"] = $2 }

function px(v) { return L + v / max * (W - L - R) }

function bar(way, label, y,    s, rest) {
	s = spin[way]; rest = busy[way] - s
	if (rest < 0) rest = 0
	printf "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", L - 8, y + BAR / 2 + 5, label
	printf "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#c0392b\"><title>%s: busy-waiting, %d instructions</title></rect>\n", \
		L, y, px(s) - L, BAR, label, s
	printf "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#2e86c1\"><title>%s: the rest, %d instructions</title></rect>\n", \
		px(s), y, px(s + rest) - px(s), BAR, label, rest
}

END {
	if (!("blocking" in busy) || !("async" in busy)) {
		print "disk-plot: no ch18 disk numbers" > "/dev/stderr"
		exit 1
	}
	max = busy["blocking"] > busy["async"] ? busy["blocking"] : busy["async"]
	if (max <= 0) max = 1
	bars = ("dma" in busy) ? 3 : 2
	if (bars == 3 && busy["dma"] > max) max = busy["dma"]
	H += (bars - 2) * (BAR + GAP)
	label = sprintf("blocking %d, async %d", busy["blocking"], busy["async"])
	if (bars == 3) label = label sprintf(", async with DMA %d", busy["dma"])
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"13\" role=\"img\" aria-label=\"Instructions spent on a 4 MiB read: %s\">\n", \
		W, H, W, H, label
	print "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
	bar("blocking", "blocking", T)
	bar("async", "async", T + BAR + GAP)
	if (bars == 3) bar("dma", "async, DMA", T + 2 * (BAR + GAP))
	y = T + bars * BAR + (bars - 1) * GAP + 22
	printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", L, y - 12, W - R, y - 12
	printf "<text x=\"%d\" y=\"%d\">0</text>\n", L, y + 4
	printf "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.0f million instructions</text>\n", W - R, y + 4, max / 1e6
	y += 24
	printf "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"#c0392b\"/><text x=\"%d\" y=\"%d\">busy-waiting on the status port</text>\n", L, y - 10, L + 18, y
	printf "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"#2e86c1\"/><text x=\"%d\" y=\"%d\">everything else</text>\n", L + 250, y - 10, L + 268, y
	print "</svg>"
}
