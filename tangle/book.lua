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

-- ::: {.transcript log="ch03-test" head="4" tail="3"}
-- ::: {.transcript log="ch06-test" match="^PANIC.*double fault" count="1"}
-- ::: {.transcript log="ch03-test" from="KTEST run panic_" lines="3"}
-- Lines a kernel really printed on COM1 when the build ran it
-- (build/transcripts/chNN-test.log: the test kernel; chNN-boot.log: the
-- reader's kernel under its boot script), instead of typed sample output;
-- chNN-look.log holds the commands qemu.sh's look mode runs, from its dry
-- run (the Makefile), instead of typed QEMU flags.
local function transcript(el)
  local log = el.attributes.log
  if not log then fail("a transcript needs log=\"chNN-test\", log=\"chNN-boot\" or log=\"chNN-look\"") end
  local path = "build/transcripts/" .. log .. ".log"
  local f = io.open(path)
  if not f then fail("no transcript " .. path .. " (did the build run that kernel?)") end
  local all = {}
  for line in f:lines() do
    line = line:gsub("\r$", "")
    table.insert(all, line)
  end
  f:close()
  -- cut-timed="yes" (a chNN-boot log): without the lines the kernel prints
  -- on its own clock, which the boot script names in its `timed` lines.
  -- The kernel prints such a line as "\n[line]\n", wherever the host's
  -- pace put it among the typed keys ("wakeful> cat" then " note"), so
  -- taking it out joins the line before to the line after, which gives
  -- back the text as it would be without it (qrun matches the same way).
  if el.attributes["cut-timed"] == "yes" then
    local ch = log:match("^(ch%d+)%-boot$")
    if not ch then fail("cut-timed needs a chNN-boot log, not " .. log) end
    local timed = {}
    local e = io.open("build/" .. ch .. "/tests/boot.expect")
    if not e then fail("cut-timed: no build/" .. ch .. "/tests/boot.expect") end
    for line in e:lines() do
      local t = line:match("^timed (.+)$")
      if t then table.insert(timed, t) end
    end
    e:close()
    local cut, i = {}, 1
    while i <= #all do
      local is_timed = false
      for _, t in ipairs(timed) do
        if all[i]:find(t, 1, true) then is_timed = true end
      end
      if is_timed then
        table.insert(cut, (table.remove(cut) or "") .. (all[i + 1] or ""))
        i = i + 2
      else
        table.insert(cut, all[i])
        i = i + 1
      end
    end
    all = cut
  end
  local out = {}
  local pat = el.attributes.match
  local from = el.attributes.from
  if from then
    local n = tonumber(el.attributes.lines or "1")
    for i, line in ipairs(all) do
      if line:find(from, 1, true) then
        for j = i, math.min(i + n - 1, #all) do table.insert(out, all[j]) end
        break
      end
    end
    if #out == 0 then fail("transcript " .. log .. " has no line containing '" .. from .. "'") end
  elseif pat then
    local count = tonumber(el.attributes.count or "1")
    for _, line in ipairs(all) do
      if #out < count and line:find(pat) then table.insert(out, line) end
    end
    if #out == 0 then fail("transcript " .. log .. " has no line matching '" .. pat .. "'") end
  else
    local head = tonumber(el.attributes.head or "0")
    local tail = tonumber(el.attributes.tail or "0")
    for i = 1, math.min(head, #all) do table.insert(out, all[i]) end
    if tail > 0 then
      if head + tail < #all then table.insert(out, "...") end
      for i = math.max(head + 1, #all - tail + 1), #all do table.insert(out, all[i]) end
    end
    if #out == 0 then fail("transcript " .. log .. " is empty or head/tail are missing") end
  end
  return pandoc.CodeBlock(table.concat(out, "\n"), {class = "transcript", title = "from " .. log})
end

-- ::: {.timeline name="keys"} places build/figures/timeline-keys.svg, drawn
-- from a make trace run by tangle/trace2svg.awk (tangle/mk/trace.mk).
local function timeline(el)
  local name = el.attributes.name
  if not name then fail("a timeline needs name=\"...\"") end
  local f = io.open("build/figures/timeline-" .. name .. ".svg")
  if not f then fail("no timeline build/figures/timeline-" .. name .. ".svg: is it in tangle/mk/trace.mk?") end
  local svg = f:read("a")
  f:close()
  svg = svg:gsub('id="arrow"', 'id="arrow-' .. name .. '"'):gsub("url%(#arrow%)", "url(#arrow-" .. name .. ")")
  local caption = pandoc.utils.stringify(el.content)
  -- tabindex: a timeline wider than the page scrolls, and a reader on a
  -- keyboard must be able to reach it to scroll it (axe: scrollable-region-focusable).
  return pandoc.RawBlock("html", '<figure class="timeline" data-timeline="' .. name .. '" tabindex="0">' .. svg ..
    "<figcaption>" .. caption:gsub("&", "&amp;"):gsub("<", "&lt;") .. "</figcaption></figure>")
end

local function Div(el)
  if el.classes:includes("transcript") then return transcript(el) end
  if el.classes:includes("timeline") then return timeline(el) end
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
  -- A state links to its AWAIT line: the weave gives every AWAIT line of
  -- chapter NN the anchor chNN-L<line> (weave.awk, render_chunk).
  svg = svg:gsub('href="nw:([^":]+):(%d+)"', function(file, line)
    local target = chunk_link(file, tonumber(line))
    if not target then fail("diagram " .. name .. " points at " .. file .. ":" .. line .. ", which is in no chunk") end
    local ch = file:match("(%d%d)%-[^/]*%.nw$")
    if ch then target = target:gsub("#.*$", "#ch" .. ch .. "-L" .. line) end
    return 'href="' .. target .. '"'
  end)
  -- Graphviz names its elements node1, edge1, ... in every file: prefix
  -- them so that two diagrams on one page do not share ids.
  -- Graphviz writes the "-" of an id as "&#45;" (s-1, the done state).
  svg = svg:gsub('(%s)id="([^"]*)"', function(sp, v) return sp .. 'id="' .. (v:gsub("&#45;", "-")) .. '"' end)
  svg = svg:gsub('(%s)id="', '%1id="' .. name .. '-')
  -- coro2dot.awk names a state s<coro_state> and a transition
  -- t<from>_<to>_<k>: the live view (live.js) finds them by these.
  local awaits = 0
  svg = svg:gsub('<g id="([^"]*%-)s(%-?%d+)" class="node"', function(pre, st)
    if st ~= "0" and st ~= "-1" then awaits = awaits + 1 end
    return '<g id="' .. pre .. 's' .. st .. '" class="node" data-state="' .. st .. '"'
  end)
  svg = svg:gsub('<g id="([^"]*%-)t(%-?%d+)_(%-?%d+)_(%d+)" class="edge"', function(pre, a, b, k)
    return '<g id="' .. pre .. 't' .. a .. '_' .. b .. '_' .. k .. '" class="edge" data-from="' .. a .. '" data-to="' .. b .. '"'
  end)
  local caption = pandoc.utils.stringify(el.content)
  local cls = awaits <= 1 and "state-machine compact" or "state-machine"
  local html = '<figure class="' .. cls .. '" data-coroutine="' .. name .. '">' .. svg
  html = html .. '<figcaption>State machine of <code>' .. name .. '</code>, generated from its code'
  if caption ~= "" then html = html .. ": " .. caption end
  return pandoc.RawBlock("html", html .. "</figcaption></figure>")
end

load_numbers()
load_anchors()
return {{Meta = Meta}, {Code = Code, Div = Div}}
