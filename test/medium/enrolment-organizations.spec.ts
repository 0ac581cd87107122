import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import { CohortsRepository } from '../../src/modules/cohorts/cohorts.repository.js';
import { EnrolmentOrganizationConflictError } from '../../src/modules/cohorts/cohorts.errors.js';
import { ContentRepository } from '../../src/modules/content/content.repository.js';
import { ContentService } from '../../src/modules/content/content.service.js';
import { cleanOrganization, organizationKey } from '../../src/modules/enrolments/domain/organization.js';
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

describe('organizations on enrolments, and peer review keeping them apart, in PostgreSQL', () => {
  let closeDatabase: () => Promise<void>;
  let dataSource: DataSource;
  let sql: Sql;
  let cohorts: CohortsRepository;
  let repository: PeerReviewRepository;
  let allocation: PeerReviewAllocationService;

  const organizationOf = async (cohortId: string, userId: string) =>
    (
      await sql<{ organization: string | null }>(
        `SELECT organization FROM enrolments WHERE cohort_id = $1 AND user_id = $2 ORDER BY enrolled_at`,
        [cohortId, userId],
      )
    ).map((row) => row.organization);

  /** A peer-review cohort whose participants (added, each with an organization) all submitted a plan. */
  async function cohortWithPlans(slug: string, prefix: string, organizations: string[]) {
    const cohortId = await cohortIdOf(sql, slug);
    const [{ institute_id: instituteId }] = await sql<{ institute_id: string }>(
      `SELECT institute_id FROM cohorts WHERE id = $1`,
      [cohortId],
    );
    const cohort = (await repository.findCohort(instituteId, cohortId))!;
    const definition = await cohortCapstone(sql, cohortId);
    const people = await addParticipants(sql, cohortId, prefix, organizations.length);
    const organizationOfAuthor = new Map<string, string>();
    for (const [index, userId] of people.entries()) {
      // The fixture enrols with no organization; one is filled in once, cleaned as the CSV stores it (case kept).
      await sql(`UPDATE enrolments SET organization = $3 WHERE cohort_id = $1 AND user_id = $2`, [
        cohortId,
        userId,
        cleanOrganization(organizations[index]),
      ]);
      const submissionId = await insertSubmission(sql, { cohortId, userId, content: validPlan(definition, userId) });
      organizationOfAuthor.set(submissionId, organizations[index]);
    }
    const trainer = await userIdOf(
      sql,
      slug === 'np-cept' ? 'trainer@np.demo.cascade.test' : 'trainer@sn.demo.cascade.test',
    );
    await repository.transaction((manager) =>
      repository.saveSettingsOverride(manager, instituteId, cohortId, { separateOrganizations: true }, trainer),
    );
    return { cohort, people, organizationOfAuthor };
  }

  const activeAllocations = (cohort: PeerReviewCohort) =>
    sql<{ submission_id: string; reviewer_id: string; author_id: string }>(
      `SELECT submission_id, reviewer_id, author_id FROM peer_review_allocations
       WHERE cohort_id = $1 AND status IN ('assigned', 'started', 'submitted')`,
      [cohort.id],
    );

  beforeAll(async () => {
    ({ dataSource, close: closeDatabase } = await createDatabaseWithCourses());
    await seedDemo(dataSource);
    sql = (text, values) => dataSource.query(text, values);
    cohorts = new CohortsRepository(dataSource, new AuditRepository());
    repository = new PeerReviewRepository(dataSource);
    allocation = new PeerReviewAllocationService(
      repository,
      new AuditRepository(),
      new ContentService(new ContentRepository(dataSource)),
    );
  });

  afterAll(async () => {
    await closeDatabase();
  });

  it('should record the demo participants’ organizations per enrolment', async () => {
    const kathmandu = await cohortIdOf(sql, 'np-cept');
    const dakar = await cohortIdOf(sql, 'sn-ifpe');
    const bikash = await userIdOf(sql, 'participant@np.demo.cascade.test');
    expect(await organizationOf(kathmandu, bikash)).toEqual(['Lalitpur District Education Office']);
    expect(await organizationOf(kathmandu, await userIdOf(sql, 'participant2@np.demo.cascade.test'))).toEqual([
      'Bhaktapur Municipality Education Section',
    ]);
    expect(await organizationOf(dakar, await userIdOf(sql, 'participant@sn.demo.cascade.test'))).toEqual([
      'Inspection d’Académie de Dakar',
    ]);
  });

  it('should keep a recorded organization, fill a missing one once (audited) and start a new row on re-enrolment', async () => {
    const cohortId = await cohortIdOf(sql, 'np-cept');
    const [{ institute_id: instituteId }] = await sql<{ institute_id: string }>(
      `SELECT institute_id FROM cohorts WHERE id = $1`,
      [cohortId],
    );
    const [userId] = await addParticipants(sql, cohortId, 'history', 1);
    const enrol = (organization: string | null) =>
      cohorts.transaction((manager) => cohorts.enrol(manager, instituteId, cohortId, userId, null, organization));

    await enrol(null);
    await enrol('Kathmandu Metropolitan City Education Department');
    await enrol(' kathmandu METROPOLITAN city education department'); // the same one: nothing to do
    await expect(enrol('Bhaktapur Municipality Education Section')).rejects.toBeInstanceOf(
      EnrolmentOrganizationConflictError,
    );
    expect(await organizationOf(cohortId, userId)).toEqual(['Kathmandu Metropolitan City Education Department']);
    const [{ id: enrolmentId }] = await sql<{ id: string }>(
      `SELECT id FROM enrolments WHERE cohort_id = $1 AND user_id = $2`,
      [cohortId, userId],
    );
    expect(
      await sql(`SELECT action, "before", "after" FROM audit_log WHERE entity_id = $1 ORDER BY id`, [enrolmentId]),
    ).toEqual([
      {
        action: 'enrolment.organization-recorded',
        before: { organization: null },
        after: { organization: 'Kathmandu Metropolitan City Education Department' },
      },
    ]);

    // The database itself refuses to change a recorded organization, or to store one untrimmed or too long.
    await expect(
      sql(`UPDATE enrolments SET organization = 'Somewhere else' WHERE id = $1`, [enrolmentId]),
    ).rejects.toThrow(/cannot change/);
    await expect(
      sql(
        `INSERT INTO enrolments (institute_id, cohort_id, user_id, status, organization) VALUES ($1, $2, $3, 'withdrawn', ' padded ')`,
        [instituteId, cohortId, userId],
      ),
    ).rejects.toThrow(/CHK_enrolments_organization/);
    await expect(
      sql(
        `INSERT INTO enrolments (institute_id, cohort_id, user_id, status, organization) VALUES ($1, $2, $3, 'withdrawn', $4)`,
        [instituteId, cohortId, userId, 'x'.repeat(201)],
      ),
    ).rejects.toThrow(/CHK_enrolments_organization/);

    // Withdrawal keeps the row and its organization; re-enrolling is a new row with the new one.
    await cohorts.transaction((manager) => cohorts.withdraw(manager, instituteId, cohortId, enrolmentId, null));
    await enrol('Bhaktapur Municipality Education Section');
    expect(await organizationOf(cohortId, userId)).toEqual([
      'Kathmandu Metropolitan City Education Department',
      'Bhaktapur Municipality Education Section',
    ]);
    const created = await sql<{ after: { organization: string | null } }>(
      `SELECT "after" FROM audit_log WHERE action = 'enrolment.created' AND "after"->>'userId' = $1`,
      [userId],
    );
    expect(created.map((row) => row.after.organization)).toEqual(['Bhaktapur Municipality Education Section']);
  });

  it('should never give a reviewer a plan from their own organization, however it is typed', async () => {
    // Eight people from three organizations, each typed in more than one way.
    const { cohort, organizationOfAuthor } = await cohortWithPlans('np-cept', 'orgs', [
      ' lalitpur district  education office',
      'LALITPUR DISTRICT EDUCATION OFFICE',
      'Bhaktapur Municipality Education Section',
      'bhaktapur municipality education section ',
      'Bhaktapur  Municipality Education Section',
      'Kathmandu Metropolitan City Education Department',
      'kathmandu metropolitan city education department',
      'Kathmandu Metropolitan City Education Department',
    ]);
    const run = await allocation.allocate(cohort, null);
    expect(run.shortfall).toEqual([]);
    const rows = await activeAllocations(cohort);
    expect(rows).toHaveLength(8 * 3);
    const organizationOfPerson = new Map(
      [...organizationOfAuthor].map(([submissionId, organization]) => [
        rows.find((row) => row.submission_id === submissionId)!.author_id,
        organization,
      ]),
    );
    for (const row of rows) {
      expect(row.reviewer_id).not.toBe(row.author_id);
      expect(organizationKey(organizationOfPerson.get(row.reviewer_id))).not.toBe(
        organizationKey(organizationOfAuthor.get(row.submission_id)),
      );
    }
    for (const submissionId of organizationOfAuthor.keys())
      expect(rows.filter((row) => row.submission_id === submissionId)).toHaveLength(3);
  });

  it('should report every plan short, and allocate nothing, when everyone comes from one organization', async () => {
    const { cohort, organizationOfAuthor } = await cohortWithPlans('sn-ifpe', 'one-org', [
      'Inspection d’Académie de Dakar',
      'inspection d’académie de dakar',
      '  INSPECTION D’ACADÉMIE DE DAKAR ',
      'Inspection  d’Académie de Dakar',
    ]);
    const run = await allocation.allocate(cohort, null);
    expect(run.added).toBe(0);
    expect(run.shortfall).toEqual(
      expect.arrayContaining([...organizationOfAuthor.keys()].map((submissionId) => ({ submissionId, missing: 3 }))),
    );
    expect(run.shortfall).toHaveLength(organizationOfAuthor.size);
    expect(await activeAllocations(cohort)).toEqual([]);
  });
});
