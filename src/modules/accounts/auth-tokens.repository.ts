import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthTokenPurpose } from './domain/auth-tokens.js';
import type { InstituteRole } from './domain/roles.js';
import { AuthTokenEntity } from './entities/auth-token.entity.js';
import { SessionEntity } from './entities/session.entity.js';
import { UserEntity } from './entities/user.entity.js';

export interface ConsumedToken {
  userId: string;
  purpose: AuthTokenPurpose;
  instituteId: string | null;
  role: InstituteRole | null;
}

/** Single-use e-mailed tokens (stored as sha256 only) and the password changes they allow. */
@Injectable()
export class AuthTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findUserById(userId: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOne({ where: { id: userId } });
  }

  async createToken(token: {
    tokenHash: string;
    userId: string;
    purpose: AuthTokenPurpose;
    instituteId: string | null;
    role: InstituteRole | null;
    expiresAt: Date;
  }): Promise<void> {
    await this.dataSource.getRepository(AuthTokenEntity).insert(token);
  }

  findToken(tokenHash: string): Promise<AuthTokenEntity | null> {
    return this.dataSource.getRepository(AuthTokenEntity).findOne({ where: { tokenHash } });
  }

  /**
   * Marks the token used if it is unused and unexpired, in one statement: of two requests racing with the
   * same link, exactly one gets the row back. Null when the token cannot be used.
   */
  async consumeToken(manager: EntityManager, tokenHash: string, now: Date): Promise<ConsumedToken | null> {
    const result = await manager
      .createQueryBuilder()
      .update(AuthTokenEntity)
      .set({ usedAt: now })
      .where('token_hash = :tokenHash AND used_at IS NULL AND expires_at > :now', { tokenHash, now })
      .returning('user_id, purpose, institute_id, role')
      .execute();
    const rows = result.raw as {
      user_id: string;
      purpose: AuthTokenPurpose;
      institute_id: string | null;
      role: InstituteRole | null;
    }[];
    const [row] = rows;
    return row ? { userId: row.user_id, purpose: row.purpose, instituteId: row.institute_id, role: row.role } : null;
  }

  /** Locks the user row, so the password change and the checks on the account happen together. */
  lockUser(manager: EntityManager, userId: string): Promise<UserEntity | null> {
    return manager.findOne(UserEntity, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
  }

  async setPasswordHash(manager: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await manager.update(UserEntity, { id: userId }, { passwordHash });
  }

  /** Signs the user out everywhere: after a password change, an old session may be the intruder's. */
  async deleteSessionsOfUser(manager: EntityManager, userId: string): Promise<void> {
    await manager.delete(SessionEntity, { userId });
  }
}
