import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CriterionGrade, PlanContent } from './domain/capstone.types.js';

export type GradeStatus = 'draft' | 'final';
export type RevisionAction = 'draft-saved' | 'finalised' | 'moderated' | 'released' | 'changed-after-release';

export interface SubmissionRecord {
  id: string;
  instituteId: string;
  cohortId: string;
  userId: string;
  fullName: string;
  email: string;
  version: number;
  courseVersionId: string;
  content: PlanContent;
  submittedAt: Date;
  dueAt: Date;
  late: boolean;
}

export interface GradeRecord {
  submissionId: string;
  status: GradeStatus;
  criteria: CriterionGrade[];
  overallFeedback: string;
  percent: number | null;
  gradedBy: string;
  moderatedBy: string | null;
  updatedAt: Date;
  releasedAt: Date | null;
  releasedBy: string | null;
}

export interface RevisionRecord {
  id: string;
  actorId: string;
  actorName: string;
  action: RevisionAction;
  reason: string | null;
  status: GradeStatus;
  percent: number | null;
  at: Date;
}

export interface QueueEntry {
  submissionId: string;
  userId: string;
  fullName: string;
  email: string;
  version: number;
  submittedAt: Date;
  late: boolean;
  gradeStatus: GradeStatus | null;
  percent: number | null;
  releasedAt: Date | null;
  trainerId: string | null;
  trainerName: string | null;
}

export interface ReleasedGrade {
  userId: string;
  submissionId: string;
  version: number;
  percent: number;
}

const GRADE_COLUMNS = `submission_id, status, criteria, overall_feedback, percent, graded_by, moderated_by, updated_at,
  released_at, released_by`;

interface GradeRow {
  submission_id: string;
  status: GradeStatus;
  criteria: CriterionGrade[];
  overall_feedback: string;
  percent: string | null;
  graded_by: string;
  moderated_by: string | null;
  updated_at: Date;
  released_at: Date | null;
  released_by: string | null;
}

/** Capstone submissions as graders read them, and grades with their revisions. Every query names the institute. */
@Injectable()
export class CapstoneGradingRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The latest submitted version of each enrolled participant, with its grade (if any) and assigned trainer. */
  async listLatestSubmissions(instituteId: string, cohortId: string): Promise<QueueEntry[]> {
    const rows: {
      id: string;
      user_id: string;
      full_name: string;
      email: string;
      version: number;
      submitted_at: Date;
      late: boolean;
      status: GradeStatus | null;
      percent: string | null;
      released_at: Date | null;
      trainer_id: string | null;
      trainer_name: string | null;
    }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (s.user_id) s.id, s.user_id, u.full_name, u.email, s.version, s.submitted_at, s.late,
              g.status, g.percent, g.released_at, a.trainer_id, t.full_name AS trainer_name
       FROM capstone_submissions s
       JOIN users u ON u.id = s.user_id
       JOIN enrolments e ON e.institute_id = s.institute_id AND e.cohort_id = s.cohort_id AND e.user_id = s.user_id
         AND e.status = 'enrolled'
       LEFT JOIN capstone_grades g ON g.submission_id = s.id AND g.institute_id = s.institute_id
       LEFT JOIN capstone_assignments a ON a.cohort_id = s.cohort_id AND a.user_id = s.user_id
         AND a.institute_id = s.institute_id
       LEFT JOIN users t ON t.id = a.trainer_id
       WHERE s.institute_id = $1 AND s.cohort_id = $2
       ORDER BY s.user_id, s.version DESC`,
      [instituteId, cohortId],
    );
    return rows.map((row) => ({
      submissionId: row.id,
      userId: row.user_id,
      fullName: row.full_name,
      email: row.email,
      version: row.version,
      submittedAt: row.submitted_at,
      late: row.late,
      gradeStatus: row.status,
      percent: row.percent === null ? null : Number(row.percent),
      releasedAt: row.released_at,
      trainerId: row.trainer_id,
      trainerName: row.trainer_name,
    }));
  }

  /** The newest released grade of each participant of the cohort (an older version may hold it). */
  async listLatestReleasedGrades(instituteId: string, cohortId: string, userId?: string): Promise<ReleasedGrade[]> {
    const rows: { user_id: string; submission_id: string; version: number; percent: string }[] =
      await this.dataSource.query(
        `SELECT DISTINCT ON (g.user_id) g.user_id, g.submission_id, s.version, g.percent
         FROM capstone_grades g JOIN capstone_submissions s ON s.id = g.submission_id
         WHERE g.institute_id = $1 AND g.cohort_id = $2 AND g.released_at IS NOT NULL
           AND ($3::uuid IS NULL OR g.user_id = $3::uuid)
         ORDER BY g.user_id, s.version DESC`,
        [instituteId, cohortId, userId ?? null],
      );
    return rows.map((row) => ({
      userId: row.user_id,
      submissionId: row.submission_id,
      version: row.version,
      percent: Number(row.percent),
    }));
  }

  async findSubmission(instituteId: string, cohortId: string, submissionId: string): Promise<SubmissionRecord | null> {
    const [row] = await this.dataSource.query<
      {
        id: string;
        institute_id: string;
        cohort_id: string;
        user_id: string;
        full_name: string;
        email: string;
        version: number;
        course_version_id: string;
        content: PlanContent;
        submitted_at: Date;
        due_at: Date;
        late: boolean;
      }[]
    >(
      `SELECT s.id, s.institute_id, s.cohort_id, s.user_id, u.full_name, u.email, s.version, s.course_version_id,
              s.content, s.submitted_at, s.due_at, s.late
       FROM capstone_submissions s JOIN users u ON u.id = s.user_id
       WHERE s.institute_id = $1 AND s.cohort_id = $2 AND s.id = $3`,
      [instituteId, cohortId, submissionId],
    );
    if (!row) return null;
    return {
      id: row.id,
      instituteId: row.institute_id,
      cohortId: row.cohort_id,
      userId: row.user_id,
      fullName: row.full_name,
      email: row.email,
      version: row.version,
      courseVersionId: row.course_version_id,
      content: row.content,
      submittedAt: row.submitted_at,
      dueAt: row.due_at,
      late: row.late,
    };
  }

  async findGrade(instituteId: string, submissionId: string, manager?: EntityManager): Promise<GradeRecord | null> {
    const [row] = await (manager ?? this.dataSource).query<GradeRow[]>(
      `SELECT ${GRADE_COLUMNS} FROM capstone_grades WHERE institute_id = $1 AND submission_id = $2`,
      [instituteId, submissionId],
    );
    return row ? toGrade(row) : null;
  }

  /** A grade as its participant may see it: only once released, never a draft or an unreleased final grade. */
  async findReleasedGrade(instituteId: string, submissionId: string): Promise<GradeRecord | null> {
    const [row] = await this.dataSource.query<GradeRow[]>(
      `SELECT ${GRADE_COLUMNS} FROM capstone_grades
       WHERE institute_id = $1 AND submission_id = $2 AND released_at IS NOT NULL`,
      [instituteId, submissionId],
    );
    return row ? toGrade(row) : null;
  }

  /**
   * Serialises every write to one submission's grade: the submission row is locked first (so two first saves,
   * with no grade row yet, also wait for each other), then the grade row itself.
   */
  async lockGrade(manager: EntityManager, instituteId: string, submissionId: string): Promise<GradeRecord | null> {
    await manager.query(`SELECT id FROM capstone_submissions WHERE institute_id = $1 AND id = $2 FOR NO KEY UPDATE`, [
      instituteId,
      submissionId,
    ]);
    const [row] = await manager.query<GradeRow[]>(
      `SELECT ${GRADE_COLUMNS} FROM capstone_grades WHERE institute_id = $1 AND submission_id = $2 FOR UPDATE`,
      [instituteId, submissionId],
    );
    return row ? toGrade(row) : null;
  }

  async saveGrade(manager: EntityManager, submission: SubmissionRecord, grade: GradeRecord): Promise<void> {
    await manager.query(
      `INSERT INTO capstone_grades (submission_id, institute_id, cohort_id, user_id, status, criteria, overall_feedback,
         percent, graded_by, moderated_by, updated_at, released_at, released_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now(), $11, $12)
       ON CONFLICT (submission_id) DO UPDATE SET status = EXCLUDED.status, criteria = EXCLUDED.criteria,
         overall_feedback = EXCLUDED.overall_feedback, percent = EXCLUDED.percent, graded_by = EXCLUDED.graded_by,
         moderated_by = EXCLUDED.moderated_by, updated_at = now(), released_at = EXCLUDED.released_at,
         released_by = EXCLUDED.released_by`,
      [
        submission.id,
        submission.instituteId,
        submission.cohortId,
        submission.userId,
        grade.status,
        JSON.stringify(grade.criteria),
        grade.overallFeedback,
        grade.percent,
        grade.gradedBy,
        grade.moderatedBy,
        grade.releasedAt,
        grade.releasedBy,
      ],
    );
  }

  async appendRevision(
    manager: EntityManager,
    instituteId: string,
    grade: GradeRecord,
    actorId: string,
    action: RevisionAction,
    reason: string | null,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO capstone_grade_revisions (submission_id, institute_id, actor_id, action, reason, status, criteria,
         overall_feedback, percent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        grade.submissionId,
        instituteId,
        actorId,
        action,
        reason,
        grade.status,
        JSON.stringify(grade.criteria),
        grade.overallFeedback,
        grade.percent,
      ],
    );
  }

  /** The files a submission names (kept even when later removed from the draft), in upload order. */
  async listSubmissionAttachments(
    instituteId: string,
    submissionId: string,
  ): Promise<{ id: string; fileName: string; mediaType: string; sizeBytes: number }[]> {
    return this.dataSource.query(
      `SELECT a.id, a.file_name AS "fileName", a.media_type AS "mediaType", a.size_bytes AS "sizeBytes"
       FROM capstone_submissions s
       JOIN capstone_attachments a
         ON a.id = ANY(s.attachment_ids) AND a.institute_id = s.institute_id AND a.cohort_id = s.cohort_id
       WHERE s.institute_id = $1 AND s.id = $2 ORDER BY a.uploaded_at, a.id`,
      [instituteId, submissionId],
    );
  }

  async listRevisions(instituteId: string, submissionId: string): Promise<RevisionRecord[]> {
    const rows: {
      id: string;
      actor_id: string;
      full_name: string;
      action: RevisionAction;
      reason: string | null;
      status: GradeStatus;
      percent: string | null;
      at: Date;
    }[] = await this.dataSource.query(
      `SELECT r.id, r.actor_id, u.full_name, r.action, r.reason, r.status, r.percent, r.at
       FROM capstone_grade_revisions r JOIN users u ON u.id = r.actor_id
       WHERE r.institute_id = $1 AND r.submission_id = $2 ORDER BY r.at, r.id`,
      [instituteId, submissionId],
    );
    return rows.map((row) => ({
      id: row.id,
      actorId: row.actor_id,
      actorName: row.full_name,
      action: row.action,
      reason: row.reason,
      status: row.status,
      percent: row.percent === null ? null : Number(row.percent),
      at: row.at,
    }));
  }

  /** Final grades of the cohort not yet released, locked for release. */
  async lockReleasable(manager: EntityManager, instituteId: string, cohortId: string): Promise<string[]> {
    const rows: { submission_id: string }[] = await manager.query(
      `SELECT submission_id FROM capstone_grades
       WHERE institute_id = $1 AND cohort_id = $2 AND status = 'final' AND released_at IS NULL
       ORDER BY submission_id FOR UPDATE`,
      [instituteId, cohortId],
    );
    return rows.map((row) => row.submission_id);
  }

  async markReleased(manager: EntityManager, instituteId: string, submissionId: string, actorId: string) {
    await manager.query(
      `UPDATE capstone_grades SET released_at = now(), released_by = $3, updated_at = now()
       WHERE institute_id = $1 AND submission_id = $2`,
      [instituteId, submissionId, actorId],
    );
  }

  async listCohortTrainers(instituteId: string, cohortId: string): Promise<{ userId: string; fullName: string }[]> {
    const rows: { user_id: string; full_name: string }[] = await this.dataSource.query(
      `SELECT u.id AS user_id, u.full_name FROM cohort_trainers ct
       JOIN cohorts c ON c.id = ct.cohort_id AND c.institute_id = $1
       JOIN users u ON u.id = ct.user_id
       WHERE ct.cohort_id = $2 ORDER BY u.full_name`,
      [instituteId, cohortId],
    );
    return rows.map((row) => ({ userId: row.user_id, fullName: row.full_name }));
  }

  /** Who grades whose plan; the latest assignment replaces the one before (the audit log keeps both). */
  async assignTrainer(
    manager: EntityManager,
    instituteId: string,
    cohortId: string,
    userId: string,
    trainerId: string,
    assignedBy: string,
  ): Promise<string | null> {
    const [before] = await manager.query<{ trainer_id: string }[]>(
      `SELECT trainer_id FROM capstone_assignments WHERE institute_id = $1 AND cohort_id = $2 AND user_id = $3
       FOR UPDATE`,
      [instituteId, cohortId, userId],
    );
    await manager.query(
      `INSERT INTO capstone_assignments (cohort_id, user_id, institute_id, trainer_id, assigned_by, assigned_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (cohort_id, user_id) DO UPDATE SET trainer_id = EXCLUDED.trainer_id,
         assigned_by = EXCLUDED.assigned_by, assigned_at = now()`,
      [cohortId, userId, instituteId, trainerId, assignedBy],
    );
    return before?.trainer_id ?? null;
  }
}

function toGrade(row: GradeRow): GradeRecord {
  return {
    submissionId: row.submission_id,
    status: row.status,
    criteria: row.criteria,
    overallFeedback: row.overall_feedback,
    percent: row.percent === null ? null : Number(row.percent),
    gradedBy: row.graded_by,
    moderatedBy: row.moderated_by,
    updatedAt: row.updated_at,
    releasedAt: row.released_at,
    releasedBy: row.released_by,
  };
}
