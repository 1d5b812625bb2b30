// live.mjs: the live view of the executor (tangle/site/live.js), in Chromium,
// on every async chapter's page, on a desktop screen and on a phone's.
//
//   node tests/browser/live.mjs [--site DIR] [--pages "chNN chNN ..."]
//                               [--screens "desktop phone"]
//
// make test-live passes the chapters that make trace records (trace.mk's
// TRACE_CHAPTERS); by default every page with a Boot button is tried.
// For each page and screen, in one browser, pages in turn:
//  - nothing of the live view loads before Boot;
//  - after Boot the kernel's trace arrives on COM2 (the [data-trace]
//    element counts it in data-events);
//  - keys are typed; where the kernel traces its keyboard (its tangled
//    keyboard.c, under --build DIR, calls trace_irq_enter(1)), typing
//    grows data-events and gives the keyboard task's diagram (where the
//    page has one) a new data-active value;
//  - every state-machine diagram of a coroutine the reader's kernel runs
//    (one with state events in make trace's build/trace/chNN.log, under
//    --build DIR; not one only the chapter's tests run) lights up: one of its
//    nodes gets data-active, and the value changes (a MutationObserver
//    keeps every value, so a coroutine that runs its course during the
//    boot is seen too);
//  - where the kernel has chapter 13's step gate (the Pause/Step buttons
//    show), Pause stops the executor before a poll and each Step lets
//    exactly one poll happen, and Run runs on;
//  - on the phone (390x844, touch), the page does not scroll sideways,
//    the live view fits and its buttons are big enough to tap; buttons are
//    tapped and keys typed into the page's text field, as a phone does.
// Every wait is for a condition, with a generous hang timeout; no verdict
// depends on how fast the machine is. Prints PASS/FAIL lines and
// `N passed, N failed` like run.mjs; exits 1 on any failure.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../../tangle/site/serve.mjs";
import { sleep, until as waitUntil, verdicts } from "./harness.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../..");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
// Hang timeouts, not speed bounds (see run.mjs): the emulator on a busy
// machine can take tens of seconds to boot.
const BOOT_TIMEOUT_MS = Number(process.env.BOOT_TIMEOUT_MS) || 240000;
const WAIT_MS = Number(process.env.LIVE_WAIT_MS) || 90000;
// How long "nothing more happens" is watched for after a step: the
// emulator runs on while the test waits, so a second poll would show.
// (It can only make a broken Step pass by luck, never a working one fail.)
const QUIET_MS = 2000;

const SCREENS = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
};

let site = path.join(REPO, "build/site");
let build = path.join(REPO, "build");
let wanted = null;
let screens = ["desktop", "phone"];
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === "--site") site = path.resolve(process.argv[++i]);
  else if (a === "--pages" || a === "--page") wanted = process.argv[++i].split(/[\s,]+/).filter(Boolean);
  else if (a === "--build") build = path.resolve(process.argv[++i]);
  else if (a === "--screens") screens = process.argv[++i].split(/[\s,]+/).filter(Boolean);
  else { console.error("usage: node tests/browser/live.mjs [--site DIR] [--pages \"chNN ...\"] [--screens \"desktop phone\"]"); process.exit(2); }
}

const { pass, fail, check, finish } = verdicts();
const until = (what, fn, ms = WAIT_MS) => waitUntil(what, fn, ms);

const chapterPages = fs.readdirSync(site).filter((f) => /^ch\d+-.*\.html$/.test(f) && !/-changes\.html$/.test(f)).sort();
const pages = [];
for (const ch of wanted || chapterPages.map((f) => f.replace(/-.*/, ""))) {
  const f = chapterPages.find((p) => p.startsWith(ch + "-"));
  if (!f) { fail(`live ${ch}`, `no ${ch}-*.html in ${site}`); continue; }
  if (wanted || /data-boot[\s>]/.test(fs.readFileSync(path.join(site, f), "utf8"))) pages.push(f);
}
if (!pages.length) { fail("live", "no page to test"); finish(); }

// Every data-active value any diagram node ever had, and the events seen:
// installed before the page's own scripts run.
function observe() {
  window.__live = { seen: {} };
  new MutationObserver((records) => {
    for (const r of records) {
      const g = r.target, f = g.closest && g.closest("figure.state-machine[data-coroutine]");
      const v = g.getAttribute && g.getAttribute("data-active");
      if (!f || !v) continue;
      const c = f.getAttribute("data-coroutine");
      (window.__live.seen[c] = window.__live.seen[c] || {})[`${g.getAttribute("data-state")}: ${v}`] = 1;
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-active"] });
}

const { server, url: base } = await startServer(site, { port: 0 });
const browser = await chromium.launch({
  executablePath: CHROMIUM, headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});

async function onScreen(screen) {
  const phone = screen === "phone";
  const context = await browser.newContext({ ...SCREENS[screen], reducedMotion: "reduce" });
  await context.addInitScript(observe);
  for (const file of pages) await onPage(context, file, screen, phone);
  await context.close().catch(() => {});
}

async function onPage(context, file, screen, phone) {
  const kb = path.join(build, file.replace(/-.*/, ""), "kernel/keyboard.c");
  const keyboardTraced = fs.existsSync(kb) && fs.readFileSync(kb, "utf8").includes("trace_irq_enter(1)");
  const page = await context.newPage();
  const requests = [], errors = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  const name = `live ${screen} ${file}`;
  const attr = (sel, n) => page.evaluate(([s, a]) => { const e = document.querySelector(s); return e ? e.getAttribute(a) : null; }, [sel, n]);
  const num = async (n) => Number(await attr("[data-trace]", n)) || 0;
  const press = (sel) => (phone ? page.tap(sel) : page.click(sel));
  const serial = async () => (await page.textContent("[data-serial]")) || "";
  const type = async (text) => {
    if (phone) {
      await page.tap("[data-keyboard-input]");
      for (const ch of text) await page.keyboard.insertText(ch);
    } else {
      await page.click("[data-keyboard-target] [data-screen]");
      await page.keyboard.type(text, { delay: 60 });
    }
  };
  const seen = () => page.evaluate(() => {
    const out = {};
    for (const [c, vs] of Object.entries(window.__live.seen)) out[c] = Object.keys(vs);
    return out;
  });
  // Wait until the trace stops growing (the kernel waits for a key, or is
  // done): a wait, not a verdict; a kernel that never settles is still
  // tested, from wherever it is after 20 s.
  const settle = async () => {
    let n = await num("data-events");
    for (const t = Date.now(); Date.now() - t < 20000;) {
      await sleep(1000);
      const m = await num("data-events");
      if (m === n) break;
      n = m;
    }
    return n;
  };

  let coros = [];
  let ok = await check(`${name}: nothing of the live view before Boot`, async () => {
    await page.goto(base + file, { waitUntil: "networkidle", timeout: 60000 });
    coros = await page.$$eval("figure.state-machine[data-coroutine]", (fs) => [...new Set(fs.map((f) => f.getAttribute("data-coroutine")))]);
    const early = requests.filter((u) => /live\.(js|css)/.test(u));
    if (early.length) throw new Error(`loaded before Boot: ${early.join(", ")}`);
    if (await page.$("[data-trace]")) throw new Error("a [data-trace] element exists before Boot");
    if (await page.evaluate(() => "WakefulLive" in window)) throw new Error("live.js ran before Boot");
    return coros.length ? `diagrams of ${coros.join(", ")}` : "no state-machine diagram";
  });

  ok = ok && await check(`${name}: the trace arrives on COM2 after Boot`, async () => {
    await page.locator("[data-boot]").scrollIntoViewIfNeeded();
    await press("[data-boot]");
    await until("the kernel's first output", () => page.$("[data-boot-panel][data-t-output]"), BOOT_TIMEOUT_MS);
    // The first output comes a few thousand instructions after power-on;
    // the first trace event, tens of millions later (the executor has to
    // start). So this wait is the boot's real hang bound, not WAIT_MS:
    // with four busy loops beside make test, ch12's desktop run took
    // more than 90 s to get there once.
    await until("trace events (data-events > 0)", async () => (await num("data-events")) > 0, BOOT_TIMEOUT_MS);
    const n = await settle();
    if (errors.length) throw new Error(errors.slice(0, 3).join("; "));
    return `${n} events, ${await num("data-polls")} polls before the first key`;
  });

  // Typing grows the trace where the kernel traces its keyboard
  // interrupt (chapter 14 on: its keyboard.c calls trace_irq_enter(1));
  // earlier kernels read keys without a trace point. Typing must also
  // move the keyboard task's diagram, where the page has one.
  let typed = false;
  if (ok) {
    const events = await num("data-events");
    const before = await seen();
    await type("hi");
    typed = true;
    if (keyboardTraced) {
      const kt = coros.includes("keyboard_task");
      ok = await check(`${name}: typing grows data-events${kt ? " and moves the keyboard task's diagram" : ""}`, async () => {
        const grew = await until("data-events to grow after typing", async () => { const m = await num("data-events"); return m > events ? m : 0; });
        if (!kt) return `data-events ${events} -> ${grew}`;
        const moved = await until("a new data-active value in the keyboard task's diagram after typing", async () => {
          const c = "keyboard_task", now = await seen();
          const fresh = (now[c] || []).filter((v) => !(before[c] || []).includes(v));
          return fresh.length ? `${c} at ${JSON.stringify(fresh[fresh.length - 1])}` : null;
        });
        return `data-events ${events} -> ${grew}; ${moved}`;
      });
    }
    if (ok) await settle();
  }

  // Every diagram of a coroutine that the reader's kernel runs lights a
  // node and moves it. Which ones it runs, make trace has recorded: the
  // state events of build/trace/chNN.log, the same kernel driven by its
  // boot script. A coroutine only the chapter's tests run (chapter 12's
  // spell, chapter 16's request_task) has no instance in the page: its
  // diagram stays dark, and a note says so.
  if (ok && coros.length) {
    const log = path.join(build, "trace", file.replace(/-.*/, "") + ".log");
    if (!fs.existsSync(log)) { ok = false; fail(`${name}: the diagrams follow the kernel`, `no ${log}: make trace CH=N records which coroutines the kernel runs`); }
    const ran = new Set(ok ? [...fs.readFileSync(log, "utf8").matchAll(/^T \d+ \d+ state \S+ (\S+)/gm)].map((m) => m[1]) : []);
    const ours = coros.filter((c) => ran.has(c));
    const tests = coros.filter((c) => !ran.has(c));
    if (ok && tests.length) console.log(`  (${name}: not run by the reader's kernel, only by the tests, so dark in the page: ${tests.join(", ")})`);
    for (const coro of ours) {
      if (!ok) break;
      ok = await check(`${name}: the diagram of ${coro} follows the kernel`, async () => {
        const got = await until(`${coro}'s diagram to show two different data-active values`, async () => {
          const v = (await seen())[coro] || [];
          return v.length >= 2 ? v : null;
        });
        const lit = await page.evaluate((c) => !!document.querySelector(`figure.state-machine[data-coroutine="${c}"] g.edge[data-trail]`), coro);
        if (!lit) throw new Error("no transition is lit (no edge with data-trail)");
        return `${got.length} values, e.g. ${JSON.stringify(got[0])} then ${JSON.stringify(got[got.length - 1])}`;
      });
    }
  }

  // Chapter 13's step gate: its first spawn shows the buttons. Stepping
  // needs a poll to stop before: a key's, in a kernel whose keyboard task
  // is traced. Chapter 13's kernel has the gate but no task left once it
  // has booted, so there is nothing to step through after the boot.
  const stepping = ok && await page.evaluate(() => { const c = document.querySelector("[data-trace] .live-controls"); return !!c && !c.hidden; });
  if (stepping && !keyboardTraced) console.log(`  (${name}: the step gate is there, but no task of this kernel runs after the boot)`);
  if (stepping && keyboardTraced) {
    ok = await check(`${name}: step mode, one poll per step`, async () => {
      const notes = [];
      await page.locator("[data-live-pause]").scrollIntoViewIfNeeded();
      await press("[data-live-pause]");
      // The key is handled by the poll of keyboard_task (chapter 14 on).
      // Whether it was is read from the task the executor stopped at, not
      // from the key's echo: other threads print meanwhile (chapter 17's
      // watchdog prints "0x..." and "yielded"), so an x or a y in the
      // output says nothing about the key.
      for (const key of ["x", "y"]) {
        const mark = (await serial()).length;
        await type(key);
        await until(`the executor to stop before a poll (data-paused) after typing ${key}`, () => attr("[data-trace]", "data-paused"));
        const first = await num("data-polls");
        let steps = 0;
        for (;;) {
          const polls = await num("data-polls");
          const task = await attr("[data-trace]", "data-paused-name");
          await sleep(QUIET_MS);
          if ((await num("data-polls")) !== polls) throw new Error(`paused, yet polls went ${polls} -> ${await num("data-polls")}`);
          if (++steps > 20) throw new Error(`keyboard_task not polled after 20 steps`);
          await page.locator("[data-live-step]").scrollIntoViewIfNeeded();
          await press("[data-live-step]");
          await until(`the poll that Step allows (data-polls ${polls + 1})`, async () => (await num("data-polls")) > polls);
          await sleep(QUIET_MS);
          const now = await num("data-polls");
          if (now !== polls + 1) throw new Error(`one Step gave ${now - polls} polls (${polls} -> ${now})`);
          if (task === "keyboard_task") {
            await until(`the echo of ${key} after keyboard_task's poll`, async () => (await serial()).slice(mark).includes(key));
            break;
          }
          await until(`the executor to stop before its next poll, after polling ${task || "a task"}`, () => attr("[data-trace]", "data-paused"));
        }
        notes.push(`${key}: ${steps} step${steps > 1 ? "s" : ""}, polls ${first} -> ${await num("data-polls")}`);
      }
      await press("[data-live-run]");
      const mark = (await serial()).length;
      await type("z");
      await until("the echo of z after Run", async () => (await serial()).slice(mark).includes("z"));
      await until("data-paused to go after Run", async () => !(await attr("[data-trace]", "data-paused")));
      return notes.join("; ") + "; Run runs on";
    });
  }

  if (ok && phone) await check(`${name}: the live view fits the phone`, async () => {
    const r = await page.evaluate(() => {
      const v = document.querySelector("[data-trace]"), c = v.querySelector("canvas"), b = v.querySelector("[data-live-step]");
      return { page: document.documentElement.scrollWidth - innerWidth, view: v.getBoundingClientRect().right - innerWidth,
        left: v.getBoundingClientRect().left, canvas: c.getBoundingClientRect().width, button: b.getBoundingClientRect().height };
    });
    if (r.page > 1) throw new Error(`the page scrolls sideways by ${r.page} px`);
    if (r.view > 1 || r.left < -1) throw new Error(`the live view sticks out by ${Math.max(r.view, -r.left)} px`);
    if (stepping && r.button < 32) throw new Error(`the Step button is ${r.button} px high, too small to tap`);
    return `timeline ${Math.round(r.canvas)} px wide` + (stepping ? `, buttons ${Math.round(r.button)} px high` : "");
  });
  if (!typed && ok) fail(`${name}`, "no key was typed");
  await page.close().catch(() => {});
}

for (const s of screens) {
  if (!SCREENS[s]) { fail("live", `unknown screen ${s} (desktop, phone)`); continue; }
  await onScreen(s);
}
await browser.close().catch(() => {});
server.close();
finish();
