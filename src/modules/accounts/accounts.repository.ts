import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository.js';
import type { InstituteRole, MembershipGrant } from './domain/roles.js';
import { ExternalIdEntity } from './entities/external-id.entity.js';
import { MembershipEntity } from './entities/membership.entity.js';
import { SessionEntity } from './entities/session.entity.js';
import { UserEntity } from './entities/user.entity.js';

export interface SessionUser {
  userId: string;
  email: string;
  fullName: string;
  preferredLanguage: string;
  isPlatformAdmin: boolean;
  memberships: MembershipGrant[];
  /** In-app notifications not yet read, for the page header (one index-only count). */
  unreadNotifications: number;
}

@Injectable()
export class AccountsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  findUserByEmail(email: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOne({ where: { email: email.trim().toLowerCase() } });
  }

  /** Creates the user, or returns the existing account unchanged (seeding is re-runnable). */
  async ensureUser(
    manager: EntityManager,
    user: {
      email: string;
      fullName: string;
      passwordHash: string | null;
      isPlatformAdmin?: boolean;
      preferredLanguage?: string;
    },
  ): Promise<{ user: UserEntity; created: boolean }> {
    const email = user.email.trim().toLowerCase();
    const existing = await manager.findOne(UserEntity, { where: { email } });
    if (existing) return { user: existing, created: false };
    const created = await manager.save(
      manager.create(UserEntity, {
        email,
        fullName: user.fullName,
        passwordHash: user.passwordHash,
        isPlatformAdmin: user.isPlatformAdmin ?? false,
        preferredLanguage: user.preferredLanguage ?? 'en',
      }),
    );
    return { user: created, created: true };
  }

  /** Grants a role once; a repeated grant changes nothing. Every grant is audited with who gave it. */
  async grantRole(
    manager: EntityManager,
    grant: { instituteId: string; userId: string; role: InstituteRole; actorUserId: string | null },
  ): Promise<boolean> {
    const active = await manager.findOne(MembershipEntity, {
      where: { instituteId: grant.instituteId, userId: grant.userId, role: grant.role, revokedAt: IsNull() },
    });
    if (active) return false;
    const membership = await manager.save(
      manager.create(MembershipEntity, { instituteId: grant.instituteId, userId: grant.userId, role: grant.role }),
    );
    await this.audit.append(manager, {
      instituteId: grant.instituteId,
      actorUserId: grant.actorUserId,
      action: 'role.granted',
      entityType: 'membership',
      entityId: membership.id,
      before: null,
      after: { userId: grant.userId, role: grant.role },
    });
    return true;
  }

  async createSession(tokenHash: string, userId: string, expiresAt: Date): Promise<void> {
    await this.dataSource.getRepository(SessionEntity).insert({ tokenHash, userId, expiresAt });
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.dataSource.getRepository(SessionEntity).delete({ tokenHash });
  }

  /** The interface language a person chose (a supported locale, checked by the caller). */
  async setPreferredLanguage(userId: string, language: string): Promise<void> {
    await this.dataSource.query(`UPDATE users SET preferred_language = $2 WHERE id = $1`, [userId, language]);
  }

  /** The signed-in user behind a session token, with active roles; null when expired, unknown or disabled. */
  async findSessionUser(tokenHash: string, now: Date): Promise<SessionUser | null> {
    // Every signed-in request comes through here: one round trip, no entity hydration.
    const rows: {
      id: string;
      email: string;
      full_name: string;
      preferred_language: string;
      is_platform_admin: boolean;
      memberships: { instituteId: string; role: InstituteRole }[];
      unread_notifications: number;
    }[] = await this.dataSource.query(
      `SELECT u.id, u.email, u.full_name, u.preferred_language, u.is_platform_admin,
              (SELECT count(*)::int FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL)
                AS unread_notifications,
              COALESCE((SELECT json_agg(json_build_object('instituteId', m.institute_id, 'role', m.role)
                                 ORDER BY m.granted_at, m.id)
                        FROM memberships m WHERE m.user_id = u.id AND m.revoked_at IS NULL), '[]') AS memberships
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL`,
      [tokenHash, now],
    );
    const user = rows[0];
    if (!user) return null;
    return {
      userId: user.id,
      email: user.email,
      fullName: user.full_name,
      preferredLanguage: user.preferred_language,
      isPlatformAdmin: user.is_platform_admin,
      memberships: user.memberships,
      unreadNotifications: user.unread_notifications,
    };
  }

  /** The people of an institute with their active roles. */
  async listInstitutePeople(instituteId: string) {
    const rows: { user_id: string; full_name: string; email: string; roles: string[] }[] = await this.dataSource.query(
      `SELECT u.id AS user_id, u.full_name, u.email, array_agg(m.role ORDER BY m.role) AS roles
       FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.institute_id = $1 AND m.revoked_at IS NULL
       GROUP BY u.id, u.full_name, u.email ORDER BY u.full_name`,
      [instituteId],
    );
    return rows.map((row) => ({
      userId: row.user_id,
      fullName: row.full_name,
      email: row.email,
      roles: row.roles as InstituteRole[],
    }));
  }

  /** Ends a role: the membership row stays, with its revocation date, and the change is audited. */
  async revokeRole(
    manager: EntityManager,
    grant: { instituteId: string; userId: string; role: InstituteRole; actorUserId: string | null },
  ): Promise<boolean> {
    const active = await manager.findOne(MembershipEntity, {
      where: { instituteId: grant.instituteId, userId: grant.userId, role: grant.role, revokedAt: IsNull() },
    });
    if (!active) return false;
    await manager.update(MembershipEntity, { id: active.id }, { revokedAt: new Date() });
    await this.audit.append(manager, {
      instituteId: grant.instituteId,
      actorUserId: grant.actorUserId,
      action: 'role.revoked',
      entityType: 'membership',
      entityId: active.id,
      before: { userId: grant.userId, role: grant.role },
      after: null,
    });
    return true;
  }

  /** Who holds each of these external ids in the institute, and which external id each of these people has. */
  async findExternalIds(instituteId: string, externalIds: string[], emails: string[]) {
    if (externalIds.length === 0 && emails.length === 0) return [];
    const rows: { external_id: string; email: string }[] = await this.dataSource.query(
      `SELECT x.external_id, u.email FROM external_ids x JOIN users u ON u.id = x.user_id
       WHERE x.institute_id = $1 AND (x.external_id = ANY($2) OR u.email = ANY($3))`,
      [instituteId, externalIds, emails],
    );
    return rows.map((row) => ({ externalId: row.external_id, email: row.email }));
  }

  async linkExternalId(manager: EntityManager, instituteId: string, userId: string, externalId: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(ExternalIdEntity)
      .values({ instituteId, userId, externalId })
      .orIgnore()
      .execute();
  }

  /** Which of these e-mails already have an account: one query for a whole enrolment file. */
  async findExistingEmails(emails: string[]): Promise<Set<string>> {
    if (emails.length === 0) return new Set();
    const rows: { email: string }[] = await this.dataSource.query(`SELECT email FROM users WHERE email = ANY($1)`, [
      emails,
    ]);
    return new Set(rows.map((row) => row.email));
  }

  async holdsAnyRole(instituteId: string, userId: string): Promise<boolean> {
    return this.dataSource
      .getRepository(MembershipEntity)
      .exists({ where: { instituteId, userId, revokedAt: IsNull() } });
  }
}
