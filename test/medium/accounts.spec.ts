import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { AccountsRepository } from '../../src/modules/accounts/accounts.repository.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import { createDatabaseWithCourses } from '../support/seeded-database.js';

describe('institutes, accounts and the audit log in PostgreSQL', () => {
  let closeDatabase: () => Promise<void>;
  let dataSource: DataSource;
  const count = async (table: string) =>
    (await dataSource.query<[{ n: number }]>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  beforeAll(async () => {
    ({ dataSource, close: closeDatabase } = await createDatabaseWithCourses());
  });

  afterAll(async () => {
    await closeDatabase();
  });

  it('should seed the demo institutes and people once, however often it runs', async () => {
    await seedDemo(dataSource);
    const tables = ['institutes', 'users', 'memberships', 'cohorts', 'cohort_trainers', 'enrolments', 'audit_log'];
    const counts = async (): Promise<Record<string, number>> =>
      Object.fromEntries(await Promise.all(tables.map(async (table) => [table, await count(table)] as const)));
    const first = await counts();
    await seedDemo(dataSource);
    expect(await counts()).toEqual(first);
    expect(first).toMatchObject({ institutes: 3, cohorts: 2, cohort_trainers: 2, enrolments: 4 });
    // Every role grant, cohort and enrolment left an audit row.
    expect(first.audit_log).toBe(first.memberships + first.cohorts + first.enrolments);
  });

  it('should allow only one hub institute', async () => {
    await expect(
      dataSource.query(`INSERT INTO institutes (slug, name, country, default_language, languages, is_hub, branding)
        VALUES ('second-hub', 'Second hub', 'FR', 'en', '{en}', true, '{}')`),
    ).rejects.toThrow(/institutes_one_hub/);
  });

  it('should audit a role grant with who gave it, and keep a revoked role as history', async () => {
    const accounts = new AccountsRepository(dataSource, new AuditRepository());
    const [{ id: instituteId }] = await dataSource.query<[{ id: string }]>(
      `SELECT id FROM institutes WHERE slug = 'np-cept'`,
    );
    const [{ id: adminId }] = await dataSource.query<[{ id: string }]>(
      `SELECT id FROM users WHERE email = 'admin@np.demo.cascade.test'`,
    );
    const granted = await dataSource.transaction(async (manager) => {
      const { user } = await accounts.ensureUser(manager, {
        email: 'New.Trainer@Example.org',
        fullName: 'New Trainer',
        passwordHash: null,
      });
      expect(user.email).toBe('new.trainer@example.org');
      return accounts.grantRole(manager, { instituteId, userId: user.id, role: 'trainer', actorUserId: adminId });
    });
    expect(granted).toBe(true);
    const [entry] = await dataSource.query<[{ actor_user_id: string; action: string; after: { role: string } }]>(
      `SELECT actor_user_id, action, "after" FROM audit_log ORDER BY id DESC LIMIT 1`,
    );
    expect(entry).toMatchObject({ actor_user_id: adminId, action: 'role.granted', after: { role: 'trainer' } });
  });

  it('should refuse to change or delete audit entries', async () => {
    await expect(dataSource.query(`UPDATE audit_log SET reason = 'tampered'`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });

  it('should refuse a second account for the same e-mail in another case', async () => {
    await expect(
      dataSource.query(`INSERT INTO users (email, full_name) VALUES ('Participant@NP.demo.cascade.test', 'Copy')`),
    ).rejects.toThrow(/CHK_users_email_lowercase/);
  });
});
