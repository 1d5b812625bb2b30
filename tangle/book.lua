-- book.lua -- the pandoc filter that puts the build's results into the book.
--
--   `ch01.kernel_bytes`{.num}      becomes the number the build measured
--                                  (build/numbers/*.tsv); a missing one is
--                                  an error that names the page and key.
--   ::: {.state-machine coroutine="name"}
--   :::                            becomes the generated diagram
--                                  build/figures/name.svg, inline, with each
--                                  state linked to the chunk of its await point.

local numbers = {}
local anchors = {}
local this_page = ""
local source = "?"

local function load_numbers()
  local ls = io.popen("ls build/numbers/*.tsv 2>/dev/null")
  for path in ls:lines() do
    for line in io.lines(path) do
      local k, v = line:match("^([^\t]+)\t(.*)$")
      if k then numbers[k] = v end
    end
  end
  ls:close()
end

local function load_anchors()
  local f = io.open("build/weave/anchors.tsv")
  if not f then return end
  for line in f:lines() do
    local file, first, last, target = line:match("^([^\t]+)\t(%d+)\t(%d+)\t(.*)$")
    if file then
      table.insert(anchors, {file = file, first = tonumber(first), last = tonumber(last), target = target})
    end
  end
  f:close()
end

-- The chunk that holds line `line` of `file`, as a link from this page.
local function chunk_link(file, line)
  for _, a in ipairs(anchors) do
    if a.file == file and line >= a.first and line <= a.last then
      local page, frag = a.target:match("^(.-)(#.*)$")
      if page == this_page then return frag end
      return a.target
    end
  end
  return nil
end

local function fail(msg)
  io.stderr:write("weave: " .. source .. ": " .. msg .. "\n")
  os.exit(1)
end

local function Meta(m)
  if m.page then this_page = pandoc.utils.stringify(m.page) end
  if m.source then source = pandoc.utils.stringify(m.source) end
  return nil
end

local function Code(el)
  if not el.classes:includes("num") then return nil end
  local v = numbers[el.text]
  if v == nil then
    fail("the build produced no number '" .. el.text .. "' (see build/numbers/*.tsv)")
  end
  return pandoc.Span({pandoc.Str(v)}, {class = "num", title = el.text})
end

local function Div(el)
  if not el.classes:includes("state-machine") then return nil end
  local name = el.attributes.coroutine
  if not name then fail("a state-machine figure needs coroutine=\"name\"") end
  local f = io.open("build/figures/" .. name .. ".svg")
  if not f then
    fail("no diagram build/figures/" .. name .. ".svg: is " .. name .. " defined with CORO(...)?")
  end
  local svg = f:read("a")
  f:close()
  svg = svg:gsub("<%?xml.-%?>", ""):gsub("<!DOCTYPE.->", ""):gsub("<!%-%-.-%-%->", "")
  svg = svg:gsub('href="nw:([^":]+):(%d+)"', function(file, line)
    local target = chunk_link(file, tonumber(line))
    if not target then fail("diagram " .. name .. " points at " .. file .. ":" .. line .. ", which is in no chunk") end
    return 'href="' .. target .. '"'
  end)
  -- Graphviz names its elements node1, edge1, ... in every file: prefix
  -- them so that two diagrams on one page do not share ids.
  svg = svg:gsub('(%s)id="', '%1id="' .. name .. '-')
  local caption = pandoc.utils.stringify(el.content)
  local html = '<figure class="state-machine" data-coroutine="' .. name .. '">' .. svg
  html = html .. '<figcaption>State machine of <code>' .. name .. '</code>, generated from its code'
  if caption ~= "" then html = html .. ": " .. caption end
  return pandoc.RawBlock("html", html .. "</figcaption></figure>")
end

load_numbers()
load_anchors()
return {{Meta = Meta}, {Code = Code, Div = Div}}
