-- statement.lua: an exercise's statement under the exercise's heading.
-- exercises.awk puts the statement (exercises/chNN-*/README.md, after its
-- title line) in a Div of class exercise-statement; its headings ("## What
-- to change") move two levels down, below the exercise's own level-3
-- heading, and the Div dissolves, so the page reads as if written so.
-- pandoc has parsed the headings, whichever way they are written (ATX or
-- setext), and knows which lines are code.
-- Runs in every rendering of a chapter (weave.sh; book.mk for the EPUB
-- and the print page) before site.lua and offline.lua, which see only
-- the moved headings.

local function Div(d)
  if not d.classes:includes("exercise-statement") then return nil end
  return pandoc.walk_block(d, {
    Header = function(h)
      h.level = h.level + 2
      return h
    end,
  }).content
end

return { { Div = Div } }
