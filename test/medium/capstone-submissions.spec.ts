import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import type { CapstoneContextService } from '../../src/modules/capstones/capstone-context.service.js';
import type { CohortEntity } from '../../src/modules/cohorts/entities/cohort.entity.js';
import type { JobQueue } from '../../src/infra/queue/job-queue.service.js';
import { CapstonePlansService, type CapstoneContext } from '../../src/modules/capstones/capstone-plans.service.js';
import { CapstoneStaffService } from '../../src/modules/capstones/capstone-staff.service.js';
import { CapstoneSubmissionsRepository } from '../../src/modules/capstones/capstone-submissions.repository.js';
import type { CapstoneDefinition } from '../../src/modules/capstones/domain/capstone.types.js';
import { readSectionForm } from '../../src/modules/capstones/domain/plan-form.js';
import {
  LateSubmissionRefusedError,
  RequiredSectionsEmptyError,
  StaleDraftError,
} from '../../src/modules/capstones/capstones.errors.js';
import { createDatabaseWithCourses } from '../support/seeded-database.js';

describe('capstone submissions in PostgreSQL', () => {
  let closeDatabase: () => Promise<void>;
  let dataSource: DataSource;
  let plans: CapstonePlansService;
  let staff: CapstoneStaffService;
  let participant: CapstoneContext;
  let trainerContext: CapstoneContext;
  let trainerId: string;
  let definition: CapstoneDefinition;
  const queued: { name: string; payload: unknown; jobId?: string }[] = [];
  const section = (id: string) => definition.sections.find((entry) => entry.id === id)!;

  beforeAll(async () => {
    ({ dataSource, close: closeDatabase } = await createDatabaseWithCourses());
    await seedDemo(dataSource);
    const repository = new CapstoneSubmissionsRepository(dataSource);
    const audit = new AuditRepository();
    // The access decision is CohortAccessService's (tested elsewhere); contexts are built here from the seed.
    // Jobs are recorded, not run: peer review's allocation of late plans is queued, and tested on its own.
    const jobs = {
      enqueue: async (name: string, payload: unknown, options: { jobId?: string }) =>
        void queued.push({ name, payload, jobId: options.jobId }),
    } as unknown as JobQueue;
    plans = new CapstonePlansService({} as CapstoneContextService, repository, audit, jobs);
    staff = new CapstoneStaffService(repository, audit);
    const [row] = await dataSource.query<
      { institute_id: string; cohort_id: string; user_id: string; trainer_id: string }[]
    >(
      `SELECT c.institute_id, c.id AS cohort_id, e.user_id,
              (SELECT id FROM users WHERE email LIKE 'trainer@np.%') AS trainer_id
       FROM cohorts c JOIN institutes i ON i.id = c.institute_id AND i.slug = 'np-cept'
       JOIN enrolments e ON e.cohort_id = c.id JOIN users u ON u.id = e.user_id AND u.email LIKE 'participant@np.%'`,
    );
    trainerId = row.trainer_id;
    const cohort = await loadCohort(row.cohort_id);
    // The seed capstone of the cohort's course (resources course, capstone.yaml), as the content import stored it.
    [{ capstone: definition }] = await dataSource.query<{ capstone: CapstoneDefinition }[]>(
      `SELECT capstone FROM course_versions WHERE id = $1`,
      [cohort.courseVersionId],
    );
    const institute = { id: row.institute_id, slug: 'np-cept', name: 'CEPT' };
    const owner = { instituteId: row.institute_id, cohortId: row.cohort_id, userId: row.user_id };
    participant = {
      access: { institute, cohort, enrolment: { userId: row.user_id }, isStaff: false },
      definition,
      language: 'en',
      owner,
    } as unknown as CapstoneContext;
    trainerContext = { ...participant, access: { ...participant.access, enrolment: null, isStaff: true }, owner: null };
  });

  afterAll(async () => {
    await closeDatabase();
  });

  async function loadCohort(cohortId: string): Promise<CohortEntity> {
    const [cohort] = await dataSource.query<CohortEntity[]>(
      `SELECT id, institute_id AS "instituteId", course_version_id AS "courseVersionId", title, time_zone AS "timeZone",
              schedule FROM cohorts WHERE id = $1`,
      [cohortId],
    );
    return cohort;
  }

  const save = (id: string, fields: Record<string, unknown>, revision: number) =>
    plans.saveSection(participant, section(id), readSectionForm(section(id), fields), revision);
  const budget = {
    currency: 'NPR',
    'item-0': 'Workshop',
    'category-0': 'Training',
    'cost-0': '1000.10',
    'fundingSource-0': 'Government',
  };

  /** Writes every required section but those named, each from the draft's current revision. */
  async function fillRequiredExcept(skipped: string[]) {
    for (const entry of definition.sections) {
      if (!entry.required || skipped.includes(entry.id)) continue;
      const fields =
        entry.kind === 'text'
          ? { text: `${entry.title} of the plan.` }
          : entry.kind === 'budget'
            ? budget
            : {
                'what-0': 'Train',
                'who-0': 'District',
                'start-0': '2026-01-05',
                'end-0': '2026-02-20',
                'kpi-0': '90 %',
              };
      await save(entry.id, fields, (await plans.draft(participant)).revision);
    }
  }

  it('should refuse a submission while required sections are empty, naming them', async () => {
    await expect(plans.submit(participant, participant.owner!.userId, null)).rejects.toThrow(
      RequiredSectionsEmptyError,
    );
    await save('needs-assessment', { text: 'Every child learns.' }, 0);
    await fillRequiredExcept(['needs-assessment', 'budget']);
    await expect(plans.submit(participant, participant.owner!.userId, null)).rejects.toThrow(
      'this required section is empty: Budget aligned to priorities.',
    );
  });

  it('should refuse the second of two saves made from the same revision, keeping the first', async () => {
    const { revision } = await plans.draft(participant);
    const results = await Promise.allSettled([
      save('needs-assessment', { text: 'From tab A' }, revision),
      save('needs-assessment', { text: 'From tab B' }, revision),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(StaleDraftError);
    const draft = await plans.draft(participant);
    expect(draft.revision).toBe(revision + 1);
    expect(['From tab A', 'From tab B']).toContain(
      (draft.content.sections['needs-assessment'] as { text: string }).text,
    );
  });

  it('should make one version of concurrent submits of the same draft, with one audit row', async () => {
    const { revision } = await plans.draft(participant);
    await save('budget', budget, revision);
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => plans.submit(participant, participant.owner!.userId, null)),
    );
    expect(new Set(outcomes.map((outcome) => outcome.submission.id)).size).toBe(1);
    expect(outcomes.filter((outcome) => outcome.created)).toHaveLength(1);
    expect(outcomes[0].submission).toMatchObject({ version: 1, late: false, draftRevision: revision + 1 });
    const audit = await dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'capstone.submitted' AND entity_id = $1`,
      [outcomes[0].submission.id],
    );
    expect(Number(audit[0].n)).toBe(1);
  });

  it('should keep every version and refuse UPDATE and DELETE of a submission in the database', async () => {
    const { revision } = await plans.draft(participant);
    await save('stakeholder-communication', { text: 'Funded by the district.' }, revision);
    const second = await plans.submit(participant, participant.owner!.userId, revision + 1);
    expect(second.submission.version).toBe(2);
    const versions = await plans.listVersions(participant);
    expect(versions.map((entry) => entry.version)).toEqual([1, 2]);
    expect(versions[0].content.sections['stakeholder-communication']).not.toEqual({
      kind: 'text',
      text: 'Funded by the district.',
    });
    await expect(
      dataSource.query('UPDATE capstone_submissions SET late = true WHERE id = $1', [versions[0].id]),
    ).rejects.toThrow('capstone_submissions rows are kept as written: UPDATE refused');
    await expect(dataSource.query('DELETE FROM capstone_submissions WHERE id = $1', [versions[0].id])).rejects.toThrow(
      'DELETE refused',
    );
    expect(await plans.listVersions(participant)).toHaveLength(2);
  });

  it('should flag a late submission, refuse it under the refuse policy, and accept it on time after an extension', async () => {
    await dataSource.query(
      `UPDATE cohorts SET schedule = jsonb_set(schedule, '{capstoneDueAt}', to_jsonb($2::text)) WHERE id = $1`,
      [participant.access.cohort.id, new Date(Date.now() - 86_400_000).toISOString()],
    );
    participant = {
      ...participant,
      access: { ...participant.access, cohort: await loadCohort(participant.access.cohort.id) },
    };
    trainerContext = { ...trainerContext, access: { ...trainerContext.access, cohort: participant.access.cohort } };

    let { revision } = await plans.draft(participant);
    await save('stakeholder-communication', { text: 'Funded by the district and parents.' }, revision);
    const late = await plans.submit(participant, participant.owner!.userId, null);
    expect(late.submission).toMatchObject({ version: 3, late: true });

    await staff.setLatePolicy(trainerContext, trainerId, 'refuse');
    ({ revision } = await plans.draft(participant));
    await save('stakeholder-communication', { text: 'Funded by the district, parents and NGOs.' }, revision);
    await expect(plans.submit(participant, participant.owner!.userId, null)).rejects.toThrow(
      LateSubmissionRefusedError,
    );

    const localDue = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 16);
    await staff.grantExtension(trainerContext, trainerId, participant.owner!.userId, localDue, 'Flooded office');
    const extended = await plans.submit(participant, participant.owner!.userId, null);
    expect(extended.submission).toMatchObject({ version: 4, late: false });
    // Plans submitted after the cohort's due date (extension or not) are queued for peer-review allocation, once each;
    // those submitted before it wait for the run at the due date.
    const cohortId = participant.access.cohort.id;
    expect(queued).toEqual([
      {
        name: 'peer-review.allocate',
        payload: { instituteId: participant.access.institute.id, cohortId },
        jobId: `peer-review-late:${cohortId}:${late.submission.id}`,
      },
      {
        name: 'peer-review.allocate',
        payload: { instituteId: participant.access.institute.id, cohortId },
        jobId: `peer-review-late:${cohortId}:${extended.submission.id}`,
      },
    ]);

    const actions = await dataSource.query<{ action: string; reason: string | null }[]>(
      `SELECT action, reason FROM audit_log WHERE action IN ('capstone-extension.granted', 'capstone.late-policy-changed')
       ORDER BY id`,
    );
    expect(actions).toEqual([
      { action: 'capstone.late-policy-changed', reason: null },
      { action: 'capstone-extension.granted', reason: 'Flooded office' },
    ]);
    await expect(dataSource.query('DELETE FROM capstone_extensions')).rejects.toThrow('DELETE refused');
  });
});
