import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import type { CapstoneContextService } from '../../src/modules/capstones/capstone-context.service.js';
import type { CapstoneDefinition, CriterionGrade } from '../../src/modules/capstones/domain/capstone.types.js';
import { ContentRepository } from '../../src/modules/content/content.repository.js';
import { ContentService } from '../../src/modules/content/content.service.js';
import { PeerReviewAllocationService } from '../../src/modules/peer-review/peer-review-allocation.service.js';
import { PeerReviewGradesService } from '../../src/modules/peer-review/peer-review-grades.service.js';
import { PeerReviewModerationActionsService } from '../../src/modules/peer-review/peer-review-moderation-actions.service.js';
import {
  PeerReviewModerationConflictError,
  PeerReviewModerationInvalidError,
  PeerReviewModerationNotFoundError,
} from '../../src/modules/peer-review/peer-review-moderation.errors.js';
import { PeerReviewModerationRepository } from '../../src/modules/peer-review/peer-review-moderation.repository.js';
import {
  PeerReviewModerationService,
  type ModerationCohort,
} from '../../src/modules/peer-review/peer-review-moderation.service.js';
import { PeerReviewRepository } from '../../src/modules/peer-review/peer-review.repository.js';
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

/** The read service only asks CapstoneContextService for the cohort, which these tests build by hand. */
const NO_CONTEXTS = new Proxy({} as CapstoneContextService, {
  get: (_, name) => {
    throw new Error(`CapstoneContextService.${String(name)} is not used by these tests`);
  },
});

describe('peer review moderation in PostgreSQL: exclusions, overrides and reallocation, kept and audited', () => {
  let closeDatabase: () => Promise<void>;
  let dataSource: DataSource;
  let sql: Sql;
  let context: ModerationCohort;
  let definition: CapstoneDefinition;
  let grades: PeerReviewGradesService;
  let actions: PeerReviewModerationActionsService;
  let reads: PeerReviewModerationService;
  let trainerId: string;
  // A, B, C, D submit; E is enrolled and never submits (a reviewer the trainer can add by hand).
  let people: { a: string; b: string; c: string; d: string; e: string };
  const submissionOf = new Map<string, string>();

  /** Every criterion on the level of the given index (the seed rubric: 1–4 points, so 0 → 25%, 3 → 100%). */
  const uniform = (levelIndex: number): CriterionGrade[] =>
    definition.rubric.criteria.map((criterion) => ({
      criterionId: criterion.id,
      levelId: criterion.levels[levelIndex].id,
      comment: 'A fair and specific comment on this part of the plan.',
    }));
  const allocationOf = async (author: string, reviewer: string) => {
    const [row] = await sql<{ id: string }>(
      `SELECT id FROM peer_review_allocations WHERE author_id = $1 AND reviewer_id = $2
       AND status IN ('assigned', 'started', 'submitted')`,
      [author, reviewer],
    );
    return row.id;
  };
  const writeReview = async (author: string, reviewer: string, levelIndex: number, submit = true) => {
    const id = await allocationOf(author, reviewer);
    await sql(
      `INSERT INTO peer_reviews (allocation_id, institute_id, criteria, submitted_at)
       VALUES ($1, $2, $3, CASE WHEN $4 THEN now() END)`,
      [id, context.cohort.instituteId, JSON.stringify(uniform(levelIndex)), submit],
    );
    await sql(`UPDATE peer_review_allocations SET status = $2, started_at = now() WHERE id = $1`, [
      id,
      submit ? 'submitted' : 'started',
    ]);
    return id;
  };
  // Scores as they stand once the window has closed: a plan short of k is then scored on the reviews it has.
  const afterClose = () => new Date(new Date(context.cohort.schedule.peerReviewDueAt).getTime() + 1);
  const peerScoreOf = async (author: string) =>
    (await grades.cohortComponents(context.cohort, definition, afterClose())).get(author)?.peerScorePercent ?? null;
  const reviewerGradeOf = async (reviewer: string) =>
    (await grades.cohortComponents(context.cohort, definition)).get(reviewer)?.reviewerGradePercent ?? null;
  const auditActions = async (entityId: string) =>
    (
      await sql<{ action: string; reason: string | null }>(
        `SELECT action, reason FROM audit_log WHERE entity_id = $1 ORDER BY id`,
        [entityId],
      )
    ).map((row) => `${row.action}: ${row.reason}`);

  let reviewDofA: string;
  let reviewBofA: string;

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
    const cohort = (await repository.findCohort(instituteId, cohortId))!;
    definition = await cohortCapstone(sql, cohortId);
    const [c, d, e] = await addParticipants(sql, cohortId, 'moderation', 3);
    people = {
      a: await userIdOf(sql, 'participant@np.demo.cascade.test'),
      b: await userIdOf(sql, 'participant2@np.demo.cascade.test'),
      c,
      d,
      e,
    };
    trainerId = await userIdOf(sql, 'trainer@np.demo.cascade.test');
    for (const person of [people.a, people.b, people.c, people.d])
      submissionOf.set(
        person,
        await insertSubmission(sql, { cohortId, userId: person, content: validPlan(definition) }),
      );
    const allocation = new PeerReviewAllocationService(
      repository,
      new AuditRepository(),
      new ContentService(new ContentRepository(dataSource)),
    );
    await repository.transaction((manager) =>
      repository.saveSettingsOverride(manager, instituteId, cohortId, { reviewsPerSubmission: 3 }, trainerId),
    );
    // Four plans, k = 3: everyone who submitted reviews every other plan.
    expect((await allocation.allocate(cohort, null)).added).toBe(12);
    const { settings, language } = await allocation.settings(cohort);
    context = { cohort, settings, language, definition };
    const moderation = new PeerReviewModerationRepository(dataSource);
    grades = new PeerReviewGradesService(repository, allocation);
    actions = new PeerReviewModerationActionsService(repository, moderation, new AuditRepository());
    reads = new PeerReviewModerationService(NO_CONTEXTS, repository, moderation, allocation);

    // Plan of A: B 100%, C 75%, D 25% → medians 4, 3, 1 points per criterion → 3 → 75%; D is 50 points off.
    reviewBofA = await writeReview(people.a, people.b, 3);
    await writeReview(people.a, people.c, 2);
    reviewDofA = await writeReview(people.a, people.d, 0);
    // Plan of B: A 100%, C 100%, D 75%; C has a draft on the plan of D.
    await writeReview(people.b, people.a, 3);
    await writeReview(people.b, people.c, 3);
    await writeReview(people.b, people.d, 2);
    await writeReview(people.d, people.c, 1, false);
  });

  afterAll(async () => {
    await closeDatabase();
  });

  it('should show coverage, the outlier and alpha of the counted reviews', async () => {
    const overview = await reads.overview(context);
    const coverageOf = (author: string) =>
      overview.coverage.find((row) => row.submissionId === submissionOf.get(author))!;
    expect(coverageOf(people.a)).toMatchObject({ submitted: 3, counted: 3, missing: 0, assigned: 0, started: 0 });
    expect(coverageOf(people.d)).toMatchObject({ submitted: 0, counted: 0, missing: 3, assigned: 2, started: 1 });
    expect(overview.outliers).toEqual([
      expect.objectContaining({ reviewId: reviewDofA, percent: 25, medianPercent: 75, distance: 50 }),
    ]);
    expect(overview.reliability.basis).toEqual({ reviews: 6, submissions: 2 });
    expect(overview.reliability.overall).not.toBeNull();
    const reviewerD = overview.reviewers.find((row) => row.reviewerId === people.d)!;
    // D: |1 − median(4, 3)| / 3 = 5/6 on A's plan (agreement 1/6), |3 − 4| / 3 on B's plan (2/3): mean 5/12.
    expect(reviewerD).toMatchObject({ grade: 41.67, submitted: 2, required: 3, assigned: 3 });
  });

  it('should take an excluded review out of the peer score and the agreement, and put it back on a later keep', async () => {
    expect(await peerScoreOf(people.a)).toBe(75);
    // B on A's plan: consensus median(3, 1) = 2 → 1 − 2/3; on nothing else submitted: 33.33.
    expect(await reviewerGradeOf(people.b)).toBe(33.33);

    await actions.decide(context, trainerId, reviewDofA, 'exclude', 'Scores every criterion at the lowest level.');
    // Medians of 4 and 3 points → 3.5 of 4 → 87.5%; B now agrees with C's 3 alone: 1 − 1/3.
    expect(await peerScoreOf(people.a)).toBe(87.5);
    expect(await reviewerGradeOf(people.b)).toBe(66.67);
    // D keeps only the review of B's plan: |3 − median(4, 4)| / 3 → 66.67.
    expect(await reviewerGradeOf(people.d)).toBe(66.67);
    const overview = await reads.overview(context);
    expect(overview.coverage.find((row) => row.submissionId === submissionOf.get(people.a))).toMatchObject({
      submitted: 3,
      excluded: 1,
      counted: 2,
      missing: 1,
    });
    expect(overview.outliers).toEqual([]);

    await actions.decide(context, trainerId, reviewDofA, 'keep', 'On a second reading the review is justified.');
    expect(await peerScoreOf(people.a)).toBe(75);
    await actions.decide(context, trainerId, reviewDofA, 'exclude', 'Excluded after all: it ignores the plan.');
    expect(await peerScoreOf(people.a)).toBe(87.5);

    const decisions = await sql<{ decision: string }>(
      `SELECT decision FROM peer_review_moderation_decisions WHERE allocation_id = $1 ORDER BY created_at`,
      [reviewDofA],
    );
    expect(decisions.map((row) => row.decision)).toEqual(['exclude', 'keep', 'exclude']);
    await expect(sql(`UPDATE peer_review_moderation_decisions SET decision = 'keep'`)).rejects.toThrow(
      /kept as written/,
    );
    await expect(sql(`DELETE FROM peer_review_moderation_decisions`)).rejects.toThrow(/kept as written/);
    expect(await auditActions(reviewDofA)).toEqual([
      'peer-review.review-excluded: Scores every criterion at the lowest level.',
      'peer-review.review-kept: On a second reading the review is justified.',
      'peer-review.review-excluded: Excluded after all: it ignores the plan.',
    ]);
  });

  it('should refuse a decision without a note or on a review that was not submitted', async () => {
    await expect(actions.decide(context, trainerId, reviewBofA, 'exclude', ' no ')).rejects.toThrow(
      PeerReviewModerationInvalidError,
    );
    await expect(actions.decide(context, trainerId, reviewBofA, 'delete', 'A long enough note')).rejects.toThrow(
      PeerReviewModerationInvalidError,
    );
    const draft = await allocationOf(people.d, people.c);
    await expect(actions.decide(context, trainerId, draft, 'exclude', 'A long enough note')).rejects.toThrow(
      PeerReviewModerationConflictError,
    );
  });

  it('should let the newest override win over the medians, and a blank percent withdraw it', async () => {
    const submission = submissionOf.get(people.a)!;
    await actions.overrideScore(context, trainerId, submission, '40', 'The reviews missed the budget errors.');
    expect(await peerScoreOf(people.a)).toBe(40);
    await actions.overrideScore(context, trainerId, submission, '55.5', 'Revised after reading the budget again.');
    expect(await peerScoreOf(people.a)).toBe(55.5);
    const detail = await reads.submission(context, submission);
    expect(detail.score?.percent).toBe(55.5);
    expect(detail.score?.percentOverridden).toBe(true);
    expect(detail.peerPercent).toBe(87.5);
    await expect(
      actions.overrideScore(context, trainerId, submission, '101', 'Over the top of the scale.'),
    ).rejects.toThrow(/from 0 to 100/);
    await actions.overrideScore(context, trainerId, submission, '', 'The medians are fair after the exclusion.');
    expect(await peerScoreOf(people.a)).toBe(87.5);
    expect((await reads.submission(context, submission)).overrides.map((entry) => entry.percent)).toEqual([
      null,
      55.5,
      40,
    ]);
    expect(await auditActions(submission)).toEqual([
      'peer-review.score-overridden: The reviews missed the budget errors.',
      'peer-review.score-overridden: Revised after reading the budget again.',
      'peer-review.score-override-withdrawn: The medians are fair after the exclusion.',
    ]);
  });

  it('should add a reviewer by hand, and refuse the author, a duplicate, an outsider and an unknown plan', async () => {
    const submission = submissionOf.get(people.a)!;
    const added = await actions.addReviewer(context, trainerId, submission, people.e, 'Adds a fourth view.');
    const [row] = await sql<{ status: string; reviewer_id: string; round: number }>(
      `SELECT status, reviewer_id, round FROM peer_review_allocations WHERE id = $1`,
      [added],
    );
    expect(row).toMatchObject({ status: 'assigned', reviewer_id: people.e });
    expect(await auditActions(added)).toEqual(['peer-review.reviewer-added: Adds a fourth view.']);

    await expect(actions.addReviewer(context, trainerId, submission, people.a, 'Self review?')).rejects.toThrow(
      /wrote this plan: nobody reviews their own plan/,
    );
    await expect(actions.addReviewer(context, trainerId, submission, people.e, 'Once more')).rejects.toThrow(
      PeerReviewModerationConflictError,
    );
    // The database refuses the duplicate on its own too.
    await expect(
      sql(
        `INSERT INTO peer_review_allocations (institute_id, cohort_id, submission_id, author_id, reviewer_id, round)
         VALUES ($1, $2, $3, $4, $5, 99)`,
        [context.cohort.instituteId, context.cohort.id, submission, people.a, people.e],
      ),
    ).rejects.toThrow(/peer_review_allocations_active/);
    await expect(actions.addReviewer(context, trainerId, submission, trainerId, 'The trainer')).rejects.toThrow(
      /not a participant enrolled in this cohort/,
    );
    await expect(
      actions.addReviewer(context, trainerId, '00000000-0000-4000-8000-000000000000', people.e, 'Unknown plan'),
    ).rejects.toThrow(PeerReviewModerationNotFoundError);
    await expect(reads.submission(context, 'not-a-uuid')).rejects.toThrow(PeerReviewModerationNotFoundError);
  });

  it('should cancel and replace allocations keeping every row, and end a started review only when confirmed', async () => {
    const assigned = await allocationOf(people.c, people.a);
    await actions.endAllocation(context, trainerId, assigned, {
      action: 'cancel',
      reason: 'A is on leave this month.',
      confirmed: false,
    });
    const [cancelled] = await sql<{ status: string; ended: boolean }>(
      `SELECT status, ended_at IS NOT NULL AS ended FROM peer_review_allocations WHERE id = $1`,
      [assigned],
    );
    expect(cancelled).toEqual({ status: 'cancelled', ended: true });
    await expect(
      actions.endAllocation(context, trainerId, assigned, {
        action: 'cancel',
        reason: 'Again please',
        confirmed: true,
      }),
    ).rejects.toThrow(/already cancelled/);

    const started = await allocationOf(people.d, people.c);
    await expect(
      actions.endAllocation(context, trainerId, started, {
        action: 'replace',
        reviewerId: people.e,
        reason: 'C has stalled on this plan.',
        confirmed: false,
      }),
    ).rejects.toThrow(/tick the box to confirm/);
    const [{ status: unchanged }] = await sql<{ status: string }>(
      `SELECT status FROM peer_review_allocations WHERE id = $1`,
      [started],
    );
    expect(unchanged).toBe('started');
    await expect(
      actions.endAllocation(context, trainerId, started, {
        action: 'replace',
        reviewerId: people.d,
        reason: 'Replace by the author',
        confirmed: true,
      }),
    ).rejects.toThrow(/nobody reviews their own plan/);
    const { replacementId } = await actions.endAllocation(context, trainerId, started, {
      action: 'replace',
      reviewerId: people.e,
      reason: 'C has stalled on this plan.',
      confirmed: true,
    });
    const rows = await sql<{ id: string; status: string; reviewer_id: string; ended: boolean }>(
      `SELECT id, status, reviewer_id, ended_at IS NOT NULL AS ended FROM peer_review_allocations
       WHERE submission_id = $1 ORDER BY assigned_at`,
      [submissionOf.get(people.d)],
    );
    expect(rows.find((row) => row.id === started)).toMatchObject({ status: 'replaced', ended: true });
    expect(rows.find((row) => row.id === replacementId)).toMatchObject({ status: 'assigned', reviewer_id: people.e });
    // The draft stays, attached to the replaced allocation.
    const [{ count }] = await sql<{ count: number }>(
      `SELECT count(*)::int AS count FROM peer_reviews WHERE allocation_id = $1`,
      [started],
    );
    expect(count).toBe(1);
    await expect(sql(`DELETE FROM peer_review_allocations WHERE id = $1`, [started])).rejects.toThrow(/never deleted/);
    expect(await auditActions(started)).toEqual(['peer-review.allocation-replaced: C has stalled on this plan.']);
  });
});
