import { Controller, Inject, Injectable } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { BrandContext } from '@mt/ai';
import {
  BRAND_EVENTS,
  BRAND_TASKS,
  type BrandCreatedEvent,
  type BrandData,
  type BrandUpdatedEvent,
  type BrandVoiceUpdatedEvent,
  type EventEnvelope,
  MeshClient,
  MeshError,
  OnEvent,
  UnitOfWork,
  type VoiceProfile,
} from '@mt/messages';
import { APP_SCHEMA } from '@mt/runtime';
import { type ReplicaTable, upsertLatest } from '../replica-upsert';

/**
 * What an agent knows of a brand without asking: its data and its learned voice, replicated from
 * brand-agent's events (`brand.created`, `brand.updated`, `brand.voice.updated`). Event handlers
 * run inside transactions and must not ask other agents, so they read this replica. A miss (an
 * agent added after the brand was made) asks brand-agent once, outside any transaction.
 */
export function brandProfileMigration(schema: string): new () => MigrationInterface {
  return class BrandProfileReplica1763900000200 implements MigrationInterface {
    name = 'BrandProfileReplica1763900000200';
    async up(q: QueryRunner): Promise<void> {
      await q.query(`
        CREATE TABLE "${schema}".brand_profile (
          brand_id uuid PRIMARY KEY,
          brand jsonb NOT NULL,
          brand_updated_at timestamptz NOT NULL,
          voice jsonb,
          voice_version int NOT NULL DEFAULT 0
        )`);
    }
    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE "${schema}".brand_profile`);
    }
  };
}

export interface BrandProfile {
  brand: BrandData;
  voice: VoiceProfile | null;
}

@Injectable()
export class BrandProfileService {
  constructor(
    @Inject(APP_SCHEMA) private readonly schema: string,
    private readonly uow: UnitOfWork,
    private readonly mesh: MeshClient,
  ) {}

  private get table(): ReplicaTable {
    return { table: `"${this.schema}".brand_replica`, key: ['brand_id'], freshness: 'source_updated_at' };
  }

  /** The brand as last announced; asks brand-agent on a miss (only possible outside a transaction). */
  async get(brandId: string): Promise<BrandProfile> {
    const local = await this.find(brandId);
    if (local) return local;
    if (this.uow.inTransaction()) {
      throw new MeshError('BRAND_NOT_REPLICATED', `brand ${brandId} is not known here yet`, { status: 503, retryable: true });
    }
    const answer = await this.mesh.request(BRAND_TASKS.context, { brandId });
    await this.recordBrand(answer.brand);
    if (answer.voice) await this.recordVoice(brandId, answer.voice);
    return { brand: answer.brand, voice: answer.voice };
  }

  /** The replica only, or null. */
  async find(brandId: string): Promise<BrandProfile | null> {
    const rows: { brand: BrandData; voice: VoiceProfile | null }[] = await this.uow
      .manager()
      .query(`SELECT brand, voice FROM ${this.table.table} WHERE brand_id = $1`, [brandId]);
    return rows[0] ? { brand: rows[0].brand, voice: rows[0].voice } : null;
  }

  /** Keeps the newest brand data (by its updatedAt). */
  async recordBrand(brand: BrandData): Promise<void> {
    await upsertLatest(this.uow.manager(), this.table, { brand_id: brand.id, brand: JSON.stringify(brand), source_updated_at: brand.updatedAt });
  }

  /**
   * Keeps the newest voice (by its own version, not the brand's time: the voice is a second
   * source in the same row); a voice for a brand not yet seen waits for the brand.
   */
  async recordVoice(brandId: string, voice: VoiceProfile): Promise<void> {
    await this.uow
      .manager()
      .query(`UPDATE ${this.table.table} SET voice = $2, voice_version = $3 WHERE brand_id = $1 AND voice_version <= $3`, [
        brandId,
        JSON.stringify(voice),
        voice.version,
      ]);
  }
}

/** Keeps the replica current. Include in the controllers of every agent that injects BrandProfileService. */
@Controller()
export class BrandProfileReplicaHandler {
  constructor(private readonly profiles: BrandProfileService) {}

  @OnEvent(BRAND_EVENTS.created)
  created(@Payload() event: EventEnvelope<BrandCreatedEvent>) {
    return this.profiles.recordBrand(event.payload.brand);
  }

  @OnEvent(BRAND_EVENTS.updated)
  updated(@Payload() event: EventEnvelope<BrandUpdatedEvent>) {
    return this.profiles.recordBrand(event.payload.brand);
  }

  @OnEvent(BRAND_EVENTS.voiceUpdated)
  voiceUpdated(@Payload() event: EventEnvelope<BrandVoiceUpdatedEvent>) {
    return this.profiles.recordVoice(event.payload.brandId, event.payload.voice);
  }
}

/** The brand as libs/ai's tasks take it: its data, with the learned voice's examples, style and preferred words (for wording only). */
export function aiBrandContext(profile: BrandProfile): BrandContext {
  const { brand, voice } = profile;
  const tone = (brand.tone ?? '')
    .split(/[,;\n]/)
    .map((t) => t.trim())
    .filter(Boolean);
  return {
    name: brand.name,
    description: brand.description ?? '',
    audience: brand.audience ?? '',
    tone: tone.length ? tone : (voice?.traits.map((t) => t.trait) ?? []),
    pillars: brand.pillars,
    bannedWords: brand.bannedWords,
    // The brand names no products of its own yet; the voice's words are for wording, not for topics or tags.
    keywords: [],
    preferredWords: voice?.vocabulary.preferred ?? [],
    samples: voice?.examples ?? [],
    ...(brand.industry ? { industry: brand.industry } : {}),
    ...(brand.website ? { website: brand.website } : {}),
    ...(brand.competitors?.length ? { competitors: brand.competitors } : {}),
    ...(voice ? { voice: { ...voice.sentenceStyle } } : {}),
  };
}
