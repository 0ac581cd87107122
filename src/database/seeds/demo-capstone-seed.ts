import type { DataSource } from 'typeorm';
import { AuditRepository } from '../../modules/audit/audit.repository.js';
import {
  CapstoneSubmissionsRepository,
  type PlanOwner,
} from '../../modules/capstones/capstone-submissions.repository.js';
import type { PlanContent } from '../../modules/capstones/domain/capstone.types.js';

const PARTICIPANT = 'participant@np.demo.cascade.test';
const COHORT_TITLE = 'School resource allocation, Kathmandu cohort';

/** A date `days` after `start` (YYYY-MM-DD), as YYYY-MM-DD. */
function addDays(start: string, days: number): string {
  const date = new Date(`${start}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Bikash's resource optimization plan: short, but every section of the course's capstone says something real. */
function demoPlan(startDate: string, dueDate: string): PlanContent {
  // The activities fall inside the cohort's weeks, from its start to the capstone due date.
  const span = Math.round((Date.parse(dueDate) - Date.parse(startDate)) / 86_400_000);
  const on = (fraction: number) => addDays(startDate, Math.floor(span * fraction));
  const text = (value: string) => ({ kind: 'text' as const, text: value });
  return {
    sections: {
      'needs-assessment': text(
        'Lamjung district, 64 public schools, 11,800 pupils. Pupil-teacher ratios range from 18 in Besisahar to 52 in ' +
          'three hill schools; ten schools are more than 20% above the national norm of 40.\n\n' +
          'Grade 5 Nepali and mathematics results are lowest in the same ten schools (mean 38% against 55% district-wide).',
      ),
      'allocation-model': text(
        'Non-salary grants follow a weighted pupil formula: base weight 1.0, plus 0.4 for pupils from Dalit and ' +
          'Janajati households, 0.3 for pupils with a disability, and 0.2 for schools more than two hours from the road.\n\n' +
          'Teacher posts follow enrolment, with a floor of one teacher per grade in primary schools.',
      ),
      budget: {
        kind: 'budget',
        currency: 'NPR',
        lines: [
          {
            item: 'Redeployment allowance, 12 teachers',
            category: 'Staff',
            cost: '1440000.00',
            fundingSource: 'District education office',
          },
          {
            item: 'Learning materials for ten priority schools',
            category: 'Materials',
            cost: '850000.00',
            fundingSource: 'School improvement grant',
          },
          {
            item: 'Head teacher workshops (3 days)',
            category: 'Training',
            cost: '275500.50',
            fundingSource: 'Municipality',
          },
        ],
      },
      'multi-year-forecast': text(
        'Enrolment falls 2% a year in the plains and holds in the hills. With salaries indexed at 6%, the plan fits ' +
          'within the 2026/27 ceiling and needs NPR 0.4 million more in 2027/28, found by merging two small schools.',
      ),
      'equity-analysis': text(
        'The ten priority schools gain 31% more non-salary funding per pupil; the five largest town schools lose 4%. ' +
          'The loss is defensible: their results are above the district mean and their ratios below the norm.',
      ),
      'optimization-strategies': text(
        'Redeploy 12 teachers from over-staffed town schools; share one science teacher between three cluster schools; ' +
          'buy textbooks through the district for all schools to cut unit costs by about 15%.',
      ),
      'implementation-timeline': {
        kind: 'activities',
        rows: [
          {
            what: "Publish pupil-teacher ratios for all 64 schools at the principals' meeting",
            who: 'District planning officer (Bikash Gurung)',
            start: on(0.1),
            end: on(0.25),
            kpi: 'Ratios of all 64 schools published and discussed',
          },
          {
            what: 'Agree the redeployment criteria with head teachers and the teachers’ union',
            who: 'Chief district education officer',
            start: on(0.25),
            end: on(0.5),
            kpi: 'Criteria signed by both parties',
          },
          {
            what: 'Move the first 12 teachers to the ten priority schools',
            who: 'Human resources section',
            start: on(0.5),
            end: on(0.9),
            kpi: 'All ten schools within 20% of the norm',
          },
        ],
      },
      'monitoring-plan': text(
        'Quarterly EMIS extract of ratios and attendance per school; a term test in grade 5 in the ten priority schools; ' +
          'a half-yearly review with the municipal education committee.',
      ),
      'stakeholder-communication': text(
        'Head teachers first, at the cluster meetings; then school management committees with a one-page summary in ' +
          'Nepali; the municipal council before the budget vote; a notice at each school that gains or loses a post.',
      ),
    },
  };
}

/**
 * Gives Bikash a submitted version 1 of his action plan in the Kathmandu cohort, so a trainer's grading queue has
 * something in it on a fresh `npm run local`. Written the way a submit writes it (draft, version, audit row). Left
 * alone when he already has a draft or a version: whatever a person wrote is never replaced.
 */
export async function seedDemoCapstone(dataSource: DataSource, now = new Date()): Promise<string | null> {
  const submissions = new CapstoneSubmissionsRepository(dataSource);
  const audit = new AuditRepository();
  return dataSource.transaction(async (manager) => {
    const [found] = await manager.query<
      {
        institute_id: string;
        cohort_id: string;
        user_id: string;
        start_date: string;
        schedule: { capstoneDueAt: string };
        course_version_id: string;
        has_capstone: boolean;
      }[]
    >(
      `SELECT c.institute_id, c.id AS cohort_id, u.id AS user_id, to_char(c.start_date, 'YYYY-MM-DD') AS start_date,
              c.schedule, c.course_version_id, cv.capstone IS NOT NULL AS has_capstone
       FROM cohorts c JOIN course_versions cv ON cv.id = c.course_version_id
       JOIN enrolments e ON e.cohort_id = c.id JOIN users u ON u.id = e.user_id
       WHERE c.title = $1 AND u.email = $2 AND e.status = 'enrolled'`,
      [COHORT_TITLE, PARTICIPANT],
    );
    if (!found?.has_capstone) return null;
    const owner: PlanOwner = { instituteId: found.institute_id, cohortId: found.cohort_id, userId: found.user_id };
    await submissions.lockPlan(manager, owner);
    if ((await submissions.findDraft(owner, manager)).revision > 0) return null;
    if ((await submissions.lastVersionNumber(manager, owner)) > 0) return null;
    const dueAt = new Date(found.schedule.capstoneDueAt);
    const content = demoPlan(found.start_date, dueAt.toISOString().slice(0, 10));
    await manager.query(
      `INSERT INTO capstone_drafts (institute_id, cohort_id, user_id, content, revision) VALUES ($1, $2, $3, $4, 1)`,
      [owner.instituteId, owner.cohortId, owner.userId, JSON.stringify(content)],
    );
    const submission = await submissions.insertSubmission(manager, owner, {
      version: 1,
      draftRevision: 1,
      courseVersionId: found.course_version_id,
      content,
      attachmentIds: [],
      submittedAt: now,
      dueAt,
      late: now > dueAt,
    });
    await audit.append(manager, {
      instituteId: owner.instituteId,
      actorUserId: owner.userId,
      action: 'capstone.submitted',
      entityType: 'capstone_submission',
      entityId: submission.id,
      after: {
        cohortId: owner.cohortId,
        userId: owner.userId,
        version: submission.version,
        draftRevision: submission.draftRevision,
        dueAt,
        late: submission.late,
        attachmentIds: [],
        demo: true,
      },
    });
    return submission.id;
  });
}
