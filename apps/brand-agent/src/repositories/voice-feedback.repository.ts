import { Injectable } from '@nestjs/common';
import { UnitOfWork, type VoiceFeedback, type VoiceFeedbackKind } from '@mt/messages';
import { type Keyset, utcKeySql } from '@mt/runtime';
import type { FeedbackHistory } from '../services/voice-learning';
import { LEARNED_EXAMPLES } from '../services/voice-learning';

export interface NewVoiceFeedback {
  brandId: string;
  kind: VoiceFeedbackKind;
  contentId: string | null;
  text: string | null;
  previousText: string | null;
  removedWords: string[];
  addedWords: string[];
  by: string | null;
  /** When it happened: the event's time (ISO 8601), not the time it was handled. */
  at: string;
}

interface FeedbackRow {
  id: string;
  brand_id: string;
  kind: VoiceFeedbackKind;
  content_id: string | null;
  text: string | null;
  previous_text: string | null;
  removed_words: string[];
  added_words: string[];
  by_user: string | null;
  voice_version: number | null;
  created_at: Date;
  created_key: string;
}

/** How far back edits and rejections count: enough for a brand's habits, bounded for the handler's transaction. */
const HISTORY_ROWS = 500;

/** The learning loop's record: one row per accepted, edited, rejected or winning post. */
@Injectable()
export class VoiceFeedbackRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * `created_at` is when the edit, approval or deletion happened (`at`), not when it was handled:
   * events handled in one transaction would share its start time, and events handled in two
   * concurrent transactions may commit in either order. Listing newest first then follows the edits.
   */
  async insert(f: NewVoiceFeedback): Promise<string> {
    const rows: { id: string }[] = await this.uow.manager().query(
      `INSERT INTO "brand".voice_feedback (brand_id, kind, content_id, text, previous_text, removed_words, added_words, by_user, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz) RETURNING id`,
      [f.brandId, f.kind, f.contentId, f.text, f.previousText, f.removedWords, f.addedWords, f.by, f.at],
    );
    return rows[0].id;
  }

  async setVoiceVersion(id: string, version: number): Promise<void> {
    await this.uow.manager().query(`UPDATE "brand".voice_feedback SET voice_version = $2 WHERE id = $1`, [id, version]);
  }

  /** The newest text recorded for a post (a deleted post's text, when it was accepted or edited before). */
  async lastTextOf(contentId: string): Promise<string | null> {
    const rows: { text: string }[] = await this.uow
      .manager()
      .query(`SELECT text FROM "brand".voice_feedback WHERE content_id = $1 AND text IS NOT NULL ORDER BY created_at DESC LIMIT 1`, [contentId]);
    return rows[0]?.text ?? null;
  }

  async history(brandId: string): Promise<FeedbackHistory> {
    const m = this.uow.manager();
    // One after another: inside a handler's transaction the manager is one client, and a pg client runs one query at a time.
    const accepted = (await m.query(
      `SELECT text FROM "brand".voice_feedback WHERE brand_id = $1 AND kind IN ('accepted', 'ab-winner') AND text IS NOT NULL
        ORDER BY created_at DESC, id DESC LIMIT $2`,
      [brandId, LEARNED_EXAMPLES * 4],
    )) as { text: string }[];
    const counted = (await m.query(`SELECT count(*)::int AS n FROM "brand".voice_feedback WHERE brand_id = $1 AND kind IN ('accepted', 'ab-winner')`, [
      brandId,
    ])) as { n: number }[];
    const rejected = (await m.query(
      `SELECT text FROM "brand".voice_feedback WHERE brand_id = $1 AND kind = 'rejected' AND text IS NOT NULL
        ORDER BY created_at DESC LIMIT $2`,
      [brandId, HISTORY_ROWS],
    )) as { text: string }[];
    const edits = (await m.query(
      `SELECT removed_words, added_words FROM "brand".voice_feedback WHERE brand_id = $1 AND kind = 'edited'
        ORDER BY created_at DESC LIMIT $2`,
      [brandId, HISTORY_ROWS],
    )) as { removed_words: string[]; added_words: string[] }[];
    return {
      accepted: accepted.map((r) => r.text),
      acceptedCount: Number(counted[0]?.n ?? 0),
      rejected: rejected.map((r) => r.text),
      edits: edits.map((r) => ({ removed: r.removed_words, added: r.added_words })),
    };
  }

  /** Newest first, keyset-paginated on (created_at, id); `limit` rows at most. */
  async page(brandId: string, kind: VoiceFeedbackKind | undefined, limit: number, after: Keyset | null): Promise<(VoiceFeedback & Keyset)[]> {
    const params: unknown[] = [brandId, limit];
    const where = ['brand_id = $1'];
    if (kind) {
      params.push(kind);
      where.push(`kind = $${params.length}`);
    }
    if (after) {
      params.push(after.createdKey, after.id);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const rows: FeedbackRow[] = await this.uow.manager().query(
      `SELECT *, ${utcKeySql('created_at')} AS created_key FROM "brand".voice_feedback
        WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      brandId: r.brand_id,
      kind: r.kind,
      contentId: r.content_id,
      text: r.text,
      previousText: r.previous_text,
      removedWords: r.removed_words,
      addedWords: r.added_words,
      by: r.by_user,
      voiceVersion: r.voice_version,
      createdAt: new Date(r.created_at).toISOString(),
      createdKey: r.created_key,
    }));
  }
}
