import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { guardExtendedProtocol } from './pglite-protocol-guard';

/** Shared buffers of the embedded database (PostgreSQL's default is 128MB). */
export const EMBEDDED_SHARED_BUFFERS = '16MB';

/**
 * PostgreSQL compiled to WebAssembly (PGlite), persisted in DATA_DIR/postgres, served on a local
 * port over the PostgreSQL wire protocol, so the `pg` driver, TypeORM and the migrations run
 * unchanged. PGlite is one session: the socket server multiplexes clients and keeps a transaction's
 * statements together, so transactions from different agents run one after another.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly url: string,
  ) {}

  static async start(dataDir: string, maxConnections = 32): Promise<EmbeddedPostgres> {
    const dir = path.resolve(dataDir, 'postgres');
    mkdirSync(dir, { recursive: true });
    // PostgreSQL's default 128 MB of shared buffers is sized for a server of many sessions; PGlite is
    // one session over a small local database and keeps its files in the OS page cache anyway
    // (ADR 113: ~120 MB less resident memory, no change in the flow benchmark).
    // Loaded here, not at import: every process imports the runtime, only the embedded one runs a
    // database (PGlite's module and its WebAssembly stay out of the agents and the gateway, ADR 192).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { PGlite } = require('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { PGLiteSocketServer } = require('@electric-sql/pglite-socket') as typeof import('@electric-sql/pglite-socket');
    const db = await PGlite.create({ dataDir: dir, startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`] });
    const server = new PGLiteSocketServer({ db: guardExtendedProtocol(db), port: 0, host: '127.0.0.1', maxConnections });
    await server.start();
    return new EmbeddedPostgres(db, server, `postgres://postgres@${server.getServerConn()}/postgres`);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}
