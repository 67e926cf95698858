import { type ArgumentsHost, Catch, type INestApplication } from '@nestjs/common';
import { BaseExceptionFilter, HttpAdapterHost } from '@nestjs/core';
import { BaseRpcContext, type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom, throwError, type Observable } from 'rxjs';
import type { InboundEnvelope } from '../envelope/envelope';
import type { HandlerOptions } from '../consumer/handler';
import type { MeshNode } from '../mesh-node';

/** What `@Ctx()` gives a mesh handler. */
export class MeshContext extends BaseRpcContext<[InboundEnvelope]> {
  getEnvelope(): InboundEnvelope {
    return this.args[0];
  }
}

/**
 * Lets a handler's error reach the transport unchanged (Nest's default turns every error into
 * "Internal server error"), so its code and retryability decide between retry and dead letter.
 * HTTP errors of the same app go to Nest's default handling (the gateway has its own filter,
 * which calls `rethrowForMesh` first).
 */
@Catch()
export class MeshExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'rpc') return rethrowForMesh(exception);
    return super.catch(exception, host);
  }
}

export function rethrowForMesh(exception: unknown): Observable<never> {
  return throwError(() => exception);
}

/**
 * Connects the app's mesh server (handlers declared with @MessagePattern / @EventPattern) and
 * starts it. Global filters are inherited, so the app's filter sees mesh errors too.
 */
export async function connectMesh(app: INestApplication, opts: { installFilter?: boolean } = {}): Promise<void> {
  if (opts.installFilter !== false) app.useGlobalFilters(new MeshExceptionFilter(app.get(HttpAdapterHost).httpAdapter));
  app.connectMicroservice({ strategy: app.get(MeshServer) }, { inheritAppConfig: true });
  await app.startAllMicroservices();
}

/**
 * The NestJS custom transport: handlers declared with `@MessagePattern(taskType, options?)` and
 * `@EventPattern(eventType)` are registered on the agent's MeshNode, which owns the channel,
 * the transaction, the retries and the acknowledgements. Handlers never see a channel.
 */
export class MeshServer extends Server implements CustomTransportStrategy {
  constructor(private readonly node: MeshNode) {
    super();
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      for (const [pattern, head] of this.messageHandlers) {
        // Nest chains several @EventPattern handlers of one event through `next` and, when the head
        // is called, runs the rest at the same time (forkJoin). They share the message's transaction,
        // whose pg client runs one query at a time, so the chain is taken apart and run in turn here.
        const chain: MessageHandler[] = [];
        for (let h: MessageHandler | undefined = head; h; h = h.next as MessageHandler | undefined) chain.push(h);
        for (const h of chain) h.next = undefined;
        this.node.handlers.add({
          kind: head.isEventHandler ? 'event' : 'task',
          type: pattern,
          // Every handler of the chain shares the message's transaction: the options of all of them.
          options: Object.assign({}, ...chain.map((h) => h.extras ?? {})) as HandlerOptions,
          handle: (env) => this.invoke(chain, env),
        });
      }
      await this.node.start();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  async close(): Promise<void> {
    await this.node.stop();
  }

  on(): never {
    throw new Error('MeshServer has no events to listen to');
  }

  unwrap<T>(): T {
    return this.node as T;
  }

  private async invoke(chain: MessageHandler[], env: InboundEnvelope): Promise<unknown> {
    let result: unknown;
    for (const h of chain) {
      const out = await h(env, new MeshContext([env]));
      result = await lastValueFrom(this.transformToObservable(out), { defaultValue: undefined });
    }
    return result;
  }
}
