import { Controller, Inject, Injectable } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  type Actor,
  actorReaches,
  BRAND_EVENTS,
  BRAND_TASKS,
  type BrandRole,
  type EventEnvelope,
  MeshClient,
  MeshError,
  OnEvent,
  roleAtLeast,
  UnitOfWork,
} from '@mt/messages';
import { APP_SCHEMA } from '@mt/runtime';
import { type ReplicaTable, upsertLatest } from '../replica-upsert';

/**
 * Every agent but brand-agent keeps a replica of who may act on which brand, fed by
 * `brand.access.changed`, so each query can be checked locally (defence in depth). A miss asks
 * brand-agent, the authority, and remembers its answer; a newer event always wins.
 */
export function brandAccessMigration(schema: string): new () => MigrationInterface {
  return class BrandAccessReplica1763900000100 implements MigrationInterface {
    name = 'BrandAccessReplica1763900000100';
    async up(q: QueryRunner): Promise<void> {
      await q.query(`
        CREATE TABLE "${schema}".brand_access (
          brand_id uuid NOT NULL,
          user_id uuid NOT NULL,
          role text,
          changed_at timestamptz NOT NULL,
          PRIMARY KEY (brand_id, user_id)
        )`);
      await q.query(`CREATE INDEX brand_access_user_id_idx ON "${schema}".brand_access (user_id)`);
    }
    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE "${schema}".brand_access`);
    }
  };
}

interface AccessChanged {
  brandId: string;
  userId: string;
  role: BrandRole | null;
  changedAt?: string;
}

@Injectable()
export class BrandAccessService {
  constructor(
    @Inject(APP_SCHEMA) private readonly schema: string,
    private readonly uow: UnitOfWork,
    private readonly mesh: MeshClient,
  ) {}

  private get table(): ReplicaTable {
    return { table: `"${this.schema}".brand_access_replica`, key: ['brand_id', 'user_id'], freshness: 'source_updated_at' };
  }

  async roleOf(userId: string, brandId: string): Promise<BrandRole | null> {
    const rows: { role: BrandRole | null }[] = await this.uow
      .manager()
      .query(`SELECT role FROM ${this.table.table} WHERE brand_id = $1 AND user_id = $2`, [brandId, userId]);
    if (rows.length > 0) return rows[0].role;
    if (this.uow.inTransaction()) {
      // Asking brand-agent now would hold this transaction open across agents (a deadlock on the
      // embedded database): check access first, then open the transaction (manualTransaction).
      throw new MeshError('INTERNAL', 'brand access must be checked before the transaction opens', { status: 500 });
    }
    const answer = await this.mesh.request(BRAND_TASKS.access, { userId, brandId });
    await this.record({ brandId, userId, role: answer.role, changedAt: new Date(0).toISOString() });
    return answer.role;
  }

  /**
   * Throws NOT_FOUND when the actor has no role on the brand (its existence is not revealed) and
   * FORBIDDEN when the role is too weak for the action.
   */
  async require(actor: Actor, brandId: string, needed: BrandRole): Promise<BrandRole> {
    const role = actorReaches(actor, brandId) ? await this.roleOf(actor.userId, brandId) : null;
    if (!role) throw new MeshError('NOT_FOUND', 'No such brand', { status: 404, retryable: false });
    if (!roleAtLeast(role, needed)) {
      throw new MeshError('FORBIDDEN', `This needs the ${needed} role on the brand; you are ${role}`, { status: 403, retryable: false });
    }
    return role;
  }

  /** Applies a change unless a newer one is already recorded. */
  async record(change: AccessChanged): Promise<void> {
    await upsertLatest(this.uow.manager(), this.table, {
      brand_id: change.brandId,
      user_id: change.userId,
      role: change.role,
      source_updated_at: change.changedAt ?? new Date().toISOString(),
    });
  }

  /** A deleted brand: every member's role is cleared (a known "no access", kept so a miss does not ask brand-agent). */
  async forgetBrand(brandId: string, at: string): Promise<void> {
    await this.uow.manager().query(`UPDATE ${this.table.table} SET role = NULL, source_updated_at = $2 WHERE brand_id = $1`, [brandId, at]);
  }
}

/** Keeps the replica current. Include in the controllers of every agent that checks brand access. */
@Controller()
export class BrandAccessReplicaHandler {
  constructor(private readonly access: BrandAccessService) {}

  @OnEvent(BRAND_EVENTS.accessChanged)
  changed(@Payload() event: EventEnvelope<AccessChanged>) {
    return this.access.record({ ...event.payload, changedAt: event.payload.changedAt ?? event.source_timestamp });
  }

  @OnEvent(BRAND_EVENTS.deleted)
  deleted(@Payload() event: EventEnvelope<{ brandId: string }>) {
    return this.access.forgetBrand(event.payload.brandId, event.source_timestamp);
  }
}
