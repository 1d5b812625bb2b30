-- site.lua: website touches for the woven pages (runs after book.lua).
--
--  * every heading with an identifier gets a permalink anchor;
--  * the `chapters` list from book.yaml learns which entry is the page
--    being rendered (`current: true`) and a short `label` ("3" for "03");
--  * `chapter-label` holds the same short number for the page itself;
--  * `sections` lists the page's level-2 headings, for the sidebar;
--  * on a chapter page, level-2 and level-3 headings are numbered
--    (9.3, 9.3.1; a heading marked {.unnumbered} is not), and the file
--    build/weave/places/PAGE.tsv says which numbered section holds each
--    code chunk (anchor, number, title, heading id), for the search index
--    and previews that weave.sh assembles.
--
-- The template degrades gracefully when this filter is absent: book.js
-- marks the current chapter and adds permalinks itself.

local stringify = pandoc.utils.stringify
local secnum = dofile(pandoc.path.join({
  pandoc.path.directory(PANDOC_SCRIPT_FILE), "secnum.lua" }))

local function short_number(v)
  local s = stringify(v or "")
  local n = tonumber(s)
  if n then return tostring(math.floor(n)) end
  return s
end

local sections = {}

local function number_sections(doc)
  local meta = doc.meta
  if not meta.chapter then return nil end
  local ch = short_number(meta.chapter)
  local page = meta.page and stringify(meta.page) or "page"
  local count = secnum.counter(ch)
  local cur = { num = "", title = stringify(meta.title or ""), id = "" }
  local places = {}
  for _, b in ipairs(doc.blocks) do
    local num = secnum.next(count, b)
    if num then
      b.attributes["data-secnum"] = num
      cur = { num = num, title = stringify(b.content), id = b.identifier }
      secnum.label(b, num)
    elseif b.t == "RawBlock" then
      for anchor in b.text:gmatch('class="chunk" id="([^"]+)"') do
        table.insert(places, anchor .. "\t" .. cur.num .. "\t" .. cur.title .. "\t" .. cur.id)
      end
    end
  end
  os.execute("mkdir -p build/weave/places")
  local f = io.open("build/weave/places/" .. page .. ".tsv", "w")
  if f then
    f:write(table.concat(places, "\n"), "\n")
    f:close()
  end
  return doc
end

local function add_permalink(h)
  if h.identifier == "" then return nil end
  if h.level == 2 then
    local num = h.attributes["data-secnum"]
    local title = h.content
    if num then title = pandoc.List({ table.unpack(h.content, 3) }) end
    table.insert(sections, { id = h.identifier, num = num or "", title = stringify(title) })
  end
  h.content:insert(pandoc.Space())
  h.content:insert(pandoc.Link({ pandoc.Str("#") }, "#" .. h.identifier, "",
    pandoc.Attr("", { "permalink" },
      { { "aria-label", "Permalink to this section" }, { "data-pagefind-ignore", "" } })))
  return h
end

local function annotate(doc)
  local meta = doc.meta
  local page = meta.page and stringify(meta.page) or ""
  if meta.chapter then
    meta["chapter-label"] = pandoc.MetaString(short_number(meta.chapter))
  end
  if meta.chapters then
    for _, c in ipairs(meta.chapters) do
      if type(c) == "table" then
        if c.number then c.label = pandoc.MetaString(short_number(c.number)) end
        if page ~= "" and c.page and stringify(c.page) == page then
          c.current = pandoc.MetaBool(true)
        end
      end
    end
  end
  if #sections > 0 then
    local list = {}
    for _, s in ipairs(sections) do
      table.insert(list, pandoc.MetaMap({
        id = pandoc.MetaString(s.id),
        title = pandoc.MetaString(s.title),
        num = pandoc.MetaString(s.num),
      }))
    end
    meta.sections = pandoc.MetaList(list)
  end
  doc.meta = meta
  return doc
end

return {
  { Pandoc = number_sections },
  { Header = add_permalink },
  { Pandoc = annotate },
}
