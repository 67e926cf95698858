'use strict';
/**
 * CPU profiles of every Node.js process of a run, long-lived ones included:
 *   PROF_DIR=/tmp/prof NODE_OPTIONS="--require $PWD/tools/profile/preload.js" npm test
 * (`--cpu-prof` cannot go in NODE_OPTIONS, and a process that is killed never writes its profile.)
 * The V8 profiler starts when the process does; a profile is written to PROF_DIR every
 * PROF_CHUNK_S seconds (default 20) and at exit, as <script>-<pid>-<n>.cpuprofile, so a worker
 * that runs for minutes and is then killed loses at most one chunk. Sampling every
 * PROF_INTERVAL_US microseconds (default 2000). Summarise with tools/profile/summarize.js.
 * Writing a chunk costs the process a pause ("dispatch" in its own profile: leave it out).
 */
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.PROF_DIR || '/tmp/prof';
fs.mkdirSync(dir, { recursive: true });
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: Number(process.env.PROF_INTERVAL_US || 2000) });
session.post('Profiler.start');
const script = path.basename(process.argv[1] || 'node').replace(/[^\w.-]/g, '_');
let chunk = 0;
let ended = false;

function write(restart) {
  // In-process inspector calls answer synchronously, so this also works in an 'exit' listener.
  session.post('Profiler.stop', (err, result) => {
    if (!err) {
      try {
        fs.writeFileSync(path.join(dir, `${script}-${process.pid}-${chunk++}.cpuprofile`), JSON.stringify(result.profile));
      } catch {
        // A full disk or a removed directory loses this chunk, not the run.
      }
    }
    if (restart) session.post('Profiler.start');
  });
}

setInterval(() => write(true), Number(process.env.PROF_CHUNK_S || 20) * 1000).unref();
process.on('exit', () => {
  if (ended) return;
  ended = true;
  write(false);
});
