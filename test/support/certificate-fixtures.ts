import { cohortCapstone, insertSubmission, validPlan, type Sql } from './capstone-fixtures.js';
import { addParticipants } from './peer-review-fixtures.js';

/**
 * Brings a participant to the certificate, written straight to the database: every module completed and its quiz
 * passed (a trainer's 100 % override), a submitted plan graded final at 85 % (released unless `release: false`), and three
 * submitted peer reviews of other participants' plans (the seed courses ask for 3). Returns the submission id.
 */
export async function makeEligible(
  sql: Sql,
  options: { cohortId: string; userId: string; actorId: string; release?: boolean; prefix: string },
): Promise<string> {
  const { cohortId, userId, actorId } = options;
  await sql(
    `INSERT INTO quiz_grade_overrides (institute_id, cohort_id, module_key, user_id, percent, reason, created_by)
     SELECT c.institute_id, c.id, m.module_key, $2, 100, 'test fixture', $3
     FROM cohorts c JOIN course_modules m ON m.course_version_id = c.course_version_id WHERE c.id = $1`,
    [cohortId, userId, actorId],
  );
  await sql(
    `INSERT INTO module_progress (enrolment_id, module_key, institute_id, completed_at)
     SELECT e.id, m.module_key, e.institute_id, now()
     FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id JOIN course_modules m ON m.course_version_id = c.course_version_id
     WHERE e.cohort_id = $1 AND e.user_id = $2 AND e.status = 'enrolled'
     ON CONFLICT (enrolment_id, module_key) DO UPDATE SET completed_at = now()`,
    [cohortId, userId],
  );
  const definition = await cohortCapstone(sql, cohortId);
  const submissionId = await insertSubmission(sql, { cohortId, userId, content: validPlan(definition, 'certificate') });
  await sql(
    `INSERT INTO capstone_grades (submission_id, institute_id, cohort_id, user_id, status, criteria, percent, graded_by,
       released_at, released_by)
     SELECT $1, c.institute_id, c.id, $3, 'final', '[]', 85, $4, CASE WHEN $5 THEN now() END, CASE WHEN $5 THEN $4::uuid END
     FROM cohorts c WHERE c.id = $2`,
    [submissionId, cohortId, userId, actorId, options.release !== false],
  );
  const authors = await addParticipants(sql, cohortId, options.prefix, 3);
  for (const authorId of authors) {
    const authored = await insertSubmission(sql, {
      cohortId,
      userId: authorId,
      content: validPlan(definition, 'peer'),
    });
    const [allocation] = await sql<{ id: string }>(
      `INSERT INTO peer_review_allocations (institute_id, cohort_id, submission_id, author_id, reviewer_id, status, round)
       SELECT c.institute_id, c.id, $2, $3, $4, 'submitted', 1 FROM cohorts c WHERE c.id = $1 RETURNING id`,
      [cohortId, authored, authorId, userId],
    );
    await sql(
      `INSERT INTO peer_reviews (allocation_id, institute_id, criteria, submitted_at)
       SELECT $1, institute_id, '[]', now() FROM cohorts WHERE id = $2`,
      [allocation.id, cohortId],
    );
  }
  return submissionId;
}

/**
 * A Kathmandu course certificate for a person, written as the worker would have issued it: the fact the trainer
 * path's nomination rule reads (a graduate of the course).
 */
export async function giveKathmanduCertificate(sql: Sql, userId: string): Promise<void> {
  await sql(
    `INSERT INTO certificates (institute_id, cohort_id, user_id, version, serial, verification_code, holder_name,
       course_version_id, course_title, language, hours, outcomes, started_on, completed_on, status_list_index, eligible_at)
     SELECT c.institute_id, c.id, $1, 1, 'NP-CEPT-E2E-1', 'E2E-TRAINER-1', 'Sunita', c.course_version_id, 'Resources', 'en',
            30, '[]', c.start_date, current_date, 999, now()
     FROM cohorts c JOIN institutes i ON i.id = c.institute_id
     WHERE i.slug = 'np-cept' AND c.title = 'School resource allocation, Kathmandu cohort'`,
    [userId],
  );
}
