-- offline.lua: the book as one download, for the EPUB and for the page the
-- PDF is printed from (runs after book.lua, on the one-page book onebook.lua reads,
-- every chapter under a level-1 heading {#chNN}).
--
--  * links between the site's pages become links inside the one book:
--    "chNN-slug.html#frag" -> "#frag", "chNN-slug.html" -> "#chNN", in
--    prose, in the woven code (raw HTML) and in the diagrams book.lua
--    inlined; links to pages the download does not have (the identifiers
--    index, the what-changed pages, ISOs, tarballs) become plain text;
--  * level-2 and level-3 headings are numbered per chapter (9.3, 9.3.1), as
--    site.lua numbers them on the site;
--  * in the EPUB, where pandoc splits the book into one file per level-1
--    heading (text/ch001.xhtml, ...) and fixes only its own links, a
--    "#frag" in raw HTML (chunk references, identifiers, diagram states)
--    is pointed at the file that holds frag.
--
-- A link to a fragment that no chapter defines is an error naming it: the
-- EPUB would carry a dead link (epubcheck's RSC-012).

local is_epub = FORMAT:match("epub") ~= nil
local secnum = dofile(pandoc.path.join({
  pandoc.path.directory(PANDOC_SCRIPT_FILE), "secnum.lua" }))

local function fail(msg)
  io.stderr:write("offline.lua: " .. msg .. "\n")
  os.exit(1)
end

-- One site page's address, as seen from inside the single book.
local function local_target(href)
  local num, frag = href:match("^ch(%d%d)%-[%w%-]+%.html(#?.*)$")
  if num and not href:match("^ch%d%d%-changes%.html") then
    if frag == "" or frag == "#" then return "#ch" .. num end
    return frag
  end
  return href
end

-- Addresses the download cannot follow: another page of the site.
local function elsewhere(href)
  return not href:match("^#") and not href:match("^%a[%w+.-]*:")
end

local function fix_raw(text)
  -- A "Used in" list longer than five folds on the site; a book shows it all.
  text = text:gsub('<details class="xref%-more"><summary>[^<]*</summary>(.-)</details>', '<span class="xref-more">%1</span>')
  text = text:gsub('(href=")([^"]*)(")', function(a, href, b)
    return a .. local_target(href) .. b
  end)
  -- <a href="identifiers.html">x</a> and the like: keep the text.
  text = text:gsub('<a ([^>]-)href="([^"]*)"([^>]*)>(.-)</a>', function(pre, href, post, inner)
    if elsewhere(href) then return '<span ' .. pre .. post .. '>' .. inner .. '</span>' end
    return nil
  end)
  return text
end

local function fix_link(l)
  l.target = local_target(l.target)
  if elsewhere(l.target) then return l.content end
  return l
end

-- Section numbers, chapter by chapter (the chapter's number is its id).
local function number_sections(blocks)
  local count = nil
  for _, b in ipairs(blocks) do
    if b.t == "Header" and b.level == 1 then
      local ch = b.identifier:match("^ch0?(%d+)$")
      count = ch and secnum.counter(ch)
    elseif count then
      local num = secnum.next(count, b)
      if num then secnum.label(b, num) end
    end
  end
end

-- EPUB: which of pandoc's files (ch001.xhtml, ...) holds each id. pandoc
-- starts a file at every top-level level-1 heading, and puts whatever
-- comes before the first one in a file of its own.
local function epub_files(blocks)
  local where, file = {}, 0
  for i, b in ipairs(blocks) do
    if (b.t == "Header" and b.level == 1) or i == 1 then file = file + 1 end
    local name = string.format("ch%03d.xhtml", file)
    pandoc.walk_block(pandoc.Div({ b }), {
      Header = function(h) if h.identifier ~= "" then where[h.identifier] = name end end,
      Div = function(d) if d.identifier ~= "" then where[d.identifier] = name end end,
      Span = function(s) if s.identifier ~= "" then where[s.identifier] = name end end,
      CodeBlock = function(c) if c.identifier ~= "" then where[c.identifier] = name end end,
      RawBlock = function(r) for id in r.text:gmatch('%sid="([^"]+)"') do where[id] = name end end,
      RawInline = function(r) for id in r.text:gmatch('%sid="([^"]+)"') do where[id] = name end end,
    })
  end
  return where
end

local function point_at_files(blocks, where)
  local function fix(text)
    return (text:gsub('(href=")#([^"]+)(")', function(a, id, b)
      local file = where[id]
      if not file then fail("a link to #" .. id .. ", which no chapter defines") end
      return a .. file .. "#" .. id .. b
    end))
  end
  return pandoc.walk_block(pandoc.Div(blocks), {
    RawBlock = function(r) r.text = fix(r.text); return r end,
    RawInline = function(r) r.text = fix(r.text); return r end,
  }).content
end

-- EPUB: the weave opens and closes the exercises' containers (<section
-- class="exercises">, <article class="exercise">, <details class="hint">)
-- in raw HTML blocks of their own, around Markdown with headings in it.
-- The EPUB writer wraps every heading in a <section> of its own, which
-- would then cross those raw tags and break the XHTML; so the pairs become
-- pandoc Divs, and a hint's <summary> a heading line (a book does not fold).
local function fold_containers(blocks)
  local stack = { { blocks = pandoc.List() } }
  for _, b in ipairs(blocks) do
    local text = b.t == "RawBlock" and b.format == "html" and b.text:gsub("%s+$", "") or nil
    local tag, attrs, rest
    if text then tag, attrs, rest = text:match("^<(%a+)([^>]*)>(.*)$") end
    local closing = text and text:match("^</(%a+)>$")
    if tag == "section" or tag == "article" or tag == "details" then
      local top = { tag = tag, blocks = pandoc.List(),
        id = attrs:match('id="([^"]*)"') or "",
        class = attrs:match('class="([^"]*)"') or "" }
      local summary = rest:match("^<summary>(.-)</summary>$")
      if summary then
        top.blocks:insert(pandoc.Para({ pandoc.Strong({ pandoc.Str(summary) }) }))
      elseif rest ~= "" then
        fail("cannot fold <" .. tag .. "> followed by " .. rest)
      end
      table.insert(stack, top)
    elseif closing and #stack > 1 and closing == stack[#stack].tag then
      local top = table.remove(stack)
      local classes = {}
      for c in top.class:gmatch("%S+") do table.insert(classes, c) end
      stack[#stack].blocks:insert(pandoc.Div(top.blocks, pandoc.Attr(top.id, classes)))
    else
      stack[#stack].blocks:insert(b)
    end
  end
  if #stack > 1 then fail("<" .. stack[#stack].tag .. "> is never closed") end
  return stack[1].blocks
end

-- A printed heading has no permalink (site.lua adds one with a space
-- before it). The print stylesheet preserves spaces in headings, so that
-- the PDF's outline keeps the space where a long heading wraps; the space
-- before a hidden permalink would end every outline entry.
local function drop_permalink(h)
  local last = h.content[#h.content]
  if last and last.t == "Link" and last.classes:includes("permalink") then
    h.content:remove(#h.content)
    if h.content[#h.content] and h.content[#h.content].t == "Space" then
      h.content:remove(#h.content)
    end
    return h
  end
end

local function Pandoc(doc)
  local body = pandoc.walk_block(pandoc.Div(doc.blocks), {
    RawBlock = function(r) r.text = fix_raw(r.text); return r end,
    RawInline = function(r) r.text = fix_raw(r.text); return r end,
    Link = fix_link,
    Header = drop_permalink,
  })
  local blocks = body.content
  number_sections(blocks)
  if is_epub then blocks = fold_containers(blocks) end
  if is_epub then blocks = point_at_files(blocks, epub_files(blocks)) end
  return pandoc.Pandoc(blocks, doc.meta)
end

return { { Pandoc = Pandoc } }
