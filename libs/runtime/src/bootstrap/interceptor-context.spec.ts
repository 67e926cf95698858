import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { InterceptorsConsumer } from '@nestjs/core/interceptors/interceptors-consumer';
import { lastValueFrom, type Observable, retry, map } from 'rxjs';
import { installInterceptorContextBinding, type SelectiveInterceptor } from './interceptor-context';

describe('installInterceptorContextBinding', () => {
  const als = new AsyncLocalStorage<string>();

  beforeAll(() => {
    // Fails when a Nest upgrade changes the chain this replacement was written for.
    expect(installInterceptorContextBinding()).toBe(true);
  });

  const run = async (interceptors: NestInterceptor[], handler: () => Promise<unknown>) => {
    const consumer = new InterceptorsConsumer();
    const out = await consumer.intercept(interceptors, [{}, {}, () => undefined], {}, () => undefined, handler, 'http');
    return lastValueFrom(out as Observable<unknown>);
  };

  it('runs the interceptors in order around the handler, in the async context of the request, without AsyncResource.bind', async () => {
    const bind = jest.spyOn(AsyncResource, 'bind');
    const seen: string[] = [];
    const tag = (name: string): NestInterceptor => ({
      async intercept(_ctx: ExecutionContext, next: CallHandler) {
        await new Promise((r) => setImmediate(r));
        seen.push(`${name}:${als.getStore()}`);
        return next.handle().pipe(map((v) => `${name}(${String(v)})`));
      },
    });
    const body = await als.run('request-1', () =>
      run([tag('a'), tag('b')], async () => {
        await new Promise((r) => setTimeout(r, 1));
        seen.push(`handler:${als.getStore()}`);
        return 'ok';
      }),
    );
    expect(body).toBe('a(b(ok))');
    expect(seen).toEqual(['a:request-1', 'b:request-1', 'handler:request-1']);
    expect(bind).not.toHaveBeenCalled();
    bind.mockRestore();
  });

  it('lets an interceptor retry the rest of the chain (each subscription runs the handler again)', async () => {
    let calls = 0;
    const retrying: NestInterceptor = { intercept: (_ctx, next) => next.handle().pipe(retry(2)) };
    const body = await run([retrying], async () => {
      calls++;
      if (calls < 3) throw new Error('flaky');
      return calls;
    });
    expect(body).toBe(3);
  });

  it('calls the handler directly when there is no interceptor', async () => {
    const consumer = new InterceptorsConsumer();
    await expect(
      consumer.intercept(
        [],
        [],
        {},
        () => undefined,
        async () => 'direct',
        'http',
      ),
    ).resolves.toBe('direct');
  });

  it('leaves out an interceptor that does not act on the request, and calls the handler directly when none acts (ADR 219)', async () => {
    const seen: string[] = [];
    const selective = (name: string, acts: boolean): SelectiveInterceptor => ({
      appliesTo: (args, type) => {
        expect(type).toBe('http');
        expect(args[0]).toEqual({ method: 'POST' });
        return acts;
      },
      intercept(_ctx: ExecutionContext, next: CallHandler) {
        seen.push(name);
        return next.handle().pipe(map((v) => `${name}(${String(v)})`));
      },
    });
    const consumer = new InterceptorsConsumer();
    const call = (interceptors: NestInterceptor[]) =>
      consumer.intercept(
        interceptors,
        [{ method: 'POST' }, {}, () => undefined],
        {},
        () => undefined,
        async () => 'ok',
        'http',
      );
    // None acts: the handler's own promise, not an observable.
    await expect(call([selective('a', false), selective('b', false)])).resolves.toBe('ok');
    expect(seen).toEqual([]);
    // One acts: it alone wraps the handler; a plain interceptor always acts.
    const plain: NestInterceptor = { intercept: (_ctx, next) => next.handle().pipe(map((v) => `plain(${String(v)})`)) };
    const out = await call([selective('a', false), selective('b', true), plain]);
    await expect(lastValueFrom(out as Observable<unknown>)).resolves.toBe('b(plain(ok))');
    expect(seen).toEqual(['b']);
  });
});
