import type { AiProviderTaskMap } from './ai-provider.contract';
import type { AuthEventMap, AuthTaskMap } from './auth.contract';
import type { BrandEventMap, BrandTaskMap } from './brand.contract';
import type { CampaignEventMap, CampaignTaskMap } from './campaign.contract';
import type { ContentEventMap, ContentTaskMap } from './content.contract';
import type { JobEventMap } from './jobs.contract';
import type { PublishingEventMap, PublishingTaskMap } from './publishing.contract';
import type { SystemTaskMap } from './system.contract';

/**
 * One entry of a task map: what the sender puts in the task and what the handler answers. A job
 * task's result is what its handler hands the job reporter (undefined when the attempt was stale).
 */
export interface TaskSpec<P, R> {
  payload: P;
  result: R;
}

/**
 * Every task type of the mesh, keyed by its string constant, with its payload and result (ADR 134).
 * `MeshClient.request`, `UnitOfWork.sendTask`, `MeshClient.dispatch` and the `@OnTask` handler
 * decorator all read this map, so a sender and its handler that disagree do not compile.
 */
export interface TaskMap extends SystemTaskMap, AuthTaskMap, BrandTaskMap, CampaignTaskMap, ContentTaskMap, PublishingTaskMap, AiProviderTaskMap {}

/** Every event type of the mesh, keyed by its string constant, with its payload. */
export interface EventMap extends AuthEventMap, BrandEventMap, CampaignEventMap, ContentEventMap, PublishingEventMap, JobEventMap {}

export type TaskType = keyof TaskMap & string;
export type EventType = keyof EventMap & string;
export type TaskPayload<K extends TaskType> = TaskMap[K]['payload'];
export type TaskResult<K extends TaskType> = TaskMap[K]['result'];
export type EventPayload<K extends EventType> = EventMap[K];

/**
 * The same lookups over any map (the transport is generic; tests of the transport itself use
 * `OpenTaskMap` / `OpenEventMap`, which accept every type name and any payload).
 */
export type PayloadIn<M, K extends keyof M> = M[K] extends { payload: infer P } ? P : never;
export type ResultIn<M, K extends keyof M> = M[K] extends { result: infer R } ? R : never;
/**
 * The map a generic mesh class reads: the project's own unless it was given another. A class
 * instance Nest hands out (`moduleRef.get(UnitOfWork)`) is `UnitOfWork<unknown>`, so `unknown`
 * means the project's maps too.
 */
export type TasksOf<T> = unknown extends T ? TaskMap : T;
export type EventsOf<E> = unknown extends E ? EventMap : E;
export type OpenTaskMap = Record<string, TaskSpec<any, any>>;
export type OpenEventMap = Record<string, any>;

/** Compile-time check that a contract's map names every constant of its task or event object. */
export type Covers<Map, Constants extends Record<string, string>> =
  Exclude<Constants[keyof Constants], keyof Map> extends never ? true : Exclude<Constants[keyof Constants], keyof Map>;
export type Expect<T extends true> = T;
