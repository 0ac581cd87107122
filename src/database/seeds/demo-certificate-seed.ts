import type { DataSource } from 'typeorm';

const COHORT_TITLE = 'School resource allocation, Kathmandu cohort';
const GRADUATE = { email: 'graduate@np.demo.cascade.test', fullName: 'Anjali Rai' };
const AUTHOR = 'participant@np.demo.cascade.test';
const TRAINER = 'trainer@np.demo.cascade.test';

export interface DemoGraduate {
  instituteId: string;
  cohortId: string;
  userId: string;
  email: string;
}

/**
 * A demo participant who has completed the Kathmandu course, so that `npm run local` shows a certificate: Anjali
 * Rai, with every module completed, every quiz passed (a trainer's override, "recognised prior learning"), a plan
 * graded 82 % and released, and a submitted peer review of Bikash's plan (the cohort is too small for three: the
 * rule asks for the reviews allocated). Needs Bikash's demo plan (seedDemoCapstone); null when it or the cohort is
 * missing, and when she already exists (nothing anyone did is replaced).
 */
export async function seedDemoCertificate(dataSource: DataSource): Promise<DemoGraduate | null> {
  return dataSource.transaction(async (manager) => {
    const [found] = await manager.query<
      {
        institute_id: string;
        cohort_id: string;
        course_version_id: string;
        submission_id: string;
        author_id: string;
        trainer_id: string;
      }[]
    >(
      `SELECT c.institute_id, c.id AS cohort_id, c.course_version_id, s.id AS submission_id, s.user_id AS author_id,
              t.id AS trainer_id
       FROM cohorts c
       JOIN capstone_submissions s ON s.cohort_id = c.id JOIN users a ON a.id = s.user_id AND a.email = $2
       JOIN users t ON t.email = $3
       WHERE c.title = $1 ORDER BY s.version DESC LIMIT 1`,
      [COHORT_TITLE, AUTHOR, TRAINER],
    );
    if (!found) return null;
    if ((await manager.query<unknown[]>(`SELECT 1 FROM users WHERE email = $1`, [GRADUATE.email])).length > 0)
      return null;
    const [{ id: userId }] = await manager.query<{ id: string }[]>(
      `INSERT INTO users (email, full_name, password_hash)
       SELECT $1, $2, password_hash FROM users WHERE id = $3 RETURNING id`,
      [GRADUATE.email, GRADUATE.fullName, found.author_id],
    );
    await manager.query(`INSERT INTO memberships (institute_id, user_id, role) VALUES ($1, $2, 'participant')`, [
      found.institute_id,
      userId,
    ]);
    const [{ id: enrolmentId }] = await manager.query<{ id: string }[]>(
      `INSERT INTO enrolments (institute_id, cohort_id, user_id, status) VALUES ($1, $2, $3, 'enrolled') RETURNING id`,
      [found.institute_id, found.cohort_id, userId],
    );
    await manager.query(
      `INSERT INTO module_progress (enrolment_id, module_key, institute_id, completed_at)
       SELECT $1, module_key, $2, now() FROM course_modules WHERE course_version_id = $3`,
      [enrolmentId, found.institute_id, found.course_version_id],
    );
    await manager.query(
      `INSERT INTO quiz_grade_overrides (institute_id, cohort_id, module_key, user_id, percent, reason, created_by)
       SELECT $1, $2, module_key, $3, 90, 'Demo: recognised prior learning', $4
       FROM course_modules WHERE course_version_id = $5`,
      [found.institute_id, found.cohort_id, userId, found.trainer_id, found.course_version_id],
    );
    // Her plan: a copy of the demo plan's content, graded and released by the trainer.
    const [{ id: submissionId }] = await manager.query<{ id: string }[]>(
      `INSERT INTO capstone_submissions (institute_id, cohort_id, user_id, version, draft_revision, course_version_id,
         content, submitted_at, due_at, late)
       SELECT institute_id, cohort_id, $2, 1, 1, course_version_id, content, submitted_at, due_at, false
       FROM capstone_submissions WHERE id = $1 RETURNING id`,
      [found.submission_id, userId],
    );
    await manager.query(
      `INSERT INTO capstone_grades (submission_id, institute_id, cohort_id, user_id, status, criteria, overall_feedback,
         percent, graded_by, released_at, released_by)
       VALUES ($1, $2, $3, $4, 'final', '[]', 'A clear, costed plan that the district can start next term.', 82, $5,
               now(), $5)`,
      [submissionId, found.institute_id, found.cohort_id, userId, found.trainer_id],
    );
    const [{ id: allocationId }] = await manager.query<{ id: string }[]>(
      `INSERT INTO peer_review_allocations (institute_id, cohort_id, submission_id, author_id, reviewer_id, status, round)
       VALUES ($1, $2, $3, $4, $5, 'submitted', 1) RETURNING id`,
      [found.institute_id, found.cohort_id, found.submission_id, found.author_id, userId],
    );
    await manager.query(
      `INSERT INTO peer_reviews (allocation_id, institute_id, criteria, submitted_at) VALUES ($1, $2, '[]', now())`,
      [allocationId, found.institute_id],
    );
    return { instituteId: found.institute_id, cohortId: found.cohort_id, userId, email: GRADUATE.email };
  });
}
