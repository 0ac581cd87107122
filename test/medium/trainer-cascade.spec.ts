import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import type { RequestViewer } from '../../src/common/auth/viewer.js';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { CascadeReportService, cascadeCsv } from '../../src/modules/trainers/cascade-report.service.js';
import { TrainersRepository } from '../../src/modules/trainers/trainers.repository.js';
import { TrainerPathNotFoundError } from '../../src/modules/trainers/trainers.errors.js';
import type { Sql } from '../support/capstone-fixtures.js';
import { createDatabaseWithCourses } from '../support/seeded-database.js';
import { addCohortTrainer, addOutcomes, certify, insertCohort, insertPerson } from '../support/trainer-fixtures.js';

const COURSE = 'epm-resources';

/**
 * A generated three-generation cascade of epm-resources:
 *   M (hub, generation 0) leads cohort 1: 4 participants, 4 completed, grades 90 80 70 60 (pass mark 60: 4 pass).
 *   A (np-cept, gen 1, certified by M) leads cohort 2: 4 participants, 3 completed, grades 80 70 50 and none (2 pass).
 *   B (sn-ifpe, gen 1, certified by M) leads cohort 3: 2 participants, 1 completed, grades 65 and none (1 pass).
 *   C (np-cept, gen 2, certified by A) leads cohort 4: 5 participants, 2 completed, grades 70 55 40 and none ×2 (1 pass).
 * Hand-computed figures are written out in the expectations below.
 */
describe('the cascade report on a generated three-generation cascade', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let sql: Sql;
  let reports: CascadeReportService;
  const ids: Record<string, string> = {};
  const viewer = async (email: string): Promise<RequestViewer> => {
    const [user] = await sql<{ id: string; full_name: string; is_platform_admin: boolean }>(
      `SELECT id, full_name, is_platform_admin FROM users WHERE email = $1`,
      [email],
    );
    const memberships = await sql<{ instituteId: string; role: 'participant' | 'trainer' | 'admin' }>(
      `SELECT institute_id AS "instituteId", role FROM memberships WHERE user_id = $1 AND revoked_at IS NULL`,
      [user.id],
    );
    return {
      userId: user.id,
      isPlatformAdmin: user.is_platform_admin,
      memberships,
      email,
      fullName: user.full_name,
      preferredLanguage: 'en',
    };
  };

  beforeAll(async () => {
    ({ dataSource, close } = await createDatabaseWithCourses());
    await seedDemo(dataSource);
    sql = (text, values) => dataSource.query(text, values);
    reports = new CascadeReportService(new TrainersRepository(dataSource));
    ids.M = await insertPerson(sql, {
      email: 'm@cascade.test',
      fullName: 'Master M',
      instituteSlug: 'hub',
      role: 'trainer',
    });
    ids.A = await insertPerson(sql, {
      email: 'a@cascade.test',
      fullName: 'Trainer A',
      instituteSlug: 'np-cept',
      role: 'trainer',
    });
    ids.B = await insertPerson(sql, {
      email: 'b@cascade.test',
      fullName: 'Trainer B',
      instituteSlug: 'sn-ifpe',
      role: 'trainer',
    });
    ids.C = await insertPerson(sql, {
      email: 'c@cascade.test',
      fullName: 'Trainer C',
      instituteSlug: 'np-cept',
      role: 'trainer',
    });
    await certify(sql, { userId: ids.M, courseId: COURSE, instituteSlug: 'hub', certifiedBy: null });
    await certify(sql, { userId: ids.A, courseId: COURSE, instituteSlug: 'np-cept', certifiedBy: ids.M });
    await certify(sql, { userId: ids.B, courseId: COURSE, instituteSlug: 'sn-ifpe', certifiedBy: ids.M });
    await certify(sql, { userId: ids.C, courseId: COURSE, instituteSlug: 'np-cept', certifiedBy: ids.A });
    const cohort = async (slug: string, title: string, trainer: string) => {
      const id = await insertCohort(sql, { instituteSlug: slug, courseId: COURSE, title });
      await addCohortTrainer(sql, id, trainer);
      return id;
    };
    const c1 = await cohort('hub', 'Cohort 1', ids.M);
    const c2 = await cohort('np-cept', 'Cohort 2', ids.A);
    const c3 = await cohort('sn-ifpe', 'Cohort 3', ids.B);
    const c4 = await cohort('np-cept', 'Cohort 4', ids.C);
    // A co-facilitator in cohort 2 is not one of its participants, and not its lead.
    await addCohortTrainer(sql, c2, ids.C, 'co-facilitator');
    const done = (percent: number | null) => ({ completed: true, percent });
    const open = (percent: number | null) => ({ completed: false, percent });
    await addOutcomes(sql, c1, 'g0', [done(90), done(80), done(70), done(60)], ids.M);
    await addOutcomes(sql, c2, 'g1a', [done(80), done(70), done(50), open(null)], ids.A);
    await addOutcomes(sql, c3, 'g1b', [done(65), open(null)], ids.B);
    await addOutcomes(sql, c4, 'g2', [done(70), done(55), open(40), open(null), open(null)], ids.C);
  });

  afterAll(async () => {
    await close();
  });

  it('should give the hub every generation with hand-computed counts, rates and the change from the previous one', async () => {
    const report = await reports.report(await viewer('hub.admin@demo.cascade.test'), 'hub', COURSE);
    expect(report.allInstitutes).toBe(true);
    expect(
      report.generations.map((row) => [
        row.generation,
        row.trainers,
        row.cohorts,
        row.participants,
        row.completed,
        row.passed,
      ]),
    ).toEqual([
      [0, 1, 1, 4, 4, 4],
      [1, 2, 2, 6, 4, 3],
      [2, 1, 1, 5, 2, 1],
    ]);
    // Generation 1: completion 4/6, pass 3/6, capstone mean of 80 70 50 65 = 66.25.
    expect(report.generations[1]).toMatchObject({ completionRate: 4 / 6, passRate: 0.5, capstoneAverage: 66.25 });
    // Against generation 0 (100 %, 100 %, 75): −33.33 points, −50 points, −8.75.
    expect(report.generations[1].change).toEqual({ completionRate: -33.33, passRate: -50, capstoneAverage: -8.75 });
    // Generation 2: completion 2/5 = 40 %, pass 1/5 = 20 %, capstone mean of 70 55 40 = 55 → −26.67, −30, −11.25.
    expect(report.generations[2].change).toEqual({ completionRate: -26.67, passRate: -30, capstoneAverage: -11.25 });
    expect(report.trainers.map((row) => [row.name, row.generation, row.certifiedByName, row.participants])).toEqual([
      ['Master M', 0, null, 4],
      ['Trainer A', 1, 'Master M', 4],
      ['Trainer B', 1, 'Master M', 2],
      ['Trainer C', 2, 'Trainer A', 5],
    ]);
    expect(report.countries.map((row) => [row.country, row.trainers, row.participants, row.passed])).toEqual([
      ['FR', 1, 4, 4],
      ['NP', 2, 9, 3],
      ['SN', 1, 2, 1],
    ]);
    // The tree: four trainers and four cohorts, each cohort under its lead.
    expect(report.tree.filter((node) => node.kind === 'cohort').map((node) => [node.label, node.detail])).toEqual([
      ['Cohort 1', '4'],
      ['Cohort 2', '4'],
      ['Cohort 3', '2'],
      ['Cohort 4', '5'],
    ]);
  });

  it('should show an institute admin only their own trainers (tenant isolation), not their certifier elsewhere', async () => {
    const report = await reports.report(await viewer('admin@np.demo.cascade.test'), 'np-cept', COURSE);
    expect(report.allInstitutes).toBe(false);
    expect(report.trainers.map((row) => [row.name, row.generation, row.certifiedByName])).toEqual([
      ['Trainer A', 1, null],
      ['Trainer C', 2, 'Trainer A'],
    ]);
    expect(report.generations.map((row) => [row.generation, row.participants])).toEqual([
      [1, 4],
      [2, 5],
    ]);
    expect(JSON.stringify(report)).not.toContain('Trainer B');
    expect(JSON.stringify(report)).not.toContain('Master M');
  });

  it('should refuse the report to another institute’s admin and to trainers (404)', async () => {
    await expect(reports.report(await viewer('admin@sn.demo.cascade.test'), 'np-cept', COURSE)).rejects.toBeInstanceOf(
      TrainerPathNotFoundError,
    );
    await expect(
      reports.report(await viewer('trainer@np.demo.cascade.test'), 'np-cept', COURSE),
    ).rejects.toBeInstanceOf(TrainerPathNotFoundError);
  });

  it('should export the trainers table as CSV', async () => {
    const csv = cascadeCsv(await reports.report(await viewer('hub.admin@demo.cascade.test'), 'hub', COURSE));
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(
      'course,generation,trainer,institute,country,certified_by,cohorts,participants,completed,passed,completion_rate,pass_rate,capstone_average',
    );
    expect(lines[2]).toBe('epm-resources,1,Trainer A,np-cept,NP,Master M,1,4,3,2,0.75,0.5,66.67');
  });

  it('should find the lineage in one recursive query with the depth of each trainer', async () => {
    const lineage = await new TrainersRepository(dataSource).lineage(COURSE);
    expect(Object.fromEntries(lineage.map((row) => [row.trainerName, row.depth]))).toEqual({
      'Master M': 0,
      'Trainer A': 1,
      'Trainer B': 1,
      'Trainer C': 2,
    });
  });
});
