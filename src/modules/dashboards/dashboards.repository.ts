import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AtRiskFacts, ModuleCounts } from './domain/figures.js';

/*
 * Reporting reads other features' tables (enrolments, progress, quizzes, capstones, peer review, certificates)
 * read-only, in SQL: every figure is an aggregate computed by PostgreSQL (GROUP BY, FILTER, DISTINCT ON, window
 * functions), so a dashboard costs a few queries whatever the number of rows. Nothing here writes. The one figure
 * kept as it changes is the number of completed modules per enrolment (enrolment_module_completions, maintained by
 * triggers on module_progress: migration Dashboards1764020000000), read by the institute and hub dashboards.
 */

export interface EnrolmentCounts {
  /** People ever enrolled in the cohort. */
  enrolled: number;
  /** People with an enrolment in force. */
  active: number;
  /** People whose every enrolment was withdrawn. */
  withdrawn: number;
}

export interface CourseModuleRow {
  key: string;
  number: number;
  title: string;
  hasQuiz: boolean;
}

export interface QuizPassRow {
  moduleKey: string;
  passMark: number;
  /** Active participants with a counted grade (attempts by the grading method, or an override). */
  graded: number;
  passed: number;
}

/** One cohort of an institute with its per-cohort aggregates. */
export interface InstituteCohortRow {
  cohortId: string;
  title: string;
  startDate: string;
  courseId: string;
  courseTitle: string;
  participants: number;
  withdrawn: number;
  completed: number;
  certificates: number;
  trainers: { userId: string; fullName: string }[];
}

/** One institute's aggregates for the hub: no person is named. */
export interface HubInstituteRow {
  instituteId: string;
  name: string;
  country: string;
  cohorts: number;
  participants: number;
  enrolments: number;
  completed: number;
  certificates: number;
  trainers: number;
}

// Latest certificate version of each person and cohort, unless revoked: the certificates a cohort holds today.
const VALID_CERTIFICATES = `
  SELECT latest.institute_id, latest.cohort_id, latest.user_id
  FROM (SELECT DISTINCT ON (cohort_id, user_id) id, institute_id, cohort_id, user_id
        FROM certificates %WHERE%
        ORDER BY cohort_id, user_id, version DESC) latest
  WHERE NOT EXISTS (SELECT 1 FROM certificate_revocations r WHERE r.certificate_id = latest.id AND r.kind = 'revoked')`;

function validCertificates(where: string): string {
  return VALID_CERTIFICATES.replace('%WHERE%', where);
}

@Injectable()
export class DashboardsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async cohortEnrolment(instituteId: string, cohortId: string): Promise<EnrolmentCounts> {
    const [row] = await this.dataSource.query<EnrolmentCounts[]>(
      `WITH people AS (
         SELECT user_id, bool_or(status = 'enrolled') AS active
         FROM enrolments WHERE institute_id = $1 AND cohort_id = $2 GROUP BY user_id)
       SELECT count(*)::int AS enrolled,
              count(*) FILTER (WHERE active)::int AS active,
              count(*) FILTER (WHERE NOT active)::int AS withdrawn
       FROM people`,
      [instituteId, cohortId],
    );
    return row;
  }

  async courseModules(courseVersionId: string): Promise<CourseModuleRow[]> {
    return this.dataSource.query<CourseModuleRow[]>(
      `SELECT module_key AS key, number, title, quiz_settings IS NOT NULL AS "hasQuiz"
       FROM course_modules WHERE course_version_id = $1 ORDER BY number`,
      [courseVersionId],
    );
  }

  /** Per module: active participants who opened it and who completed it. */
  async moduleCounts(instituteId: string, cohortId: string): Promise<ModuleCounts[]> {
    return this.dataSource.query<ModuleCounts[]>(
      `SELECT mp.module_key AS "moduleKey", count(*)::int AS started, count(mp.completed_at)::int AS completed
       FROM enrolments e JOIN module_progress mp ON mp.enrolment_id = e.id
       WHERE e.institute_id = $1 AND e.cohort_id = $2 AND e.status = 'enrolled'
       GROUP BY mp.module_key`,
      [instituteId, cohortId],
    );
  }

  /**
   * Per quiz module: the counted grade of each active participant as the gradebook counts it (the cohort's grading
   * method over submitted attempts; the newest override wins, a null override withdrawing it) against the pass mark.
   */
  async quizPassRates(instituteId: string, cohortId: string, courseVersionId: string): Promise<QuizPassRow[]> {
    return this.dataSource.query<QuizPassRow[]>(
      `WITH settings AS (
         SELECT cm.module_key, cm.number, cm.quiz_settings || COALESCE(cqs.settings, '{}'::jsonb) AS s
         FROM course_modules cm
         LEFT JOIN cohort_quiz_settings cqs ON cqs.cohort_id = $2 AND cqs.module_key = cm.module_key
         WHERE cm.course_version_id = $3 AND cm.quiz_settings IS NOT NULL),
       active AS (
         SELECT DISTINCT user_id FROM enrolments WHERE institute_id = $1 AND cohort_id = $2 AND status = 'enrolled'),
       graded AS (
         SELECT a.module_key, a.user_id, a.percent,
                row_number() OVER (PARTITION BY a.module_key, a.user_id ORDER BY a.submitted_at, a.number) AS first_rank,
                row_number() OVER (PARTITION BY a.module_key, a.user_id ORDER BY a.submitted_at DESC, a.number DESC) AS last_rank
         FROM quiz_attempts a JOIN active USING (user_id)
         WHERE a.institute_id = $1 AND a.cohort_id = $2 AND a.status = 'submitted'),
       by_attempts AS (
         SELECT g.module_key, g.user_id,
                CASE st.s->>'grading'
                  WHEN 'average' THEN round(avg(g.percent), 2)
                  WHEN 'first' THEN max(g.percent) FILTER (WHERE g.first_rank = 1)
                  WHEN 'last' THEN max(g.percent) FILTER (WHERE g.last_rank = 1)
                  ELSE max(g.percent)
                END AS grade
         FROM graded g JOIN settings st USING (module_key)
         GROUP BY g.module_key, g.user_id, st.s->>'grading'),
       overrides AS (
         SELECT DISTINCT ON (o.module_key, o.user_id) o.module_key, o.user_id, o.percent
         FROM quiz_grade_overrides o JOIN active USING (user_id)
         WHERE o.institute_id = $1 AND o.cohort_id = $2
         ORDER BY o.module_key, o.user_id, o.created_at DESC, o.id DESC),
       standing AS (
         SELECT COALESCE(b.module_key, o.module_key) AS module_key, COALESCE(o.percent, b.grade) AS grade
         FROM by_attempts b FULL JOIN overrides o ON o.module_key = b.module_key AND o.user_id = b.user_id)
       SELECT st.module_key AS "moduleKey", (st.s->>'passMark')::float8 AS "passMark",
              count(sd.grade)::int AS graded,
              count(*) FILTER (WHERE sd.grade >= (st.s->>'passMark')::numeric)::int AS passed
       FROM settings st LEFT JOIN standing sd USING (module_key)
       GROUP BY st.module_key, st.number, st.s->>'passMark'
       ORDER BY st.number`,
      [instituteId, cohortId, courseVersionId],
    );
  }

  /** Released capstone grades of active participants: each person's latest released version. */
  async releasedCapstoneGrades(instituteId: string, cohortId: string): Promise<number[]> {
    const rows = await this.dataSource.query<{ percent: number }[]>(
      `SELECT DISTINCT ON (g.user_id) g.percent::float8 AS percent
       FROM capstone_grades g
       JOIN capstone_submissions s ON s.id = g.submission_id
       WHERE g.institute_id = $1 AND g.cohort_id = $2 AND g.released_at IS NOT NULL
         AND EXISTS (SELECT 1 FROM enrolments e
                     WHERE e.cohort_id = $2 AND e.user_id = g.user_id AND e.status = 'enrolled')
       ORDER BY g.user_id, s.version DESC`,
      [instituteId, cohortId],
    );
    return rows.map((row) => row.percent);
  }

  /** Active participants who submitted a plan. */
  async capstoneSubmitters(instituteId: string, cohortId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ count: number }[]>(
      `SELECT count(DISTINCT s.user_id)::int AS count
       FROM capstone_submissions s
       JOIN enrolments e ON e.cohort_id = s.cohort_id AND e.user_id = s.user_id AND e.status = 'enrolled'
       WHERE s.institute_id = $1 AND s.cohort_id = $2`,
      [instituteId, cohortId],
    );
    return row.count;
  }

  async certificatesHeld(instituteId: string, cohortId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM (${validCertificates('WHERE institute_id = $1 AND cohort_id = $2')}) valid`,
      [instituteId, cohortId],
    );
    return row.count;
  }

  /** What the at-risk rules need, per active participant, in name order. */
  async atRiskFacts(instituteId: string, cohortId: string, now: Date): Promise<AtRiskFacts[]> {
    const rows = await this.dataSource.query<(Omit<AtRiskFacts, 'capstoneExtendedTo'> & { extendedTo: Date | null })[]>(
      `SELECT e.user_id AS "userId", u.full_name AS "fullName", u.email,
         ARRAY(SELECT mp.module_key FROM module_progress mp
               WHERE mp.enrolment_id = e.id AND mp.completed_at IS NOT NULL ORDER BY mp.module_key) AS "completedModuleKeys",
         ARRAY(SELECT DISTINCT a.module_key FROM quiz_attempts a
               WHERE a.cohort_id = e.cohort_id AND a.user_id = e.user_id AND a.status = 'submitted') AS "quizSubmittedModuleKeys",
         EXISTS (SELECT 1 FROM capstone_submissions s
                 WHERE s.cohort_id = e.cohort_id AND s.user_id = e.user_id) AS "capstoneSubmitted",
         (SELECT x.due_at FROM capstone_extensions x WHERE x.cohort_id = e.cohort_id AND x.user_id = e.user_id
          ORDER BY x.granted_at DESC LIMIT 1) AS "extendedTo",
         (SELECT count(*)::int FROM peer_review_allocations pa
          LEFT JOIN peer_reviews pr ON pr.allocation_id = pa.id
          WHERE pa.cohort_id = e.cohort_id AND pa.reviewer_id = e.user_id AND pa.status IN ('assigned', 'started')
            AND pa.due_at < $3 AND pr.submitted_at IS NULL) AS "overdueReviews"
       FROM enrolments e JOIN users u ON u.id = e.user_id
       WHERE e.institute_id = $1 AND e.cohort_id = $2 AND e.status = 'enrolled'
       ORDER BY u.full_name, u.email`,
      [instituteId, cohortId, now],
    );
    return rows.map(({ extendedTo, ...row }) => ({ ...row, capstoneExtendedTo: extendedTo }));
  }

  /**
   * Every cohort of an institute with participants (enrolment in force), withdrawn people, completers (every module
   * of the course completed), valid certificates and its trainers, oldest first.
   */
  async instituteCohorts(instituteId: string): Promise<InstituteCohortRow[]> {
    return this.dataSource.query<InstituteCohortRow[]>(
      `WITH module_totals AS (
         SELECT cm.course_version_id, count(*)::int AS modules
         FROM course_modules cm
         WHERE cm.course_version_id IN (SELECT course_version_id FROM cohorts WHERE institute_id = $1)
         GROUP BY cm.course_version_id),
       people AS (
         SELECT e.cohort_id,
                count(*) FILTER (WHERE e.status = 'enrolled')::int AS participants,
                count(*) FILTER (WHERE e.status = 'enrolled' AND d.completed_modules >= mt.modules)::int AS completed
         FROM enrolments e
         JOIN cohorts c ON c.id = e.cohort_id
         JOIN module_totals mt ON mt.course_version_id = c.course_version_id
         LEFT JOIN enrolment_module_completions d ON d.enrolment_id = e.id
         WHERE e.institute_id = $1
         GROUP BY e.cohort_id),
       withdrawn AS (
         SELECT cohort_id, count(DISTINCT user_id)::int AS withdrawn
         FROM enrolments w
         WHERE w.institute_id = $1 AND w.status = 'withdrawn'
           AND NOT EXISTS (SELECT 1 FROM enrolments a
                           WHERE a.cohort_id = w.cohort_id AND a.user_id = w.user_id AND a.status = 'enrolled')
         GROUP BY cohort_id),
       certs AS (
         SELECT cohort_id, count(*)::int AS certificates
         FROM (${validCertificates('WHERE institute_id = $1')}) valid GROUP BY cohort_id),
       staff AS (
         SELECT ct.cohort_id,
                json_agg(json_build_object('userId', u.id, 'fullName', u.full_name) ORDER BY u.full_name) AS trainers
         FROM cohort_trainers ct JOIN users u ON u.id = ct.user_id
         WHERE ct.institute_id = $1
         GROUP BY ct.cohort_id)
       SELECT c.id AS "cohortId", c.title, to_char(c.start_date, 'YYYY-MM-DD') AS "startDate",
              cv.course_id AS "courseId", cv.title AS "courseTitle",
              COALESCE(p.participants, 0) AS participants, COALESCE(w.withdrawn, 0) AS withdrawn,
              COALESCE(p.completed, 0) AS completed, COALESCE(ce.certificates, 0) AS certificates,
              COALESCE(st.trainers, '[]'::json) AS trainers
       FROM cohorts c
       JOIN course_versions cv ON cv.id = c.course_version_id
       LEFT JOIN people p ON p.cohort_id = c.id
       LEFT JOIN withdrawn w ON w.cohort_id = c.id
       LEFT JOIN certs ce ON ce.cohort_id = c.id
       LEFT JOIN staff st ON st.cohort_id = c.id
       WHERE c.institute_id = $1
       ORDER BY c.start_date, c.title, c.id`,
      [instituteId],
    );
  }

  /** Per institute: cohorts, people reached, enrolments in force, completers, valid certificates, trainers. */
  async hubInstitutes(): Promise<HubInstituteRow[]> {
    return this.dataSource.query<HubInstituteRow[]>(
      `WITH module_totals AS (
         SELECT course_version_id, count(*)::int AS modules FROM course_modules GROUP BY course_version_id),
       people AS (
         SELECT e.institute_id,
                count(*)::int AS enrolments,
                count(*) FILTER (WHERE d.completed_modules >= mt.modules)::int AS completed
         FROM enrolments e
         JOIN cohorts c ON c.id = e.cohort_id
         JOIN module_totals mt ON mt.course_version_id = c.course_version_id
         LEFT JOIN enrolment_module_completions d ON d.enrolment_id = e.id
         WHERE e.status = 'enrolled'
         GROUP BY e.institute_id),
       reach AS (
         SELECT institute_id, count(DISTINCT user_id)::int AS participants
         FROM enrolments WHERE status = 'enrolled' GROUP BY institute_id),
       cohort_counts AS (SELECT institute_id, count(*)::int AS cohorts FROM cohorts GROUP BY institute_id),
       certs AS (
         SELECT institute_id, count(*)::int AS certificates
         FROM (${validCertificates('')}) valid GROUP BY institute_id),
       trainers AS (
         SELECT institute_id, count(DISTINCT user_id)::int AS trainers
         FROM memberships WHERE role = 'trainer' AND revoked_at IS NULL GROUP BY institute_id)
       SELECT i.id AS "instituteId", i.name, i.country,
              COALESCE(cc.cohorts, 0) AS cohorts, COALESCE(r.participants, 0) AS participants,
              COALESCE(p.enrolments, 0) AS enrolments, COALESCE(p.completed, 0) AS completed,
              COALESCE(ce.certificates, 0) AS certificates, COALESCE(t.trainers, 0) AS trainers
       FROM institutes i
       LEFT JOIN cohort_counts cc ON cc.institute_id = i.id
       LEFT JOIN people p ON p.institute_id = i.id
       LEFT JOIN reach r ON r.institute_id = i.id
       LEFT JOIN certs ce ON ce.institute_id = i.id
       LEFT JOIN trainers t ON t.institute_id = i.id
       ORDER BY i.country, i.name`,
    );
  }

  async courseHasCapstone(courseVersionId: string): Promise<boolean> {
    const [row] = await this.dataSource.query<{ has: boolean }[]>(
      `SELECT capstone IS NOT NULL AS has FROM course_versions WHERE id = $1`,
      [courseVersionId],
    );
    return row?.has ?? false;
  }

  async hubInstituteId(): Promise<string | null> {
    const [row] = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM institutes WHERE is_hub LIMIT 1`);
    return row?.id ?? null;
  }
}
