import { OnEvent, OnTask } from '../nest/handlers';
import type { EventEnvelope, TaskEnvelope } from '../envelope/envelope';
import type { MeshClient } from '../rpc/mesh-client';
import type { UnitOfWork } from '../outbox/unit-of-work';
import {
  AI_PROVIDER_TASKS,
  AUTH_TASKS,
  BRAND_TASKS,
  CAMPAIGN_TASKS,
  CONTENT_TASKS,
  type Connection,
  type ContentPublishedEvent,
  type CreateConnectionPayload,
  type ListAbTestsPayload,
  PUBLISHING_EVENTS,
  PUBLISHING_TASKS,
  SYSTEM_HEALTH,
  TASK_ROUTES,
} from './index';

/*
 * The task and event map (ADR 134) at compile time: `npm run typecheck` compiles this file, and
 * every `@ts-expect-error` line below must be an error, or the check fails ("unused directive").
 * A sender and a handler that disagree with the map, or with each other, do not compile.
 */

declare const mesh: MeshClient;
declare const uow: UnitOfWork;
declare const actor: { userId: string };

export async function senders(): Promise<void> {
  // The right payload compiles, and the answer has the handler's result type.
  const connection: Connection = await mesh.request(PUBLISHING_TASKS.createConnection, { actor, brandId: 'b', platform: 'x' });
  void connection;

  // @ts-expect-error a payload missing a required field
  await mesh.request(PUBLISHING_TASKS.createConnection, { actor, platform: 'x' });
  // @ts-expect-error a payload of another task
  await mesh.request(PUBLISHING_TASKS.createConnection, { actor, contentId: 'c' } satisfies ListAbTestsPayload);
  // @ts-expect-error a result read as another type
  const wrong: number = await mesh.request(PUBLISHING_TASKS.createConnection, { actor, brandId: 'b', platform: 'x' });
  void wrong;
  // @ts-expect-error a task type nobody handles
  await mesh.request('publishing.connections.creat', { actor });

  await uow.transaction(async () => {
    uow.publishEvent(PUBLISHING_EVENTS.unscheduled, { contentId: 'c', brandId: 'b' });
    // @ts-expect-error an event payload of another event
    uow.publishEvent(PUBLISHING_EVENTS.published, { contentId: 'c', brandId: 'b' });
    // @ts-expect-error an event type that does not exist
    uow.publishEvent('content.publishd', {});
  });
}

export class RightHandlers {
  @OnTask(PUBLISHING_TASKS.createConnection, { manualTransaction: true })
  create(t: TaskEnvelope<CreateConnectionPayload>): Promise<Connection> {
    return Promise.resolve({ ...({} as Connection), brandId: t.payload.brandId });
  }

  @OnEvent(PUBLISHING_EVENTS.published)
  published(e: EventEnvelope<ContentPublishedEvent>): void {
    void e;
  }
}

export class WrongHandlers {
  // @ts-expect-error the handler expects another task's payload
  @OnTask(PUBLISHING_TASKS.createConnection)
  create(t: TaskEnvelope<ListAbTestsPayload>): Promise<Connection> {
    return Promise.resolve({ ...({} as Connection), id: t.payload.contentId });
  }

  // @ts-expect-error the handler answers something else than the map's result
  @OnTask(PUBLISHING_TASKS.createConnection)
  answer(): Promise<{ created: boolean }> {
    return Promise.resolve({ created: true });
  }

  // @ts-expect-error the handler reads a payload the event does not carry
  @OnEvent(PUBLISHING_EVENTS.unscheduled)
  unscheduled(e: EventEnvelope<ContentPublishedEvent>): void {
    void e;
  }
}

describe('the task map', () => {
  it('routes every task constant of every contract to the agent that handles it', () => {
    const constants = [AUTH_TASKS, BRAND_TASKS, CAMPAIGN_TASKS, CONTENT_TASKS, PUBLISHING_TASKS, AI_PROVIDER_TASKS].flatMap((o) => Object.values(o));
    expect(constants.filter((t) => !TASK_ROUTES[t])).toEqual([]);
    // system.health is addressed to each agent by name, never routed.
    expect(TASK_ROUTES[SYSTEM_HEALTH]).toBeUndefined();
  });
});
