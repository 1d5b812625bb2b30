#!/bin/sh
# weave.sh CHAPTER.nw... -- weave the book into build/site/.
#
# noweb's markup reads the chapters; weave.awk writes one pandoc Markdown
# page per chapter (prose as written, code chunks as highlighted, cross-
# referenced HTML); pandoc renders each with the site's template and the
# book.lua filter, which fills in numbers measured by the build and inlines
# the generated state-machine diagrams.
set -eu
w=build/weave
site=build/site
rm -rf "$w"
mkdir -p "$w" "$site"

/usr/lib/noweb/markup -t "$@" > "$w/markup"
awk -v out="$w" -f tangle/weave.awk "$w/markup"
cp book/index.md "$w/index.md"
{
	printf "\n## Chapters\n\n"
	while IFS="$(printf "\t")" read -r num slug page title; do
		printf "%d. [%s](%s)\n" "${num#0}" "$title" "$page"
	done < "$w/chapters.tsv"
} >> "$w/index.md"

template=
[ -f tangle/site/template.html ] && template="--template tangle/site/template.html"
extra=
[ -f tangle/site/site.lua ] && extra="--lua-filter tangle/site/site.lua"

render() {
	# shellcheck disable=SC2086
	pandoc "$w/$1.md" --from markdown --to html5 --standalone $template \
		--metadata-file "$w/book.yaml" --lua-filter tangle/book.lua $extra \
		-o "$site/$1.html"
}

status=0
for md in "$w"/*.md; do
	render "$(basename "$md" .md)" || status=1
done
exit $status
