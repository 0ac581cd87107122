import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import { ContentRepository } from '../../src/modules/content/content.repository.js';
import { ContentService } from '../../src/modules/content/content.service.js';
import type { CapstoneDefinition } from '../../src/modules/capstones/domain/capstone.types.js';
import { PeerReviewAllocationService } from '../../src/modules/peer-review/peer-review-allocation.service.js';
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

describe('peer-review allocation runs in PostgreSQL: idempotent, incremental, concurrent, history kept', () => {
  let closeDatabase: () => Promise<void>;
  let dataSource: DataSource;
  let sql: Sql;
  let service: PeerReviewAllocationService;
  let repository: PeerReviewRepository;
  let cohort: PeerReviewCohort;
  let definition: CapstoneDefinition;
  let people: string[];
  const submissionOf = new Map<string, string>();

  const active = () =>
    sql<{ submission_id: string; reviewer_id: string; author_id: string }>(
      `SELECT submission_id, reviewer_id, author_id FROM peer_review_allocations
       WHERE cohort_id = $1 AND status IN ('assigned', 'started', 'submitted')`,
      [cohort.id],
    );

  beforeAll(async () => {
    ({ dataSource, close: closeDatabase } = await createDatabaseWithCourses());
    await seedDemo(dataSource);
    sql = (text, values) => dataSource.query(text, values);
    const cohortId = await cohortIdOf(sql, 'np-cept');
    repository = new PeerReviewRepository(dataSource);
    cohort = (await repository.findCohort(
      (await sql<{ institute_id: string }>(`SELECT institute_id FROM cohorts WHERE id = $1`, [cohortId]))[0]
        .institute_id,
      cohortId,
    ))!;
    definition = await cohortCapstone(sql, cohortId);
    people = [
      await userIdOf(sql, 'participant@np.demo.cascade.test'),
      await userIdOf(sql, 'participant2@np.demo.cascade.test'),
      ...(await addParticipants(sql, cohortId, 'alloc', 4)),
    ];
    // Five of six submit before the run; the sixth submits late.
    for (const person of people.slice(0, 5))
      submissionOf.set(
        person,
        await insertSubmission(sql, { cohortId, userId: person, content: validPlan(definition, person) }),
      );
    service = new PeerReviewAllocationService(
      repository,
      new AuditRepository(),
      new ContentService(new ContentRepository(dataSource)),
    );
  });

  afterAll(async () => {
    await closeDatabase();
  });

  it('should give every submission k = 3 reviewers, none of them its author, and add nothing when run again', async () => {
    const first = await service.allocate(cohort, null);
    expect(first).toEqual({ added: 15, round: 1, replaced: [], shortfall: [] });
    const rows = await active();
    expect(rows).toHaveLength(15);
    for (const row of rows) expect(row.reviewer_id).not.toBe(row.author_id);
    for (const person of people.slice(0, 5))
      expect(rows.filter((row) => row.submission_id === submissionOf.get(person))).toHaveLength(3);
    const loads = people.slice(0, 5).map((person) => rows.filter((row) => row.reviewer_id === person).length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);

    expect(await service.allocate(cohort, null)).toEqual({ added: 0, round: null, replaced: [], shortfall: [] });
    expect(await active()).toHaveLength(15);
    const audits = await sql<{ after: { added: number; round: number } }>(
      `SELECT "after" FROM audit_log WHERE action = 'peer-review.allocated' AND entity_id = $1`,
      [cohort.id],
    );
    expect(audits.map((row) => row.after.added)).toEqual([15]);
  });

  it('should allocate a late submission incrementally, leaving every earlier allocation as it was', async () => {
    const before = await sql<{ id: string; reviewer_id: string; submission_id: string; status: string }>(
      `SELECT id, reviewer_id, submission_id, status FROM peer_review_allocations WHERE cohort_id = $1 ORDER BY id`,
      [cohort.id],
    );
    const late = await insertSubmission(sql, {
      cohortId: cohort.id,
      userId: people[5],
      content: validPlan(definition, 'late'),
      late: true,
    });
    const run = await service.allocate(cohort, null);
    expect(run.added).toBe(3);
    expect(run.round).toBe(2);
    const after = await sql<{ id: string; reviewer_id: string; submission_id: string; status: string }>(
      `SELECT id, reviewer_id, submission_id, status FROM peer_review_allocations WHERE cohort_id = $1 ORDER BY id`,
      [cohort.id],
    );
    expect(after.filter((row) => before.some((old) => old.id === row.id))).toEqual(before);
    const added = after.filter((row) => !before.some((old) => old.id === row.id));
    expect(added.map((row) => row.submission_id)).toEqual([late, late, late]);
    expect(added.map((row) => row.reviewer_id)).not.toContain(people[5]);
  });

  it('should keep reviewing the version already allocated when its author resubmits', async () => {
    await insertSubmission(sql, {
      cohortId: cohort.id,
      userId: people[0],
      content: validPlan(definition, 'second'),
      version: 2,
    });
    expect((await service.allocate(cohort, null)).added).toBe(0);
    expect((await active()).filter((row) => row.author_id === people[0]).map((row) => row.submission_id)).toEqual([
      submissionOf.get(people[0]),
      submissionOf.get(people[0]),
      submissionOf.get(people[0]),
    ]);
  });

  it('should add each allocation once when two runs race for a new submission', async () => {
    const [extra] = await addParticipants(sql, cohort.id, 'race', 1);
    const submissionId = await insertSubmission(sql, {
      cohortId: cohort.id,
      userId: extra,
      content: validPlan(definition, 'race'),
    });
    const runs = await Promise.all([service.allocate(cohort, null), service.allocate(cohort, null)]);
    expect(runs.map((run) => run.added).sort()).toEqual([0, 3]);
    expect((await active()).filter((row) => row.submission_id === submissionId)).toHaveLength(3);
  });

  it('should refuse to delete an allocation, to allocate a self-review or a second active allocation of a pair', async () => {
    const [row] = await sql<{ id: string; submission_id: string; reviewer_id: string; author_id: string }>(
      `SELECT id, submission_id, reviewer_id, author_id FROM peer_review_allocations WHERE cohort_id = $1 LIMIT 1`,
      [cohort.id],
    );
    await expect(sql(`DELETE FROM peer_review_allocations WHERE id = $1`, [row.id])).rejects.toThrow(/never deleted/);
    const insert = (reviewerId: string) =>
      sql(
        `INSERT INTO peer_review_allocations (institute_id, cohort_id, submission_id, author_id, reviewer_id, round)
         VALUES ($1, $2, $3, $4, $5, 9)`,
        [cohort.instituteId, cohort.id, row.submission_id, row.author_id, reviewerId],
      );
    await expect(insert(row.author_id)).rejects.toThrow(/CHK_peer_review_allocations_no_self_review/);
    await expect(insert(row.reviewer_id)).rejects.toThrow(/peer_review_allocations_active/);
    // A replaced allocation stays as history and frees the pair.
    await sql(`UPDATE peer_review_allocations SET status = 'replaced', ended_at = now() WHERE id = $1`, [row.id]);
    await insert(row.reviewer_id);
    const history = await sql<{ status: string }>(
      `SELECT status FROM peer_review_allocations WHERE submission_id = $1 AND reviewer_id = $2 ORDER BY assigned_at`,
      [row.submission_id, row.reviewer_id],
    );
    expect(history.map((entry) => entry.status)).toEqual(['replaced', 'assigned']);
  });
});
