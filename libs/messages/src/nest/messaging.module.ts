import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BrokerPort } from '../broker/broker.port';
import type { MeshTopology } from '../broker/topology';
import type { ConsumerLogger, MeshObserver } from '../consumer/message-consumer';
import { DeadLetterService } from '../dead-letters/dead-letter.service';
import { MeshNode } from '../mesh-node';
import { UnitOfWork } from '../outbox/unit-of-work';
import { MeshClient, type TaskRoutes } from '../rpc/mesh-client';
import { MeshServer } from './mesh.server';

export interface MessagingModuleOptions {
  agent: string;
  schema: string;
  broker: BrokerPort;
  topology: MeshTopology;
  routes: TaskRoutes;
  prefetch?: number;
  batchSize?: number;
  concurrency?: number;
  unbatchedConcurrency?: number;
  rpcTimeoutMs?: number;
  relayPollMs?: number;
  /** The longest wait of an idle relay between two polls (MeshNode's default when unset). */
  relayIdleMaxMs?: number;
  logger?: ConsumerLogger;
  observer?: MeshObserver;
}

/**
 * An app's seat on the mesh. Import once in the app's root module (after TypeOrmModule), then:
 * `app.connectMicroservice({ strategy: app.get(MeshServer) })`.
 * Services inject UnitOfWork (transactions, events, tasks) and MeshClient (RPC).
 */
@Module({})
export class MessagingModule {
  static forApp(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        {
          provide: MeshNode,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new MeshNode({ ...options, dataSource }),
        },
        { provide: UnitOfWork, inject: [MeshNode], useFactory: (n: MeshNode) => n.uow },
        { provide: MeshClient, inject: [MeshNode], useFactory: (n: MeshNode) => n.client },
        { provide: DeadLetterService, inject: [MeshNode], useFactory: (n: MeshNode) => n.deadLetters },
        { provide: MeshServer, inject: [MeshNode], useFactory: (n: MeshNode) => new MeshServer(n) },
      ],
      exports: [MeshNode, UnitOfWork, MeshClient, DeadLetterService, MeshServer],
    };
  }
}
