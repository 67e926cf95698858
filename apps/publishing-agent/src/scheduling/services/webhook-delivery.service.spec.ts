import type { UnitOfWork } from '@mt/messages';
import type { WebhookDeliveryRepository } from '../repositories/webhook-delivery.repository';
import type { WebhookSubscriptionRepository } from '../repositories/webhook-subscription.repository';
import type { WebhookDelivererService } from './webhook-deliverer.service';
import { WebhookDeliveryService } from './webhook-delivery.service';
import type { WebhookSubscriptionService } from './webhook-subscription.service';

/** The idle deliverer sleeps until its next known due time (ADR 204): queuing a delivery must wake it, once committed. */
describe('WebhookDeliveryService waking the deliverer', () => {
  function setup(subscribed: { id: string; brandId: string }[]) {
    const committed: (() => void)[] = [];
    const uow = { afterCommit: (fn: () => void) => committed.push(fn) } as unknown as UnitOfWork;
    const inserted: unknown[] = [];
    const deliveries = { insert: jest.fn(async (d: unknown) => inserted.push(d)) } as unknown as WebhookDeliveryRepository;
    const subscriptions = { subscribedTo: jest.fn(async () => subscribed) } as unknown as WebhookSubscriptionRepository;
    const deliverer = { wake: jest.fn() };
    const service = new WebhookDeliveryService(
      deliveries,
      subscriptions,
      {} as WebhookSubscriptionService,
      uow,
      deliverer as unknown as WebhookDelivererService,
    );
    const commit = () => committed.splice(0).forEach((fn) => fn());
    return { service, deliverer, inserted, commit };
  }

  it('wakes the deliverer after the transaction that queued deliveries commits, not before', async () => {
    const { service, deliverer, inserted, commit } = setup([{ id: 's1', brandId: 'b1' }]);
    await service.enqueueMany('content.published', [{ eventId: 'e1', payload: { brandId: 'b1' } }]);
    expect(inserted).toHaveLength(1);
    expect(deliverer.wake).not.toHaveBeenCalled();
    commit();
    expect(deliverer.wake).toHaveBeenCalledTimes(1);
  });

  it('leaves the deliverer asleep when the brand has no subscription to the event', async () => {
    const { service, deliverer, inserted, commit } = setup([]);
    await service.enqueueMany('content.published', [{ eventId: 'e1', payload: { brandId: 'b1' } }]);
    commit();
    expect(inserted).toEqual([]);
    expect(deliverer.wake).not.toHaveBeenCalled();
  });
});
