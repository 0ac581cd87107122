import type { Sql } from './capstone-fixtures.js';
import { addParticipants } from './peer-review-fixtures.js';

/** A cohort of a course's newest version (or the track's) in an institute, copying an existing cohort's settings. */
export async function insertCohort(
  sql: Sql,
  options: { instituteSlug: string; courseId: string; title: string },
): Promise<string> {
  const [row] = await sql<{ id: string }>(
    `INSERT INTO cohorts (institute_id, course_version_id, title, start_date, time_zone, capacity, enrolment_opens_at,
                          enrolment_closes_at, schedule)
     SELECT i.id, (SELECT v.id FROM course_versions v WHERE v.course_id = $2 ORDER BY v.number DESC LIMIT 1), $3,
            current_date - 30, 'UTC', 100, now() - interval '60 days', now() + interval '60 days', '{}'::jsonb
     FROM institutes i WHERE i.slug = $1 RETURNING id`,
    [options.instituteSlug, options.courseId, options.title],
  );
  return row.id;
}

export async function addCohortTrainer(
  sql: Sql,
  cohortId: string,
  userId: string,
  role: 'lead' | 'co-facilitator' | 'master' = 'lead',
): Promise<void> {
  await sql(
    `INSERT INTO cohort_trainers (cohort_id, user_id, institute_id, role) SELECT id, $2, institute_id, $3 FROM cohorts WHERE id = $1`,
    [cohortId, userId, role],
  );
}

/** A person with a membership, for trainers made in tests. */
export async function insertPerson(
  sql: Sql,
  options: { email: string; fullName: string; instituteSlug: string; role: 'participant' | 'trainer' | 'admin' },
): Promise<string> {
  const [user] = await sql<{ id: string }>(
    `INSERT INTO users (email, full_name, password_hash)
     SELECT $1, $2, password_hash FROM users WHERE email = 'participant@np.demo.cascade.test' RETURNING id`,
    [options.email, options.fullName],
  );
  await sql(`INSERT INTO memberships (institute_id, user_id, role) SELECT id, $2, $3 FROM institutes WHERE slug = $1`, [
    options.instituteSlug,
    user.id,
    options.role,
  ]);
  return user.id;
}

/** A certification (the lineage edge certifier → trainer), written directly with its stage transition. */
export async function certify(
  sql: Sql,
  options: { userId: string; courseId: string; instituteSlug: string; certifiedBy: string | null; validUntil?: string },
): Promise<void> {
  const master = options.certifiedBy === null;
  await sql(
    `INSERT INTO trainer_certifications (institute_id, user_id, course_id, kind, certified_by, valid_until)
     SELECT id, $2, $3, $4, $5, $6 FROM institutes WHERE slug = $1`,
    [
      options.instituteSlug,
      options.userId,
      options.courseId,
      master ? 'master-appointment' : 'certification',
      options.certifiedBy,
      options.validUntil ?? '2099-12-31',
    ],
  );
  await sql(
    `INSERT INTO trainer_stage_transitions (institute_id, user_id, course_id, from_stage, to_stage, event)
     SELECT id, $2, $3, NULL, $4, $5 FROM institutes WHERE slug = $1`,
    [
      options.instituteSlug,
      options.userId,
      options.courseId,
      master ? 'master' : 'certified',
      master ? 'appoint-master' : 'certify',
    ],
  );
}

/**
 * Enrols participants with given outcomes: `completed` finishes every module of the cohort's version, `percent`
 * (when not null) is a released capstone grade.
 */
export async function addOutcomes(
  sql: Sql,
  cohortId: string,
  prefix: string,
  outcomes: { completed: boolean; percent: number | null }[],
  graderId: string,
): Promise<string[]> {
  const ids = await addParticipants(sql, cohortId, prefix, outcomes.length);
  for (const [index, outcome] of outcomes.entries()) {
    const userId = ids[index];
    if (outcome.completed)
      await sql(
        `INSERT INTO module_progress (enrolment_id, module_key, institute_id, completed_at)
         SELECT e.id, m.module_key, e.institute_id, now() FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id
         JOIN course_modules m ON m.course_version_id = c.course_version_id WHERE e.cohort_id = $1 AND e.user_id = $2`,
        [cohortId, userId],
      );
    if (outcome.percent !== null) {
      const [submission] = await sql<{ id: string }>(
        `INSERT INTO capstone_submissions (institute_id, cohort_id, user_id, version, draft_revision, course_version_id,
           content, submitted_at, due_at, late)
         SELECT c.institute_id, c.id, $2, 1, 1, c.course_version_id, '{}'::jsonb, now(), now() + interval '1 day', false
         FROM cohorts c WHERE c.id = $1 RETURNING id`,
        [cohortId, userId],
      );
      await sql(
        `INSERT INTO capstone_grades (submission_id, institute_id, cohort_id, user_id, status, criteria, percent, graded_by,
           released_at, released_by)
         SELECT $1, c.institute_id, c.id, $3, 'final', '[]', $4, $5, now(), $5 FROM cohorts c WHERE c.id = $2`,
        [submission.id, cohortId, userId, outcome.percent, graderId],
      );
    }
  }
  return ids;
}
