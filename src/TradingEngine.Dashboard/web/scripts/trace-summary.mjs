// Summarises a Chromium trace (DashboardRateTests with TE_DASHBOARD_PAGE_TRACE=FILE): the self time of each kind of
// event on the page's main thread (CrRendererMain), heaviest first. Usage: node scripts/trace-summary.mjs FILE [TOP]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) { console.error('usage: node scripts/trace-summary.mjs FILE.json [TOP]'); process.exit(2); }
const top = Number(topArg ?? 25);
const raw = JSON.parse(readFileSync(file, 'utf8'));
const events = Array.isArray(raw) ? raw : raw.traceEvents;
const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
const xs = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`) && typeof e.dur === 'number').sort((a, b) => a.ts - b.ts || b.dur - a.dur);
const self = new Map();
const stack = [];
let busy = 0;
for (const e of xs) {
  while (stack.length > 0 && stack[stack.length - 1].end <= e.ts) stack.pop();
  const parent = stack[stack.length - 1];
  if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.dur);
  else busy += e.dur;
  self.set(e.name, (self.get(e.name) ?? 0) + e.dur);
  stack.push({ name: e.name, end: e.ts + e.dur });
}
console.log(`main thread busy ${(busy / 1000).toFixed(0)} ms; self time by event:`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(v / 1000).toFixed(0).padStart(8)} ms ${(100 * v / busy).toFixed(1).padStart(5)}%  ${k}`);
