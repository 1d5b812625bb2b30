// bench.mjs: the website's boot benchmark (make bench-site).
//
//   node tests/browser/bench.mjs [--site DIR] [--runs N] [--out FILE] [--only WORD]
//
// For every chapter page with a Boot button, opens the page in headless
// Chromium RUNS times (default 3), clicks Boot and times the click to the
// kernel's first output: the first COM1 byte (book.js stamps it on the
// panel as data-t-serial), or, for a kernel without a serial driver, the
// first line starting "Wakeful" on the VGA screen (polled every 20 ms).
// It also records how the page booted the kernel (data-boot-via):
// "multiboot" (the ELF file through v86's own loader, the fast path) or
// "cdrom" (the GRUB ISO, the fallback).
// It prints one line per chapter, the median against the bound, and writes
// FILE (default build/bench/site.json).
//
// This is a benchmark, not a test: the host's speed decides these figures,
// so they are reported against the bound and never fail make test. The
// bound (issue 15: under 1 s median) holds on an idle machine; the JSON
// records the load average so a reader can tell an idle run from a busy
// one. With STRICT=1 the exit status is 1 when a median is over its bound.

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
const BOUND_MS = 1000;          // issue 15: click to first output, median, idle machine
const HANG_MS = 180000;
// The steps book.js stamps on the panel (data-t-STEP, ms after the click):
// the kernel's ELF file fetched, the emulator's WebAssembly compiled,
// everything loaded, the emulator ready (the first instruction comes next).
const STEPS = ["kernel", "wasm", "loaded", "ready"];         // a boot that shows nothing by then is reported as hung

let site = path.join(REPO, "build/site");
let out = path.join(REPO, "build/bench/site.json");
let runs = 3, only = null;
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === "--site") site = path.resolve(process.argv[++i]);
  else if (a === "--out") out = path.resolve(process.argv[++i]);
  else if (a === "--runs") runs = Math.max(1, Number(process.argv[++i]) || 3);
  else if (a === "--only") only = process.argv[++i];
  else {
    console.error("usage: node tests/browser/bench.mjs [--site DIR] [--runs N] [--out FILE] [--only WORD]");
    process.exit(2);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (ms) => (ms === null ? "-" : `${(ms / 1000).toFixed(2)} s`);
const median = (xs) => {
  const s = xs.filter((x) => x !== null).sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : Math.round((s[s.length / 2 - 1] + s[s.length / 2]) / 2);
};

const pages = fs.readdirSync(site).filter((f) => /^ch\d+.*\.html$/.test(f) && (!only || f.includes(only))).sort();
const { server, url: base } = await startServer(site, { port: 0 });
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wakeful-bench-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 900 },
});
const loadBefore = os.loadavg()[0];

async function bootOnce(file) {
  const page = await context.newPage();
  try {
    await page.goto(base + file, { waitUntil: "networkidle", timeout: 60000 });
    // On a busy machine "networkidle" can come while the parser is still
    // working through the page: wait for the whole document.
    await page.waitForFunction(() => document.readyState === "complete", null, { timeout: 60000 });
    if (!(await page.$("[data-boot]"))) return null;
    await page.click("[data-boot]");
    const t0 = Date.now();
    while (Date.now() - t0 < HANG_MS) {
      const r = await page.evaluate((STEPS) => {
        const panel = document.querySelector("[data-boot-panel]");
        const screen = (document.querySelector("[data-screen]") || {}).innerText || "";
        return {
          serial: panel.getAttribute("data-t-serial"),
          ready: panel.getAttribute("data-t-ready"),
          screen: /(^|\n)\s*Wakeful/.test(screen),
          state: panel.getAttribute("data-state"),
          via: panel.getAttribute("data-boot-via"),
          steps: Object.fromEntries(STEPS.map((k) => [k, panel.getAttribute("data-t-" + k)])
            .filter((kv) => kv[1] !== null).map((kv) => [kv[0], Number(kv[1])])),
          instructions: panel.getAttribute("data-i-output"),
        };
      }, STEPS);
      if (r.serial !== null) return { first: Number(r.serial), ready: Number(r.ready), where: "serial", via: r.via, steps: r.steps,
        instructions: r.instructions === null ? null : Number(r.instructions) };
      if (r.screen) return { first: Date.now() - t0, ready: Number(r.ready), where: "screen", via: r.via, steps: r.steps,
        instructions: r.instructions === null ? null : Number(r.instructions) };
      if (r.state === "error") throw new Error("the boot panel reported an error");
      await sleep(20);
    }
    return { first: null, ready: null, where: "hung", via: null };
  } finally {
    await page.close();
  }
}

const chapters = [];
let over = 0;
for (const file of pages) {
  const times = [], readies = [], steps = {}, instructions = [];
  let where = "", via = "";
  for (let r = 0; r < runs; r++) {
    const b = await bootOnce(file);
    if (!b) break;
    times.push(b.first);
    readies.push(b.ready);
    for (const [k, v] of Object.entries(b.steps || {})) (steps[k] = steps[k] || []).push(v);
    if (b.instructions !== null && b.instructions !== undefined) instructions.push(b.instructions);
    where = b.where;
    via = b.via || via;
  }
  if (!times.length) continue;
  const m = median(times);
  const within = m !== null && m < BOUND_MS;
  if (!within) over++;
  chapters.push({ page: file, runs: times, median_ms: m, emulator_ready_median_ms: median(readies),
    first_output_on: where,
    steps_median_ms: Object.fromEntries(STEPS.filter((k) => steps[k]).map((k) => [k, median(steps[k])])),
    instructions_to_first_output: median(instructions), boot_via: via, bound_ms: BOUND_MS, within_bound: within });
  console.log(`${within ? "WITHIN" : "OVER  "} ${file}: click to first ${where} output ${secs(m)} median ` +
    `(${times.map(secs).join(", ")}); ` +
    STEPS.filter((k) => steps[k]).map((k) => `${k} ${secs(median(steps[k]))}`).join(", ") +
    `; ${median(instructions) ?? "?"} instructions; via ${via}; bound ${secs(BOUND_MS)}`);
}

const medians = chapters.map((c) => c.median_ms).filter((x) => x !== null);
const report = {
  what: "click on Boot to the kernel's first output, in headless Chromium, per chapter page",
  bound_ms: BOUND_MS,
  bound_note: "median under the bound on an idle machine (issue 15); a benchmark, not a test",
  runs_per_chapter: runs,
  load_average_before: Number(loadBefore.toFixed(2)),
  load_average_after: Number(os.loadavg()[0].toFixed(2)),
  cpus: os.cpus().length,
  date: new Date().toISOString(),
  chapters,
  overall_median_ms: median(medians),
  chapters_over_bound: over,
};
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
console.log(`# site boot: ${chapters.length - over} of ${chapters.length} chapters within ${secs(BOUND_MS)} ` +
  `(median of medians ${secs(report.overall_median_ms)}; load average ${report.load_average_before} before, ` +
  `${report.load_average_after} after); wrote ${path.relative(process.cwd(), out)}`);

await context.close().catch(() => {});
server.close();
fs.rmSync(userDataDir, { recursive: true, force: true });
process.exit(process.env.STRICT === "1" && over ? 1 : 0);
