import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import type { CapstoneDefinition, CriterionGrade } from '../../src/modules/capstones/domain/capstone.types.js';
import { ContentRepository } from '../../src/modules/content/content.repository.js';
import { ContentService } from '../../src/modules/content/content.service.js';
import type { PeerReviewSettingsOverride } from '../../src/modules/peer-review/domain/peer-review-settings.js';
import { peerCriterionScores } from '../../src/modules/peer-review/domain/peer-scores.js';
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

const HOUR = 3_600_000;

interface AllocationRow {
  id: string;
  submission_id: string;
  author_id: string;
  reviewer_id: string;
  status: string;
  end_reason: string | null;
  ended_at: Date | null;
}

describe('peer review that does not stall, in PostgreSQL: replacement, drop-outs, scoring short plans', () => {
  let closeDatabase: () => Promise<void>;
  let dataSource: DataSource;
  let sql: Sql;
  let repository: PeerReviewRepository;
  let allocation: PeerReviewAllocationService;
  let grades: PeerReviewGradesService;
  // The tests' clock: the review window opened an hour before `start` (the real time the tests began).
  const start = new Date();

  const criteriaOf = (definition: CapstoneDefinition): CriterionGrade[] =>
    definition.rubric.criteria.map((criterion) => ({
      criterionId: criterion.id,
      levelId: criterion.levels[1].id,
      comment: 'The section is clear, with one target that needs a baseline.',
    }));

  /** A cohort whose window opened an hour ago and closes in two weeks, with the given settings and participants. */
  async function openCohort(
    slug: string,
    settings: PeerReviewSettingsOverride,
    emails: string[],
    extra: number,
  ): Promise<{
    cohort: PeerReviewCohort;
    definition: CapstoneDefinition;
    people: string[];
    planOf: Map<string, string>;
  }> {
    const cohortId = await cohortIdOf(sql, slug);
    await sql(
      `UPDATE cohorts SET schedule = schedule || jsonb_build_object('capstoneDueAt', $2::text, 'peerReviewDueAt', $3::text)
       WHERE id = $1`,
      [
        cohortId,
        new Date(start.getTime() - HOUR).toISOString(),
        new Date(start.getTime() + 14 * 24 * HOUR).toISOString(),
      ],
    );
    const [{ institute_id: instituteId }] = await sql<{ institute_id: string }>(
      `SELECT institute_id FROM cohorts WHERE id = $1`,
      [cohortId],
    );
    const cohort = (await repository.findCohort(instituteId, cohortId))!;
    const definition = await cohortCapstone(sql, cohortId);
    const people = [
      ...(await Promise.all(emails.map((email) => userIdOf(sql, email)))),
      ...(await addParticipants(sql, cohortId, slug, extra)),
    ];
    const planOf = new Map<string, string>();
    for (const [index, person] of people.entries())
      planOf.set(
        person,
        await insertSubmission(sql, {
          cohortId,
          userId: person,
          content: validPlan(definition, `${slug}-${index}`),
          submittedAt: new Date(start.getTime() - 2 * HOUR + index * 60_000),
        }),
      );
    await repository.transaction((manager) =>
      repository.saveSettingsOverride(manager, cohort.instituteId, cohort.id, settings, people[0]),
    );
    return { cohort, definition, people, planOf };
  }

  const allocationsOf = (cohortId: string) =>
    sql<AllocationRow>(
      `SELECT id, submission_id, author_id, reviewer_id, status, end_reason, ended_at FROM peer_review_allocations
       WHERE cohort_id = $1 ORDER BY assigned_at, id`,
      [cohortId],
    );
  const isActive = (row: AllocationRow) => ['assigned', 'started', 'submitted'].includes(row.status);

  /** Reviewers write a draft (which starts the allocation) or submit, as the review page does. */
  async function review(cohort: PeerReviewCohort, definition: CapstoneDefinition, ids: string[], submit: boolean) {
    await repository.transaction(async (manager) => {
      for (const id of ids)
        await repository.saveReview(manager, cohort.instituteId, id, criteriaOf(definition), submit);
    });
  }

  beforeAll(async () => {
    ({ dataSource, close: closeDatabase } = await createDatabaseWithCourses());
    await seedDemo(dataSource);
    sql = (text, values) => dataSource.query(text, values);
    repository = new PeerReviewRepository(dataSource);
    allocation = new PeerReviewAllocationService(
      repository,
      new AuditRepository(),
      new ContentService(new ContentRepository(dataSource)),
    );
    grades = new PeerReviewGradesService(repository, allocation);
  });

  afterAll(async () => {
    await closeDatabase();
  });

  describe('a cohort of five with k = 2 where one reviewer never starts and another leaves', () => {
    let cohort: PeerReviewCohort;
    let definition: CapstoneDefinition;
    let people: string[];
    let planOf: Map<string, string>;
    let idle: string;
    let leaver: string;

    beforeAll(async () => {
      ({ cohort, definition, people, planOf } = await openCohort(
        'np-cept',
        { reviewsPerSubmission: 2, stallHours: 48 },
        ['participant@np.demo.cascade.test', 'participant2@np.demo.cascade.test'],
        3,
      ));
      idle = people[4];
      leaver = people[3];
      expect((await allocation.allocate(cohort, null, start)).added).toBe(10);
    });

    it('should take an unstarted review back from its reviewer 48 hours on, never sooner, and give it to someone else', async () => {
      const others = (await allocationsOf(cohort.id)).filter((row) => row.reviewer_id !== idle);
      await review(
        cohort,
        definition,
        others.map((row) => row.id),
        false,
      );
      const idleRows = (await allocationsOf(cohort.id)).filter((row) => row.reviewer_id === idle);
      expect(idleRows).toHaveLength(2);

      const early = await allocation.allocate(cohort, null, new Date(start.getTime() + 47 * HOUR));
      expect(early.replaced).toEqual([]);

      const run = await allocation.allocate(cohort, null, new Date(start.getTime() + 49 * HOUR));
      expect(run.replaced.map((row) => [row.allocationId, row.reason]).sort()).toEqual(
        idleRows.map((row) => [row.id, 'not-started']).sort(),
      );
      expect(run.added).toBe(2);
      expect(run.shortfall).toEqual([]);

      const after = await allocationsOf(cohort.id);
      // The rows stay, ended, with their reason; nothing is deleted.
      for (const row of idleRows) {
        const now = after.find((entry) => entry.id === row.id)!;
        expect(now).toMatchObject({ status: 'replaced', end_reason: 'not-started' });
        expect(now.ended_at).not.toBeNull();
      }
      // Each plan the idle reviewer had is back at k, with a reviewer who is neither its author nor the idle one.
      for (const row of idleRows) {
        const active = after.filter((entry) => entry.submission_id === row.submission_id && isActive(entry));
        expect(active).toHaveLength(2);
        for (const entry of active) expect([row.author_id, idle]).not.toContain(entry.reviewer_id);
      }
      // The idle reviewer gets no new work, and their own plan keeps its reviewers.
      expect(after.filter((row) => row.reviewer_id === idle && isActive(row))).toEqual([]);
      expect(after.filter((row) => row.submission_id === planOf.get(idle) && isActive(row))).toHaveLength(2);

      const [audit] = await sql<{ after: { replaced: { allocationId: string; reason: string }[] } }>(
        `SELECT "after" FROM audit_log WHERE action = 'peer-review.allocated' AND entity_id = $1
         ORDER BY at DESC, id DESC LIMIT 1`,
        [cohort.id],
      );
      expect(audit.after.replaced.map((row) => row.allocationId).sort()).toEqual(idleRows.map((row) => row.id).sort());
    });

    it('should take back only the unsubmitted reviews of a reviewer who leaves the cohort, keeping submitted ones', async () => {
      // The replacements of the last test start at once, so that only the leaver's rows change now.
      const rows = await allocationsOf(cohort.id);
      await review(
        cohort,
        definition,
        rows.filter((row) => row.status === 'assigned').map((row) => row.id),
        false,
      );
      const [submitted, ...unsubmitted] = rows.filter((row) => row.reviewer_id === leaver && isActive(row));
      expect(unsubmitted.length).toBeGreaterThan(0);
      await review(cohort, definition, [submitted.id], true);
      await sql(`UPDATE enrolments SET status = 'withdrawn' WHERE cohort_id = $1 AND user_id = $2`, [
        cohort.id,
        leaver,
      ]);

      const run = await allocation.allocate(cohort, null, new Date(start.getTime() + 50 * HOUR));
      expect(run.replaced.map((row) => [row.allocationId, row.reason]).sort()).toEqual(
        unsubmitted.map((row) => [row.id, 'dropped-out']).sort(),
      );
      const after = await allocationsOf(cohort.id);
      expect(after.find((row) => row.id === submitted.id)!.status).toBe('submitted');
      for (const started of unsubmitted) {
        expect(after.find((row) => row.id === started.id)).toMatchObject({
          status: 'replaced',
          end_reason: 'dropped-out',
        });
        // Its plan got a new reviewer who is not the leaver.
        const active = after.filter((row) => row.submission_id === started.submission_id && isActive(row));
        expect(active).toHaveLength(2);
        expect(active.map((row) => row.reviewer_id)).not.toContain(leaver);
      }
      // The leaver's own plan is no longer up for review: it gets nobody new.
      const leaverPlan = after.filter((row) => row.submission_id === planOf.get(leaver));
      expect(leaverPlan.filter((row) => !rows.some((old) => old.id === row.id))).toEqual([]);
      const started = unsubmitted[0];
      // The review they drafted stays in the database.
      const [draft] = await sql<{ count: number }>(
        `SELECT count(*)::int AS count FROM peer_reviews WHERE allocation_id = $1`,
        [started.id],
      );
      expect(draft.count).toBe(1);
    });

    it('should never hand a plan back to the reviewer it was taken from', async () => {
      const after = await allocationsOf(cohort.id);
      for (const ended of after.filter((row) => row.status === 'replaced'))
        expect(
          after.filter(
            (row) =>
              row.submission_id === ended.submission_id && row.reviewer_id === ended.reviewer_id && isActive(row),
          ),
        ).toEqual([]);
    });
  });

  describe('a cohort of two, too small for k = 3: nobody waits for reviews that cannot come', () => {
    let cohort: PeerReviewCohort;
    let definition: CapstoneDefinition;
    let people: string[];
    let planOf: Map<string, string>;

    beforeAll(async () => {
      ({ cohort, definition, people, planOf } = await openCohort(
        'sn-ifpe',
        { reviewsPerSubmission: 3, scoreShortAfterHours: 96, stallHours: 200 },
        ['participant@sn.demo.cascade.test', 'participant@np.demo.cascade.test'],
        0,
      ));
    });

    it('should give each plan the one reviewer there is and report the shortfall', async () => {
      const run = await allocation.allocate(cohort, null, start);
      expect(run.added).toBe(2);
      expect(run.shortfall.sort((a, b) => (a.submissionId < b.submissionId ? -1 : 1))).toEqual(
        [...planOf.values()].sort().map((submissionId) => ({ submissionId, missing: 2 })),
      );
    });

    it('should give no peer score while short plans are within their time, then score on what they have', async () => {
      const [first, second] = people;
      // The second person reviews the first person's plan; nobody reviews the second person's plan.
      const rows = await allocationsOf(cohort.id);
      await review(
        cohort,
        definition,
        rows.filter((row) => row.reviewer_id === second).map((row) => row.id),
        true,
      );

      const statusesSoon = await grades.planStatuses(
        cohort,
        await settingsOf(cohort),
        new Date(start.getTime() + HOUR),
      );
      const soon = new Map(statusesSoon.map((status) => [status.authorId, status]));
      expect(soon.get(first)).toMatchObject({ state: 'waiting', submittedReviews: 1, activeReviewers: 1 });
      expect(soon.get(first)!.scoreFrom!.getTime()).toBeGreaterThan(start.getTime() + 95 * HOUR);
      const componentsSoon = await grades.cohortComponents(cohort, definition, new Date(start.getTime() + HOUR));
      expect(componentsSoon.get(first)?.peerScorePercent ?? null).toBeNull();

      const late = new Date(start.getTime() + 97 * HOUR);
      const statusesLate = new Map(
        (await grades.planStatuses(cohort, await settingsOf(cohort), late)).map((status) => [status.authorId, status]),
      );
      expect(statusesLate.get(first)!.state).toBe('scored-short');
      expect(statusesLate.get(second)!.state).toBe('needs-trainer');
      const componentsLate = await grades.cohortComponents(cohort, definition, late);
      // The median of one review is that review.
      expect(componentsLate.get(first)!.peerScorePercent).toBe(
        peerCriterionScores(definition.rubric.criteria, [criteriaOf(definition)]).percent,
      );
      expect(componentsLate.get(second)?.peerScorePercent ?? null).toBeNull();
    });

    it('should let the trainer score a plan nobody reviewed, and count that score', async () => {
      const [, second] = people;
      await sql(
        `INSERT INTO peer_score_overrides (institute_id, cohort_id, submission_id, percent, reason, created_by)
         VALUES ($1, $2, $3, 70, 'No review came in time; scored from the plan itself.', $4)`,
        [cohort.instituteId, cohort.id, planOf.get(second), second],
      );
      const late = new Date(start.getTime() + 97 * HOUR);
      const statuses = new Map(
        (await grades.planStatuses(cohort, await settingsOf(cohort), late)).map((status) => [status.authorId, status]),
      );
      expect(statuses.get(second)!.state).toBe('trainer');
      expect((await grades.cohortComponents(cohort, definition, late)).get(second)!.peerScorePercent).toBe(70);
    });
  });

  async function settingsOf(cohort: PeerReviewCohort) {
    return (await allocation.settings(cohort)).settings;
  }
});
