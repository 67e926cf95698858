import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { testAmqpUrl } from '../../../test/support/amqp';
import { eventually, MeshHarness } from './harness';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '../../../tools/cli/dlq.ts');

describe('dead-letter CLI (npm run dlq)', () => {
  let h: MeshHarness;
  beforeAll(async () => {
    h = await MeshHarness.create('amqp');
  });
  afterAll(async () => {
    await h.close();
  });

  const cli = (...args: string[]) =>
    run(process.execPath, ['-r', '@swc-node/register', CLI, ...args], {
      env: { ...process.env, DATABASE_URL: h.db.url, AMQP_URL: testAmqpUrl(), MESH_NAMESPACE: h.topology.namespace },
    });

  it('lists a dead letter with its reason and replays it to the agent', async () => {
    const worker = await h.node('worker-agent');
    let fixed = false;
    const done: string[] = [];
    worker.handlers.add({
      kind: 'task',
      type: 'report.build',
      options: {},
      handle: async (env) => {
        if (!fixed) throw new Error('template missing');
        done.push(env.message_id);
      },
    });
    await worker.start();
    const sender = await h.node('sender', { routes: { 'report.build': 'worker-agent' } });
    await sender.startSender();
    const sent = await sender.client.dispatch('report.build', {}, { maxRetries: 0 });
    const [dl] = await eventually(async () => {
      const rows = await worker.deadLetters.list();
      return rows.length ? rows : null;
    }, 'dead letter');

    const listed = await cli('list', 'worker-agent');
    expect(listed.stdout).toContain(dl.id);
    expect(listed.stdout).toContain('report.build');
    expect(listed.stdout).toContain('failed 1 times: template missing');
    expect(listed.stdout).toContain('1 dead letter(s)');

    fixed = true;
    const replayed = await cli('replay', 'worker-agent', dl.id);
    expect(replayed.stdout).toContain(`replayed ${dl.id} (report.build) to worker-agent`);
    await eventually(() => done.includes(sent.message_id), 'the replayed task to run');
    expect((await cli('list', 'worker-agent')).stdout).toContain('0 dead letter(s)');
  });

  it('names a missing setting and exits non-zero', async () => {
    const err = await run(process.execPath, ['-r', '@swc-node/register', CLI, 'list', 'x'], {
      env: { PATH: process.env.PATH },
    }).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toContain('setting DATABASE_URL');
  });
});
