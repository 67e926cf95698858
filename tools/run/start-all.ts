/**
 * `npm run start:all`: the six apps as six processes on RabbitMQ, PostgreSQL and Redis (local use;
 * production runs them under Compose or Helm). Needs AMQP_URL, DATABASE_URL, REDIS_URL, JWT_SECRET.
 * The gateway listens on PORT (3000); agents serve health and metrics on PORT+1 … PORT+5.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const APPS = ['auth-agent', 'brand-agent', 'strategy-agent', 'creation-agent', 'publishing-agent', 'gateway'];
const basePort = Number(process.env.PORT ?? 3000);
const children: ChildProcess[] = [];

APPS.forEach((app, i) => {
  const port = app === 'gateway' ? basePort : basePort + 1 + i;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join('apps', app, 'src', 'main.ts')], {
    env: { ...process.env, PORT: String(port) },
    stdio: 'inherit',
  });
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) {
      process.stderr.write(`${app} exited with code ${code}; stopping the others\n`);
      for (const c of children) c.kill('SIGTERM');
      process.exitCode = code;
    }
  });
  children.push(child);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const c of children) c.kill(signal);
  });
}
