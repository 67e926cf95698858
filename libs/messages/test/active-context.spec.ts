import { context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { activeContext, currentTraceScope, enableMeshTracing, runInTraceScope, useContextManager, withContext } from '@mt/messages';

/**
 * The mesh reads and enters contexts through the SDK's context manager when the runtime hands it
 * over (ADR 236): only the manager the API has registered is taken, so what the mesh sees and what
 * the instrumentations see through the API stay the same context.
 */
const KEY = createContextKey('active-context.spec');
const registered = new AsyncLocalStorageContextManager();

beforeAll(() => {
  registered.enable();
  expect(context.setGlobalContextManager(registered)).toBe(true);
});
afterAll(() => {
  useContextManager(undefined);
  enableMeshTracing(false);
  context.disable();
});

it('takes the registered manager, and the API sees what it enters', async () => {
  expect(useContextManager(registered)).toBe(true);
  const ctx = ROOT_CONTEXT.setValue(KEY, 'request');
  const seen = await withContext(ctx, async () => {
    await new Promise((r) => setImmediate(r));
    return { mesh: activeContext().getValue(KEY), api: context.active().getValue(KEY) };
  });
  expect(seen).toEqual({ mesh: 'request', api: 'request' });
  // And what the API enters, the mesh reads.
  expect(context.with(ctx, () => activeContext().getValue(KEY))).toBe('request');
  expect(activeContext().getValue(KEY)).toBeUndefined();
});

it('keeps the log scope in the context the API carries', async () => {
  expect(useContextManager(registered)).toBe(true);
  enableMeshTracing(true);
  const scope = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), requestId: 'req-1' };
  const seen = await runInTraceScope(scope, async () => {
    await new Promise((r) => setTimeout(r, 1));
    return currentTraceScope();
  });
  expect(seen).toEqual(scope);
  enableMeshTracing(false);
});

it('refuses a manager the API has not registered, and keeps to the API', () => {
  const other = new AsyncLocalStorageContextManager().enable();
  expect(useContextManager(other)).toBe(false);
  const ctx = ROOT_CONTEXT.setValue(KEY, 'api');
  // Entered through the API's manager: the other manager's storage never sees it.
  expect(withContext(ctx, () => [activeContext().getValue(KEY), other.active().getValue(KEY)])).toEqual(['api', undefined]);
  other.disable();
  expect(useContextManager(undefined)).toBe(false);
});
