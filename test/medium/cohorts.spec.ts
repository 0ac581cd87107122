import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { AccountsRepository } from '../../src/modules/accounts/accounts.repository.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import { CohortsRepository } from '../../src/modules/cohorts/cohorts.repository.js';
import { CohortFullError } from '../../src/modules/cohorts/cohorts.errors.js';
import { createDatabaseWithCourses } from '../support/seeded-database.js';

describe('cohorts and enrolments in PostgreSQL', () => {
  let closeDatabase: () => Promise<void>;
  let dataSource: DataSource;
  let cohorts: CohortsRepository;
  let accounts: AccountsRepository;

  const idOf = async (sql: string, parameters: unknown[]) =>
    (await dataSource.query<[{ id: string }]>(sql, parameters))[0].id;

  beforeAll(async () => {
    ({ dataSource, close: closeDatabase } = await createDatabaseWithCourses());
    await seedDemo(dataSource);
    cohorts = new CohortsRepository(dataSource, new AuditRepository());
    accounts = new AccountsRepository(dataSource, new AuditRepository());
  });

  afterAll(async () => {
    await closeDatabase();
  });

  it('should fill the last place once when two enrolments race for it', async () => {
    const instituteId = await idOf(`SELECT id FROM institutes WHERE slug = 'np-cept'`, []);
    const template = await idOf(`SELECT id FROM cohorts WHERE institute_id = $1`, [instituteId]);
    const source = (await cohorts.findCohort(instituteId, template))!;
    const small = await dataSource.transaction((manager) =>
      cohorts.createCohort(
        manager,
        instituteId,
        {
          courseVersionId: source.courseVersionId,
          title: 'A cohort of one',
          startDate: source.startDate,
          timeZone: source.timeZone,
          capacity: 1,
          enrolmentOpensAt: source.enrolmentOpensAt,
          enrolmentClosesAt: source.enrolmentClosesAt,
          schedule: source.schedule,
          trainerIds: [],
        },
        null,
      ),
    );
    const people = await dataSource.transaction(async (manager) => [
      (await accounts.ensureUser(manager, { email: 'first@example.org', fullName: 'First', passwordHash: null })).user
        .id,
      (await accounts.ensureUser(manager, { email: 'second@example.org', fullName: 'Second', passwordHash: null })).user
        .id,
    ]);
    const results = await Promise.allSettled(
      people.map((userId) =>
        dataSource.transaction((manager) => cohorts.enrol(manager, instituteId, small.id, userId, null)),
      ),
    );
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((result) => result.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(
      CohortFullError,
    );
    expect(
      await dataSource.query(`SELECT count(*)::int AS n FROM enrolments WHERE cohort_id = $1`, [small.id]),
    ).toEqual([{ n: 1 }]);
  });

  it('should never find a cohort through another institute', async () => {
    const senegal = await idOf(`SELECT id FROM institutes WHERE slug = 'sn-ifpe'`, []);
    const nepal = await idOf(`SELECT id FROM institutes WHERE slug = 'np-cept'`, []);
    const dakarCohort = await idOf(`SELECT id FROM cohorts WHERE institute_id = $1`, [senegal]);
    expect(await cohorts.findCohort(senegal, dakarCohort)).not.toBeNull();
    expect(await cohorts.findCohort(nepal, dakarCohort)).toBeNull();
    expect(await cohorts.roster(nepal, dakarCohort)).toEqual([]);
  });

  it('should keep the first opening and the first completion of a module', async () => {
    const senegal = await idOf(`SELECT id FROM institutes WHERE slug = 'sn-ifpe'`, []);
    const enrolmentId = await idOf(
      `SELECT e.id FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = $1 AND e.institute_id = $2`,
      ['participant@sn.demo.cascade.test', senegal],
    );
    await cohorts.recordModuleOpened(senegal, enrolmentId, 'net-m01');
    await cohorts.recordModuleCompleted(senegal, enrolmentId, 'net-m01');
    const [first] = await cohorts.listProgress(senegal, [enrolmentId]);
    await cohorts.recordModuleOpened(senegal, enrolmentId, 'net-m01');
    await cohorts.recordModuleCompleted(senegal, enrolmentId, 'net-m01');
    const [again] = await cohorts.listProgress(senegal, [enrolmentId]);
    expect(again).toEqual(first);
    expect(first.completedAt).toBeInstanceOf(Date);
  });
});
