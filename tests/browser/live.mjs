// live.mjs: the live view of the executor (tangle/site/live.js), in Chromium.
//
//   node tests/browser/live.mjs [--site DIR] [--page chNN]
//
// On the async keyboard chapter's page (ch13 by default): nothing of the
// live view loads before Boot; after Boot the kernel's trace arrives on
// COM2 (data-trace counts it in data-events); typing moves the keyboard
// task's diagram (its data-active node changes, the last transition is
// lit); Pause stops the executor before a poll and Step lets exactly one
// poll happen; the view fits a phone-sized screen. Prints PASS/FAIL lines
// and `N passed, N failed` like run.mjs; exits 1 on any failure.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../../tangle/site/serve.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../..");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
// Hang timeouts, not speed bounds (see run.mjs): the emulator on a busy
// machine can take tens of seconds to boot.
const BOOT_TIMEOUT_MS = Number(process.env.BOOT_TIMEOUT_MS) || 180000;
const WAIT_MS = 60000;
// How long "nothing more happens" is watched for after a step: the
// emulator runs on while the test waits, so a second poll would show.
const QUIET_MS = 2000;

let site = path.join(REPO, "build/site");
let chapter = "ch13";
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === "--site") site = path.resolve(process.argv[++i]);
  else if (a === "--page") chapter = process.argv[++i];
  else { console.error("usage: node tests/browser/live.mjs [--site DIR] [--page chNN]"); process.exit(2); }
}

let passed = 0, failed = 0;
const pass = (name, note) => { passed++; console.log(`PASS ${name}${note ? ` (${note})` : ""}`); };
const fail = (name, why) => { failed++; console.log(`FAIL ${name}: ${String(why && why.message || why).replace(/\s+/g, " ").slice(0, 600)}`); };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function finish() { console.log(`${passed} passed, ${failed} failed`); process.exit(failed ? 1 : 0); }
async function check(name, fn) {
  try { const note = await fn(); pass(name, note); return true; } catch (e) { fail(name, e); return false; }
}
async function until(what, fn, ms = WAIT_MS) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await sleep(100);
  }
}

const file = fs.readdirSync(site).find((f) => f.startsWith(chapter + "-") && f.endsWith(".html") && !/-changes\.html$/.test(f));
if (!file) { fail("live", `no ${chapter}-*.html in ${site}`); finish(); }

const { server, url: base } = await startServer(site, { port: 0 });
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wakeful-live-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 900 }, reducedMotion: "reduce",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const page = await context.newPage();
const requests = [];
const errors = [];
page.on("request", (r) => requests.push(r.url()));
page.on("pageerror", (e) => errors.push(e.message));
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });

const attr = (sel, name) => page.evaluate(([s, n]) => { const e = document.querySelector(s); return e ? e.getAttribute(n) : null; }, [sel, name]);
const num = async (name) => Number(await attr("[data-trace]", name)) || 0;
const FIG = `figure.state-machine[data-coroutine="keyboard_task"]`;
const active = () => page.evaluate((f) => {
  const g = document.querySelector(`${f} g.node[data-active]`);
  const e = document.querySelector(`${f} g.edge[data-trail="1"]`);
  return g ? { state: g.getAttribute("data-state"), who: g.getAttribute("data-active"),
    trail: e ? `${e.getAttribute("data-from")}->${e.getAttribute("data-to")}` : "" } : null;
}, FIG);
const serial = async () => (await page.textContent("[data-serial]")) || "";

let ok = true;
ok = await check(`live ${file}: nothing of the live view before Boot`, async () => {
  await page.goto(base + file, { waitUntil: "networkidle", timeout: 60000 });
  if (!(await page.$(FIG))) throw new Error(`the page has no diagram of keyboard_task (${FIG})`);
  const nodes = await page.$$eval(`${FIG} g.node[data-state]`, (gs) => gs.map((g) => g.getAttribute("data-state")));
  if (!nodes.includes("0") || !nodes.includes("-1") || nodes.length < 3) throw new Error(`diagram states ${JSON.stringify(nodes)}: want start (0), done (-1) and an await`);
  const early = requests.filter((u) => /live\.(js|css)/.test(u));
  if (early.length) throw new Error(`loaded before Boot: ${early.join(", ")}`);
  if (await page.$("[data-trace]")) throw new Error("a [data-trace] element exists before Boot");
  return `diagram states ${nodes.join(" ")}`;
}) && ok;

let before = null;
ok = ok && await check(`live ${file}: the trace arrives on COM2 after Boot`, async () => {
  await page.click("[data-boot]");
  await until("the kernel's first output", () => page.$("[data-boot-panel][data-t-output]"), BOOT_TIMEOUT_MS);
  await until("trace events (data-events > 0)", async () => (await num("data-events")) > 0);
  // Let the boot's events settle: the keyboard task waits for a key.
  await until("the keyboard task's diagram to show it", active);
  let n = await num("data-events");
  for (const t = Date.now(); Date.now() - t < 20000;) {
    await sleep(1000);
    const m = await num("data-events");
    if (m === n) break;
    n = m;
  }
  before = await active();
  if (errors.length) throw new Error(errors.slice(0, 3).join("; "));
  return `${n} events, ${await num("data-polls")} polls; keyboard_task at state ${before.state} (${before.who})`;
});

ok = ok && await check(`live ${file}: typing moves the keyboard task's diagram`, async () => {
  const events = await num("data-events");
  await page.click("[data-keyboard-target] [data-screen]");
  await page.keyboard.type("hi", { delay: 60 });
  const after = await until("a new data-active value on the keyboard task's diagram", async () => {
    const a = await active();
    return a && a.who !== before.who ? a : null;
  });
  const grew = await num("data-events");
  if (grew <= events) throw new Error(`data-events did not grow (${events} -> ${grew})`);
  if (!after.trail) throw new Error("no transition is lit (no edge with data-trail=\"1\")");
  return `data-active ${JSON.stringify(before.who)} -> ${JSON.stringify(after.who)} at state ${after.state}, ` +
    `last transition ${after.trail}, data-events ${events} -> ${grew}`;
}) && ok;

// Pause, then a key: the executor stops before polling the keyboard task.
// Each Step must be followed by exactly one poll and the echo of the key.
ok = ok && await check(`live ${file}: step mode, one poll per step`, async () => {
  const notes = [];
  await page.click("[data-live-pause]");
  for (const key of ["x", "y"]) {
    const mark = (await serial()).length;
    await page.click("[data-keyboard-target] [data-screen]");
    await page.keyboard.type(key);
    await until(`the executor to stop before a poll (data-paused) after typing ${key}`, () => attr("[data-trace]", "data-paused"));
    const polls = await num("data-polls");
    await sleep(QUIET_MS);
    if ((await num("data-polls")) !== polls) throw new Error(`paused, yet polls went ${polls} -> ${await num("data-polls")}`);
    if ((await serial()).slice(mark).includes(key)) throw new Error(`${key} was echoed while the executor was paused`);
    await page.click("[data-live-step]");
    await until(`the poll that Step allows (data-polls ${polls + 1})`, async () => (await num("data-polls")) > polls);
    await sleep(QUIET_MS);
    const now = await num("data-polls");
    if (now !== polls + 1) throw new Error(`one Step gave ${now - polls} polls (${polls} -> ${now})`);
    await until(`the echo of ${key} after the step`, async () => (await serial()).slice(mark).includes(key));
    notes.push(`${key}: polls ${polls} -> ${now}`);
  }
  await page.click("[data-live-run]");
  const mark = (await serial()).length;
  await page.click("[data-keyboard-target] [data-screen]");
  await page.keyboard.type("z");
  await until("the echo of z after Run", async () => (await serial()).slice(mark).includes("z"));
  if (await attr("[data-trace]", "data-paused")) throw new Error("still paused after Run");
  return notes.join("; ") + "; Run: z echoed without a step";
}) && ok;

if (ok) await check(`live ${file}: fits a phone-sized screen`, async () => {
  await page.setViewportSize({ width: 375, height: 740 });
  await sleep(500);
  const r = await page.evaluate(() => {
    const v = document.querySelector("[data-trace]"), c = v.querySelector("canvas"), b = v.querySelector("[data-live-step]");
    return { page: document.documentElement.scrollWidth - innerWidth, view: v.getBoundingClientRect().right - innerWidth,
      canvas: c.getBoundingClientRect().width, button: b.getBoundingClientRect().height };
  });
  if (r.page > 1) throw new Error(`the page scrolls sideways by ${r.page} px`);
  if (r.view > 1) throw new Error(`the live view sticks out by ${r.view} px`);
  if (r.button < 32) throw new Error(`the Step button is ${r.button} px high, too small to tap`);
  return `timeline ${Math.round(r.canvas)} px wide, buttons ${Math.round(r.button)} px high`;
});

await context.close().catch(() => {});
server.close();
fs.rmSync(userDataDir, { recursive: true, force: true });
finish();
