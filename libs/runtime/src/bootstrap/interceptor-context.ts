import { AsyncResource } from 'node:async_hooks';
import { InterceptorsConsumer } from '@nestjs/core/interceptors/interceptors-consumer';
import type { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { ContextType, NestInterceptor } from '@nestjs/common';
import { defer, mergeAll, type Observable, type ObservableInput } from 'rxjs';

/**
 * Runs `fn` later in the async context of now, as `AsyncResource.bind(fn)` does, without what
 * that static helper adds: on Node.js 20 to 24.8 it defines a deprecated `asyncResource` accessor
 * on every bound function through two `util.deprecate` wrappers (DEP0172), which showed as the
 * largest single JavaScript cost of a request in the gateway's CPU profile (ADR 110).
 */
export function bindToContext<T>(fn: () => T, type = 'nest-interceptor'): () => T {
  const resource = new AsyncResource(type);
  return () => resource.runInAsyncScope(fn);
}

/**
 * An interceptor that can say, before any chain is built, whether it acts on a request at all
 * (ADR 219). When no interceptor of a route acts, the handler is called directly, as on a route
 * with none: no observable, no async resource, no extra promise. The interceptor's own
 * `intercept` must still pass a request it does not act on through unchanged (it is called when
 * the replacement below is not installed).
 */
export interface SelectiveInterceptor extends NestInterceptor {
  appliesTo(args: unknown[], type: ContextType | undefined): boolean;
}

const actsOn = (interceptor: NestInterceptor, args: unknown[], type: ContextType | undefined): boolean =>
  typeof (interceptor as Partial<SelectiveInterceptor>).appliesTo !== 'function' || (interceptor as SelectiveInterceptor).appliesTo(args, type);

type Intercept = InterceptorsConsumer['intercept'];
interface ConsumerInternals {
  createContext(args: unknown[], instance: object, callback: (...args: unknown[]) => unknown): ExecutionContextHost;
  transformDeferred(next: () => Promise<unknown>): Observable<unknown>;
}

let installed = false;

/**
 * Replaces Nest's interceptor chain (`InterceptorsConsumer.intercept`, @nestjs/core 11) with the
 * same chain built on `bindToContext`: the same order, the same `defer` per step (so an
 * interceptor can retry `next.handle()`), the same async context in every step. Applied once per
 * process. Interceptors that do not act on the request (SelectiveInterceptor) are left out of it,
 * and with none left the handler is called directly. Answers whether the installed Nest has the
 * shape it was written for (a spec fails when an upgrade changes it, so the replacement is then
 * looked at again, or dropped).
 */
export function installInterceptorContextBinding(): boolean {
  if (installed) return true;
  const original = InterceptorsConsumer.prototype.intercept;
  if (!/AsyncResource\.bind\(\(\) => this\.transformDeferred\(next\)\)/.test(original.toString())) return false;
  const intercept = async function (
    this: InterceptorsConsumer & ConsumerInternals,
    interceptors: NestInterceptor[],
    args: unknown[],
    instance: object,
    callback: (...args: unknown[]) => unknown,
    next: () => Promise<unknown>,
    type?: ContextType,
  ): Promise<unknown> {
    if (!interceptors || interceptors.length === 0) return next();
    if (!interceptors.every((i) => actsOn(i, args, type))) interceptors = interceptors.filter((i) => actsOn(i, args, type));
    if (interceptors.length === 0) return next();
    const context = this.createContext(args, instance, callback);
    context.setType(type as ContextType);
    const nextFn = async (i = 0): Promise<ObservableInput<unknown>> => {
      if (i >= interceptors.length) return defer(bindToContext(() => this.transformDeferred(next)));
      const handler = { handle: () => defer(bindToContext(() => nextFn(i + 1))).pipe(mergeAll()) };
      return interceptors[i].intercept(context, handler) as ObservableInput<unknown>;
    };
    return defer(() => nextFn()).pipe(mergeAll());
  };
  InterceptorsConsumer.prototype.intercept = intercept as unknown as Intercept;
  installed = true;
  return true;
}
