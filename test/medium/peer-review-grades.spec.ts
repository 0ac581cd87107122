import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import type { CapstoneDefinition, CriterionGrade } from '../../src/modules/capstones/domain/capstone.types.js';
import { ContentRepository } from '../../src/modules/content/content.repository.js';
import { ContentService } from '../../src/modules/content/content.service.js';
import { PeerReviewAllocationService } from '../../src/modules/peer-review/peer-review-allocation.service.js';
import { PeerReviewGradesService } from '../../src/modules/peer-review/peer-review-grades.service.js';
import { PeerReviewRepository, type PeerReviewCohort } from '../../src/modules/peer-review/peer-review.repository.js';
import {
  cohortCapstone,
  cohortIdOf,
  insertSubmission,
  userIdOf,
  validPlan,
  type Sql,
} from '../support/capstone-fixtures.js';
import { addParticipants } from '../support/peer-review-fixtures.js';
import { createDatabaseWithCourses } from '../support/seeded-database.js';

describe('peer review grades in PostgreSQL: peer score, reviewer grade and trainer override per participant', () => {
  let closeDatabase: () => Promise<void>;
  let dataSource: DataSource;
  let sql: Sql;
  let cohort: PeerReviewCohort;
  let definition: CapstoneDefinition;
  let people: string[];
  let grades: PeerReviewGradesService;
  let allocation: PeerReviewAllocationService;
  const submissionOf = new Map<string, string>();

  const topLevels = (): CriterionGrade[] =>
    definition.rubric.criteria.map((criterion) => ({
      criterionId: criterion.id,
      levelId: criterion.levels[criterion.levels.length - 1].id,
      comment: 'A complete and well argued section of the plan.',
    }));

  beforeAll(async () => {
    ({ dataSource, close: closeDatabase } = await createDatabaseWithCourses());
    await seedDemo(dataSource);
    sql = (text, values) => dataSource.query(text, values);
    const cohortId = await cohortIdOf(sql, 'np-cept');
    const repository = new PeerReviewRepository(dataSource);
    const [{ institute_id: instituteId }] = await sql<{ institute_id: string }>(
      `SELECT institute_id FROM cohorts WHERE id = $1`,
      [cohortId],
    );
    cohort = (await repository.findCohort(instituteId, cohortId))!;
    definition = await cohortCapstone(sql, cohortId);
    people = [
      await userIdOf(sql, 'participant@np.demo.cascade.test'),
      await userIdOf(sql, 'participant2@np.demo.cascade.test'),
      ...(await addParticipants(sql, cohortId, 'grades', 1)),
    ];
    for (const person of people)
      submissionOf.set(
        person,
        await insertSubmission(sql, { cohortId, userId: person, content: validPlan(definition) }),
      );
    allocation = new PeerReviewAllocationService(
      repository,
      new AuditRepository(),
      new ContentService(new ContentRepository(dataSource)),
    );
    grades = new PeerReviewGradesService(repository, allocation);
    // Two reviews per plan among three people, and a reviewer's grade worth half of the peer-review weight.
    await repository.transaction((manager) =>
      repository.saveSettingsOverride(
        manager,
        cohort.instituteId,
        cohort.id,
        { reviewsPerSubmission: 2, reviewerGradeShare: 50 },
        people[0],
      ),
    );
    expect((await allocation.allocate(cohort, null)).added).toBe(6);
  });

  afterAll(async () => {
    await closeDatabase();
  });

  it('should have no peer component before any review is submitted', async () => {
    expect((await grades.cohortComponents(cohort, definition)).size).toBe(0);
  });

  it('should score plans on the submitted reviews, grade reviewers on agreement, and let the trainer override win', async () => {
    const allocations = await sql<{ id: string; submission_id: string }>(
      `SELECT id, submission_id FROM peer_review_allocations WHERE cohort_id = $1`,
      [cohort.id],
    );
    for (const row of allocations) {
      await sql(
        `INSERT INTO peer_reviews (allocation_id, institute_id, criteria, submitted_at) VALUES ($1, $2, $3, now())`,
        [row.id, cohort.instituteId, JSON.stringify(topLevels())],
      );
      await sql(`UPDATE peer_review_allocations SET status = 'submitted', started_at = now() WHERE id = $1`, [row.id]);
    }
    const before = await grades.cohortComponents(cohort, definition);
    for (const person of people)
      expect(before.get(person)).toEqual({ peerScorePercent: 100, reviewerGradePercent: 100, reviewerShare: 0.5 });

    await sql(
      `INSERT INTO peer_score_overrides (institute_id, cohort_id, submission_id, percent, reason, created_by)
       VALUES ($1, $2, $3, 40, 'Reviews ignored the budget', $4)`,
      [cohort.instituteId, cohort.id, submissionOf.get(people[1]), people[0]],
    );
    const after = await grades.cohortComponents(cohort, definition);
    expect(after.get(people[1])?.peerScorePercent).toBe(40);
    expect(after.get(people[0])?.peerScorePercent).toBe(100);
    await expect(sql(`DELETE FROM peer_score_overrides`)).rejects.toThrow(/kept as written/);
  });
});
