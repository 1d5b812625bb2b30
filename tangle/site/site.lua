-- site.lua: website touches for the woven pages (runs after book.lua).
--
--  * every heading with an identifier gets a permalink anchor;
--  * the `chapters` list from book.yaml learns which entry is the page
--    being rendered (`current: true`) and a short `label` ("3" for "03");
--  * `chapter-label` holds the same short number for the page itself;
--  * `sections` lists the page's level-2 headings, for the sidebar.
--
-- The template degrades gracefully when this filter is absent: book.js
-- marks the current chapter and adds permalinks itself.

local stringify = pandoc.utils.stringify

local function short_number(v)
  local s = stringify(v or "")
  local n = tonumber(s)
  if n then return tostring(math.floor(n)) end
  return s
end

local sections = {}

local function add_permalink(h)
  if h.identifier == "" then return nil end
  if h.level == 2 then
    table.insert(sections, { id = h.identifier, title = stringify(h.content) })
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
      }))
    end
    meta.sections = pandoc.MetaList(list)
  end
  doc.meta = meta
  return doc
end

return {
  { Header = add_permalink },
  { Pandoc = annotate },
}
