import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadRuntimeConfig, requireDistributed } from '@mt/runtime';

/**
 * docker-compose.yml, checked as far as a machine without a compose plugin or engine allows:
 * parsed (merge keys resolved), its ${…} interpolated the way Compose does, references between
 * services followed, and each app's resulting environment run through the apps' own settings
 * validation.
 */
const ROOT = path.resolve(__dirname, '../..');
const text = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
const APPS = ['gateway', 'auth-agent', 'brand-agent', 'strategy-agent', 'creation-agent', 'publishing-agent'];
const GOOD = { JWT_SECRET: 'x'.repeat(48), CREDENTIALS_KEY: `${'A'.repeat(43)}=`, METRICS_TOKEN: 'm'.repeat(48) };

/** Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, $$. */
function interpolate(source: string, env: Record<string, string | undefined>): string {
  return source.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g, (whole, name: string, colon: string, op: string, arg: string) => {
    if (whole === '$$') return '$';
    const value = env[name];
    const missing = value === undefined || (colon === ':' && value === '');
    if (op === '?' && missing) throw new Error(`required variable ${name} is missing a value: ${arg}`);
    if (op === '-' && missing) return arg;
    return value ?? '';
  });
}

function load(env: Record<string, string | undefined>): { services: Record<string, any>; volumes: Record<string, unknown> } {
  return parse(interpolate(text, env), { merge: true });
}

describe('docker-compose.yml', () => {
  it.each([
    ['JWT_SECRET', { CREDENTIALS_KEY: GOOD.CREDENTIALS_KEY, METRICS_TOKEN: GOOD.METRICS_TOKEN }],
    ['CREDENTIALS_KEY', { JWT_SECRET: GOOD.JWT_SECRET, METRICS_TOKEN: GOOD.METRICS_TOKEN }],
    ['CREDENTIALS_KEY', { JWT_SECRET: GOOD.JWT_SECRET, CREDENTIALS_KEY: '', METRICS_TOKEN: GOOD.METRICS_TOKEN }],
    ['METRICS_TOKEN', { JWT_SECRET: GOOD.JWT_SECRET, CREDENTIALS_KEY: GOOD.CREDENTIALS_KEY }],
  ])('refuses to start without %s, with a message naming it and how to make one', (name, env) => {
    expect(() => load(env)).toThrow(new RegExp(`${name} is missing a value: set ${name} .*openssl rand`));
  });

  it('gives each app an environment its own settings validation accepts', () => {
    const { services } = load(GOOD);
    for (const app of APPS) {
      // A key left empty (`AI_BASE_URL: ${AI_BASE_URL:-}`) parses as null: Compose leaves it unset.
      const env = Object.fromEntries(
        Object.entries(services[app].environment as Record<string, string | null>).map(([k, v]) => [k, v ?? undefined]),
      );
      expect(env.APP).toBe(app);
      const config = loadRuntimeConfig(env);
      expect(() => requireDistributed(config, app)).not.toThrow();
      expect(config.env).toBe('production');
      expect(config.credentialsKey).toBe(GOOD.CREDENTIALS_KEY);
      expect(config.migrationsRun).toBe(false);
    }
  });

  it('checks the health of every long-running service, and only through commands the image has', () => {
    const { services } = load(GOOD);
    for (const [name, s] of Object.entries(services)) {
      if (s.restart === 'no') continue;
      expect([name, s.healthcheck?.test?.length > 0]).toEqual([name, true]);
    }
    for (const app of APPS) {
      const [kind, program, script] = services[app].healthcheck.test as string[];
      expect([kind, program]).toEqual(['CMD', 'node']);
      expect(existsSync(path.join(ROOT, script.replace(/^dist\//, '').replace(/\.js$/, '.ts')))).toBe(true);
    }
  });

  it('migrates once, first: every app waits for the one-shot migrate service, which waits for PostgreSQL', () => {
    const { services } = load(GOOD);
    expect(services.migrate.environment.APP).toBe('migrate');
    expect(services.migrate.restart).toBe('no');
    expect(services.migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const app of APPS) {
      expect(services[app].depends_on.migrate).toEqual({ condition: 'service_completed_successfully' });
    }
  });

  it('refers only to services and volumes it defines', () => {
    const { services, volumes } = load(GOOD);
    for (const [name, s] of Object.entries(services)) {
      for (const dep of Object.keys(s.depends_on ?? {})) expect([name, dep in services]).toEqual([name, true]);
      for (const v of (s.volumes ?? []) as string[]) {
        const source = v.split(':')[0];
        if (!source.startsWith('.') && !source.startsWith('/')) expect([name, source in volumes]).toEqual([name, true]);
      }
    }
    // Every host URL in the apps' environment names a service of this file.
    const env = services.gateway.environment as Record<string, string>;
    for (const key of ['DATABASE_URL', 'AMQP_URL', 'REDIS_URL', 'OTEL_EXPORTER_OTLP_ENDPOINT']) {
      expect([key, new URL(env[key]).hostname in services]).toEqual([key, true]);
    }
  });

  it('runs apps read-only with a writable /tmp, stopping within a grace period longer than the shutdown deadline', () => {
    const { services } = load(GOOD);
    for (const app of APPS) {
      const s = services[app];
      expect(s.read_only).toBe(true);
      expect(s.tmpfs).toEqual(['/tmp']);
      expect(s.command).toBeUndefined(); // the image's exec-form CMD: node as PID 1
      expect(Number(String(s.stop_grace_period).replace(/s$/, '')) * 1000).toBeGreaterThan(Number(s.environment.SHUTDOWN_TIMEOUT_MS));
    }
  });
});
