-- secnum.lua: section numbers, shared by site.lua (the site's pages) and
-- offline.lua (the EPUB and the PDF), so that both number alike: level-2
-- and level-3 headings of chapter 9 are 9.3 and 9.3.1; a heading marked
-- {.unnumbered} is not numbered.
--
--   local secnum = dofile(pandoc.path.join({
--     pandoc.path.directory(PANDOC_SCRIPT_FILE), "secnum.lua" }))
--   local count = secnum.counter("9")
--   local num = secnum.next(count, block)   -- nil: not a numbered heading
--   secnum.label(block, num)                -- "9.3 " before its text

local M = {}

function M.counter(ch)
  return { ch = ch, n2 = 0, n3 = 0 }
end

function M.next(c, b)
  if b.t ~= "Header" or (b.level ~= 2 and b.level ~= 3)
      or b.classes:includes("unnumbered") then
    return nil
  end
  if b.level == 2 then
    c.n2, c.n3 = c.n2 + 1, 0
    return c.ch .. "." .. c.n2
  end
  c.n3 = c.n3 + 1
  return c.ch .. "." .. c.n2 .. "." .. c.n3
end

function M.label(b, num)
  b.content:insert(1, pandoc.Space())
  b.content:insert(1, pandoc.Span({ pandoc.Str(num) }, pandoc.Attr("", { "secnum" })))
end

return M
