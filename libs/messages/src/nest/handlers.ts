import { EventPattern, MessagePattern } from '@nestjs/microservices';
import type { HandlerOptions } from '../consumer/handler';
import type { EventEnvelope, TaskEnvelope } from '../envelope/envelope';
import type { EventPayload, EventType, TaskPayload, TaskResult, TaskType } from '../contracts/task-map';

type Awaitable<T> = T | Promise<T>;

/** A handler method of task K: takes the task's envelope (or nothing) and answers its result. */
export type TaskHandlerMethod<K extends TaskType> = (task: TaskEnvelope<TaskPayload<K>>, ...rest: never[]) => Awaitable<TaskResult<K>>;
/** A handler method of event K: takes the event's envelope (or nothing). */
export type EventHandlerMethod<K extends EventType> = (event: EventEnvelope<EventPayload<K>>, ...rest: never[]) => unknown;

/**
 * `@MessagePattern(type, options)` tied to the task map (ADR 134): the method must accept the
 * task's payload and answer its result, or the agent does not compile. Options as HandlerOptions.
 */
export function OnTask<K extends TaskType>(type: K, options?: HandlerOptions) {
  const pattern = options === undefined ? MessagePattern(type) : MessagePattern(type, options);
  return <M extends TaskHandlerMethod<K>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    pattern(target, key, descriptor);
  };
}

/** What an event handler declares: the rows its handling locks, as a key of the event (HandlerOptions.lockKey). */
export interface EventHandlerOptions<K extends EventType> {
  lockKey?: (event: EventEnvelope<EventPayload<K>>) => string | null | undefined;
}

/** `@EventPattern(type, options?)` tied to the event map: the method must accept the event's payload. */
export function OnEvent<K extends EventType>(type: K, options?: EventHandlerOptions<K>) {
  const pattern = options === undefined ? EventPattern(type) : EventPattern(type, options as HandlerOptions);
  return <M extends EventHandlerMethod<K>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    pattern(target, key, descriptor);
  };
}
