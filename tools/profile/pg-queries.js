/**
 * Every statement a process sends through `pg`, with the time it was sent, written at exit:
 *   PG_QUERIES_FILE=/tmp/q.json node -r ./tools/profile/pg-queries.js -r @swc-node/register tools/bench/flow.bench.ts
 * then count them over a bench's printed window (monotonic µs, as `--window` of summarize.js):
 *   node tools/profile/pg-queries.js /tmp/q.json --window=<from>-<to> [--per=120] [--top=40]
 * `--per` divides the total by that many units (the flow's posts). The statement text is cut to its
 * first 80 characters and grouped by it; parameters are never recorded.
 */
'use strict';
const fs = require('node:fs');

if (require.main === module) {
  const [file, ...flags] = process.argv.slice(2);
  if (!file) throw new Error('usage: pg-queries.js <file> [--window=<from>-<to>] [--per=N] [--top=N]');
  const flag = (name, fallback) => {
    const found = flags.find((f) => f.startsWith(`--${name}=`));
    return found ? found.slice(name.length + 3) : fallback;
  };
  const window = flag('window', '') ? flag('window', '').split('-').map(Number) : null;
  const per = Number(flag('per', 0));
  const top = Number(flag('top', 40));
  const sent = JSON.parse(fs.readFileSync(file, 'utf8')).filter(([at]) => !window || (at >= window[0] && at <= window[1]));
  const counts = new Map();
  for (const [, text] of sent) counts.set(text, (counts.get(text) || 0) + 1);
  console.log(`statements ${sent.length}${per ? `, ${(sent.length / per).toFixed(1)} per unit` : ''}`);
  for (const [text, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${String(n).padStart(7)}  ${text}`);
} else {
  const out = process.env.PG_QUERIES_FILE || '/tmp/pg-queries.json';
  const { Client } = require('pg');
  const sent = [];
  const query = Client.prototype.query;
  Client.prototype.query = function (config, ...rest) {
    const text = typeof config === 'string' ? config : config && config.text;
    sent.push([
      Number(process.hrtime.bigint() / 1000n),
      String(text || '')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 80),
    ]);
    return query.call(this, config, ...rest);
  };
  process.on('exit', () => fs.writeFileSync(out, JSON.stringify(sent)));
}
