'use strict';
/**
 * Where the CPU went, over every .cpuprofile in a directory (tools/profile/preload.js writes them;
 * `--cpu-prof` profiles work too):
 *   node tools/profile/summarize.js /tmp/prof                      self time by package or workspace folder
 *   node tools/profile/summarize.js /tmp/prof --by=function        … by function
 *   node tools/profile/summarize.js /tmp/prof --inclusive=a,b      time of samples with a or b on the stack
 *   node tools/profile/summarize.js /tmp/prof --callers=fn         fn's time by the frames that called it
 * --window=<from>-<to> keeps the samples taken in that span of the monotonic clock, in µs (what
 * the benches print as their "window"; a `--cpu-prof` profile's timestamps are on the same clock).
 * --only=<text> keeps the files whose name contains it (processChild: Jest's workers), --top=N
 * (default 40), --depth=N frames of callers (default 4). Idle time and the preload's own profile
 * writes (`dispatch`) are left out.
 */
const fs = require('node:fs');
const path = require('node:path');

const [dir, ...flags] = process.argv.slice(2);
if (!dir) throw new Error('usage: summarize.js <directory of .cpuprofile files> [--by=function] [--inclusive=f,g] [--callers=f] [--only=text] [--top=N]');
const flag = (name, fallback) => {
  const found = flags.find((f) => f.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3) : fallback;
};
const byFunction = flag('by', 'package') === 'function';
const only = flag('only', '');
const top = Number(flag('top', 40));
const inclusive = flag('inclusive', '').split(',').filter(Boolean);
const callersOf = flag('callers', '');
const depth = Number(flag('depth', 4));
const windowFlag = flag('window', '');
/** [from, to] in µs of the monotonic clock, or null for the whole profile. */
const window = windowFlag ? windowFlag.split('-').map(Number) : null;
const root = path.resolve(__dirname, '../..') + path.sep;

function place(frame) {
  const url = (frame.url || '').replace(/^file:\/\//, '');
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return url.split('/')[0];
  const local = url.replace(root, '');
  const folder = local.match(/^(apps\/[^/]+|libs\/[^/]+|test|tools\/[^/]+)/);
  return folder ? folder[1] : local;
}

const label = (frame) => (byFunction ? `${place(frame)} ${frame.functionName || '(anonymous)'}` : place(frame));
const skipped = (frame) => frame.functionName === '(idle)' || (frame.functionName === 'dispatch' && !frame.url);
const totals = new Map();
const add = (key, us) => totals.set(key, (totals.get(key) || 0) + us);
let all = 0;

for (const file of fs.readdirSync(dir)) {
  if (!file.endsWith('.cpuprofile') || !file.includes(only)) continue;
  const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const self = new Map();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] || 0;
    if (window && (at < window[0] || at > window[1])) return;
    self.set(id, (self.get(id) || 0) + (profile.timeDeltas[i] || 0));
  });
  const stack = (id) => {
    const frames = [];
    for (let at = id; at !== undefined; at = parent.get(at)) frames.push(nodes.get(at).callFrame);
    return frames; // innermost first
  };
  for (const [id, us] of self) {
    const frame = nodes.get(id).callFrame;
    if (skipped(frame)) continue;
    all += us;
    if (inclusive.length) {
      const names = new Set(stack(id).map((f) => f.functionName));
      for (const name of inclusive) if (names.has(name)) add(name, us);
    } else if (callersOf) {
      const frames = stack(id);
      const at = frames.map((f) => f.functionName).lastIndexOf(callersOf); // the outermost call
      if (at < 0) continue;
      const chain = frames
        .slice(at + 1, at + 1 + depth)
        .map((f) => `${f.functionName || '(anonymous)'}@${(f.url || '').split('/').slice(-2).join('/')}:${f.lineNumber + 1}`);
      add(chain.join(' < ') || '(root)', us);
    } else add(label(frame), us);
  }
}

console.log(`busy ${(all / 1e6).toFixed(1)} s`);
for (const [key, us] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${(us / 1e6).toFixed(1).padStart(8)} s ${((100 * us) / all).toFixed(1).padStart(5)} %  ${key}`);
}
