import { DataSource } from 'typeorm';
import { AI_ENTITIES } from '../cost/ai-log.entity';
import { AI_MIGRATIONS } from '../cost/ai-schema.migration';

/** A DataSource on `url` with the ai schema migrated: the set-up every medium test of libs/ai needs. */
export async function migratedAiDataSource(url: string): Promise<DataSource> {
  const ds = new DataSource({ type: 'postgres', url, entities: AI_ENTITIES, migrations: AI_MIGRATIONS, migrationsRun: false, logging: false });
  await ds.initialize();
  await ds.runMigrations();
  return ds;
}
