// trace-check.mjs -- make trace's output is what Perfetto needs: JSON in
// the Chrome Trace Event format with, for every task of the run, its
// poll slices, and for every task that was spawned, the wake flow that
// led to a poll. One PASS/FAIL line per file (tangle/mk/trace.mk).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

for (const file of process.argv.slice(2)) {
  const name = `trace/${basename(file, '.json')}`;
  let doc;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.log(`FAIL ${name}: not JSON: ${e.message}`);
    continue;
  }
  const ev = doc.traceEvents || [];
  const lanes = new Map();   // tid -> lane name
  for (const e of ev)
    if (e.ph === 'M' && e.name === 'thread_name' && e.tid > 2) lanes.set(e.tid, e.args.name);
  const slices = new Set(ev.filter(e => e.ph === 'X' && e.cat === 'poll').map(e => e.tid));
  // The busy executor (chapter 13) polls without being asked: its tasks have
  // no wakes, by design.
  const spawned = new Set(ev.filter(e => e.ph === 'i' && e.name === 'spawn' && e.args.executor !== 'busy').map(e => e.tid));
  const starts = new Set(ev.filter(e => e.ph === 's').map(e => e.id));
  const flowTo = new Set(ev.filter(e => e.ph === 'f' && starts.has(e.id)).map(e => e.tid));
  const bad = [];
  if (lanes.size === 0) bad.push('no task at all');
  for (const [tid, lname] of lanes) {
    if (!slices.has(tid)) bad.push(`${lname}: no poll slice`);
    if (spawned.has(tid) && !flowTo.has(tid)) bad.push(`${lname}: spawned, but no wake flow ends at a poll`);
  }
  if (bad.length) console.log(`FAIL ${name}: ${bad.slice(0, 5).join('; ')}`);
  else console.log(`PASS ${name}: ${lanes.size} tasks, ${ev.filter(e => e.ph === 'X' && e.cat === 'poll').length} polls, ${starts.size} wakes`);
}
