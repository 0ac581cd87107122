import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import { CapstoneContextService } from '../../src/modules/capstones/capstone-context.service.js';
import type { CapstoneDefinition, CriterionGrade } from '../../src/modules/capstones/domain/capstone.types.js';
import type { CohortAccess } from '../../src/modules/cohorts/cohort-access.service.js';
import { ContentRepository } from '../../src/modules/content/content.repository.js';
import { ContentService } from '../../src/modules/content/content.service.js';
import { CohortDashboardService, type CohortDashboard } from '../../src/modules/dashboards/cohort-dashboard.service.js';
import { DashboardsRepository } from '../../src/modules/dashboards/dashboards.repository.js';
import { tableCsv } from '../../src/modules/dashboards/domain/dashboard-table.js';
import { OverviewDashboardsService } from '../../src/modules/dashboards/overview-dashboards.service.js';
import { PeerReviewAllocationService } from '../../src/modules/peer-review/peer-review-allocation.service.js';
import { PeerReviewModerationRepository } from '../../src/modules/peer-review/peer-review-moderation.repository.js';
import { PeerReviewModerationService } from '../../src/modules/peer-review/peer-review-moderation.service.js';
import { PeerReviewRepository } from '../../src/modules/peer-review/peer-review.repository.js';
import { cohortCapstone, validPlan, type Sql } from '../support/capstone-fixtures.js';
import { createDatabaseWithCourses } from '../support/seeded-database.js';

const DAY = 24 * 60 * 60 * 1000;

/**
 * A hand-built world, every figure below worked out by hand from it:
 * - Institute X (SN): cohort C1 (epm-resources, started 2026-01-12; trainers Ada and Bea) with p1…p6 active and p7
 *   withdrawn; cohort C2 (epm-networks, started 2026-03-02; trainer Ada) with p1, p8, p9, p10 active (p8 withdrew
 *   once, then enrolled again). Institute Y (NP): cohort C3 (epm-resources, 2026-03-20; trainer Yan) with q1, q2
 *   active and q3 withdrawn. The hub (FR) has no cohort.
 * - C1 progress: p1, p2 completed every module; p3 completed 1–2 and opened 3; p4 opened 1; p5 nothing; p6 completed
 *   1 and opened 2; p7 (withdrawn) completed 1. C2: p8 completed every module. C3: q1 completed every module.
 * - C1 modules 1 and 2 opened 20 and 10 days ago, module 3 three days ago, the rest are ahead; action plans were due
 *   yesterday (p6 has an extension to the day after tomorrow); quizzes close in 3 days.
 */
describe('dashboards in PostgreSQL: every figure against a hand-built data set', () => {
  let close: () => Promise<void>;
  let dataSource: DataSource;
  let sql: Sql;
  let cohortService: CohortDashboardService;
  let overview: OverviewDashboardsService;
  let definition: CapstoneDefinition;
  const now = new Date(Date.UTC(2026, 3, 20, 12));
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const ids: Record<string, string> = {};
  let modules: { key: string; id: string; number: number; hasQuiz: boolean }[];
  let networksModules: { key: string; id: string }[];
  let x: { id: string; slug: string };
  let c1Access: CohortAccess;
  let c1: CohortDashboard;

  const insertOne = async (text: string, values: unknown[]) => (await sql<{ id: string }>(text, values))[0].id;
  const user = (key: string, fullName: string) =>
    insertOne(`INSERT INTO users (email, full_name) VALUES ($1, $2) RETURNING id`, [`${key}@dash.test`, fullName]);
  const enrol = (instituteId: string, cohortId: string, userId: string, status = 'enrolled') =>
    insertOne(
      `INSERT INTO enrolments (institute_id, cohort_id, user_id, status, withdrawn_at)
       VALUES ($1, $2, $3, $4, CASE WHEN $4 = 'withdrawn' THEN now() END) RETURNING id`,
      [instituteId, cohortId, userId, status],
    );
  const progress = async (enrolmentId: string, instituteId: string, keys: string[], completed: boolean) => {
    for (const key of keys)
      await sql(
        `INSERT INTO module_progress (enrolment_id, module_key, institute_id, completed_at)
         VALUES ($1, $2, $3, CASE WHEN $4 THEN now() END)`,
        [enrolmentId, key, instituteId, completed],
      );
  };
  const schedule = (unlocks: { moduleId: string; opensAt: Date }[], capstoneDueAt: Date, endsAt: Date) => ({
    moduleUnlocks: unlocks.map((unlock) => ({ moduleId: unlock.moduleId, opensAt: unlock.opensAt.toISOString() })),
    capstoneDueAt: capstoneDueAt.toISOString(),
    peerReviewDueAt: endsAt.toISOString(),
    endsAt: endsAt.toISOString(),
  });
  const cohort = (instituteId: string, courseVersionId: string, title: string, startDate: string, plan: object) =>
    insertOne(
      `INSERT INTO cohorts (institute_id, course_version_id, title, start_date, time_zone, capacity,
         enrolment_opens_at, enrolment_closes_at, schedule)
       VALUES ($1, $2, $3, $4, 'UTC', 40, '2025-01-01', '2027-01-01', $5) RETURNING id`,
      [instituteId, courseVersionId, title, startDate, JSON.stringify(plan)],
    );
  const attempt = (userId: string, moduleKey: string, number: number, percent: number | null, submittedAt: Date) => {
    const module = modules.find((entry) => entry.key === moduleKey)!;
    return sql(
      `INSERT INTO quiz_attempts (institute_id, cohort_id, user_id, module_key, course_module_id, number, status,
         question_keys, settings, started_at, submitted_at, closed_by, percent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, '{}', '{}', $8, $9, $10, $11)`,
      [
        x.id,
        ids.c1,
        userId,
        moduleKey,
        module.id,
        number,
        percent === null ? 'in-progress' : 'submitted',
        ago(30),
        percent === null ? null : submittedAt,
        percent === null ? null : 'participant',
        percent,
      ],
    );
  };
  const grade = (submissionId: string, userId: string, percent: number, released: boolean) =>
    sql(
      `INSERT INTO capstone_grades (submission_id, institute_id, cohort_id, user_id, status, criteria, percent,
         graded_by, released_at, released_by)
       VALUES ($1, $2, $3, $4, 'final', '[]', $5, $6, CASE WHEN $7 THEN now() END, CASE WHEN $7 THEN $6::uuid END)`,
      [submissionId, x.id, ids.c1, userId, percent, ids.ada, released],
    );
  const submit = (userId: string, version: number) =>
    insertOne(
      `INSERT INTO capstone_submissions (institute_id, cohort_id, user_id, version, draft_revision, course_version_id,
         content, submitted_at, due_at, late)
       SELECT institute_id, id, $2, $3, $3, course_version_id, $4, $5, $5, false FROM cohorts WHERE id = $1 RETURNING id`,
      [ids.c1, userId, version, JSON.stringify(validPlan(definition)), ago(5 - version)],
    );
  const uniform = (levelIndex: number): CriterionGrade[] =>
    definition.rubric.criteria.map((criterion) => ({
      criterionId: criterion.id,
      levelId: criterion.levels[levelIndex].id,
      comment: 'A fair and specific comment on this part of the plan.',
    }));
  /** An allocation; with a level, a submitted review at that level. */
  const review = async (submissionId: string, authorId: string, reviewerId: string, level: number | null) => {
    const allocationId = await insertOne(
      `INSERT INTO peer_review_allocations (institute_id, cohort_id, submission_id, author_id, reviewer_id, status,
         round, due_at)
       VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id`,
      [x.id, ids.c1, submissionId, authorId, reviewerId, level === null ? 'assigned' : 'submitted', ago(1)],
    );
    if (level !== null)
      await sql(
        `INSERT INTO peer_reviews (allocation_id, institute_id, criteria, submitted_at) VALUES ($1, $2, $3, $4)`,
        [allocationId, x.id, JSON.stringify(uniform(level)), ago(2)],
      );
    return allocationId;
  };
  const certificate = async (userId: string, cohortId: string, version: number, supersedes: string | null) => {
    const serial = `${cohortId.slice(0, 8)}-${userId.slice(0, 8)}-${version}`;
    return insertOne(
      `INSERT INTO certificates (institute_id, cohort_id, user_id, version, supersedes_id, serial, verification_code,
         holder_name, course_version_id, course_title, language, hours, outcomes, started_on, completed_on,
         status_list_index, eligible_at)
       SELECT c.institute_id, c.id, $2, $3, $4, $5, $5, 'Holder', c.course_version_id, 'Course', 'en', 20, '[]',
              '2026-01-12', '2026-02-12', (SELECT count(*) FROM certificates), now()
       FROM cohorts c WHERE c.id = $1 RETURNING id`,
      [cohortId, userId, version, supersedes, serial],
    );
  };
  const revoke = (certificateId: string, kind: 'revoked' | 'superseded') =>
    sql(
      `INSERT INTO certificate_revocations (certificate_id, institute_id, kind, reason, revoked_by)
       SELECT id, institute_id, $2, 'hand-built', $3 FROM certificates WHERE id = $1`,
      [certificateId, kind, ids.ada],
    );

  beforeAll(async () => {
    ({ dataSource, close } = await createDatabaseWithCourses());
    sql = (text, values) => dataSource.query(text, values);
    const versionOf = async (courseId: string) =>
      (
        await sql<{ id: string }>(`SELECT id FROM course_versions WHERE course_id = $1 ORDER BY number DESC LIMIT 1`, [
          courseId,
        ])
      )[0].id;
    const resources = await versionOf('epm-resources');
    const networks = await versionOf('epm-networks');
    modules = await sql(
      `SELECT id, module_key AS key, number, quiz_settings IS NOT NULL AS "hasQuiz"
       FROM course_modules WHERE course_version_id = $1 ORDER BY number`,
      [resources],
    );
    networksModules = await sql(`SELECT id, module_key AS key FROM course_modules WHERE course_version_id = $1`, [
      networks,
    ]);
    const institute = (slug: string, name: string, country: string, hub: boolean) =>
      insertOne(
        `INSERT INTO institutes (slug, name, country, default_language, languages, is_hub, branding)
         VALUES ($1, $2, $3, 'en', '{en}', $4, '{}') RETURNING id`,
        [slug, name, country, hub],
      );
    x = { id: await institute('dash-x', 'Institute X', 'SN', false), slug: 'dash-x' };
    const y = await institute('dash-y', 'Institute Y', 'NP', false);
    await institute('dash-hub', 'The Hub', 'FR', true);
    for (const [key, name] of [
      ['ada', 'Ada Trainer'],
      ['bea', 'Bea Trainer'],
      ['yan', 'Yan Trainer'],
    ])
      ids[key] = await user(key, name);
    for (const [institute, key] of [
      [x.id, 'ada'],
      [x.id, 'bea'],
      [y, 'yan'],
    ])
      await sql(`INSERT INTO memberships (institute_id, user_id, role) VALUES ($1, $2, 'trainer')`, [
        institute,
        ids[key],
      ]);
    for (let index = 1; index <= 10; index++)
      ids[`p${index}`] = await user(`p${index}`, `Participant ${String(index).padStart(2, '0')}`);
    for (let index = 1; index <= 3; index++) ids[`q${index}`] = await user(`q${index}`, `Person Q${index}`);

    const keys = modules.map((module) => module.key);
    const c1Unlocks = keys.map((key, index) => ({
      moduleId: key,
      opensAt: index === 0 ? ago(20) : index === 1 ? ago(10) : index === 2 ? ago(3) : ago(-index),
    }));
    ids.c1 = await cohort(x.id, resources, 'C1 Dakar', '2026-01-12', schedule(c1Unlocks, ago(1), ago(-3)));
    ids.c2 = await cohort(
      x.id,
      networks,
      'C2 Thiès',
      '2026-03-02',
      schedule(
        networksModules.map((module) => ({ moduleId: module.key, opensAt: ago(30) })),
        ago(2),
        ago(0.1),
      ),
    );
    ids.c3 = await cohort(y, resources, 'C3 Pokhara', '2026-03-20', schedule(c1Unlocks, ago(1), ago(-3)));
    for (const [cohortId, trainer, institute] of [
      [ids.c1, ids.ada, x.id],
      [ids.c1, ids.bea, x.id],
      [ids.c2, ids.ada, x.id],
      [ids.c3, ids.yan, y],
    ])
      await sql(`INSERT INTO cohort_trainers (cohort_id, user_id, institute_id) VALUES ($1, $2, $3)`, [
        cohortId,
        trainer,
        institute,
      ]);

    const e: Record<string, string> = {};
    for (let index = 1; index <= 6; index++) e[`p${index}`] = await enrol(x.id, ids.c1, ids[`p${index}`]);
    e.p7 = await enrol(x.id, ids.c1, ids.p7, 'withdrawn');
    await enrol(x.id, ids.c2, ids.p8, 'withdrawn');
    for (const key of ['p1', 'p8', 'p9', 'p10']) e[`c2${key}`] = await enrol(x.id, ids.c2, ids[key]);
    e.q1 = await enrol(y, ids.c3, ids.q1);
    e.q2 = await enrol(y, ids.c3, ids.q2);
    await enrol(y, ids.c3, ids.q3, 'withdrawn');

    await progress(e.p1, x.id, keys, true);
    await progress(e.p2, x.id, keys, true);
    await progress(e.p3, x.id, keys.slice(0, 2), true);
    await progress(e.p3, x.id, keys.slice(2, 3), false);
    await progress(e.p4, x.id, keys.slice(0, 1), false);
    await progress(e.p6, x.id, keys.slice(0, 1), true);
    await progress(e.p6, x.id, keys.slice(1, 2), false);
    await progress(e.p7, x.id, keys.slice(0, 1), true);
    await progress(
      e.c2p8,
      x.id,
      networksModules.map((module) => module.key),
      true,
    );
    await progress(e.q1, y, keys, true);

    // Quizzes: the first quiz counts the highest attempt (pass mark 70), the second the last one (pass mark 60).
    const [qm1, qm2] = modules.filter((module) => module.hasQuiz).map((module) => module.key);
    await sql(
      `INSERT INTO cohort_quiz_settings (cohort_id, module_key, institute_id, settings) VALUES
         ($1, $2, $4, '{"grading": "highest", "passMark": 70}'), ($1, $3, $4, '{"grading": "last", "passMark": 60}')`,
      [ids.c1, qm1, qm2, x.id],
    );
    await attempt(ids.p1, qm1, 1, 50, ago(9));
    await attempt(ids.p1, qm1, 2, 80, ago(8));
    await attempt(ids.p2, qm1, 1, 65, ago(9));
    await attempt(ids.p3, qm1, 1, 90, ago(9));
    await attempt(ids.p4, qm1, 1, null, ago(9));
    await attempt(ids.p7, qm1, 1, 100, ago(9));
    await attempt(ids.p1, qm2, 1, 90, ago(6));
    await attempt(ids.p1, qm2, 2, 55, ago(5));
    await attempt(ids.p2, qm2, 1, 40, ago(6));
    await attempt(ids.p2, qm2, 2, 61, ago(5));
    const override = (userId: string, percent: number | null, at: Date) =>
      sql(
        `INSERT INTO quiz_grade_overrides (institute_id, cohort_id, module_key, user_id, percent, reason, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, 'hand-built', $6, $7)`,
        [x.id, ids.c1, qm1, userId, percent, ids.ada, at],
      );
    await override(ids.p5, 75, ago(4));
    await override(ids.p2, 72, ago(4));
    await override(ids.p2, null, ago(3));

    // Action plans: p1 twice (40 then 85 released), p2 graded 70 not released, p3 100 released, p7 (withdrawn) 55.
    definition = await cohortCapstone(sql, ids.c1);
    const s1a = await submit(ids.p1, 1);
    const s1b = await submit(ids.p1, 2);
    const s2 = await submit(ids.p2, 1);
    const s3 = await submit(ids.p3, 1);
    const s7 = await submit(ids.p7, 1);
    await grade(s1a, ids.p1, 40, true);
    await grade(s1b, ids.p1, 85, true);
    await grade(s2, ids.p2, 70, false);
    await grade(s3, ids.p3, 100, true);
    await grade(s7, ids.p7, 55, true);
    await sql(
      `INSERT INTO capstone_extensions (institute_id, cohort_id, user_id, due_at, reason, granted_by)
       VALUES ($1, $2, $3, $4, 'hand-built', $5)`,
      [x.id, ids.c1, ids.p6, ago(-2), ids.ada],
    );

    // Peer review, k = 2: p1's plan has reviews at levels 3 and 2; p2's plan 1 and 1 and one overdue (p4); p3's plan
    // one review at level 0 and one excluded by a trainer.
    await sql(`INSERT INTO cohort_peer_review_settings (cohort_id, institute_id, settings) VALUES ($1, $2, $3)`, [
      ids.c1,
      x.id,
      JSON.stringify({ reviewsPerSubmission: 2 }),
    ]);
    await review(s1b, ids.p1, ids.p2, 3);
    await review(s1b, ids.p1, ids.p3, 2);
    await review(s2, ids.p2, ids.p1, 1);
    await review(s2, ids.p2, ids.p3, 1);
    await review(s2, ids.p2, ids.p4, null);
    await review(s3, ids.p3, ids.p1, 0);
    const excluded = await review(s3, ids.p3, ids.p2, 1);
    await sql(
      `INSERT INTO peer_review_moderation_decisions (institute_id, cohort_id, allocation_id, decision, note, created_by)
       VALUES ($1, $2, $3, 'exclude', 'hand-built exclusion', $4)`,
      [x.id, ids.c1, excluded, ids.ada],
    );

    // Certificates: p1 valid; p2 superseded by a valid reissue; p3 revoked; p8 (C2) valid.
    await certificate(ids.p1, ids.c1, 1, null);
    const p2First = await certificate(ids.p2, ids.c1, 1, null);
    await revoke(p2First, 'superseded');
    await certificate(ids.p2, ids.c1, 2, p2First);
    await revoke(await certificate(ids.p3, ids.c1, 1, null), 'revoked');
    await certificate(ids.p8, ids.c2, 1, null);

    const repository = new DashboardsRepository(dataSource);
    const content = new ContentService(new ContentRepository(dataSource));
    const peerReviews = new PeerReviewRepository(dataSource);
    const moderation = new PeerReviewModerationService(
      new CapstoneContextService(null as never, content),
      peerReviews,
      new PeerReviewModerationRepository(dataSource),
      new PeerReviewAllocationService(peerReviews, new AuditRepository(), content),
    );
    cohortService = new CohortDashboardService(null as never, repository, moderation);
    overview = new OverviewDashboardsService(repository);
    const [row] = await sql<{ schedule: object; course_version_id: string }>(
      `SELECT schedule, course_version_id FROM cohorts WHERE id = $1`,
      [ids.c1],
    );
    c1Access = {
      institute: { id: x.id, slug: x.slug, name: 'Institute X' },
      cohort: {
        id: ids.c1,
        instituteId: x.id,
        courseVersionId: row.course_version_id,
        title: 'C1 Dakar',
        timeZone: 'UTC',
        schedule: row.schedule,
      },
      enrolment: null,
      isStaff: true,
    } as unknown as CohortAccess;
    c1 = await cohortService.dashboard(c1Access, now);
  }, 120_000);

  afterAll(async () => {
    await close();
  });

  it('should count people enrolled, active and withdrawn, once each', () => {
    expect(c1.enrolment).toEqual({ enrolled: 7, active: 6, withdrawn: 1 });
  });

  it('should count, per module in course order, active participants who started and completed it', () => {
    const rest = modules.length - 3;
    expect(c1.funnel.map((row) => [row.started, row.completed])).toEqual([
      [5, 4],
      [4, 3],
      [3, 2],
      ...Array.from({ length: rest }, () => [2, 2]),
    ]);
    expect(c1.funnel[0].completedRate).toBeCloseTo(4 / 6, 10);
  });

  it('should count quiz passes on each counted grade: grading method, overrides, withdrawn people left out', () => {
    const [first, second, ...others] = c1.quizzes;
    expect([first.graded, first.passed, first.passMark, first.passRate]).toEqual([4, 3, 70, 0.75]);
    expect([second.graded, second.passed, second.passMark, second.passRate]).toEqual([2, 1, 60, 0.5]);
    expect(others.every((row) => row.graded === 0 && row.passRate === null)).toBe(true);
    expect(first.analysisHref).toBe(`/i/dash-x/cohorts/${ids.c1}/quizzes/${first.moduleKey}/analysis`);
  });

  it("should bin each active participant's latest released action plan grade", () => {
    expect(c1.capstone.submitted).toBe(3);
    expect(c1.capstone.graded).toBe(2);
    expect(c1.capstone.mean).toBe(92.5);
    expect(c1.capstone.bins.map((bin) => bin.count)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
  });

  it('should take peer-review coverage and alpha from the moderation figures, exclusions left out', () => {
    const criteria = definition.rubric.criteria.length;
    // Two pairable plans (levels 3,2 and 1,1) on every criterion: α = 1 − (4C − 1) / (18C), worked in the README.
    expect(c1.peerReview).toEqual({
      k: 2,
      plans: 3,
      covered: 2,
      coverageRate: 2 / 3,
      alpha: expect.any(Number),
    });
    expect(c1.peerReview!.alpha).toBeCloseTo(1 - (4 * criteria - 1) / (18 * criteria), 10);
  });

  it('should count valid certificates: latest version, revoked ones left out', () => {
    expect(c1.certificates).toBe(2);
  });

  it('should list the participants at risk with their reasons', () => {
    const [m1, m2] = modules.map((module) => module.key);
    expect(c1.atRisk.map((person) => [person.fullName, person.reasons])).toEqual([
      [
        'Participant 04',
        [
          { kind: 'behind', moduleKeys: [m1, m2] },
          { kind: 'capstone-missed', dueAt: ago(1) },
          { kind: 'reviews-missed', count: 1 },
        ],
      ],
      [
        'Participant 05',
        [
          { kind: 'behind', moduleKeys: [m1, m2] },
          { kind: 'capstone-missed', dueAt: ago(1) },
        ],
      ],
      ['Participant 06', [{ kind: 'behind', moduleKeys: [m2] }]],
    ]);
  });

  it('should report quizzes never submitted once the quizzes closed', async () => {
    const closed = await cohortService.dashboard(c1Access, new Date(now.getTime() + 4 * DAY));
    const p5 = closed.atRisk.find((person) => person.fullName === 'Participant 05')!;
    const quizKeys = modules.filter((module) => module.hasQuiz).map((module) => module.key);
    expect(p5.reasons.find((reason) => reason.kind === 'quiz-missed')).toEqual({
      kind: 'quiz-missed',
      moduleKeys: quizKeys,
    });
    const p3 = closed.atRisk.find((person) => person.fullName === 'Participant 03')!;
    expect(p3.reasons.find((reason) => reason.kind === 'quiz-missed')).toEqual({
      kind: 'quiz-missed',
      moduleKeys: quizKeys.slice(1),
    });
  });

  it('should write the CSV of a table from the same figures', () => {
    const funnel = c1.tables.find((table) => table.id === 'funnel')!;
    const lines = tableCsv(funnel).split('\r\n');
    expect(lines[0]).toBe('module,number,title,started,completed,started_percent,completed_percent');
    expect(lines[1].endsWith(',5,4,83.3,66.7')).toBe(true);
  });

  it('should give each cohort of the institute its participants, completers, certificates and trainers', async () => {
    const institute = await overview.institute({ id: x.id, slug: x.slug } as never);
    expect(
      institute.cohorts.map((row) => [
        row.title,
        row.startDate,
        row.courseId,
        row.participants,
        row.withdrawn,
        row.completed,
        row.certificates,
        row.trainers.map((trainer) => trainer.fullName),
      ]),
    ).toEqual([
      ['C1 Dakar', '2026-01-12', 'epm-resources', 6, 1, 2, 2, ['Ada Trainer', 'Bea Trainer']],
      ['C2 Thiès', '2026-03-02', 'epm-networks', 4, 0, 1, 1, ['Ada Trainer']],
    ]);
    expect(institute.months).toEqual([
      { month: '2026-01', cohorts: 1, participants: 6 },
      { month: '2026-02', cohorts: 0, participants: 0 },
      { month: '2026-03', cohorts: 1, participants: 4 },
    ]);
    expect(
      institute.courses.map((group) => [group.key, group.rows, group.sums.participants, group.completionRate]),
    ).toEqual([
      ['epm-networks', 1, 4, 0.25],
      ['epm-resources', 1, 6, 2 / 6],
    ]);
    expect(institute.trainers.map((group) => [group.label, group.rows, group.sums, group.completionRate])).toEqual([
      ['Ada Trainer', 2, { participants: 10, withdrawn: 1, completed: 3, certificates: 3 }, 0.3],
      ['Bea Trainer', 1, { participants: 6, withdrawn: 1, completed: 2, certificates: 2 }, 2 / 6],
    ]);
    expect([institute.totals.rows, institute.totals.sums, institute.totals.completionRate]).toEqual([
      2,
      { participants: 10, withdrawn: 1, completed: 3, certificates: 3 },
      0.3,
    ]);
  });

  it('should give the hub each institute and country in figures only', async () => {
    const hub = await overview.hub();
    expect(
      hub.institutes.map((row) => [
        row.name,
        row.country,
        row.cohorts,
        row.participants,
        row.enrolments,
        row.completed,
        row.certificates,
        row.trainers,
      ]),
    ).toEqual([
      ['The Hub', 'FR', 0, 0, 0, 0, 0, 0],
      ['Institute Y', 'NP', 1, 2, 2, 1, 0, 1],
      ['Institute X', 'SN', 2, 9, 10, 3, 3, 2],
    ]);
    expect(hub.institutes.map((row) => row.completionRate)).toEqual([null, 0.5, 0.3]);
    expect(hub.countries.map((group) => group.key)).toEqual(['FR', 'NP', 'SN']);
    expect([hub.totals.rows, hub.totals.sums, hub.totals.completionRate]).toEqual([
      3,
      { cohorts: 3, participants: 11, enrolments: 12, completed: 4, certificates: 3, trainers: 3 },
      4 / 12,
    ]);
    const csv = hub.tables.map(tableCsv).join('');
    for (const name of ['Participant', 'Ada', 'Person Q', '@dash.test']) expect(csv).not.toContain(name);
  });

  // Last: it changes the data set.
  it('should keep the completed modules per enrolment as progress is inserted, updated and deleted', async () => {
    const recount = () =>
      sql<{ enrolment_id: string; completed: number }>(
        `SELECT enrolment_id, count(*)::int AS completed FROM module_progress WHERE completed_at IS NOT NULL
         GROUP BY enrolment_id ORDER BY enrolment_id`,
      );
    const kept = () =>
      sql<{ enrolment_id: string; completed: number }>(
        `SELECT enrolment_id, completed_modules AS completed FROM enrolment_module_completions
         WHERE completed_modules <> 0 ORDER BY enrolment_id`,
      );
    expect(await kept()).toEqual(await recount());
    const [first, second] = modules.map((module) => module.key);
    // p4 completes module 1; p1's module 1 is marked not completed again; p6's progress on module 2 is removed.
    await sql(
      `UPDATE module_progress mp SET completed_at = CASE WHEN e.user_id = $1 THEN now() END
       FROM enrolments e WHERE e.id = mp.enrolment_id AND e.cohort_id = $3 AND e.user_id IN ($1, $2) AND mp.module_key = $4`,
      [ids.p4, ids.p1, ids.c1, first],
    );
    await sql(
      `DELETE FROM module_progress mp USING enrolments e
       WHERE e.id = mp.enrolment_id AND e.cohort_id = $1 AND e.user_id = $2 AND mp.module_key = $3`,
      [ids.c1, ids.p6, second],
    );
    await sql(
      `UPDATE module_progress mp SET completed_at = now() FROM enrolments e
       WHERE e.id = mp.enrolment_id AND e.cohort_id = $1 AND e.user_id = $2 AND mp.completed_at IS NULL`,
      [ids.c1, ids.p3],
    );
    expect(await kept()).toEqual(await recount());
    const institute = await overview.institute({ id: x.id, slug: x.slug } as never);
    // C1 completers: p1 no longer (module 1 reopened), p2 still; p3 completed only the modules he had opened.
    expect(institute.cohorts[0].completed).toBe(1);
  });
});
