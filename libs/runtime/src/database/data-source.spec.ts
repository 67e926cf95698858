import { agentDataSourceOptions } from './data-source';

const base = { url: 'postgres://postgres@127.0.0.1:5432/postgres', schema: 'brand', entities: [], migrations: [] };

describe('agentDataSourceOptions', () => {
  it('keeps idle connections open when asked (the embedded mode: no reconnect on each idle poll, ADR 204)', () => {
    expect(agentDataSourceOptions({ ...base, poolSize: 2, keepIdleConnections: true }).extra).toEqual({ max: 2, idleTimeoutMillis: 0 });
  });

  it("otherwise leaves pg's idle timeout alone, so a server's idle sessions are given back", () => {
    const extra: Record<string, unknown> = agentDataSourceOptions({ ...base }).extra;
    expect(extra).toEqual({ max: 10 });
    expect(extra.idleTimeoutMillis).toBeUndefined();
  });
});
