# in-book.awk -- which chunks of an answer are chunks of the book.
#
#   awk -f tangle/in-book.awk book/*.nw answers=1 solutions/ID/answer.nw
#
# Files before the assignment answers=1 are the book; after it, the
# answers to test. For every
# chunk definition in an answer whose code, with comments and white space
# taken out, equals some chunk definition in the book, prints
#   FILE:LINE: <<Name>> is the book's <<Other>> (BOOKFILE:LINE)
# and exits 1. The honesty test uses it: a reference solution that is a
# chunk of the book means the exercise's answer is printed on its page.
function norm(s) {
	# C comments (block and line), then every blank.
	gsub(/\/\*([^*]|\*+[^*\/])*\*+\//, "", s)
	gsub(/\/\/[^\n]*/, "", s)
	gsub(/[ \t\n\r\f\v]+/, "", s)
	return s
}
function flush(   k) {
	if (name == "")
		return
	k = norm(body)
	if (k != "") {
		if (!mode) {
			if (!(k in where)) {
				where[k] = start
				which[k] = name
			}
		} else if (k in where) {
			printf "%s: <<%s>> is the book's <<%s>> (%s)\n", start, name, which[k], where[k]
			bad = 1
		}
	}
	name = ""
}
FNR == 1 { flush() }
/^<<.*>>=[ \t]*$/ {
	flush()
	name = $0
	sub(/^<</, "", name)
	sub(/>>=[ \t]*$/, "", name)
	sub(/[ \t]*\[replaces\]$/, "", name)
	start = FILENAME ":" FNR
	mode = answers + 0
	body = ""
	next
}
/^@([ \t]|$)/ { flush(); next }
name != "" { body = body $0 "\n" }
END { flush(); exit bad }
