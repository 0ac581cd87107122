import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { seedDemoTrainers } from '../../src/database/seeds/demo-trainers-seed.js';
import { CascadeReportService } from '../../src/modules/trainers/cascade-report.service.js';
import { TrainersRepository } from '../../src/modules/trainers/trainers.repository.js';
import { createDatabaseWithCourses } from '../support/seeded-database.js';

describe('the trainer-of-trainers demo data', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ dataSource, close } = await createDatabaseWithCourses());
    await seedDemo(dataSource);
  });

  afterAll(async () => {
    await close();
  });

  it('should give a first start two generations in the cascade report, and run only once', async () => {
    expect(await seedDemoTrainers(dataSource)).toEqual({
      masterEmail: 'master.trainer@demo.cascade.test',
      nationalEmail: 'national.trainer@np.demo.cascade.test',
    });
    expect(await seedDemoTrainers(dataSource)).toBeNull();
    const [hubAdmin] = await dataSource.query<{ id: string; instituteId: string }[]>(
      `SELECT u.id, m.institute_id AS "instituteId" FROM users u JOIN memberships m ON m.user_id = u.id
       WHERE u.email = 'hub.admin@demo.cascade.test'`,
    );
    const report = await new CascadeReportService(new TrainersRepository(dataSource)).report(
      {
        userId: hubAdmin.id,
        isPlatformAdmin: false,
        memberships: [{ instituteId: hubAdmin.instituteId, role: 'admin' }],
        email: 'hub.admin@demo.cascade.test',
        fullName: 'Hana Okafor',
        preferredLanguage: 'en',
      },
      'hub',
      undefined,
    );
    expect(report.course?.id).toBe('epm-resources');
    // Master cohort: 4 participants, 3 completed, grades 86 78 71 58 (3 pass at 60). Pokhara: 5, 3, 81 69 62 54 (3 pass).
    expect(
      report.generations.map((row) => [
        row.generation,
        row.trainers,
        row.participants,
        row.completed,
        row.passed,
        row.capstoneAverage,
      ]),
    ).toEqual([
      [0, 1, 4, 3, 3, 73.25],
      [1, 1, 5, 3, 3, 66.5],
    ]);
    const history = await dataSource.query<{ to_stage: string }[]>(
      `SELECT t.to_stage FROM trainer_stage_transitions t JOIN users u ON u.id = t.user_id
       WHERE u.email = 'national.trainer@np.demo.cascade.test' ORDER BY t.id`,
    );
    expect(history.map((row) => row.to_stage)).toEqual(['nominated', 'trainee', 'co-facilitator', 'certified']);
  });
});
