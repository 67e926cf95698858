/**
 * Every statement a process sends through `pg`, with the time it was sent, written at exit:
 *   PG_QUERIES_FILE=/tmp/q.json node -r ./tools/profile/pg-queries.js -r @swc-node/register tools/bench/flow.bench.ts
 * then count them over a bench's printed window (monotonic µs, as `--window` of summarize.js):
 *   node tools/profile/pg-queries.js /tmp/q.json --window=<from>-<to> [--per=120] [--top=40]
 * Every process of a system: PG_QUERIES_FILE=/tmp/q-%p.json NODE_OPTIONS="--require $PWD/tools/profile/pg-queries.js"
 * (`%p` becomes each process's id; BENCH_TOPOLOGY=processes npm run bench:flow passes both on).
 * `--per` divides the total by that many units (the flow's posts). The statement text is cut to its
 * first 80 characters and grouped by it; parameters are never recorded. `--transactions` counts the
 * transactions instead, by their statements in order (each client's from START TRANSACTION to its
 * COMMIT or ROLLBACK): a transaction of one statement is two round trips more than it needs.
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
  if (flags.includes('--transactions')) {
    const open = new Map();
    const shapes = new Map();
    for (const [, text, client] of sent) {
      if (/^(START TRANSACTION|BEGIN)/i.test(text)) open.set(client, []);
      else if (/^(COMMIT|ROLLBACK)/i.test(text) && open.has(client)) {
        const shape = `${open.get(client).length} statement(s): ${open.get(client).join(' | ')} | ${text}`;
        shapes.set(shape, (shapes.get(shape) || 0) + 1);
        open.delete(client);
      } else if (open.has(client)) open.get(client).push(text.slice(0, 50));
    }
    const total = [...shapes.values()].reduce((a, b) => a + b, 0);
    console.log(`transactions ${total}${per ? `, ${(total / per).toFixed(1)} per unit` : ''}`);
    for (const [shape, n] of [...shapes].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${String(n).padStart(7)}  ${shape}`);
    return;
  }
  const counts = new Map();
  for (const [, text] of sent) counts.set(text, (counts.get(text) || 0) + 1);
  console.log(`statements ${sent.length}${per ? `, ${(sent.length / per).toFixed(1)} per unit` : ''}`);
  for (const [text, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${String(n).padStart(7)}  ${text}`);
} else {
  // `%p` in the name is the process id: one file per process when several are recorded (NODE_OPTIONS).
  const out = (process.env.PG_QUERIES_FILE || '/tmp/pg-queries.json').replace('%p', String(process.pid));
  const { Client } = require('pg');
  const sent = [];
  const clients = new WeakMap();
  let nextClient = 0;
  const query = Client.prototype.query;
  Client.prototype.query = function (config, ...rest) {
    const text = typeof config === 'string' ? config : config && config.text;
    if (!clients.has(this)) clients.set(this, ++nextClient);
    sent.push([
      Number(process.hrtime.bigint() / 1000n),
      String(text || '')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 80),
      clients.get(this),
    ]);
    return query.call(this, config, ...rest);
  };
  process.on('exit', () => fs.writeFileSync(out, JSON.stringify(sent)));
}
