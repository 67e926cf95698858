/**
 * Migrates the database schemas, once per release (the Helm pre-install/pre-upgrade Job, the
 * Compose `migrate` service), before any app starts:
 *
 *   npm run migrate                      every app's schema
 *   npm run migrate -- brand-agent       one app's
 *
 * Settings: DATABASE_URL (required), LOG_LEVEL. Each schema is migrated under its advisory lock, so
 * running this while replicas start is safe. Exit 0 when every schema is up to date.
 */
import 'reflect-metadata';
import { type AppSeat, ConfigError, JsonLogger, loadRuntimeConfig, migrateSchema, seatDatabase } from '@mt/runtime';
import { AUTH_AGENT } from '../../apps/auth-agent/src/auth-agent.module';
import { AUTH_ENTITIES } from '../../apps/auth-agent/src/entities';
import { AUTH_MIGRATIONS } from '../../apps/auth-agent/src/migrations';
import { BRAND_AGENT } from '../../apps/brand-agent/src/brand-agent.module';
import { BRAND_ENTITIES } from '../../apps/brand-agent/src/entities';
import { BRAND_MIGRATIONS } from '../../apps/brand-agent/src/migrations';
import { CREATION_AGENT } from '../../apps/creation-agent/src/creation-agent.module';
import { CREATION_ENTITIES } from '../../apps/creation-agent/src/entities';
import { CREATION_MIGRATIONS } from '../../apps/creation-agent/src/migrations';
import { GATEWAY } from '../../apps/gateway/src/gateway.module';
import { GATEWAY_ENTITIES } from '../../apps/gateway/src/entities';
import { GATEWAY_MIGRATIONS } from '../../apps/gateway/src/migrations';
import { PUBLISHING_AGENT } from '../../apps/publishing-agent/src/publishing-agent.module';
import { PUBLISHING_ENTITIES } from '../../apps/publishing-agent/src/entities';
import { PUBLISHING_MIGRATIONS } from '../../apps/publishing-agent/src/migrations';
import { STRATEGY_AGENT } from '../../apps/strategy-agent/src/strategy-agent.module';
import { STRATEGY_ENTITIES } from '../../apps/strategy-agent/src/entities';
import { STRATEGY_MIGRATIONS } from '../../apps/strategy-agent/src/migrations';

/** Every app's seat in the database, as its module declares it. */
export const SEATS: AppSeat[] = [
  { ...GATEWAY, entities: GATEWAY_ENTITIES, migrations: GATEWAY_MIGRATIONS },
  { ...AUTH_AGENT, entities: AUTH_ENTITIES, migrations: AUTH_MIGRATIONS },
  { ...BRAND_AGENT, entities: BRAND_ENTITIES, migrations: BRAND_MIGRATIONS, ai: true },
  { ...STRATEGY_AGENT, entities: STRATEGY_ENTITIES, migrations: STRATEGY_MIGRATIONS, ai: true },
  { ...CREATION_AGENT, entities: CREATION_ENTITIES, migrations: CREATION_MIGRATIONS, ai: true },
  { ...PUBLISHING_AGENT, entities: PUBLISHING_ENTITIES, migrations: PUBLISHING_MIGRATIONS },
];

/** Migrates the schema of one app (by name), under its advisory lock. */
export function migrateApp(url: string, seat: AppSeat, logger: JsonLogger) {
  const { entities, migrations, lockSchemas } = seatDatabase(seat);
  return migrateSchema({ url, schema: seat.schema, entities, migrations, lockSchemas, log: (msg, meta) => logger.info(msg, { app: seat.name, ...meta }) });
}

async function main(): Promise<void> {
  const config = loadRuntimeConfig(process.env);
  const logger = new JsonLogger('migrate', config.logLevel);
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL', 'is required to migrate');
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = only.filter((name) => !SEATS.some((s) => s.name === name));
  if (unknown.length) throw new Error(`unknown app ${unknown.join(', ')} (one of ${SEATS.map((s) => s.name).join(', ')})`);
  for (const seat of SEATS.filter((s) => only.length === 0 || only.includes(s.name))) {
    await migrateApp(config.databaseUrl, seat, logger);
  }
  logger.info('every schema is up to date');
}

if (require.main === module || process.env.APP === 'migrate') {
  main().then(
    () => process.exit(0),
    (err: Error) => {
      process.stderr.write(`migrate failed: ${err.message}\n`);
      process.exit(1);
    },
  );
}
