import { EMBEDDED_RELAY_IDLE_MAX_MS, seatMeshOptions } from './runtime.module';
import type { Runtime } from '../runtime';

/** Enough of a runtime for the seat's mesh options. */
function runtime(embedded: boolean): Runtime {
  return {
    embedded,
    config: { mesh: { prefetch: 64, batchSize: 32, concurrency: 4, unbatchedConcurrency: 16, rpcTimeoutMs: 5_000 } },
    broker: {},
    topology: {},
    logger: { child: () => ({}) },
    metrics: { meshObserver: () => ({}) },
  } as unknown as Runtime;
}

const seat = { name: 'brand-agent', schema: 'brand', entities: [], migrations: [] };

describe('seatMeshOptions', () => {
  it('lets an idle relay of the one-process system wait up to a minute between polls (ADR 204)', () => {
    expect(EMBEDDED_RELAY_IDLE_MAX_MS).toBe(60_000);
    expect(seatMeshOptions(runtime(true), seat)).toMatchObject({ agent: 'brand-agent', schema: 'brand', relayIdleMaxMs: 60_000, concurrency: 1 });
  });

  it("keeps the mesh's own relay wait (15 s, ADR 112) when apps run as separate processes", () => {
    const options = seatMeshOptions(runtime(false), seat);
    expect(options.relayIdleMaxMs).toBeUndefined();
    expect(options.concurrency).toBe(4);
  });
});
