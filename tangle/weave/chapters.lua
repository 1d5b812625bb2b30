-- chapters.lua: the index page's list of chapters. On the page marked
-- `index: true` (book/index.md), a "Chapters" section is appended: every
-- chapter of book.yaml's table of contents (meta.awk), numbered, its
-- title linking to its page. The titles are metadata pandoc has already
-- parsed, so the list needs no Markdown written by hand.
-- Runs before site.lua, which gives the heading its permalink.

local stringify = pandoc.utils.stringify

local function list_chapters(doc)
  if not doc.meta.index or not doc.meta.chapters then return nil end
  local items = pandoc.List()
  for _, c in ipairs(doc.meta.chapters) do
    items:insert({ pandoc.Plain({ pandoc.Link(c.title, stringify(c.page)) }) })
  end
  doc.blocks:insert(pandoc.Header(2, "Chapters", pandoc.Attr("chapters")))
  doc.blocks:insert(pandoc.OrderedList(items,
    pandoc.ListAttributes(1, "Decimal", "Period")))
  return doc
end

return { { Pandoc = list_chapters } }
