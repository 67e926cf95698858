import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Actor, BrandRole, MeshClient, PublicUser, UnitOfWork } from '@mt/messages';
import type { Mail, Mailer } from '@mt/runtime';
import type { TestDatabase } from '../../../test/support/pg';
import { newBrandMedium } from './medium';
import { BrandRepository } from '../src/repositories/brand.repository';
import { MemberProfileRepository } from '../src/repositories/member-profile.repository';
import { MembershipRepository } from '../src/repositories/membership.repository';
import { BrandService } from '../src/services/brand.service';
import { InvitationRepository } from '../src/repositories/invitation.repository';
import { InvitationService } from '../src/services/invitation.service';
import { MembershipService } from '../src/services/membership.service';
import type { InvitationConfig } from '../src/config/invitation.config';

/** A Mailer stand-in: the mails it was asked to send (the SMTP path is tested end to end in test/e2e). */
export class FakeMailer {
  readonly sent: Mail[] = [];
  async send(mail: Mail): Promise<void> {
    this.sent.push(mail);
  }
}

/** An auth-agent stand-in: the users it knows, answered to `auth.user.find-by-email`. */
export class FakeDirectory {
  readonly users = new Map<string, PublicUser>();
  add(email: string, name = email.split('@')[0]): PublicUser {
    const user = { id: randomUUID(), email, name, createdAt: new Date().toISOString() };
    this.users.set(email.toLowerCase(), user);
    return user;
  }
  mesh(): MeshClient {
    const request = async (_type: string, payload: { email: string }) => this.users.get(payload.email.toLowerCase()) ?? null;
    return { request } as unknown as MeshClient;
  }
}

export interface BrandContext {
  db: TestDatabase;
  ds: DataSource;
  uow: UnitOfWork;
  brands: BrandService;
  members: MembershipService;
  invitations: InvitationService;
  mailer: FakeMailer;
  profiles: MemberProfileRepository;
  directory: FakeDirectory;
  /** A task's transaction, as the consumer runs it: writes and events commit together. */
  tx<T>(fn: () => Promise<T>): Promise<T>;
  newUser(email?: string): Actor & { email: string };
  newBrand(owner: Actor, name?: string): Promise<string>;
  grant(brandId: string, owner: Actor, user: { email: string }, role: BrandRole): Promise<void>;
  events(type: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** brand-agent's services and repositories on a fresh, migrated PostgreSQL database (built on the medium context, test/support/medium.ts). */
export async function brandContext(label: string): Promise<BrandContext> {
  const medium = await newBrandMedium({ label, poolSize: 4 });
  const { db, ds, uow } = medium;
  const directory = new FakeDirectory();
  const brandRepo = new BrandRepository(uow);
  const memberRepo = new MembershipRepository(uow);
  const profiles = new MemberProfileRepository(uow);
  const brands = new BrandService(uow, brandRepo, memberRepo, profiles);
  const members = new MembershipService(uow, brandRepo, memberRepo);
  const mailer = new FakeMailer();
  const config: InvitationConfig = {
    folder: '/nonexistent',
    from: 'Marketing Team <no-reply@localhost>',
    publicUrl: 'https://marketing.example',
    invitationTtlMs: 7 * 86_400_000,
  };
  const invitations = new InvitationService(uow, brandRepo, new InvitationRepository(uow), profiles, members, mailer as unknown as Mailer, config);
  const ctx: BrandContext = {
    db,
    ds,
    uow,
    brands,
    members,
    invitations,
    mailer,
    profiles,
    directory,
    tx: (fn) => uow.transaction(fn),
    newUser(email = `u-${randomUUID().slice(0, 8)}@example.com`) {
      const user = directory.add(email);
      return { userId: user.id, email };
    },
    async newBrand(owner, name = 'Northside Coffee') {
      return (await ctx.tx(() => brands.create(owner, { name }))).id;
    },
    /** Invites the user, who accepts in the app (by the invitation's id). */
    async grant(brandId, owner, user, role) {
      const invitation = await invitations.invite(owner, brandId, user.email, role);
      const accepter = [...directory.users.values()].find((u) => u.email.toLowerCase() === user.email.toLowerCase());
      if (!accepter) throw new Error(`grant: ${user.email} is not a user of the fake directory`);
      await ctx.tx(() => invitations.accept({ userId: accepter.id }, user.email, invitation.id));
    },
    async events(type) {
      const rows: { envelope: string }[] = await ds.query(`SELECT envelope FROM brand.outbox WHERE routing_key = $1 ORDER BY id`, [type]);
      return rows.map((r) => (JSON.parse(r.envelope) as { payload: Record<string, unknown> }).payload);
    },
    close: () => medium.stop(),
  };
  return ctx;
}
