'use strict';
/**
 * CPU seconds per kind of process over a run, read from /proc/<pid>/stat every second:
 *   node tools/profile/proc-cpu.js /tmp/proc-cpu.txt &  …the run…  ; kill %1
 * On SIGTERM it writes "<seconds>\t<kind>" lines, largest first, to the file named. A kind is the
 * executable (postgres, beam.smp for RabbitMQ, chromium) or, for Node.js, node:<script>. Processes
 * that lived less than a second may be missed, and the last second of one that exits is.
 */
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

const out = process.argv[2];
if (!out) throw new Error('usage: proc-cpu.js <output file>');
const ticks = Number(execFileSync('getconf', ['CLK_TCK']).toString());
const seen = new Map();
const atStart = new Map();

function kindOf(pid) {
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const exe = (argv[0] || '?').split('/').pop();
    if (exe !== 'node') return exe.split(' ')[0];
    const script = argv.slice(1).find((a) => !a.startsWith('-') && /\.(c|m)?(j|t)s$/.test(a));
    return `node:${script ? script.split('/').pop() : '?'}`;
  } catch {
    return '?';
  }
}

function sample() {
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const key = `${pid}:${fields[19]}`; // pid and start time: a reused pid is another process
      let entry = seen.get(key);
      if (!entry) seen.set(key, (entry = { kind: kindOf(pid), cpu: 0 }));
      entry.cpu = (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      // Gone between the listing and the read.
    }
  }
}

sample();
for (const [key, entry] of seen) atStart.set(key, entry.cpu);
setInterval(sample, 1000);
process.on('SIGTERM', () => {
  sample();
  const byKind = new Map();
  for (const [key, entry] of seen) byKind.set(entry.kind, (byKind.get(entry.kind) || 0) + entry.cpu - (atStart.get(key) || 0));
  const lines = [...byKind].filter(([, s]) => s >= 0.5).sort((a, b) => b[1] - a[1]);
  fs.writeFileSync(out, lines.map(([kind, s]) => `${s.toFixed(1)}\t${kind}`).join('\n') + '\n');
  process.exit(0);
});
