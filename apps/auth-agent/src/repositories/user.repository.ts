import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';
import { UserEntity } from '../entities/user.entity';

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
}

/** Every query on auth.users. Writes join the current transaction through UnitOfWork. */
@Injectable()
export class UserRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private repo() {
    return this.uow.manager().getRepository(UserEntity);
  }

  /** `email` must already be normalised (trimmed, lower-cased). */
  findByEmail(email: string): Promise<UserEntity | null> {
    return this.repo().findOneBy({ email });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.repo().findOneBy({ id });
  }

  /** The user who registered first (ties, within one timestamp, by id). */
  async firstUserId(): Promise<string | null> {
    const first = await this.repo().find({ select: { id: true }, order: { createdAt: 'ASC', id: 'ASC' }, take: 1 });
    return first[0]?.id ?? null;
  }

  /** Null when the email is taken (also when another registration won a race for it). */
  async insertIfEmailFree(user: NewUser): Promise<UserEntity | null> {
    const result = await this.repo()
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values(user)
      .orIgnore()
      .returning(['id', 'email', 'name', 'passwordHash', 'createdAt'])
      .execute();
    const row = result.raw[0] as { id: string; email: string; name: string; password_hash: string; created_at: Date } | undefined;
    if (!row) return null;
    return Object.assign(new UserEntity(), {
      id: row.id,
      email: row.email,
      name: row.name,
      passwordHash: row.password_hash,
      createdAt: new Date(row.created_at),
    });
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.repo().update({ id }, { passwordHash });
  }
}
