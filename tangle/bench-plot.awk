# bench-plot.awk -- draw build/bench/raw.tsv as an SVG line chart:
# instructions against the number of idle tasks, both axes logarithmic,
# one line for the waker executor (wake_to_poll_N) and one for the busy
# executor (busy_sweep_N). POSIX awk, no plotting package needed.

BEGIN { FS = "\t"; W = 560; H = 340; L = 70; R = 150; T = 20; B = 50 }

$1 ~ /^wake_to_poll_[0-9]+$/ { n = substr($1, 14); wake[n] = $2; xs[n] = 1 }
$1 ~ /^busy_sweep_[0-9]+$/ { n = substr($1, 12); busy[n] = $2; xs[n] = 1 }

function log10(x) { return log(x) / log(10) }
function px(n) { return L + (log10(n) - xlo) / (xhi - xlo) * (W - L - R) }
function py(y) { return H - B - (log10(y) - ylo) / (yhi - ylo) * (H - T - B) }

function line(arr, colour, label,    i, d, k, lastx, lasty) {
	d = ""
	for (i = 1; i <= nx; i++) {
		k = sx[i]
		if (!(k in arr) || arr[k] <= 0)
			continue
		d = d (d == "" ? "M" : " L") sprintf("%.1f,%.1f", px(k), py(arr[k]))
		printf "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s, %d tasks: %d</title></circle>\n", \
			px(k), py(arr[k]), colour, label, k, arr[k]
		lastx = px(k); lasty = py(arr[k])
	}
	printf "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n", d, colour
	printf "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%s</text>\n", lastx + 8, lasty + 4, colour, label
}

END {
	nx = 0
	for (k in xs) sx[++nx] = k + 0
	for (i = 2; i <= nx; i++)	# insertion sort: nx is small
		for (j = i; j > 1 && sx[j - 1] > sx[j]; j--) {
			t = sx[j]; sx[j] = sx[j - 1]; sx[j - 1] = t
		}
	ymin = 1e30; ymax = 1
	for (k in wake) { if (wake[k] < ymin) ymin = wake[k]; if (wake[k] > ymax) ymax = wake[k] }
	for (k in busy) { if (busy[k] < ymin) ymin = busy[k]; if (busy[k] > ymax) ymax = busy[k] }
	if (nx == 0 || ymin == 1e30) { print "bench-plot: no data" > "/dev/stderr"; exit 1 }
	xlo = int(log10(sx[1])); xhi = int(log10(sx[nx]) + 0.999)
	if (xhi == xlo) xhi = xlo + 1
	ylo = int(log10(ymin)); yhi = int(log10(ymax)) + 1
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n", W, H, W, H
	printf "<title>Instructions per wake against idle tasks</title>\n"
	for (e = ylo; e <= yhi; e++) {
		y = H - B - (e - ylo) / (yhi - ylo) * (H - T - B)
		printf "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ccc\"/>\n", L, W - R, y, y
		printf "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">1e%d</text>\n", L - 6, y + 4, e
	}
	for (i = 1; i <= nx; i++) {
		x = px(sx[i])
		printf "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#ccc\"/>\n", x, x, T, H - B
		printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n", x, H - B + 16, sx[i]
	}
	printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">idle tasks in the executor</text>\n", (L + W - R) / 2, H - 10
	printf "<text transform=\"translate(16,%.1f) rotate(-90)\" text-anchor=\"middle\">instructions</text>\n", (T + H - B) / 2
	line(busy, "#c0392b", "busy: one sweep")
	line(wake, "#2471a3", "wakers: wake to poll")
	print "</svg>"
}
