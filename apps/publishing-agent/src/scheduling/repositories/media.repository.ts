import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';
import { type Keyset, utcKeySql } from '@mt/runtime';

export interface MediaRow {
  id: string;
  brandId: string;
  kind: 'image' | 'video';
  mimeType: string;
  fileName: string;
  bytes: number;
  width: number | null;
  height: number | null;
  durationS: number | null;
  /** Videos: frames a second, as ffprobe reads them; null when not known (images, videos uploaded before ADR 203). */
  frameRate: number | null;
  codec: string | null;
  altText: string | null;
  focus: { x: number; y: number } | null;
  storageKey: string;
  createdAt: Date;
  createdKey: string;
}

export type NewMedia = Omit<MediaRow, 'createdAt' | 'createdKey'> & { createdBy: string | null };

/** Schedule items in these states may still publish: media they carry must stay. */
const WAITING = `('scheduled', 'publishing', 'unknown')`;
const COLUMNS = `m.id, m.brand_id, m.kind, m.mime_type, m.file_name, m.bytes, m.width, m.height, m.duration_s, m.frame_rate, m.codec, m.alt_text,
  m.focus_x, m.focus_y, m.storage_key, m.created_at, ${utcKeySql('m.created_at')} AS created_key`;

@Injectable()
export class MediaRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private q<T = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]> {
    return this.uow.manager().query(sql, params);
  }

  /** Serialises a brand's uploads, so two at once cannot both slip under the quota. */
  async lockBrand(brandId: string): Promise<void> {
    await this.q(`SELECT pg_advisory_xact_lock(hashtextextended($1, 159))`, [`media:${brandId}`]);
  }

  async usedBytes(brandId: string): Promise<number> {
    const [r] = await this.q<{ used: string }>(`SELECT COALESCE(SUM(bytes), 0)::text AS used FROM publishing.media WHERE brand_id = $1`, [brandId]);
    return Number(r.used);
  }

  async insert(m: NewMedia): Promise<MediaRow> {
    await this.q(
      `INSERT INTO publishing.media (id, brand_id, kind, mime_type, file_name, bytes, width, height, duration_s, frame_rate, codec, alt_text, focus_x, focus_y, storage_key, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        m.id,
        m.brandId,
        m.kind,
        m.mimeType,
        m.fileName,
        m.bytes,
        m.width,
        m.height,
        m.durationS,
        m.frameRate,
        m.codec,
        m.altText,
        m.focus?.x ?? null,
        m.focus?.y ?? null,
        m.storageKey,
        m.createdBy,
      ],
    );
    return (await this.find(m.id)) as MediaRow;
  }

  async find(id: string): Promise<MediaRow | null> {
    const [r] = await this.q(`SELECT ${COLUMNS} FROM publishing.media m WHERE m.id = $1`, [id]);
    return r ? toRow(r) : null;
  }

  async findMany(ids: string[]): Promise<MediaRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.q(`SELECT ${COLUMNS} FROM publishing.media m WHERE m.id = ANY($1::uuid[])`, [ids]);
    return rows.map(toRow);
  }

  /** Newest first, by (created_at, id). */
  async list(brandId: string, limit: number, after: Keyset | null, kind?: 'image' | 'video'): Promise<MediaRow[]> {
    const params: unknown[] = [brandId, limit];
    let where = `m.brand_id = $1`;
    if (kind) {
      params.push(kind);
      where += ` AND m.kind = $${params.length}`;
    }
    if (after) {
      params.push(after.createdKey, after.id);
      where += ` AND (m.created_at, m.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    const rows = await this.q(`SELECT ${COLUMNS} FROM publishing.media m WHERE ${where} ORDER BY m.created_at DESC, m.id DESC LIMIT $2`, params);
    return rows.map(toRow);
  }

  async update(id: string, patch: { altText?: string | null; focus?: { x: number; y: number } | null }): Promise<void> {
    if (patch.altText !== undefined) await this.q(`UPDATE publishing.media SET alt_text = $2 WHERE id = $1`, [id, patch.altText]);
    if (patch.focus !== undefined)
      await this.q(`UPDATE publishing.media SET focus_x = $2, focus_y = $3 WHERE id = $1`, [id, patch.focus?.x ?? null, patch.focus?.y ?? null]);
  }

  /** Locks the row for a delete, so an attach cannot race it. */
  async lock(id: string): Promise<void> {
    await this.q(`SELECT 1 FROM publishing.media WHERE id = $1 FOR UPDATE`, [id]);
  }

  /** Posts that carry this medium (themselves, or on a compose-once target's item, ADR 186) and still have a waiting schedule item. */
  async waitingContentIds(mediaId: string): Promise<string[]> {
    const rows = await this.q<{ content_id: string }>(
      `SELECT cm.content_id FROM publishing.content_media cm
         JOIN publishing.schedule_item si ON si.content_id = cm.content_id AND si.status IN ${WAITING} AND si.media_ids IS NULL
        WHERE cm.media_id = $1
       UNION
       SELECT si.content_id FROM publishing.schedule_item si WHERE si.status IN ${WAITING} AND si.media_ids @> jsonb_build_array($1::text)`,
      [mediaId],
    );
    return rows.map((r) => r.content_id);
  }

  /** Deletes the row and its attachments to posts that will not publish again. */
  async delete(id: string): Promise<void> {
    await this.q(`DELETE FROM publishing.content_media WHERE media_id = $1`, [id]);
    await this.q(`DELETE FROM publishing.media WHERE id = $1`, [id]);
  }

  async attachedIds(contentId: string): Promise<string[]> {
    const rows = await this.q<{ media_id: string }>(`SELECT media_id FROM publishing.content_media WHERE content_id = $1 ORDER BY position`, [contentId]);
    return rows.map((r) => r.media_id);
  }

  /** Each post's attachments in order, with the brand they were attached under. */
  async attachmentsOf(contentIds: string[]): Promise<{ contentId: string; mediaId: string; brandId: string }[]> {
    const rows = await this.q<{ content_id: string; media_id: string; brand_id: string }>(
      `SELECT content_id, media_id, brand_id FROM publishing.content_media WHERE content_id = ANY($1::uuid[]) ORDER BY content_id, position`,
      [contentIds],
    );
    return rows.map((r) => ({ contentId: r.content_id, mediaId: r.media_id, brandId: r.brand_id }));
  }

  async replaceAttachments(contentId: string, brandId: string, mediaIds: string[]): Promise<void> {
    await this.q(`DELETE FROM publishing.content_media WHERE content_id = $1`, [contentId]);
    for (const [position, mediaId] of mediaIds.entries()) {
      await this.q(`INSERT INTO publishing.content_media (content_id, position, media_id, brand_id) VALUES ($1, $2, $3, $4)`, [
        contentId,
        position,
        mediaId,
        brandId,
      ]);
    }
  }

  /** The media each of these posts carries, in order, in one round trip (for the publish runner's claimed items). */
  async attachedToMany(contentIds: string[]): Promise<Map<string, MediaRow[]>> {
    const out = new Map<string, MediaRow[]>(contentIds.map((id) => [id, []]));
    if (contentIds.length === 0) return out;
    const rows = await this.q(
      `SELECT cm.content_id AS attached_to, ${COLUMNS} FROM publishing.content_media cm JOIN publishing.media m ON m.id = cm.media_id
        WHERE cm.content_id = ANY($1::uuid[]) ORDER BY cm.content_id, cm.position`,
      [contentIds],
    );
    for (const r of rows) out.get(r.attached_to as string)?.push(toRow(r));
    return out;
  }

  /** The media a post carries, in order (for the publish runner). */
  async attachedTo(contentId: string): Promise<MediaRow[]> {
    const rows = await this.q(
      `SELECT ${COLUMNS} FROM publishing.content_media cm JOIN publishing.media m ON m.id = cm.media_id WHERE cm.content_id = $1 ORDER BY cm.position`,
      [contentId],
    );
    return rows.map(toRow);
  }
}

function toRow(r: Record<string, unknown>): MediaRow {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const fx = num(r.focus_x);
  const fy = num(r.focus_y);
  return {
    id: r.id as string,
    brandId: r.brand_id as string,
    kind: r.kind as 'image' | 'video',
    mimeType: r.mime_type as string,
    fileName: r.file_name as string,
    bytes: Number(r.bytes),
    width: num(r.width),
    height: num(r.height),
    durationS: num(r.duration_s),
    frameRate: num(r.frame_rate),
    codec: (r.codec as string | null) ?? null,
    altText: (r.alt_text as string | null) ?? null,
    focus: fx === null || fy === null ? null : { x: fx, y: fy },
    storageKey: r.storage_key as string,
    createdAt: new Date(r.created_at as string),
    createdKey: r.created_key as string,
  };
}
