// shell.mjs: the last checkpoint boots in the page with its disk, and its
// shell works there (issue 16), in headless Chromium.
//
//   node tests/browser/shell.mjs [--site DIR] [--page chNN]
//
// Opens the last chapter's page (the highest chNN-*.html; --page picks
// another), checks that its Boot button carries a disk image, boots it,
// waits for the file system's lines on COM1 (the shell formats the
// in-memory disk on the page's first boot), then types shell commands
// into the machine box as a reader would and checks what COM1 prints
// between each command's echo and the next prompt:
//
//   write a hello   nothing (no error)
//   ls              a line "  a  5 bytes"
//   cat a           "hello"
//   rm a            nothing (no error)
//   ls              no line for a
//   fsck            0 errors, 0 leaks
//
// The timeouts only catch a hang (the emulator on a busy machine is slow);
// no verdict depends on speed. Prints PASS/FAIL lines and `N passed, N
// failed` like run.mjs; exits 1 on any failure.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../../tangle/site/serve.mjs";
import { sleep, until as waitUntil, verdicts } from "./harness.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../..");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const BOOT_TIMEOUT_MS = Number(process.env.BOOT_TIMEOUT_MS) || 180000;
const WAIT_MS = Number(process.env.WAIT_MS) || 120000;

let site = path.join(REPO, "build/site");
let chapter = null;
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === "--site") site = path.resolve(process.argv[++i]);
  else if (a === "--page") chapter = process.argv[++i];
  else { console.error("usage: node tests/browser/shell.mjs [--site DIR] [--page chNN]"); process.exit(2); }
}

const { pass, fail, check, finish } = verdicts();
const until = (what, fn, ms = WAIT_MS) => waitUntil(what, fn, ms);

const pages = fs.readdirSync(site).filter((f) => /^ch\d\d-.*\.html$/.test(f) && !/-changes\.html$/.test(f)).sort();
const file = chapter ? pages.find((f) => f.startsWith(chapter + "-")) : pages[pages.length - 1];
if (!file) {
  fail("shell", `no ${chapter || "ch"}NN-*.html page in ${site}`);
  finish();
}
const T = `shell ${file.replace(/\.html$/, "")}`;

const { server, url: base } = await startServer(site, { port: 0 });
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wakeful-shell-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 900 }, reducedMotion: "reduce",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const page = await context.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(e.message));
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });

// COM1 as the page shows it, without carriage returns.
const serial = async () => ((await page.textContent("[data-serial]")) || "").replace(/\r/g, "");

let ok = await check(`${T}: the Boot button carries the checkpoint's disk`, async () => {
  await page.goto(base + file, { waitUntil: "networkidle", timeout: 60000 });
  const disk = await page.getAttribute("[data-boot]", "data-disk");
  if (!disk) throw new Error("the Boot button has no data-disk");
  const r = await page.request.head(new URL(disk, base + file).href);
  if (!r.ok()) throw new Error(`the disk image ${disk} is missing (HTTP ${r.status()})`);
  return `${disk}, ${r.headers()["content-length"]} bytes`;
});

ok = ok && await check(`${T}: boots in the page and mounts a file system from the disk`, async () => {
  await page.click("[data-boot]");
  await until("the kernel's first output", () => page.$("[data-boot-panel][data-t-output]"), BOOT_TIMEOUT_MS);
  // The shell starts when the kernel has started its tasks: a file
  // system line, then the check's line.
  const text = await until("an \"fs: \" line and an \"fsck: \" line on COM1",
    async () => { const s = await serial(); return /^fs: no disk/m.test(s) || (/^fs: /m.test(s) && /^fsck: /m.test(s)) ? s : null; }, BOOT_TIMEOUT_MS);
  if (/^fs: no disk/m.test(text)) throw new Error(`the kernel found no disk: ${text.match(/^fs: .*$/m)[0]}`);
  // Let the boot settle: COM1 quiet for 3 s (longer than the uptime
  // task's 2 s period), at most 60 s. Background lines that still come
  // later are taken out of the commands' output (BACKGROUND).
  let n = text.length, quiet = Date.now();
  for (const t = Date.now(); Date.now() - t < 60000 && Date.now() - quiet < 3000;) {
    await sleep(100);
    const m = (await serial()).length;
    if (m !== n) { n = m; quiet = Date.now(); }
  }
  if (errors.length) throw new Error(errors.slice(0, 3).join("; "));
  return `${text.match(/^fs: .*$/m)[0]}; ${text.match(/^fsck: .*$/m)[0]}`;
});

let watchdogReports = 0, otherLines = 0;
// Lines that other tasks and threads print on their own schedule, which
// can land between a command's echo and its prompt, or in the echo
// itself: chapter 15's uptime task, chapter 17's crunch thread, and
// chapter 17's watchdog, which may report the keyboard task while a
// command waits for the disk (the shell runs its commands in that task,
// chapter 19 says what that costs; v86's clock is the host's, so whether
// a command outlasts the 50 ms budget depends on the host's speed). Each
// is printed as "\n...\n" wherever it lands; it is taken out and counted,
// never a verdict.
const BACKGROUND = /\n(watchdog: |crunch: |\[uptime )[^\n]*\n/g;
const quietly = (s) => s.replace(BACKGROUND, "");

// run CMD: type the line into the machine box and press Enter; returns
// what COM1 printed between the echoed line and the next prompt.
async function run(cmd) {
  const start = (await serial()).length;
  await page.click("[data-keyboard-target] [data-screen]");
  await page.keyboard.type(cmd, { delay: 40 });
  await page.keyboard.press("Enter");
  const echo = cmd + "\n";
  const fresh = await until(`the echo of "${cmd}" and the next prompt`, async () => {
    const s = (await serial()).slice(start);
    const q = quietly(s);
    const i = q.indexOf(echo);
    return i >= 0 && q.indexOf("wakeful> ", i + echo.length) >= 0 ? s : null;
  }).catch(async (e) => { throw new Error(`${e.message}; COM1 got ${JSON.stringify((await serial()).slice(start, start + 200))}`); });
  for (const m of fresh.matchAll(BACKGROUND)) {
    if (m[1] === "watchdog: ") watchdogReports++;
    else otherLines++;
  }
  const q = quietly(fresh);
  const after = q.slice(q.indexOf(echo) + echo.length);
  return after.slice(0, after.indexOf("wakeful> "));
}

const steps = [
  ["write a hello", (out) => out === "" || `expected no output, got ${JSON.stringify(out)}`],
  ["ls", (out) => /^  a  5 bytes$/m.test(out) || `expected a line "  a  5 bytes", got ${JSON.stringify(out)}`],
  ["cat a", (out) => out === "hello\n" || `expected "hello", got ${JSON.stringify(out)}`],
  ["rm a", (out) => out === "" || `expected no output, got ${JSON.stringify(out)}`],
  ["ls", (out) => !/^  a[ /]/m.test(out) || `a is still listed: ${JSON.stringify(out)}`],
  ["fsck", (out) => /^fsck: .* 0 errors, 0 leaks$/m.test(out) || `expected 0 errors, 0 leaks, got ${JSON.stringify(out)}`],
];
for (const [cmd, want] of steps) {
  ok = ok && await check(`${T}: ${cmd}`, async () => {
    const out = await run(cmd);
    const verdict = want(out);
    if (verdict !== true) throw new Error(verdict);
    if (errors.length) throw new Error(errors.slice(0, 3).join("; "));
    return out ? JSON.stringify(out.trimEnd()) : "no output";
  });
}
console.log(`# during the commands: ${watchdogReports} watchdog reports, ${otherLines} other background lines (not verdicts: see BACKGROUND)`);
if (!ok) console.log(`# COM1:\n${(await serial()).split("\n").slice(-30).join("\n")}`);

await context.close();
server.close();
fs.rmSync(userDataDir, { recursive: true, force: true });
finish();
