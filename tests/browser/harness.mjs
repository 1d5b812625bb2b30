// harness.mjs: what the browser tests (live.mjs, shell.mjs) share: their
// verdict lines, `PASS name (note)` / `FAIL name: why` and the closing
// `N passed, N failed` that the make fragments count, and a wait for a
// condition whose only timeout is a hang timeout (a verdict never depends
// on how fast the host is).
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function verdicts() {
  const v = { passed: 0, failed: 0 };
  v.pass = (name, note) => {
    v.passed++;
    console.log(`PASS ${name}${note ? ` (${note})` : ""}`);
  };
  v.fail = (name, why) => {
    v.failed++;
    console.log(`FAIL ${name}: ${String(why && why.message || why).replace(/\s+/g, " ").slice(0, 600)}`);
  };
  v.check = async (name, fn) => {
    try { const note = await fn(); v.pass(name, note); return true; } catch (e) { v.fail(name, e); return false; }
  };
  v.finish = () => {
    console.log(`${v.passed} passed, ${v.failed} failed`);
    process.exit(v.failed ? 1 : 0);
  };
  return v;
}

// Polls fn every 100 ms until it returns something truthy, which it returns;
// after ms milliseconds it throws "timed out ... waiting for WHAT".
export async function until(what, fn, ms) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await sleep(100);
  }
}
