-- describe.lua: a chapter page's meta description (what search engines
-- and link previews show): the chapter's first paragraph as plain text,
-- cut at a word near 155 characters.
--
-- pandoc has parsed the paragraph, so stringify drops its Markdown (links
-- keep their text, code its letters, escapes and entities are characters)
-- and never leaves half of a construct behind, as the regexes in awk did.
-- Runs after book.lua: a number the build measured reads as its value.
-- A page that sets its own description (the what-changed pages) keeps it.

local MAX = 155

local function cut(t)
  if utf8.len(t) <= MAX then return t end
  t = t:sub(1, utf8.offset(t, MAX + 1) - 1):gsub(" [^ ]*$", "")
  return t .. "\u{2026}"
end

local function describe(doc)
  if not doc.meta.chapter or doc.meta.description then return nil end
  for _, b in ipairs(doc.blocks) do
    if b.t == "Para" then
      local t = pandoc.utils.stringify(b):gsub("%s+", " ")
      doc.meta.description = pandoc.MetaString(cut(t))
      return doc
    end
  end
  return nil
end

return { { Pandoc = describe } }
