import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { AccountsRepository } from '../../src/modules/accounts/accounts.repository.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('institutes, accounts and the audit log in PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const count = async (table: string) =>
    (await dataSource.query<[{ n: number }]>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(dataSourceOptions(database.url, 2));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('should seed the demo institutes and people once, however often it runs', async () => {
    await seedDemo(dataSource);
    const first = { institutes: await count('institutes'), users: await count('users'), memberships: await count('memberships'), audit: await count('audit_log') };
    await seedDemo(dataSource);
    expect({ institutes: await count('institutes'), users: await count('users'), memberships: await count('memberships'), audit: await count('audit_log') }).toEqual(first);
    expect(first.institutes).toBe(3);
    expect(first.memberships).toBe(first.audit);
  });

  it('should allow only one hub institute', async () => {
    await expect(
      dataSource.query(`INSERT INTO institutes (slug, name, country, default_language, languages, is_hub, branding)
        VALUES ('second-hub', 'Second hub', 'FR', 'en', '{en}', true, '{}')`),
    ).rejects.toThrow(/institutes_one_hub/);
  });

  it('should audit a role grant with who gave it, and keep a revoked role as history', async () => {
    const accounts = new AccountsRepository(dataSource, new AuditRepository());
    const [{ id: instituteId }] = await dataSource.query<[{ id: string }]>(`SELECT id FROM institutes WHERE slug = 'np-cept'`);
    const [{ id: adminId }] = await dataSource.query<[{ id: string }]>(`SELECT id FROM users WHERE email = 'admin@np.demo.cascade.test'`);
    const granted = await dataSource.transaction(async (manager) => {
      const { user } = await accounts.ensureUser(manager, { email: 'New.Trainer@Example.org', fullName: 'New Trainer', passwordHash: null });
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
