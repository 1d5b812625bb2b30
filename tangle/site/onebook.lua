-- onebook.lua: the one-page book (EPUB and PDF) read a chapter at a time.
--
--   PARTS=build/weave/print/parts pandoc book/offline.md \
--       build/weave/print/book-print.md --to json --lua-filter tangle/site/onebook.lua
--
-- PARTS names a file that lists the chapters' Markdown, one path a line
-- (the weave writes it). Each is read on its own with pandoc.read and its
-- blocks are appended, in order, after the document pandoc read (the
-- edition note and the title block).
--
-- Why: pandoc's Markdown reader takes time that grows faster than the
-- input. The whole book as one 3 MB file took 186 s of processor time to
-- read; its 18 chapters read one by one take about 20 s (the README has
-- the measurement). The result is the same document: a chapter's
-- headings without an explicit identifier are read without one here and
-- given the identifier pandoc would have given them in the whole book
-- (its automatic identifier, with -1, -2, ... when an earlier heading
-- anywhere in the book has it), so links and the EPUB's anchors do not
-- change. tests/pipeline/onebook.sh compares the two on a small book.

local parts = {}
local list = os.getenv("PARTS") or error("onebook.lua: PARTS is not set")
for line in io.lines(list) do
  if line ~= "" then parts[#parts + 1] = line end
end

local used = {}	-- every heading identifier so far, explicit or not

-- The identifier pandoc's auto_identifiers gives a heading with these
-- inlines, before it is made unique: read it back from a one-heading
-- document, so that the rule is pandoc's own and not a copy of it.
local function auto_identifier(content)
  local md = pandoc.write(pandoc.Pandoc({ pandoc.Header(1, content) }), "markdown")
  return pandoc.read(md, "markdown").blocks[1].identifier
end

local function name_heading(h)
  if h.identifier ~= "" then
    used[h.identifier] = true
    return nil
  end
  local base = auto_identifier(h.content)
  local id, n = base, 1
  while used[id] do
    id = base .. "-" .. n
    n = n + 1
  end
  used[id] = true
  h.identifier = id
  return h
end

local function read_part(path)
  local f = io.open(path) or error("onebook.lua: cannot read " .. path .. " (listed in " .. list .. ")")
  local text = f:read("a")
  f:close()
  return pandoc.read(text, "markdown-auto_identifiers", PANDOC_READER_OPTIONS)
end

function Pandoc(doc)
  pandoc.walk_block(pandoc.Div(doc.blocks), { Header = name_heading })
  for _, path in ipairs(parts) do
    local part = pandoc.walk_block(pandoc.Div(read_part(path).blocks), { Header = name_heading })
    doc.blocks:extend(part.content)
  end
  return doc
end
