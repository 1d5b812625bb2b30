// run.mjs: browser checks for the Wakeful website.
//
//   node tests/browser/run.mjs [--site DIR] [--only WORD]
//
// Serves DIR (default build/site) on a free loopback port with the site's own
// server, drives the system Chromium through playwright-core, and prints one
// line per check: `PASS name`, `FAIL name: reason` or `SKIP name: reason`
// (skips are not counted), then `N passed, N failed`.  Exits 1 on any failure.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../../tangle/site/serve.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../..");

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
// Give up waiting for the kernel after this: a hang timeout, not a speed
// bound. An idle machine boots in seconds, a very busy one took 50 s; the
// speed itself is measured by make bench-site (tests/browser/bench.mjs).
const BOOT_TIMEOUT_MS = Number(process.env.BOOT_TIMEOUT_MS) || 180000;
const WEIGHT_BUDGET = 300 * 1024;

let site = path.join(REPO, "build/site");
let only = null;
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === "--site") site = path.resolve(process.argv[++i]);
  else if (a === "--only") only = process.argv[++i];
  else {
    console.error(`usage: node tests/browser/run.mjs [--site DIR] [--only WORD]`);
    process.exit(2);
  }
}

let passed = 0, failed = 0;
const pass = (name, note) => { passed++; console.log(`PASS ${name}${note ? ` (${note})` : ""}`); };
const fail = (name, why) => { failed++; console.log(`FAIL ${name}: ${oneLine(why)}`); };
const skip = (name, why) => console.log(`SKIP ${name}: ${oneLine(why)}`);
const wanted = (name) => !only || name.includes(only);
function oneLine(x) {
  const s = x instanceof Error ? x.message : String(x);
  return s.replace(/\s+/g, " ").trim().slice(0, 600);
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Run one check.  With --only, unwanted checks are skipped silently, except
// those marked always (the page loads, which the other checks build on).
async function check(name, fn, { always = false } = {}) {
  const show = wanted(name);
  if (!show && !always) return;
  try {
    const r = await fn();
    if (!show) return;
    if (r && r.skip) skip(name, r.skip);
    else pass(name, r && r.note);
  } catch (e) {
    if (show) fail(name, e);
  }
}

function finish(code) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed ? 1 : 0));
}

if (!fs.existsSync(path.join(site, "index.html"))) {
  fail("site", `${site}/index.html does not exist; build the site first (make site)`);
  finish(1);
}

const pages = fs.readdirSync(site).filter((f) => f.endsWith(".html")).sort();
const { server, url: base } = await startServer(site, { port: 0 });
const origin = new URL(base).origin;
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wakeful-chromium-"));

let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    reducedMotion: "reduce",
  });
} catch (e) {
  fail("browser", `could not start ${CHROMIUM}: ${e.message}`);
  server.close();
  finish(1);
}

// Anything bound for another origin is recorded, then refused.
const foreign = [];
context.on("request", (req) => {
  const u = req.url();
  if (/^(data|blob|about):/.test(u)) return;
  if (new URL(u).origin !== origin) foreign.push(u);
});
await context.route((u) => !/^(data|blob|about):/.test(u.href) && u.origin !== origin, (route) => route.abort());

// Open a page and watch it: console errors, uncaught exceptions, failed and
// foreign requests, and transferred bytes.
async function open(file, { waitIdle = true } = {}) {
  const page = await context.newPage();
  const w = { page, errors: [], bytes: 0, raw: 0, sizes: [], rawSizes: [], requests: [] };
  page.on("console", (m) => {
    if (m.type() === "error") w.errors.push(`console: ${m.text()}`);
    // v86's Multiboot loader treats a write to port 0xf4 as a test's exit
    // and stops the machine: the reader's kernel must never write it.
    else if (/Test exited with code/.test(m.text())) w.errors.push(`the kernel wrote port 0xf4 (v86: ${m.text()})`);
  });
  page.on("pageerror", (e) => w.errors.push(`exception: ${e.message}`));
  page.on("requestfailed", (r) => {
    const f = r.failure();
    if (f && /ERR_ABORTED/.test(f.errorText) && new URL(r.url()).origin === origin) return; // e.g. a cancelled download
    w.errors.push(`request failed: ${r.url()} (${f && f.errorText})`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) w.errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on("requestfinished", (r) => {
    w.requests.push(r.url());
    w.sizes.push(r.sizes().then((s) => s.responseBodySize + s.responseHeadersSize, () => 0));
    w.rawSizes.push(r.response().then((res) => (res ? res.body() : null)).then((b) => (b ? b.length : 0), () => 0));
  });
  await page.goto(base + file, { waitUntil: waitIdle ? "networkidle" : "load", timeout: 60000 });
  // On a busy machine "networkidle" can come while the parser is still
  // working through the page: wait for the whole document.
  await page.waitForFunction(() => document.readyState === "complete", null, { timeout: 60000 });
  w.settle = async () => {
    const sizes = await Promise.all(w.sizes);
    w.bytes = sizes.reduce((a, b) => a + b, 0);
    w.raw = (await Promise.all(w.rawSizes)).reduce((a, b) => a + b, 0);
    return w.bytes;
  };
  return w;
}

// ---------------------------------------------------------------- load
const info = {}; // page -> { ids:Set, links:[], boot, keyboard, figures, text }

for (const file of pages) {
  let w;
  await check(`load ${file}`, async () => {
    w = await open(file);
    const data = await w.page.evaluate(() => {
      const ids = Array.from(document.querySelectorAll("[id]"), (e) => e.id)
        .concat(Array.from(document.querySelectorAll("a[name]"), (e) => e.getAttribute("name")));
      const links = Array.from(document.querySelectorAll("a"), (a) => {
        const raw = a.getAttribute("href") ?? a.getAttributeNS("http://www.w3.org/1999/xlink", "href");
        return raw === null ? null : { raw, abs: new URL(raw, document.baseURI).href };
      }).filter(Boolean);
      const body = document.querySelector("[data-pagefind-body]") || document.body;
      return {
        ids,
        links,
        boot: !!document.querySelector("[data-boot-panel] [data-boot]"),
        keyboard: !!document.querySelector("[data-boot-panel][data-keyboard]"),
        disk: !!document.querySelector("[data-boot-panel] [data-boot][data-disk]"),
        figures: document.querySelectorAll("figure.state-machine a").length,
        text: body.innerText,
        title: document.title,
        csp: (document.querySelector('meta[http-equiv="Content-Security-Policy"]') || {}).content || "",
      };
    });
    info[file] = { ...data, ids: new Set(data.ids) };
    await w.settle();
    info[file].bytes = w.bytes;
    info[file].raw = w.raw;
    if (!data.csp.includes("default-src 'self'")) throw new Error("no same-origin Content-Security-Policy meta");
    if (w.errors.length) throw new Error(w.errors.slice(0, 4).join("; "));
    return { note: `${kb(w.bytes)}, ${data.title}` };
  }, { always: true });
  if (w) await w.page.close();
}

// -------------------------------------------------------------- weight
for (const file of pages) {
  const i = info[file];
  if (!i || !i.boot) continue;
  await check(`weight ${file}`, async () => {
    if (i.bytes > WEIGHT_BUDGET) throw new Error(`${kb(i.bytes)} transferred before booting (${kb(i.raw)} uncompressed); budget ${kb(WEIGHT_BUDGET)}`);
    return { note: `${kb(i.bytes)} transferred before booting, ${kb(i.raw)} uncompressed` };
  });
}

// --------------------------------------------------------------- links
const statusCache = new Map();
async function status(u) {
  if (!statusCache.has(u)) {
    statusCache.set(u, fetch(u, { method: "HEAD" }).then((r) => r.status, (e) => `error ${e.message}`));
  }
  return statusCache.get(u);
}

for (const file of pages) {
  const i = info[file];
  if (!i) continue;
  await check(`links ${file}`, async () => {
    const bad = [];
    let internal = 0, external = 0;
    for (const { raw, abs } of i.links) {
      if (/^(mailto|tel|javascript):/i.test(raw)) continue;
      const u = new URL(abs);
      if (u.origin !== origin) { external++; continue; }
      internal++;
      let target = decodeURIComponent(u.pathname.slice(1)) || "index.html";
      if (target.endsWith("/")) target += "index.html";
      const st = await status(u.origin + u.pathname);
      if (st !== 200) { bad.push(`${raw} -> ${st}`); continue; }
      if (u.hash && u.hash !== "#") {
        const id = decodeURIComponent(u.hash.slice(1));
        const ti = info[target];
        if (!ti) { if (target.endsWith(".html")) bad.push(`${raw}: page ${target} was not loaded`); continue; }
        if (!ti.ids.has(id)) bad.push(`${raw}: no #${id} in ${target}`);
      }
    }
    if (bad.length) throw new Error(`${bad.length} broken: ${bad.slice(0, 6).join("; ")}`);
    return { note: `${internal} internal${external ? `, ${external} external not followed` : ""}` };
  });
}

// ---------------------------------------------------------------- boot
const bootTimes = [];
for (const file of pages) {
  const i = info[file];
  if (!i || !i.boot) continue;
  let w;
  await check(`boot ${file}`, async () => {
    w = await open(file);
    const page = w.page;
    await page.click("[data-boot]");
    const t0 = Date.now();
    // The kernel announces itself with a line starting "Wakeful" on COM1.
    // A kernel that has no serial driver yet (chapter 1) only has the VGA
    // screen; that counts too, and the note says which one was seen.
    let text = "", screen = "", seenAt = null, where = null;
    while (Date.now() - t0 < BOOT_TIMEOUT_MS) {
      ({ text, screen } = await page.evaluate(() => ({
        text: document.querySelector("[data-serial]").textContent,
        screen: document.querySelector("[data-screen]").innerText,
      })));
      if (/(^|\n)Wakeful/.test(text)) { seenAt = Date.now() - t0; where = "serial"; break; }
      if (/(^|\n)\s*Wakeful/.test(screen)) { seenAt = Date.now() - t0; where = "screen"; break; }
      const state = await page.getAttribute("[data-boot-panel]", "data-state");
      if (state === "error") throw new Error(await page.textContent("[data-boot-status]"));
      await sleep(50);
    }
    const panel = await page.$("[data-boot-panel]");
    const ready = Number(await panel.getAttribute("data-t-ready"));
    const serialAt = Number(await panel.getAttribute("data-t-serial"));
    if (seenAt === null) {
      const shown = screen.replace(/\s+/g, " ").trim();
      throw new Error(`no line starting "Wakeful" on serial or screen within ${secs(BOOT_TIMEOUT_MS)}` +
        (text ? `; serial ${JSON.stringify(text.slice(0, 160))}` : "; serial stayed empty") +
        (shown ? `; screen ${JSON.stringify(shown.slice(0, 160))}` : "") +
        (ready ? `; emulator ready at ${secs(ready)}` : "; emulator never became ready"));
    }
    // Time to first output: the first serial byte (stamped by book.js), or
    // for a screen-only kernel the moment the test saw the line.
    const first = where === "serial" && serialAt ? serialAt : seenAt;
    i.booted = w; // it runs: keep it for the keyboard check, even if slow
    bootTimes.push({ file, first, ready });
    const timing = `first ${where} output ${secs(first)} after click, emulator ready at ${secs(ready)}, kernel ${secs(first - ready)} after ready`;
    const errs = w.errors.filter((e) => !/favicon/.test(e));
    if (errs.length) throw new Error(`${timing}; errors: ${errs.slice(0, 3).join("; ")}`);
    // The kernel is loaded directly (chapter 1's Multiboot 1 header, v86's
    // own loader), not through the CD and GRUB: the fast path of issue 15.
    const via = await panel.getAttribute("data-boot-via");
    if (via !== "multiboot") throw new Error(`${timing}; booted via ${via || "(not said)"}, not v86's Multiboot loader`);
    // Once the kernel is up, the machine has the keyboard (issue 15).
    const focused = await page.waitForFunction(() => document.activeElement && document.activeElement.matches("[data-keyboard-target]"),
      null, { timeout: 60000 }).then(() => true, () => false);
    if (!focused) throw new Error(`${timing}; focus stayed on ${await page.evaluate(() => document.activeElement ? document.activeElement.tagName : "nothing")}, not the machine`);
    // COM1 is shown once: the screen and the serial console are tabs.
    const shown = await page.$$eval("[data-boot-pane]", (ps) => ps.filter((p) => p.offsetParent !== null).length);
    if (shown !== 1) throw new Error(`${timing}; ${shown} of the screen and COM1 panes are shown at once`);
    return { note: timing };
  }, { always: (!!i.keyboard && wanted(`keyboard ${file}`)) || (!!i.disk && wanted(`disk ${file}`)) });
  const i2 = info[file];
  if (i2 && i2.keyboard) {
    await check(`keyboard ${file}`, async () => {
      if (!i2.booted) throw new Error("the kernel did not boot, so it cannot echo keys");
      const page = i2.booted.page;
      // Let the kernel finish starting up: wait until the serial port has
      // been quiet for a second (at most 20 s), so that the echo is not
      // mixed up with boot messages.
      const serialLength = async () => ((await page.textContent("[data-serial]")) || "").length;
      let before = await serialLength(), quietSince = Date.now();
      for (const t = Date.now(); Date.now() - t < 20000 && Date.now() - quietSince < 1000;) {
        await sleep(100);
        const n = await serialLength();
        if (n !== before) { before = n; quietSince = Date.now(); }
      }
      await page.click("[data-keyboard-target] [data-screen]");
      const focused = await page.evaluate(() => !!document.activeElement && document.activeElement.matches("[data-keyboard-target]"));
      if (!focused) throw new Error("clicking the screen did not focus the keyboard area");
      const t0 = Date.now();
      await page.keyboard.type("hi", { delay: 60 });
      let fresh = "";
      while (Date.now() - t0 < 60000) {
        fresh = ((await page.textContent("[data-serial]")) || "").slice(before);
        if (fresh.includes("hi")) break;
        await sleep(50);
      }
      if (!fresh.includes("hi")) throw new Error(`no echo of "hi" on serial; after typing got ${JSON.stringify(fresh.slice(0, 120))}`);
      return { note: `echoed ${JSON.stringify(fresh.slice(0, 40))} in ${secs(Date.now() - t0)}` };
    });
  }
  // A chapter with a disk (16 on): the kernel found the page's hard disk,
  // read a sector by interrupt, and says how it moves the data (bus-master
  // DMA, or PIO if the emulator had no bus-master IDE controller).
  const i3 = info[file];
  if (i3 && i3.disk) {
    await check(`disk ${file}`, async () => {
      if (!i3.booted) throw new Error("the kernel did not boot, so it cannot read its disk");
      const page = i3.booted.page;
      let text = "";
      for (const t = Date.now(); Date.now() - t < 60000; await sleep(100)) {
        text = (await page.textContent("[data-serial]")) || "";
        if (/disk: sector 1 read by interrupt: /.test(text)) break;
      }
      const lines = text.split("\n").filter((l) => l.startsWith("disk: "));
      if (!/disk: sector 1 read by interrupt: ok/.test(text)) throw new Error(`no disk read on serial; disk lines ${JSON.stringify(lines)}`);
      const how = lines.find((l) => l.startsWith("disk: transfers by "));
      if (!how) throw new Error(`the kernel did not say how it moves data; disk lines ${JSON.stringify(lines)}`);
      return { note: how };
    });
  }
  if (w) await w.page.close();
}
if (bootTimes.length) {
  const firsts = bootTimes.map((b) => b.first).sort((a, b) => a - b);
  console.log(`# boot: click to first output ${secs(firsts[0])} min, ` +
    `${secs(firsts[Math.floor(firsts.length / 2)])} median, ${secs(firsts[firsts.length - 1])} max over ${firsts.length} kernels`);
}

// Restart boots the same kernel again. The ELF file runs without a BIOS,
// so v86's own reset (a jump to the empty reset vector) would leave a dead
// machine: book.js power-cycles it instead. The check waits for a second
// "Wakeful" line on COM1 after the restart.
{
  const file = pages.find((f) => info[f] && info[f].boot && info[f].keyboard) || pages.find((f) => info[f] && info[f].boot);
  if (!file) { if (wanted("restart")) skip("restart", "no page boots a kernel"); }
  else await check(`restart ${file}`, async () => {
    const w = await open(file);
    const page = w.page;
    try {
      await page.click("[data-boot]");
      await page.waitForFunction(() => /(^|\n)Wakeful/.test(document.querySelector("[data-serial]").textContent),
        null, { timeout: BOOT_TIMEOUT_MS });
      await page.click("[data-boot]"); // now "Restart"
      const t0 = Date.now();
      const again = await page.waitForFunction(() => {
        const p = document.querySelector("[data-boot-panel]");
        return p.hasAttribute("data-t-output") && /^Wakeful/.test(document.querySelector("[data-serial]").textContent);
      }, null, { timeout: BOOT_TIMEOUT_MS }).then(() => true, () => false);
      const serial = await page.textContent("[data-serial]");
      if (!again) throw new Error(`no "Wakeful" line on COM1 within ${secs(BOOT_TIMEOUT_MS)} of Restart; serial ${JSON.stringify(serial.slice(0, 120))}`);
      const errs = w.errors.filter((e) => !/favicon/.test(e));
      if (errs.length) throw new Error(`errors: ${errs.slice(0, 3).join("; ")}`);
      return { note: `booted again in ${secs(Date.now() - t0)}` };
    } finally {
      await page.close();
    }
  });
}

// ------------------------------------------------------------ diagrams
const withFigures = pages.filter((f) => info[f] && info[f].figures > 0);
if (!withFigures.length) {
  if (wanted("diagram")) skip("diagram", "no page has a state-machine figure yet");
} else {
  for (const file of withFigures) {
    let w;
    await check(`diagram ${file}`, async () => {
      w = await open(file);
      const page = w.page;
      const n = Math.min(info[file].figures, 12);
      let checked = 0;
      for (let k = 0; k < n; k++) {
        const a = page.locator("figure.state-machine a").nth(k);
        const href = await a.evaluate((el) => el.getAttribute("href") || el.getAttributeNS("http://www.w3.org/1999/xlink", "href"));
        const u = new URL(href, base + file);
        if (u.pathname !== new URL(base + file).pathname || !u.hash) continue; // points at another page: link check covers it
        const id = decodeURIComponent(u.hash.slice(1));
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        await page.evaluate(() => window.scrollTo(0, 0));
        await a.scrollIntoViewIfNeeded();
        await a.click();
        const ok = await page.waitForFunction((id) => {
          const el = document.getElementById(id);
          if (!el) return false;
          const r = el.getBoundingClientRect();
          return r.bottom > 0 && r.top < window.innerHeight && el.classList.contains("chunk-flash");
        }, id, { timeout: 3000 }).then(() => true, () => false);
        if (!ok) throw new Error(`clicking state ${k + 1} (${href}) did not bring #${id} into view highlighted`);
        // A state is an await point: it leads to the AWAIT line itself, not to the top of its chunk.
        const line = await page.evaluate((id) => {
          const el = document.getElementById(id);
          return el.classList.contains("await-line") ? el.textContent : `<${el.tagName.toLowerCase()} class="${el.className}">`;
        }, id);
        if (!/AWAIT/.test(line)) throw new Error(`state ${k + 1} (${href}) leads to ${line.slice(0, 80)}, not to its AWAIT line`);
        checked++;
      }
      if (w.errors.length) throw new Error(w.errors.slice(0, 3).join("; "));
      if (!checked) return { skip: "its states all point at other pages" };
      return { note: `${checked} state${checked === 1 ? "" : "s"}` };
    });
    if (w) await w.page.close();
  }
}

// -------------------------------------------------------------- search
// The reader's search (issue 15): what is typed after a pause lands in the
// box; identifiers and chunk names lead to their defining chunk; the
// identifiers page is not in the full-text index; arrow keys move through
// the results; every result says its chapter and section.
const chapterPages = pages.filter((f) => /^ch\d+-/.test(f) && !/-changes\.html$/.test(f) && info[f]);
async function searchFor(page, q, { pause = 0 } = {}) {
  await page.click("[data-search-input]");
  if (pause) await sleep(pause);
  await page.fill("[data-search-input]", "");
  await page.keyboard.type(q, { delay: 20 });
  const typed = await page.inputValue("[data-search-input]");
  if (typed !== q) throw new Error(`typed ${JSON.stringify(q)} after a ${pause} ms pause, the box holds ${JSON.stringify(typed)}`);
  // book.js marks the list with the query it shows.
  await page.waitForFunction((q) => {
    const l = document.querySelector("[data-search-results]");
    return l && l.getAttribute("data-for") === q;
  }, q, { timeout: 60000 });
  const err = await page.getAttribute("[data-search]", "data-search-error");
  if (err) throw new Error(`search did not start: ${err}`);
  return page.$$eval(".search-link", (as) => as.map((a) => ({
    href: a.href,
    title: (a.querySelector(".search-title") || {}).textContent || "",
    where: (a.querySelector(".search-where") || {}).textContent || "",
  })));
}
if (chapterPages.length) {
  const file = chapterPages[chapterPages.length - 1];
  await check("search after a pause", async () => {
    const w = await open(file);
    try {
      const r = await searchFor(w.page, "select", { pause: 1500 });
      if (!r.length) throw new Error(`no result for "select"`);
      const idx = r.filter((x) => /identifiers\.html/.test(x.href));
      if (idx.length) throw new Error(`the identifiers page is in the results: ${idx[0].href}`);
      const bare = r.filter((x) => !/^Chapter \d+/.test(x.where));
      if (bare.length) throw new Error(`result ${bare[0].href} does not say its chapter (${JSON.stringify(bare[0].where)})`);
      if (!r.some((x) => /\u203A \d+\.\d+/.test(x.where) || /^\d+\.\d+/.test(x.title)))
        throw new Error("no result names its numbered section");
      if (w.errors.length) throw new Error(w.errors.slice(0, 3).join("; "));
      return { note: `${r.length} results after a 1.5 s pause; first: ${r[0].title.slice(0, 50)} (${r[0].where.slice(0, 60)})` };
    } finally { await w.page.close(); }
  });
  await check("search identifier and chunk name reach their definition", async () => {
    const w = await open(file);
    try {
      const page = w.page;
      // An identifier, and the chunk the index page says defines it.
      const probe = await page.evaluate(async () => {
        const x = await (await fetch("xref.json")).json();
        const id = x.ids.waker_wake_by_ref ? "waker_wake_by_ref" : Object.keys(x.ids).sort()[0];
        const anchors = Object.keys(x.chunks);
        const named = anchors.map((a) => x.chunks[a]).find((c) => /^[A-Z][a-z]+ [a-z]+ [a-z]+ [a-z]+/.test(c.n) && c.n.length > 25);
        const first = anchors.find((a) => x.chunks[a].n === named.n);
        return { id, idAnchor: x.ids[id][0], name: named.n, nameAnchor: first };
      });
      const idx = await fetch(`${base}identifiers.html`).then((r) => r.text());
      const m = idx.match(new RegExp(`<dt id="id-${probe.id}">[\\s\\S]*?defined in\\s*<a href="[^"#]*#([^"]+)"`));
      if (!m || m[1] !== probe.idAnchor) throw new Error(`identifiers.html and xref.json disagree on where ${probe.id} is defined`);
      let r = await searchFor(page, probe.id);
      if (!r.length || !r[0].href.endsWith("#" + probe.idAnchor))
        throw new Error(`first result for ${probe.id} is ${r[0] ? r[0].href : "nothing"}, not its defining chunk #${probe.idAnchor}`);
      r = await searchFor(page, probe.name);
      if (!r.length || !r[0].href.endsWith("#" + probe.nameAnchor))
        throw new Error(`first result for the chunk name "${probe.name}" is ${r[0] ? r[0].href : "nothing"}, not #${probe.nameAnchor}`);
      return { note: `${probe.id} -> #${probe.idAnchor}; "${probe.name}" -> #${probe.nameAnchor}` };
    } finally { await w.page.close(); }
  });
  await check("search arrow keys move through results", async () => {
    const w = await open(file);
    try {
      const page = w.page;
      const r = await searchFor(page, "waker");
      if (r.length < 2) throw new Error(`only ${r.length} results for "waker"`);
      const at = () => page.evaluate(() => {
        const l = Array.from(document.querySelectorAll(".search-link"));
        return l.indexOf(document.activeElement);
      });
      await page.keyboard.press("ArrowDown");
      const a = await at();
      await page.keyboard.press("ArrowDown");
      const b = await at();
      await page.keyboard.press("ArrowUp");
      const c = await at();
      if (a !== 0 || b !== 1 || c !== 0) throw new Error(`↓ ↓ ↑ from the box focused results ${a}, ${b}, ${c} (want 0, 1, 0)`);
      await page.keyboard.press("Enter");
      await page.waitForURL((u) => u.href === r[0].href.replace(/#.*/, "") + (new URL(r[0].href).hash), { timeout: 60000 });
      return { note: `↓ ↓ ↑ then Enter opened ${r[0].href.replace(base, "")}` };
    } finally { await w.page.close(); }
  });
}

// ------------------------------------------------------------ previews
{
  const file = chapterPages.find((f) => /ch13/.test(f)) || chapterPages[chapterPages.length - 1];
  if (file) await check(`previews ${file}`, async () => {
    const w = await open(file);
    try {
      const page = w.page;
      const out = [];
      // Hover an identifier, then a chunk reference; focus a footer link.
      for (const sel of ["pre.code a.id", "pre.code a.use", ".chunk-foot a[href*='#']"]) {
        const a = page.locator(sel).first();
        if (!(await a.count())) continue;
        const label = (await a.textContent()).trim();
        if (sel.startsWith(".chunk-foot")) await a.focus(); else await a.hover();
        const card = page.locator(".preview:not([hidden])");
        await card.waitFor({ timeout: 60000 }).catch(() => {});
        if (!(await card.count())) throw new Error(`${sel.startsWith(".chunk-foot") ? "focusing" : "hovering"} ${sel} "${label}" showed no preview`);
        const text = await card.textContent();
        const code = await page.locator(".preview .preview-code").textContent();
        if (!/\u27E8.+\u27E9/.test(text) || !code.trim()) throw new Error(`the preview for ${sel} has no chunk name or no lines: ${JSON.stringify(text.slice(0, 80))}`);
        const described = await a.getAttribute("aria-describedby");
        if (described !== "xref-preview") throw new Error(`${sel} is not described by its preview`);
        out.push(`${sel.split(" ").pop()}: ${text.slice(0, 30)}`);
        await page.mouse.move(0, 0);
        await page.keyboard.press("Escape");
        await page.locator(".preview[hidden]").waitFor({ state: "attached", timeout: 60000 });
      }
      if (!out.length) return { skip: "no cross-references on the page" };
      // Identifier links: reachable, but not a Tab stop each.
      const tabStops = await page.$$eval("pre.code a", (as) => as.filter((a) => a.tabIndex >= 0).length);
      if (tabStops) throw new Error(`${tabStops} links inside code are Tab stops`);
      await page.locator("pre.code:has(a)").first().focus();
      await page.keyboard.press("Enter");
      const inCode = await page.evaluate(() => !!document.activeElement.closest("pre.code") && document.activeElement.tagName === "A");
      if (!inCode) throw new Error("Enter on a focused code block does not move focus to its first link");
      // "Used in" lists: at most five links before the fold.
      const long = await page.$$eval(".chunk-foot", (fs) => fs.filter((f) => {
        const shown = Array.from(f.querySelectorAll("a")).filter((a) => !a.closest("details"));
        return /Used in/.test(f.textContent) && shown.length > 5 + (f.textContent.match(/Continue|Replaced/g) || []).length;
      }).length);
      if (long) throw new Error(`${long} chunk footers list more than five uses unfolded`);
      if (w.errors.length) throw new Error(w.errors.slice(0, 3).join("; "));
      return { note: out.join("; ") };
    } finally { await w.page.close(); }
  });
}

// ------------------------------------------------- place: sections, keys
if (chapterPages.length > 2) {
  await check("place: numbered sections, sidebar follows, chapter keys", async () => {
    const file = chapterPages[1];
    const w = await open(file);
    try {
      const page = w.page;
      const chap = Number(file.slice(2, 4));
      const nums = await page.$$eval(".content h2 .secnum", (s) => s.map((x) => x.textContent));
      if (!nums.length || nums[0] !== `${chap}.1`) throw new Error(`sections not numbered ${chap}.1, ${chap}.2…: ${nums.slice(0, 3).join(", ")}`);
      const id = await page.$$eval(".content h2[id]", (h) => (h[2] || h[h.length - 1]).id);
      await page.evaluate((id) => document.getElementById(id).scrollIntoView({ block: "start" }), id);
      await page.waitForFunction((id) => {
        const a = document.querySelector(".toc-sections a[aria-current]");
        return a && a.getAttribute("href") === "#" + id;
      }, id, { timeout: 60000 }).catch(() => {});
      const here = await page.$eval(".toc-sections a[aria-current]", (a) => a.getAttribute("href")).catch(() => null);
      if (here !== "#" + id) throw new Error(`scrolled to #${id}; the sidebar marks ${here}`);
      await page.evaluate(() => document.activeElement && document.activeElement.blur());
      await page.keyboard.press("ArrowRight");
      await page.waitForURL((u) => u.pathname.endsWith(chapterPages[2]), { timeout: 60000 });
      await page.keyboard.press("ArrowLeft");
      await page.waitForURL((u) => u.pathname.endsWith(file), { timeout: 60000 });
      // The measure: about 70 characters a line of prose.
      const perLine = await page.evaluate(() => {
        const p = Array.from(document.querySelectorAll(".content > p")).sort((a, b) => b.textContent.length - a.textContent.length)[0];
        const lh = parseFloat(getComputedStyle(p).lineHeight);
        const lines = Math.round(p.getBoundingClientRect().height / lh);
        return Math.round(p.textContent.length / lines);
      });
      if (perLine < 55 || perLine > 80) throw new Error(`prose runs ${perLine} characters a line (want about 70)`);
      return { note: `sections ${nums.slice(0, 3).join(", ")}…; ${perLine} characters a line; ← → between chapters` };
    } finally { await w.page.close(); }
  });
}

await check("theme switch remembers", async () => {
  const file = chapterPages[0] || "index.html";
  const w = await open(file);
  try {
    const page = w.page;
    await page.emulateMedia({ colorScheme: "light" });
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await bg();
    await page.selectOption("[data-theme-select]", "dark");
    const dark = await bg();
    if (dark === light) throw new Error(`choosing dark left the background ${light}`);
    await page.reload({ waitUntil: "load" });
    const kept = await bg();
    const sel = await page.inputValue("[data-theme-select]");
    if (kept !== dark || sel !== "dark") throw new Error(`after a reload the background is ${kept} (dark was ${dark}), the switch says ${sel}`);
    await page.selectOption("[data-theme-select]", "system");
    await page.emulateMedia({ colorScheme: "dark" });
    const sys = await bg();
    if (sys !== dark) throw new Error(`"system" with a dark system shows ${sys}, not ${dark}`);
    return { note: `light ${light}, dark ${dark}, kept across a reload` };
  } finally { await w.page.close(); }
});

// ----------------------------------------------------------------- axe
// Zero serious or critical axe-core violations on every page, in the
// light and the dark theme. axe is injected from node_modules (the pages'
// CSP forbids inline scripts, so this context bypasses it).
{
  const axePath = path.join(REPO, "node_modules/axe-core/axe.min.js");
  if (!fs.existsSync(axePath)) {
    fail("axe", "node_modules/axe-core is missing (npm ci)");
  } else {
    const axeSource = fs.readFileSync(axePath, "utf8");
    for (const scheme of ["light", "dark"]) {
      for (const file of pages) {
        await check(`axe ${scheme} ${file}`, async () => {
          const page = await context.newPage();
          try {
            await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
            await page.goto(base + file, { waitUntil: "load", timeout: 60000 });
            await page.evaluate(axeSource);
            const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
            const bad = res.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
            if (bad.length) {
              throw new Error(bad.map((v) => `${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes[0].target.join(" ")}` +
                (v.nodes[0].any[0] ? ` — ${v.nodes[0].any[0].message}` : "")).slice(0, 4).join("; "));
            }
            const minor = res.violations.length;
            return { note: minor ? `${minor} minor/moderate: ${res.violations.map((v) => v.id).join(", ")}` : "no violations" };
          } finally { await page.close(); }
        });
      }
    }
  }
}

// ----------------------------------------------------- layout: phone, print
await check("phone layout", async () => {
  const bad = [];
  const page = await context.newPage();
  await page.setViewportSize({ width: 375, height: 740 });
  for (const file of pages) {
    await page.goto(base + file, { waitUntil: "load" });
    const r = await page.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      // the first element that sticks out and is not inside a scroller
      culprit: (() => {
        for (const e of document.querySelectorAll("body *")) {
          if (e.getBoundingClientRect().right <= window.innerWidth + 1) continue;
          let clipped = false;
          for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== "visible") { clipped = true; break; }
          }
          if (!clipped) return `<${e.tagName.toLowerCase()} class="${e.getAttribute("class") || ""}">${(e.textContent || "").trim().slice(0, 40)}`;
        }
        return "";
      })(),
      sidebar: getComputedStyle(document.querySelector(".sidebar")).display,
      toggle: getComputedStyle(document.querySelector("[data-nav-toggle]")).display,
    }));
    if (r.overflow > 1) bad.push(`${file} scrolls sideways by ${r.overflow}px (${r.culprit || "?"})`);
    if (r.sidebar !== "none") bad.push(`${file}: sidebar not collapsed`);
    if (r.toggle === "none") bad.push(`${file}: no contents button`);
  }
  await page.click("[data-nav-toggle]");
  const shown = await page.evaluate(() => getComputedStyle(document.querySelector(".sidebar")).display !== "none");
  if (!shown) bad.push("contents button does not open the sidebar");
  await page.close();
  if (bad.length) throw new Error(bad.slice(0, 5).join("; "));
  return { note: "375 px wide, no sideways scrolling, sidebar collapses" };
});

// The machine on a phone: the screen scales to the width, COM1 wraps at
// spaces, and on a touch screen the Copy buttons do not cover code.
await check("phone machine", async () => {
  const file = [...pages].reverse().find((f) => info[f] && info[f].keyboard) || pages.find((f) => info[f] && info[f].boot);
  if (!file) return { skip: "no page boots a kernel" };
  const page = await context.newPage();
  try {
    await page.setViewportSize({ width: 375, height: 740 });
    const cdp = await context.newCDPSession(page);
    // A touch screen: with touch emulation on, (hover: none) and (pointer: coarse) match.
    await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: true, maxTouchPoints: 5 });
    await cdp.send("Emulation.setEmulatedMedia", { features: [{ name: "hover", value: "none" }, { name: "pointer", value: "coarse" }] }).catch(() => {});
    await page.goto(base + file, { waitUntil: "load", timeout: 60000 });
    const touch = await page.evaluate(() => matchMedia("(hover: none)").matches);
    if (!touch) throw new Error("could not emulate a touch screen (hover: none)");
    const overlap = await page.$$eval(".code-wrap", (ws) => ws.slice(0, 20).filter((w) => {
      const b = w.querySelector(".copy-button"), p = w.querySelector("pre");
      if (!b || !p) return false;
      const r = b.getBoundingClientRect(), q = p.getBoundingClientRect();
      return r.top < q.bottom - 1 && r.bottom > q.top + 1 && r.left < q.right && r.right > q.left;
    }).length);
    if (overlap) throw new Error(`${overlap} Copy buttons cover their code on a touch screen`);
    await page.click("[data-boot]");
    await page.waitForSelector("[data-boot-panel][data-t-output]", { timeout: BOOT_TIMEOUT_MS });
    await sleep(300);
    const r = await page.evaluate(() => {
      const scr = document.querySelector("[data-screen]"), txt = scr.querySelector(".boot-screen-text");
      const rows = Array.from(txt.children).map((d) => d.textContent.length);
      const ser = getComputedStyle(document.querySelector("[data-serial]"));
      return { sw: scr.scrollWidth, cw: scr.clientWidth, tw: txt.getBoundingClientRect().width, cols: Math.max(0, ...rows),
        wb: ser.wordBreak, ws: ser.whiteSpace, ow: ser.overflowWrap, page: document.documentElement.scrollWidth - innerWidth };
    });
    if (r.cols < 80) throw new Error(`the screen shows rows of ${r.cols} characters, not 80`);
    if (r.tw > r.cw + 1 || r.sw > r.cw + 1) throw new Error(`the 80-column screen is ${Math.round(r.tw)} px wide in a ${r.cw} px box`);
    if (r.page > 1) throw new Error(`the page scrolls sideways by ${r.page} px with the machine on`);
    if (r.wb === "break-all" || !/pre-wrap|break-spaces/.test(r.ws)) throw new Error(`COM1 wraps mid-word (word-break ${r.wb}, white-space ${r.ws})`);
    return { note: `${file}: 80 columns in ${Math.round(r.tw)} px of ${r.cw}; COM1 white-space ${r.ws}, overflow-wrap ${r.ow}` };
  } finally { await page.close(); }
});

await check("print layout", async () => {
  const page = await context.newPage();
  const file = pages.find((f) => info[f] && info[f].boot) || "index.html";
  await page.goto(base + file, { waitUntil: "load" });
  await page.emulateMedia({ media: "print" });
  const r = await page.evaluate(() => {
    const d = (s) => { const e = document.querySelector(s); return e ? getComputedStyle(e).display : "none"; };
    const pre = document.querySelector("pre.code");
    return { sidebar: d(".sidebar"), boot: d(".boot"), wrap: pre ? getComputedStyle(pre).whiteSpace : "pre-wrap" };
  });
  await page.close();
  if (r.sidebar !== "none" || r.boot !== "none") throw new Error(`sidebar ${r.sidebar}, boot panel ${r.boot} in print`);
  if (r.wrap !== "pre-wrap") throw new Error(`code does not wrap in print (white-space: ${r.wrap})`);
  return { note: file };
});

// ------------------------------------------------------------- foreign
await check("same origin only", async () => {
  if (foreign.length) throw new Error(`${foreign.length} request(s) to other origins: ${[...new Set(foreign)].slice(0, 5).join(", ")}`);
});

await context.close().catch(() => {});
server.close();
fs.rmSync(userDataDir, { recursive: true, force: true });
finish();
