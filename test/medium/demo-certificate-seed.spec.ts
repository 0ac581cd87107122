import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { seedDemoCapstone } from '../../src/database/seeds/demo-capstone-seed.js';
import { seedDemoCertificate } from '../../src/database/seeds/demo-certificate-seed.js';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import { CertificateEligibilityService } from '../../src/modules/certificates/certificate-eligibility.service.js';
import { CertificatesRepository } from '../../src/modules/certificates/certificates.repository.js';
import { ContentRepository } from '../../src/modules/content/content.repository.js';
import { ContentService } from '../../src/modules/content/content.service.js';
import { QuizAttemptsRepository } from '../../src/modules/quizzes/quiz-attempts.repository.js';
import { QuizStandingsService } from '../../src/modules/quizzes/quiz-standings.service.js';
import { createDatabaseWithCourses } from '../support/seeded-database.js';

describe('the demo graduate: a participant of the demo who has completed the Kathmandu course', () => {
  let closeDatabase: () => Promise<void>;
  let dataSource: DataSource;

  beforeAll(async () => {
    ({ dataSource, close: closeDatabase } = await createDatabaseWithCourses());
    await seedDemo(dataSource);
  });

  afterAll(async () => {
    await closeDatabase();
  });

  it("should need Bikash's demo plan to review, then meet every completion rule of the course, once", async () => {
    expect(await seedDemoCertificate(dataSource)).toBeNull();
    await seedDemoCapstone(dataSource);
    const graduate = await seedDemoCertificate(dataSource);
    expect(graduate).not.toBeNull();
    const eligibility = new CertificateEligibilityService(
      new CertificatesRepository(dataSource),
      new ContentService(new ContentRepository(dataSource)),
      new QuizStandingsService(new QuizAttemptsRepository(dataSource, new AuditRepository())),
    );
    const result = await eligibility.evaluate(graduate!.instituteId, graduate!.cohortId, graduate!.userId);
    expect(result?.verdict).toMatchObject({ eligible: true, missing: [] });
    expect(result?.facts.fullName).toBe('Anjali Rai');
    // Run again (npm run local twice): she is left as she is.
    expect(await seedDemoCertificate(dataSource)).toBeNull();
    expect(await dataSource.query(`SELECT 1 FROM users WHERE email = 'graduate@np.demo.cascade.test'`)).toHaveLength(1);
  });
});
