// Summarises a V8 .cpuprofile (DashboardRateTests with TE_DASHBOARD_PAGE_PROFILE=FILE): the main thread's time by
// function (self and total), heaviest first. Usage: node scripts/profile-summary.mjs FILE [TOP]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) { console.error('usage: node scripts/profile-summary.mjs FILE.cpuprofile [TOP]'); process.exit(2); }
const top = Number(topArg ?? 25);
const p = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map(), total = new Map();
const name = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url ? n.callFrame.url.split('/').pop() + ':' + (n.callFrame.lineNumber + 1) + ':' + (n.callFrame.columnNumber + 1) : ''}`.trim();
let all = 0;
for (let i = 0; i < p.samples.length; i++) {
  const dt = (p.timeDeltas[i + 1] ?? 0) / 1000; // ms until the next sample
  all += dt;
  let n = byId.get(p.samples[i]);
  self.set(name(n), (self.get(name(n)) ?? 0) + dt);
  const seen = new Set();
  for (let id = n.id; id !== undefined; id = parent.get(id)) {
    const k = name(byId.get(id));
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + dt);
  }
}
const show = (title, m) => {
  console.log(`${title} (of ${all.toFixed(0)} ms sampled)`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${v.toFixed(0).padStart(8)} ms ${(100 * v / all).toFixed(1).padStart(5)}%  ${k}`);
};
show('self time', self);
show('total time', total);
