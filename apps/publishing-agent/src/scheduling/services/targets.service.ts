import { Injectable } from '@nestjs/common';
import {
  type Actor,
  actorReaches,
  type ContentTarget,
  type ContentTargetInput,
  type ContentTargets,
  type ContentTargetStatus,
  bracketed,
  checkedByShape,
  MeshError,
  SetContentTargetsShape,
  type TargetsOfContents,
  UnitOfWork,
} from '@mt/messages';
import { BrandAccessService } from '@mt/replicas';
import type { ScheduleItemEntity } from '../entities/scheduling.entities';
import type { ContentReplicaEntity } from '../../replicas/replicas.entities';
import { type ContentTargetRow, ContentTargetRepository } from '../repositories/content-target.repository';
import { type MediaRow, MediaRepository } from '../repositories/media.repository';
import { ScheduleItemRepository } from '../repositories/schedule-item.repository';
import { PublishingSettingsService } from './publishing-settings.service';
import { ScheduleChannels } from './schedule-channels';
import { parseAt, type Placement, type ScheduleResult, ScheduleService } from './schedule.service';
import { duplicateProblems, type TargetDraft, type TargetProblem, targetMediaProblems, targetText, textProblems } from './target-rules';

/** A target in these states is on its way or done: scheduling the post again leaves it alone. */
const SETTLED: ReadonlySet<ContentTargetStatus> = new Set(['published', 'publishing', 'unknown']);
const LIVE: ReadonlySet<ContentTargetStatus> = new Set(['scheduled', 'publishing', 'unknown']);

const problem = (code: string, status: number, message: string, errors: TargetProblem[]) =>
  new MeshError(code, message, { status, retryable: false, details: { errors } });

/**
 * Compose once, publish to many (ADR 186): a post's targets — one connection each, with its own
 * text, media and time — and their publications. Every target is checked before anything is
 * written (the brand's connections, once each, texts within each platform's limits, media each
 * platform takes); the set is replaced in one transaction. Scheduling places one schedule item per
 * target, each with its own idempotency key, so exactly-once (ADR 078) holds per target, and a
 * second schedule or publish places only the targets that are not published or on their way.
 */
@Injectable()
export class TargetsService {
  constructor(
    private readonly targets: ContentTargetRepository,
    private readonly items: ScheduleItemRepository,
    private readonly media: MediaRepository,
    private readonly schedule: ScheduleService,
    private readonly settings: PublishingSettingsService,
    private readonly channels: ScheduleChannels,
    private readonly access: BrandAccessService,
    private readonly uow: UnitOfWork,
  ) {}

  async set(actor: Actor, contentId: string, sent: ContentTargetInput[]): Promise<ContentTargets> {
    const copy = await this.schedule.load(actor, contentId, 'editor');
    // The set as the gateway checks it (ADR 197, ADR 202), for any sender: at most 20 targets, each a
    // connection's UUID with an optional text (not spaces only, ADR 210), media UUIDs and ISO 8601
    // time, no other fields. A stored target passed it, so the checks of stored targets need not repeat it.
    const { targets: inputs } = checkedByShape(SetContentTargetsShape, { targets: sent }, bracketed);
    // Approval covers the whole set: once approved, the targets change only after the post is edited back to a draft.
    if (copy.status !== 'draft' && !(await this.settings.autoApprove(copy.brandId))) {
      throw new MeshError(
        'CONTENT_APPROVED',
        'Approval covers the post with its targets: edit the post (it goes back to draft) before changing where it goes.',
        { status: 409, retryable: false, details: { contentId, status: copy.status } },
      );
    }
    const dup = duplicateProblems(inputs);
    if (dup.length > 0) throw problem('DUPLICATE_TARGET', 422, dup.map((p) => `${p.field} ${p.message}`).join('; '), dup);
    const drafts = await this.drafts(copy, inputs);
    const ats = inputs.map((t, i) => (t.at === undefined || t.at === null ? null : this.at(t.at, i)));
    await this.check(copy, drafts);
    // A target on its way keeps what it was placed with: it may not change or go (auto-approve brands only; a draft has none).
    const before = await this.statuses(contentId);
    const held = [...before.values()].filter((b) => {
      if (!LIVE.has(b.status)) return false;
      const i = drafts.findIndex((d) => d.connectionId === b.connectionId);
      return i < 0 || changed(drafts[i], ats[i], b);
    });
    if (held.length > 0) {
      throw new MeshError('TARGET_SCHEDULED', 'A target that is on the schedule cannot change or go: unschedule the post first.', {
        status: 409,
        retryable: false,
        details: { connectionIds: held.map((m) => m.connectionId) },
      });
    }
    await this.uow.transaction(async () => {
      await this.targets.lock(contentId);
      await this.targets.replace(
        contentId,
        copy.brandId,
        drafts.map((d, i) => ({ connectionId: d.connectionId, platform: d.platform, body: d.body, mediaIds: d.mediaIds, at: ats[i] })),
        actor.userId,
      );
    });
    return this.ofCopy(copy);
  }

  async ofContent(actor: Actor, contentId: string): Promise<ContentTargets> {
    return this.ofCopy(await this.schedule.load(actor, contentId, 'viewer'));
  }

  /** The targets of many posts in two queries; a brand the actor cannot see contributes nothing. */
  async ofContents(actor: Actor, contentIds: string[]): Promise<TargetsOfContents> {
    const unique = [...new Set(contentIds)];
    const rows = await this.targets.ofContents(unique);
    if (rows.length === 0) return {};
    const visible = new Map<string, boolean>();
    for (const brandId of new Set(rows.map((r) => r.brandId))) {
      visible.set(brandId, actorReaches(actor, brandId) ? (await this.access.roleOf(actor.userId, brandId)) !== null : false);
    }
    const shown = rows.filter((r) => visible.get(r.brandId));
    const latest = byTarget(await this.items.latestPerConnection([...new Set(shown.map((r) => r.contentId))]));
    const answer: TargetsOfContents = {};
    for (const r of shown) (answer[r.contentId] ??= []).push(toTarget(r, latest.get(`${r.contentId}:${r.connectionId}`)));
    return answer;
  }

  /** Whether the post goes to its targets (ADR 186) rather than to connections named per request. */
  async hasTargets(contentId: string): Promise<boolean> {
    return (await this.targets.ofContent(contentId)).length > 0;
  }

  /**
   * `POST /content/{id}/schedule` and `/publish`: a post without targets is scheduled as before.
   * A post with targets places each named target (all when none is named) that is not published
   * or on its way, at its own time or `at` (now when publishing), with its own text and media.
   */
  async scheduleOrPublish(actor: Actor, contentId: string, atIso: string | null, connectionIds: string[] | undefined): Promise<ScheduleResult> {
    const copy = await this.schedule.load(actor, contentId, 'editor');
    const targets = await this.targets.ofContent(contentId);
    if (targets.length === 0) {
      const ids = connectionIds ?? [];
      return atIso === null ? this.schedule.publishNow(actor, contentId, ids) : this.schedule.schedule(actor, contentId, atIso, ids);
    }
    await this.schedule.assertApproved(copy);
    const open = await this.openTargets(copy, targets, connectionIds);
    const now = new Date();
    const base = atIso === null ? now : parseAt(atIso);
    await this.schedule.activeConnections(
      copy.brandId,
      null,
      open.map((t) => t.connectionId),
    );
    const placements: Placement[] = open.map((t) => ({
      connection: { id: t.connectionId, platform: t.platform },
      at: atIso === null || !t.at || t.at < now ? base : t.at,
      ...targetText(copy, t),
      target: { mediaIds: t.mediaIds, ownBody: true },
    }));
    return this.schedule.placeEach(copy, placements, { variantId: null, abTestId: null, by: actor.userId });
  }

  /**
   * Posting queues that know targets (ADR 194): for `POST /content/{id}/queue`, null when the post
   * has no targets (it is queued as before); else each named target (all when none is named) that
   * is not published or on its way, with the text, hashtags and media it publishes — checked as
   * for a schedule — to go into its own connection's queue.
   */
  async forQueue(
    copy: ContentReplicaEntity,
    connectionIds: string[],
  ): Promise<{ connectionId: string; platform: string; body: string; hashtags: string[]; mediaIds: string[] | null }[] | null> {
    const targets = await this.targets.ofContent(copy.contentId);
    if (targets.length === 0) return null;
    const open = await this.openTargets(copy, targets, connectionIds);
    return open.map((t) => ({ connectionId: t.connectionId, platform: t.platform, ...targetText(copy, t), mediaIds: t.mediaIds }));
  }

  /** The named targets (all when none is named) not published or on their way, their texts and media checked again. */
  private async openTargets(copy: ContentReplicaEntity, targets: ContentTargetRow[], connectionIds: string[] | undefined): Promise<ContentTargetRow[]> {
    const contentId = copy.contentId;
    const named = connectionIds && connectionIds.length > 0 ? [...new Set(connectionIds)] : null;
    if (named) {
      const strangers = named.filter((id) => !targets.some((t) => t.connectionId === id));
      if (strangers.length > 0) {
        throw problem(
          'NOT_A_TARGET',
          422,
          `This post goes to its targets; connection ${strangers[0]} is not one of them. Add it to the targets first.`,
          strangers.map((id) => ({ field: 'connectionIds', message: `${id} is not a target of this post` })),
        );
      }
    }
    const chosen = named ? targets.filter((t) => named.includes(t.connectionId)) : targets;
    const states = await this.statuses(contentId);
    const open = chosen.filter((t) => !SETTLED.has(states.get(t.connectionId)?.status ?? 'pending'));
    if (open.length === 0) {
      throw new MeshError('NOTHING_TO_PUBLISH', 'Every target of this post is published or on its way; nothing was scheduled again.', {
        status: 409,
        retryable: false,
        details: { contentId },
      });
    }
    // The texts and media are checked again: the post's body or media may have changed since the targets were set.
    await this.check(
      copy,
      open.map((t) => ({ connectionId: t.connectionId, platform: t.platform, body: t.body, mediaIds: t.mediaIds })),
    );
    return open;
  }

  private async ofCopy(copy: ContentReplicaEntity): Promise<ContentTargets> {
    const rows = await this.targets.ofContent(copy.contentId);
    const latest = byTarget(await this.items.latestPerConnection([copy.contentId]));
    return { contentId: copy.contentId, targets: rows.map((r) => toTarget(r, latest.get(`${r.contentId}:${r.connectionId}`))) };
  }

  private async statuses(contentId: string): Promise<Map<string, ContentTarget>> {
    const rows = await this.targets.ofContent(contentId);
    const latest = byTarget(await this.items.latestPerConnection([contentId]));
    return new Map(rows.map((r) => [r.connectionId, toTarget(r, latest.get(`${r.contentId}:${r.connectionId}`))]));
  }

  /** Each target's connection, which must be one of the brand's (its platform comes from it). */
  private async drafts(copy: ContentReplicaEntity, inputs: ContentTargetInput[]): Promise<TargetDraft[]> {
    const gateway = this.channels.require();
    const out: TargetDraft[] = [];
    const missing: TargetProblem[] = [];
    for (const [i, t] of inputs.entries()) {
      const c = await gateway.connection(t.connectionId);
      if (!c || c.brandId !== copy.brandId) {
        missing.push({ field: `targets[${i}].connectionId`, message: `connection ${t.connectionId} is not one of this brand's connections` });
        continue;
      }
      out.push({ connectionId: c.id, platform: c.platform, body: t.body ?? null, mediaIds: t.mediaIds ?? null });
    }
    if (missing.length > 0) throw problem('CONNECTION_NOT_FOUND', 422, missing.map((p) => p.message).join('; '), missing);
    return out;
  }

  /** Texts within each platform's limit, media the brand's and each platform's to take; else a 422 naming every problem. */
  private async check(copy: ContentReplicaEntity, drafts: TargetDraft[]): Promise<void> {
    const text = textProblems(drafts, copy.body, copy.hashtags);
    if (text.length > 0) throw problem('TARGET_TEXT_TOO_LONG', 422, text.map((p) => `${p.field}: ${p.message}`).join(' '), text);
    const own = [...new Set(drafts.flatMap((d) => d.mediaIds ?? []))];
    const rows = await this.media.findMany(own);
    const byId = new Map(rows.filter((r) => r.brandId === copy.brandId).map((r) => [r.id, r]));
    const foreign: TargetProblem[] = [];
    drafts.forEach((d, i) => {
      const ids = d.mediaIds ?? [];
      if (new Set(ids).size !== ids.length) foreign.push({ field: `targets[${i}].mediaIds`, message: 'must not name a medium twice' });
      ids.forEach((id, k) => {
        if (!byId.has(id)) foreign.push({ field: `targets[${i}].mediaIds[${k}]`, message: "is not a medium of this post's brand" });
      });
    });
    if (foreign.length > 0) throw problem('VALIDATION_FAILED', 400, foreign.map((p) => `${p.field} ${p.message}`).join('; '), foreign);
    const contentMedia: MediaRow[] = drafts.some((d) => d.mediaIds === null) ? await this.media.attachedTo(copy.contentId) : [];
    const media = targetMediaProblems(drafts, contentMedia, byId);
    if (media.length > 0) throw problem('MEDIA_NOT_ALLOWED', 422, media.map((p) => p.message).join(' '), media);
  }

  private at(iso: string, i: number): Date {
    try {
      return parseAt(iso);
    } catch (err) {
      // The same checks as a schedule's `at`, named for this target.
      if (err instanceof MeshError) {
        throw new MeshError(err.code, `targets[${i}].${err.message.startsWith('at') ? err.message : `at: ${err.message}`}`, {
          status: err.status,
          retryable: false,
          details: { errors: [{ field: `targets[${i}].at`, message: err.message }] },
        });
      }
      throw err;
    }
  }
}

function changed(d: TargetDraft, at: Date | null, before: ContentTarget): boolean {
  return (
    d.body !== before.body ||
    JSON.stringify(d.mediaIds) !== JSON.stringify(before.mediaIds) ||
    (at?.toISOString() ?? null) !== (before.at ? new Date(before.at).toISOString() : null)
  );
}

function byTarget(items: ScheduleItemEntity[]): Map<string, ScheduleItemEntity> {
  return new Map(items.map((i) => [`${i.contentId}:${i.connectionId}`, i]));
}

/** A target with its latest publication's status and outcome (`pending` before its first). */
export function toTarget(r: ContentTargetRow, item: ScheduleItemEntity | undefined): ContentTarget {
  const error = item?.errorCode ? { code: item.errorCode, message: item.errorMessage ?? '' } : null;
  return {
    connectionId: r.connectionId,
    platform: r.platform,
    body: r.body,
    mediaIds: r.mediaIds,
    at: r.at ? r.at.toISOString() : null,
    status: item ? item.status : 'pending',
    scheduleId: item?.id ?? null,
    attempts: item?.attempts ?? 0,
    outcome: item
      ? {
          url: item.url,
          externalId: item.externalId,
          publishedAt: item.publishedAt ? item.publishedAt.toISOString() : null,
          error: item.status === 'published' ? null : error,
        }
      : null,
  };
}
