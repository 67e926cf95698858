import { Controller, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { INestApplication } from '@nestjs/common';
import {
  type EventEnvelope,
  MeshClient,
  type OpenEventMap,
  type OpenTaskMap,
  MeshContext,
  MeshError,
  connectMesh,
  MessagingModule,
  messagingMigration,
  type TaskEnvelope,
  UnitOfWork,
} from '@mt/messages';
import { eventually, MeshHarness, TRANSPORTS } from './harness';

@Injectable()
class NotesService {
  readonly heard: string[] = [];
  constructor(private readonly uow: UnitOfWork<OpenEventMap>) {}

  async create(title: string) {
    if (!title) throw new MeshError('VALIDATION_FAILED', 'title is required', { status: 400, retryable: false });
    const [row] = await this.uow.manager().query(`INSERT INTO notes.items (title) VALUES ($1) RETURNING id`, [title]);
    this.uow.publishEvent('note.created', { id: Number(row.id), title });
    return { id: Number(row.id), title };
  }
}

@Controller()
class NotesHandler {
  constructor(private readonly notes: NotesService) {}

  @MessagePattern('note.create')
  create(@Payload() task: TaskEnvelope<{ title: string }>) {
    return this.notes.create(task.payload.title);
  }

  @EventPattern('note.created')
  created(@Payload() event: EventEnvelope<{ title: string }>, @Ctx() ctx: MeshContext) {
    this.notes.heard.push(`${event.payload.title}:${ctx.getEnvelope().sender_id}`);
  }
}

describe.each(TRANSPORTS)('the NestJS transport on %s', (kind) => {
  let h: MeshHarness;
  let app: INestApplication;

  beforeEach(async () => {
    h = await MeshHarness.create(kind);
    class NotesTable1763900000002 {
      name = 'NotesTable1763900000002';
      async up(q: { query(sql: string): Promise<unknown> }) {
        await q.query(`CREATE TABLE notes.items (id bigserial PRIMARY KEY, title text NOT NULL)`);
      }
      async down() {}
    }
    @Module({
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: h.db.url,
          schema: 'notes',
          migrationsTableName: 'migrations',
          migrations: [messagingMigration('notes'), NotesTable1763900000002],
          migrationsRun: true,
          extra: { max: 4 },
        }),
        MessagingModule.forApp({
          agent: 'notes-agent',
          schema: 'notes',
          broker: h.broker,
          topology: h.topology,
          routes: { 'note.create': 'notes-agent' },
          relayPollMs: 100,
        }),
      ],
      controllers: [NotesHandler],
      providers: [NotesService],
    })
    class NotesAgentModule {}

    // The schema must exist before TypeORM creates its migrations table in it.
    const { Client } = await import('pg');
    const c = new Client({ connectionString: h.db.url });
    await c.connect();
    await c.query('CREATE SCHEMA IF NOT EXISTS notes');
    await c.end();

    app = await NestFactory.create(NotesAgentModule, { logger: false });
    await connectMesh(app);
    await app.init();
  });

  afterEach(async () => {
    await app.close();
    await h.close();
  });

  it('routes @MessagePattern tasks and @EventPattern events through handlers that never touch a channel', async () => {
    const client = app.get<MeshClient<OpenTaskMap>>(MeshClient);
    const created = await client.request('note.create', { title: 'Launch plan' });
    expect(created).toEqual({ id: 1, title: 'Launch plan' });
    const notes = app.get(NotesService);
    await eventually(() => notes.heard.length === 1, 'the note.created event');
    expect(notes.heard).toEqual(['Launch plan:notes-agent']);
  });

  it("keeps a handler's error code across the wire", async () => {
    const client = app.get<MeshClient<OpenTaskMap>>(MeshClient);
    const err = await client.request('note.create', { title: '' }).catch((e) => e);
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED', message: 'title is required', status: 400 });
    const rows = await app.get(UnitOfWork).manager().query('SELECT count(*)::int AS n FROM notes.items');
    expect(rows[0].n).toBe(0);
  });
});
