/**
 * `marketing-team`: the command line of Marketing Team (ADR 139, docs/cli.md). API commands use a
 * personal access token (`login`); operator commands (`migrate`, `dlq`, `doctor`) read the same
 * settings as the apps. `--json` on every command; exit codes in docs/cli.md.
 */
import { createInterface } from 'node:readline/promises';
import { hostname } from 'node:os';
import { Command, CommanderError, Option } from 'commander';
import { ApiClient, type JobView } from '../../apps/gateway/src/mcp/api-client';
import { CliError, EXIT, exitCodeOf, output, type Output, table } from './commands/output';
import { apiUrl, configFile, forgetLogin, signedInClient, writeLogin } from './commands/session';

interface GlobalOptions {
  json?: boolean;
  url?: string;
}

const program = new Command('marketing-team')
  .description('Marketing Team from the command line: your brands, campaigns and posts; an MCP server for assistants; operator tasks.')
  .version('0.1.0')
  .option('--json', 'print one JSON document on stdout (the answer, or {"error": …})')
  .option('--url <url>', 'the API (default: MARKETING_TEAM_URL, the stored login, or http://localhost:3000)')
  .showHelpAfterError()
  .exitOverride();

const globals = (cmd: Command) => cmd.optsWithGlobals<GlobalOptions>();
const out = (cmd: Command) => output(Boolean(globals(cmd).json));
const client = (cmd: Command) => signedInClient(globals(cmd).url);

type Page<T> = { items: T[]; nextCursor: string | null };

/** Set by a command that leaves something running (the demo's own system). */
let keepRunning = false;

/** Runs an action; a failure prints its problem (as JSON with --json) and sets the exit code. */
function action<A extends unknown[]>(fn: (...args: [...A, Command]) => Promise<void>) {
  return async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    try {
      await fn(...(args as [...A, Command]));
    } catch (err) {
      fail(err, Boolean(globals(cmd).json));
    }
  };
}

function fail(err: unknown, json: boolean): void {
  const e = exitCodeOf(err);
  if (json) process.stdout.write(`${JSON.stringify({ error: { code: e.code, message: e.message, ...e.extra } }, null, 2)}\n`);
  else process.stderr.write(`marketing-team: ${e.message}${e.code !== 'INTERNAL' ? ` (${e.code})` : ''}\n`);
  process.exitCode = e.exitCode;
}

async function readSecret(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8').trim();
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return (await rl.question(prompt)).trim();
  } finally {
    rl.close();
  }
}

// ── sign-in ────────────────────────────────────────────────────────────────────────────────────

program
  .command('login')
  .description('store a personal access token (in your config folder, readable by you alone); with --email, sign in and make one')
  .option('--token <token>', 'a personal access token (mt_pat_…); omitted: read from stdin or asked for')
  .option('--email <email>', 'sign in with email and password (asked for, or from stdin) and create a token for this CLI')
  .addOption(new Option('--scopes <scopes...>', 'scopes of the token made with --email').default(['read', 'write', 'publish', 'ai']))
  .action(
    action(async (opts: { token?: string; email?: string; scopes: string[] }, cmd: Command) => {
      const o = out(cmd);
      const url = apiUrl(globals(cmd).url);
      let token = opts.token;
      if (opts.email) {
        const password = await readSecret('Password: ');
        const session = new ApiClient({ baseUrl: url, authorization: '' });
        const signedIn = await session.post<{ accessToken: string }>('/auth/login', { email: opts.email, password });
        const made = await new ApiClient({ baseUrl: url, authorization: `Bearer ${signedIn.accessToken}` }).post<{ token: string }>('/tokens', {
          name: `marketing-team CLI on ${hostname()}`,
          scopes: opts.scopes,
        });
        token = made.token;
      }
      token ||= await readSecret('Personal access token (mt_pat_…): ');
      if (!/^mt_pat_\S+$/.test(token))
        throw new CliError(EXIT.USAGE, 'VALIDATION_FAILED', 'That is not a personal access token (mt_pat_…): make one on the API access page.');
      const me = await new ApiClient({ baseUrl: url, authorization: `Bearer ${token}` }).get<{ id: string; email: string }>('/auth/me');
      const file = writeLogin({ url, token, email: me.email });
      o.result({ url, email: me.email, userId: me.id, configFile: file }, () => `Signed in to ${url} as ${me.email} (token kept in ${file}).`);
    }),
  );

program
  .command('logout')
  .description('forget the stored token (revoke it on the API access page)')
  .action(
    action(async (_opts: unknown, cmd: Command) => {
      const removed = forgetLogin();
      out(cmd).result({ removed, configFile: configFile() }, () => (removed ? 'Signed out: the stored token is forgotten.' : 'Not signed in.'));
    }),
  );

program
  .command('whoami')
  .description('who the stored token belongs to')
  .action(
    action(async (_opts: unknown, cmd: Command) => {
      const me = await client(cmd).get<{ id: string; email: string; name: string }>('/auth/me');
      out(cmd).result(me, () => `${me.email} (${me.name}) on ${apiUrl(globals(cmd).url)}`);
    }),
  );

// ── brands, campaigns, content ─────────────────────────────────────────────────────────────────

program
  .command('brands')
  .description('the brands you may act on')
  .action(
    action(async (_opts: unknown, cmd: Command) => {
      const page = await client(cmd).get<Page<{ id: string; name: string; industry?: string | null; role?: string }>>('/brands', { limit: 100 });
      out(cmd).result(page, () =>
        page.items.length
          ? table(
              page.items.map((b) => [b.id, b.name, b.role, b.industry]),
              ['ID', 'NAME', 'ROLE', 'INDUSTRY'],
            )
          : 'No brands.',
      );
    }),
  );

const campaigns = program.command('campaigns').description('campaigns of a brand, and planning them');
campaigns
  .command('list')
  .description("a brand's campaigns")
  .requiredOption('--brand <id>', 'the brand')
  .action(
    action(async (opts: { brand: string }, cmd: Command) => {
      const page = await client(cmd).get<Page<{ id: string; name: string; status: string; startDate: string; endDate: string }>>('/campaigns', {
        brandId: opts.brand,
        limit: 100,
      });
      out(cmd).result(page, () =>
        page.items.length
          ? table(
              page.items.map((c) => [c.id, c.name, c.status, `${c.startDate} → ${c.endDate}`]),
              ['ID', 'NAME', 'STATUS', 'DATES'],
            )
          : 'No campaigns.',
      );
    }),
  );
campaigns
  .command('plan <campaignId>')
  .description("start the AI job that writes the campaign's calendar; --wait follows it with a progress bar")
  .option('--wait', 'wait for the job to end (exit 9 if it fails)')
  .action(
    action(async (campaignId: string, opts: { wait?: boolean }, cmd: Command) => {
      const api = client(cmd);
      const o = out(cmd);
      const accepted = await api.post<{ jobId: string; status: string }>(`/campaigns/${encodeURIComponent(campaignId)}/plan`);
      if (!opts.wait) {
        o.result(accepted, () => `Planning started: job ${accepted.jobId} (marketing-team campaigns plan ${campaignId} --wait to follow).`);
        return;
      }
      const job = await followWithBar(api, accepted.jobId, 'Planning', o);
      o.result(job, () => (job.status === 'succeeded' ? `Planned: ${describe(job.result)}.` : `Planning ${job.status}: ${job.error?.detail ?? ''}`));
      if (job.status !== 'succeeded') process.exitCode = EXIT.JOB_FAILED;
    }),
  );

const content = program.command('content').description('posts: list, approve, schedule');
content
  .command('list')
  .description("a brand's posts")
  .requiredOption('--brand <id>', 'the brand')
  .option('--campaign <id>', 'only this campaign')
  .addOption(new Option('--status <status>', 'only this status').choices(['draft', 'approved', 'scheduled', 'published', 'failed']))
  .option('--limit <n>', 'at most this many (1–100)', '50')
  .action(
    action(async (opts: { brand: string; campaign?: string; status?: string; limit: string }, cmd: Command) => {
      const page = await client(cmd).get<Page<{ id: string; platform: string; status: string; body: string }>>('/content', {
        brandId: opts.brand,
        campaignId: opts.campaign,
        status: opts.status,
        limit: opts.limit,
      });
      out(cmd).result(page, () =>
        page.items.length
          ? table(
              page.items.map((c) => [c.id, c.platform, c.status, c.body.replace(/\s+/g, ' ').slice(0, 60)]),
              ['ID', 'PLATFORM', 'STATUS', 'BODY'],
            )
          : 'No posts.',
      );
    }),
  );
content
  .command('approve <contentId>')
  .description('approve a draft so it can be scheduled')
  .action(
    action(async (contentId: string, _opts: unknown, cmd: Command) => {
      const c = await client(cmd).post<{ id: string; status: string; platform: string }>(`/content/${encodeURIComponent(contentId)}/approve`);
      out(cmd).result(c, () => `Approved the ${c.platform} post ${c.id}.`);
    }),
  );
content
  .command('schedule <contentId>')
  .description('schedule an approved post on channels (connection ids) at a time')
  .requiredOption('--at <time>', 'ISO 8601 time, e.g. 2027-03-02T09:00:00Z')
  .requiredOption('--connection <ids...>', 'the channels (connection ids)')
  .action(
    action(async (contentId: string, opts: { at: string; connection: string[] }, cmd: Command) => {
      const r = await client(cmd).post<{ contentId: string; items?: unknown[] }>(`/content/${encodeURIComponent(contentId)}/schedule`, {
        at: opts.at,
        connectionIds: opts.connection,
      });
      out(cmd).result(r, () => `Scheduled post ${contentId} for ${opts.at} on ${opts.connection.length} channel(s).`);
    }),
  );

// ── MCP over stdio ─────────────────────────────────────────────────────────────────────────────

program
  .command('mcp')
  .description('the MCP server over stdio, for desktop assistants (uses the stored token)')
  .action(
    action(async (_opts: unknown, cmd: Command) => {
      const { serveStdio } = await import('./commands/mcp-stdio');
      await serveStdio(client(cmd));
    }),
  );

// ── operators ──────────────────────────────────────────────────────────────────────────────────

program
  .command('migrate [apps...]')
  .description("bring every app's schema (or the named apps') up to date (DATABASE_URL)")
  .action(
    action(async (apps: string[], _opts: unknown, cmd: Command) => {
      const { migrate } = await import('./commands/ops');
      const r = await migrate(apps ?? []);
      out(cmd).result(r, () => `Up to date: ${r.migrated.join(', ')}.`);
    }),
  );

const dlq = program.command('dlq').description('dead letters of an agent (DATABASE_URL, AMQP_URL, MESH_NAMESPACE)');
dlq
  .command('list <agent>')
  .option('--all', 'include replayed ones')
  .option('--limit <n>', 'at most this many', '50')
  .description('waiting dead letters: id, time, type, code, attempts, reason')
  .action(
    action(async (agent: string, opts: { all?: boolean; limit: string }, cmd: Command) => {
      const { withDeadLetters, viewOf } = await import('./commands/ops');
      const rows = await withDeadLetters(agent, async (s) => (await s.list({ includeReplayed: Boolean(opts.all), limit: Number(opts.limit) })).map(viewOf));
      out(cmd).result({ items: rows }, () =>
        rows.length
          ? table(
              rows.map((r) => [r.id, r.createdAt, r.messageType, r.errorCode, r.attempts, r.replayedAt ? `replayed×${r.replayCount}` : 'waiting', r.reason]),
              ['ID', 'AT', 'TYPE', 'CODE', 'ATTEMPTS', 'STATE', 'REASON'],
            )
          : 'No dead letters.',
      );
    }),
  );
dlq
  .command('show <agent> <id>')
  .description('one dead letter, with its envelope')
  .action(
    action(async (agent: string, id: string, _opts: unknown, cmd: Command) => {
      const { withDeadLetters, viewOf } = await import('./commands/ops');
      const r = await withDeadLetters(agent, async (s) => {
        const dl = await s.get(id);
        return dl ? { ...viewOf(dl), body: safeJson(dl.body) } : null;
      });
      if (!r) throw new CliError(EXIT.NOT_FOUND, 'NOT_FOUND', `no dead letter ${id} in ${agent}`);
      out(cmd).result(r, () => JSON.stringify(r, null, 2));
    }),
  );
dlq
  .command('replay <agent> <id>')
  .description("back on the agent's queue with a fresh retry budget")
  .action(
    action(async (agent: string, id: string, _opts: unknown, cmd: Command) => {
      const { withDeadLetters, viewOf } = await import('./commands/ops');
      const r = await withDeadLetters(agent, async (s, connected) => {
        await connected();
        return viewOf(await s.replay(id));
      });
      out(cmd).result(r, () => `Replayed ${r.id} (${r.messageType ?? 'unknown type'}) to ${agent}.`);
    }),
  );
dlq
  .command('replay-all <agent>')
  .description('replay every waiting dead letter of the agent')
  .action(
    action(async (agent: string, _opts: unknown, cmd: Command) => {
      const { withDeadLetters } = await import('./commands/ops');
      const r = await withDeadLetters(agent, async (s, connected) => {
        await connected();
        const rows = await s.list({ limit: 1000 });
        const failed: { id: string; reason: string }[] = [];
        for (const row of rows) await s.replay(row.id).catch((err: Error) => failed.push({ id: row.id, reason: err.message }));
        return { replayed: rows.length - failed.length, of: rows.length, failed };
      });
      out(cmd).result(r, () => [`Replayed ${r.replayed} of ${r.of}.`, ...r.failed.map((f) => `${f.id}: ${f.reason}`)].join('\n'));
      if (r.failed.length) process.exitCode = EXIT.FAILED;
    }),
  );

program
  .command('create-user')
  .description('register a user on the running system; without --password-stdin a strong password is made and shown once')
  .requiredOption('--email <email>', 'their email')
  .requiredOption('--name <name>', 'their name')
  .option('--password-stdin', 'read the password from stdin')
  .action(
    action(async (opts: { email: string; name: string; passwordStdin?: boolean }, cmd: Command) => {
      const { generatedPassword } = await import('./commands/ops');
      const password = opts.passwordStdin ? await readSecret('Password: ') : generatedPassword();
      const url = apiUrl(globals(cmd).url);
      const r = await new ApiClient({ baseUrl: url, authorization: '' }).post<{ user: { id: string; email: string; name: string } }>('/auth/register', {
        email: opts.email,
        password,
        name: opts.name,
      });
      const answer = { user: r.user, url, ...(opts.passwordStdin ? {} : { password }) };
      out(cmd).result(answer, () => `Created ${r.user.email} (${r.user.id}) on ${url}${opts.passwordStdin ? '' : `\npassword: ${password}   (shown once)`}`);
    }),
  );

program
  .command('doctor')
  .description('check every setting and service the current mode needs, on one screen (exit 8 when something is wrong)')
  .action(
    action(async (_opts: unknown, cmd: Command) => {
      const { runDoctor } = await import('./commands/doctor');
      const r = await runDoctor(process.env, globals(cmd).url);
      const failing = r.checks.filter((c) => c.status === 'fail');
      const mark = { ok: '✔', warn: '!', fail: '✖' } as const;
      out(cmd).result({ ok: failing.length === 0, ...r }, () =>
        [
          `mode: ${r.mode}`,
          ...r.checks.map((c) => `${mark[c.status]} ${c.name.padEnd(22)} ${c.detail}`),
          failing.length ? `${failing.length} ${failing.length === 1 ? 'problem' : 'problems'}: ${failing.map((c) => c.name).join(', ')}` : 'all good',
        ].join('\n'),
      );
      if (failing.length) process.exitCode = EXIT.DOCTOR_FOUND_PROBLEMS;
    }),
  );

program
  .command('demo')
  .description('seed the running system with a living demo (idempotent) and print how to sign in')
  .action(
    action(async (_opts: unknown, cmd: Command) => {
      const { runDemo } = await import('../demo/demo');
      const o = out(cmd);
      const r = await runDemo({ url: globals(cmd).url, log: (line) => o.note(line) });
      o.result(r, () => r.summary);
      keepRunning = r.startedSystem;
    }),
  );

// ── helpers ────────────────────────────────────────────────────────────────────────────────────

async function followWithBar(api: ApiClient, jobId: string, label: string, o: Output): Promise<JobView> {
  if (o.json) return api.followJob(jobId, () => undefined);
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} {status}`,
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 1000,
      hideCursor: true,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  let started = false;
  try {
    return await api.followJob(jobId, (j) => {
      const total = Math.max(j.progress.total, j.progress.done, 1);
      if (!started) {
        bar.start(total, j.progress.done, { status: j.status });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(j.progress.done, { status: j.status });
      }
    });
  } finally {
    if (started) bar.stop();
  }
}

function describe(result: unknown): string {
  if (result && typeof result === 'object') {
    return Object.entries(result as Record<string, unknown>)
      .filter(([, v]) => typeof v !== 'object')
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(', ');
  }
  return String(result ?? 'done');
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

async function main(argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are answers, not failures; anything else is a usage error.
      process.exitCode = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code) ? EXIT.OK : EXIT.USAGE;
      if (program.opts<GlobalOptions>().json && process.exitCode !== EXIT.OK) {
        process.stdout.write(`${JSON.stringify({ error: { code: 'USAGE', message: err.message } }, null, 2)}\n`);
      }
      return;
    }
    fail(err, argv.includes('--json'));
  }
}

void main(process.argv).then(() => {
  // A command ends here, whatever sockets a library left open (`mcp` returns when its client leaves).
  if (!keepRunning) setImmediate(() => process.exit(process.exitCode ?? 0));
});
