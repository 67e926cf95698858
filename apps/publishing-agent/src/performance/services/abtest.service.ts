import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type AbTest, type Actor, checkedByShape, CreateAbTestShape, MeshError, PUBLISHING_EVENTS, UnitOfWork } from '@mt/messages';
import { BrandAccessService, BrandProfileService } from '@mt/replicas';
import { AbTestRepository, type AbTestWithVariants } from '../repositories/abtest.repository';
import { AnalyticsSnapshotRepository, type PostTotals } from '../repositories/analytics-snapshot.repository';
import { ContentReplicaRepository } from '../../replicas/content-replica.repository';
import { AbTestScheduler } from './abtest-scheduler';
import { abSlots, defaultFirstSlot } from './abtest-slots';
import { type ArmCounts, decide } from './abtest-stats';
import { rate } from './analytics-query.service';

const notFound = (what = 'A/B test') => new MeshError('NOT_FOUND', `No such ${what}`, { status: 404, retryable: false });
const invalid = (field: string, message: string) =>
  new MeshError('VALIDATION_FAILED', `${field} ${message}`, { status: 400, retryable: false, details: { errors: [{ field, message }] } });

/** The snapshot key of a variant's simulated numbers (POST /analytics/simulate). */
export const simulatedVariantKey = (abTestId: string, label: 'A' | 'B') => `sim:abtest:${abTestId}:${label}`;

interface Arm extends ArmCounts {
  simulated: boolean;
}

/**
 * A/B tests of two variants of one piece: scheduled at comparable slots through the scheduling
 * part, measured by their posts' snapshots, decided with the beta-binomial model (abtest-stats).
 */
@Injectable()
export class AbTestService {
  constructor(
    private readonly tests: AbTestRepository,
    private readonly catalog: ContentReplicaRepository,
    private readonly snapshots: AnalyticsSnapshotRepository,
    private readonly access: BrandAccessService,
    private readonly profiles: BrandProfileService,
    private readonly scheduler: AbTestScheduler,
    private readonly uow: UnitOfWork,
  ) {}

  /** Outside a transaction: checks access, places both variants on the schedule, then records the test. */
  async create(actor: Actor, contentId: string, sentVariantIds: [string, string], sentConnectionId: string, sentAt?: string): Promise<AbTest> {
    const content = await this.catalog.find(contentId);
    if (!content) throw notFound('content');
    await this.requireRole(actor, content.brandId, 'editor', 'content');
    // The request as the gateway checks it (ADR 195), for any sender (ADR 202); what needs the content follows.
    const { variantIds, connectionId, at } = checkedByShape(CreateAbTestShape, { variantIds: sentVariantIds, connectionId: sentConnectionId, at: sentAt });
    if (variantIds[0] === variantIds[1]) throw invalid('variantIds', 'must name two different variants');
    const variants = variantIds.map((id) => content.variants.find((v) => v.id === id));
    variants.forEach((v, i) => {
      if (!v) throw invalid('variantIds', `${variantIds[i]} is not a variant of this content`);
    });
    const running = await this.tests.runningFor(contentId, connectionId);
    if (running) {
      // The scheduler places one post per content, connection and variant: a second test would share (and move) them.
      throw new MeshError('CONFLICT', `This content already has a running A/B test on this connection (${running})`, { status: 409, retryable: false });
    }
    const first = at ? new Date(at) : defaultFirstSlot(new Date());
    if (Number.isNaN(first.getTime())) throw invalid('at', 'must be an ISO 8601 instant');
    const { brand } = await this.profiles.get(content.brandId);
    const id = randomUUID();
    const slots = abSlots(id, first, brand.timezone);
    const placed: { label: 'A' | 'B'; variantId: string; slotAt: Date; scheduleId: string; platform: string }[] = [];
    for (const [i, label] of (['A', 'B'] as const).entries()) {
      const v = variants[i]!;
      const item = await this.scheduler.scheduleVariant({
        brandId: content.brandId,
        contentId,
        variantId: v.id,
        body: v.body,
        hashtags: v.hashtags ?? [],
        connectionId,
        at: slots[label].toISOString(),
        abTestId: id,
      });
      placed.push({ label, variantId: v.id, slotAt: slots[label], scheduleId: item.id, platform: item.platform });
    }
    await this.uow.transaction(() =>
      this.tests.insert({
        id,
        brandId: content.brandId,
        contentId,
        connectionId,
        platform: placed[0].platform,
        createdBy: actor.userId,
        variants: placed,
      }),
    );
    return this.get(actor, id);
  }

  /** A content's tests, newest first (few per content: answered whole). */
  async listForContent(actor: Actor, contentId: string): Promise<{ items: AbTest[]; nextCursor: null }> {
    const tests = await this.tests.listByContent(contentId);
    const brandId = (await this.catalog.find(contentId))?.brandId ?? tests[0]?.brandId;
    if (!brandId) throw notFound('content');
    await this.requireRole(actor, brandId, 'viewer', 'content');
    const items: AbTest[] = [];
    for (const t of tests.filter((x) => x.brandId === brandId)) items.push(this.view(t, await this.armsOf(t)));
    return { items, nextCursor: null };
  }

  async get(actor: Actor, abTestId: string): Promise<AbTest> {
    const test = await this.tests.find(abTestId);
    if (!test) throw notFound();
    await this.requireRole(actor, test.brandId, 'viewer', 'A/B test');
    return this.view(test, await this.armsOf(test));
  }

  /**
   * Inside the transaction that wrote new numbers: decides every running test of the brand that
   * has enough evidence, records its winner and announces it once (brand-agent's voice learning
   * takes the winning body).
   */
  async evaluateRunning(brandId: string): Promise<void> {
    for (const test of await this.tests.listRunning(brandId)) {
      const arms = await this.armsOf(test);
      const decision = decide(arms[0], arms[1]);
      if (decision.winner === null || !decision.decidedBy) continue;
      const winner = test.variants[decision.winner];
      const loser = test.variants[1 - decision.winner];
      const probability = decision.probabilityBest[decision.winner];
      if (!(await this.tests.conclude(test.id, winner.variantId, decision.decidedBy, probability))) continue;
      const content = await this.catalog.find(test.contentId);
      this.uow.publishEvent(PUBLISHING_EVENTS.abTestConcluded, {
        brandId: test.brandId,
        contentId: test.contentId,
        winnerVariantId: winner.variantId,
        loserVariantId: loser.variantId,
        probabilityWinnerBetter: Math.round(probability * 100_000) / 100_000,
        winnerBody: content?.variants.find((v) => v.id === winner.variantId)?.body ?? '',
        simulated: arms.some((a) => a.simulated),
      });
    }
  }

  private async armsOf(test: AbTestWithVariants): Promise<[Arm, Arm]> {
    const keysOf = (label: 'A' | 'B', scheduleId: string | null) => [simulatedVariantKey(test.id, label), ...(scheduleId ? [scheduleId] : [])];
    const keys = test.variants.flatMap((v) => keysOf(v.label, v.scheduleId));
    const totals = (await this.snapshots.totalsOfPosts(keys)).filter((t) => t.brandId === test.brandId);
    const arm = (label: 'A' | 'B', scheduleId: string | null): Arm => {
      const own = totals.filter((t: PostTotals) => keysOf(label, scheduleId).includes(t.postKey));
      return {
        impressions: own.reduce((a, t) => a + t.impressions, 0),
        engagements: own.reduce((a, t) => a + t.engagements, 0),
        simulated: own.some((t) => t.simulated),
      };
    };
    const [a, b] = test.variants;
    return [arm('A', a.scheduleId), arm('B', b.scheduleId)];
  }

  private view(test: AbTestWithVariants, arms: [Arm, Arm]): AbTest {
    const { probabilityBest } = decide(arms[0], arms[1]);
    return {
      id: test.id,
      brandId: test.brandId,
      contentId: test.contentId,
      connectionId: test.connectionId,
      platform: test.platform,
      status: test.status,
      variants: test.variants.map((v, i) => ({
        variantId: v.variantId,
        label: v.label,
        at: v.slotAt.toISOString(),
        scheduleId: v.scheduleId,
        impressions: arms[i].impressions,
        engagements: arms[i].engagements,
        engagementRate: rate(arms[i].engagements, arms[i].impressions),
        probabilityBest: Math.round(probabilityBest[i] * 100_000) / 100_000,
        simulated: arms[i].simulated,
      })),
      winnerVariantId: test.winnerVariantId,
      decidedBy: test.decidedBy,
      concludedAt: test.concludedAt?.toISOString() ?? null,
      simulated: arms.some((a) => a.simulated),
      createdAt: test.createdAt.toISOString(),
    };
  }

  private async requireRole(actor: Actor, brandId: string, role: 'viewer' | 'editor', what: string): Promise<void> {
    try {
      await this.access.require(actor, brandId, role);
    } catch (err) {
      if (err instanceof MeshError && err.code === 'NOT_FOUND') throw notFound(what);
      throw err;
    }
  }
}
