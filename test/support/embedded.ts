import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A new DATA_DIR (under the run's scratch folder, in memory where the machine allows) holding a copy of the run's migrated embedded database (made once by the Jest
 * global set-up): PGlite's initdb and every migration take seconds, a copy a fraction of one.
 */
export function embeddedDataDir(label = 'embedded'): string {
  const template = process.env.MT_TEST_EMBEDDED_TEMPLATE;
  if (!template) throw new Error('MT_TEST_EMBEDDED_TEMPLATE is not set: the Jest global setup did not run');
  const dir = mkdtempSync(path.join(process.env.MT_TEST_SCRATCH ?? os.tmpdir(), `${label}-`));
  cpSync(path.join(template, 'postgres'), path.join(dir, 'postgres'), { recursive: true });
  return dir;
}
