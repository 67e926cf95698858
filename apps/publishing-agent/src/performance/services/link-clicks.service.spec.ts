import { currentTraceScope, runInTraceScope, type TraceScope, type UnitOfWork } from '@mt/messages';
import type { LinkClickRepository } from '../repositories/link-click.repository';
import { LinkClicksService } from './link-clicks.service';

describe('LinkClicksService', () => {
  it('writes the clicks it gathered outside the scope of the click that started the wait', async () => {
    const writes: { clicks: { code: string; count: number }[]; scope: TraceScope | undefined }[] = [];
    const links = {
      urlOf: async (code: string) => (code === 'abc123' ? 'https://example.com/spring' : null),
      add: async (clicks: { code: string; count: number; day: string }[]) => {
        writes.push({ clicks: clicks.map(({ code, count }) => ({ code, count })), scope: currentTraceScope() });
      },
    } as unknown as LinkClickRepository;
    const uow = { transaction: <T>(fn: () => Promise<T>) => fn() } as unknown as UnitOfWork;
    const service = new LinkClicksService(links, uow, { flushMs: 20 });
    const click = (traceId: string) =>
      runInTraceScope({ traceId, spanId: '00f067aa0ba902b7', messageId: `m-${traceId.slice(0, 4)}` }, () => service.follow('abc123'));

    await expect(click('4bf92f3577b34da6a3ce929d0e0e4736')).resolves.toEqual({ url: 'https://example.com/spring' });
    await click('5cf92f3577b34da6a3ce929d0e0e4737');
    await new Promise((r) => setTimeout(r, 100));

    // Both clicks in one write, which belongs to neither click's message.
    expect(writes).toEqual([{ clicks: [{ code: 'abc123', count: 2 }], scope: undefined }]);
  });
});
