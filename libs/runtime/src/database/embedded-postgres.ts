import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { guardExtendedProtocol } from './pglite-protocol-guard';

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
    const db = await PGlite.create({ dataDir: dir });
    const server = new PGLiteSocketServer({ db: guardExtendedProtocol(db), port: 0, host: '127.0.0.1', maxConnections });
    await server.start();
    return new EmbeddedPostgres(db, server, `postgres://postgres@${server.getServerConn()}/postgres`);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}
