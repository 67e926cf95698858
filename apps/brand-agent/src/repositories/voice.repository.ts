import { Injectable } from '@nestjs/common';
import { UnitOfWork, type VoiceProfile, type VoiceProfileVersion } from '@mt/messages';
import { type Keyset, utcKeySql } from '@mt/runtime';
import type { VoiceAnalysis } from '../services/voice-profile.mapper';

export interface VoiceVersionRow {
  version: number;
  profile: VoiceProfile;
  base: VoiceAnalysis;
  source: 'samples' | 'feedback';
}

/** Writing samples and the voice's versions. A version is inserted, never updated. */
@Injectable()
export class VoiceRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** Idempotent per (job, position): a redelivered job stores its samples once. */
  async insertSamples(brandId: string, jobId: string, createdBy: string, samples: readonly string[]): Promise<void> {
    if (!samples.length) return;
    const values = samples.map((_, i) => `($1, $2, $3, ${i}, $${i + 4})`).join(', ');
    await this.uow.manager().query(
      `INSERT INTO "brand".voice_sample (brand_id, job_id, created_by, position, body) VALUES ${values}
       ON CONFLICT (job_id, position) DO NOTHING`,
      [brandId, jobId, createdBy, ...samples],
    );
  }

  /** The brand's newest samples given by other jobs than `exceptJobId`. */
  async recentSamples(brandId: string, exceptJobId: string, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    const rows: { body: string }[] = await this.uow.manager().query(
      `SELECT body FROM "brand".voice_sample WHERE brand_id = $1 AND job_id <> $2
        ORDER BY created_at DESC, position LIMIT $3`,
      [brandId, exceptJobId, limit],
    );
    return rows.map((r) => r.body);
  }

  async latest(brandId: string): Promise<VoiceVersionRow | null> {
    const rows: VoiceVersionRow[] = await this.uow
      .manager()
      .query(`SELECT version, profile, base, source FROM "brand".voice_profile_version WHERE brand_id = $1 ORDER BY version DESC LIMIT 1`, [brandId]);
    return rows[0] ?? null;
  }

  async byJob(jobId: string): Promise<VoiceVersionRow | null> {
    const rows: VoiceVersionRow[] = await this.uow
      .manager()
      .query(`SELECT version, profile, base, source FROM "brand".voice_profile_version WHERE job_id = $1`, [jobId]);
    return rows[0] ?? null;
  }

  /** Every version, newest first, keyset-paginated on (created_at, id). */
  async versions(brandId: string, limit: number, after: Keyset | null): Promise<(VoiceProfileVersion & Keyset)[]> {
    const params: unknown[] = [brandId, limit];
    let keyset = '';
    if (after) {
      params.push(after.createdKey, after.id);
      keyset = 'AND (created_at, id) < ($3::timestamptz, $4::uuid)';
    }
    const rows: { id: string; profile: VoiceProfile; source: 'samples' | 'feedback'; created_key: string }[] = await this.uow.manager().query(
      `SELECT id, profile, source, ${utcKeySql('created_at')} AS created_key FROM "brand".voice_profile_version
        WHERE brand_id = $1 ${keyset} ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    );
    return rows.map((r) => ({ ...r.profile, source: r.source, id: r.id, createdKey: r.created_key }));
  }

  async insertVersion(brandId: string, row: VoiceVersionRow & { jobId: string | null }): Promise<void> {
    await this.uow.manager().query(
      `INSERT INTO "brand".voice_profile_version (brand_id, version, profile, base, source, job_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [brandId, row.version, JSON.stringify(row.profile), JSON.stringify(row.base), row.source, row.jobId, row.profile.updatedAt],
    );
  }
}
