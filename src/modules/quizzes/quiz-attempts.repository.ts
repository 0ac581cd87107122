import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository.js';
import type { QuizSettings } from './domain/quiz-settings.js';
import type { Response } from './domain/question.types.js';
import type { AttemptClosedBy, AttemptStatus } from './entities/quiz-attempt.entity.js';

/** One person's quiz in one cohort: the key every attempt, accommodation and override hangs on. */
export interface QuizKey {
  instituteId: string;
  cohortId: string;
  moduleKey: string;
  userId: string;
}

export interface AttemptRecord {
  id: string;
  instituteId: string;
  cohortId: string;
  userId: string;
  moduleKey: string;
  courseModuleId: string;
  number: number;
  status: AttemptStatus;
  questionKeys: string[];
  settings: QuizSettings;
  startedAt: Date;
  deadlineAt: Date | null;
  submittedAt: Date | null;
  closedBy: AttemptClosedBy | null;
  score: number | null;
  maxScore: number | null;
  percent: number | null;
}

export interface StoredResponse {
  questionKey: string;
  response: Response | null;
  savedAt: Date;
  fraction: number | null;
  points: number | null;
}

export interface Accommodation {
  extraAttempts: number;
  extraMinutes: number;
}

export interface GradeOverride {
  percent: number | null;
  reason: string;
  createdBy: string;
  createdByName: string;
  createdAt: Date;
}

export type SaveOutcome = 'saved' | 'closed' | 'missing';

export interface NewAttempt {
  /** Chosen before insertion: it seeds the draw and the shuffles. */
  id: string;
  courseModuleId: string;
  questionKeys: string[];
  settings: QuizSettings;
  startedAt: Date;
  deadlineAt: Date | null;
}

/** Grades for each response of an attempt, and the attempt's total. */
export interface AttemptGrading {
  responses: { questionKey: string; fraction: number; points: number; maxPoints: number }[];
  score: number;
  maxScore: number;
  percent: number;
}

interface AttemptRow {
  id: string;
  institute_id: string;
  cohort_id: string;
  user_id: string;
  module_key: string;
  course_module_id: string;
  number: number;
  status: AttemptStatus;
  question_keys: string[];
  settings: QuizSettings;
  started_at: Date;
  deadline_at: Date | null;
  submitted_at: Date | null;
  closed_by: AttemptClosedBy | null;
  score: string | null;
  max_score: string | null;
  percent: string | null;
}

const ATTEMPT_COLUMNS = `id, institute_id, cohort_id, user_id, module_key, course_module_id, number, status, question_keys,
  settings, started_at, deadline_at, submitted_at, closed_by, score, max_score, percent`;

/**
 * Attempts and their answers. Every method takes the institute first. Answers are written with the attempt row
 * share-locked and grading takes it exclusively, so an answer can never land after its attempt was graded.
 */
@Injectable()
export class QuizAttemptsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async findAttempt(instituteId: string, attemptId: string, manager?: EntityManager): Promise<AttemptRecord | null> {
    const rows: AttemptRow[] = await (manager ?? this.dataSource).query(
      `SELECT ${ATTEMPT_COLUMNS} FROM quiz_attempts WHERE institute_id = $1 AND id = $2`,
      [instituteId, attemptId],
    );
    return rows[0] ? toAttempt(rows[0]) : null;
  }

  async listAttempts(key: QuizKey, manager?: EntityManager): Promise<AttemptRecord[]> {
    const rows: AttemptRow[] = await (manager ?? this.dataSource).query(
      `SELECT ${ATTEMPT_COLUMNS} FROM quiz_attempts
       WHERE institute_id = $1 AND cohort_id = $2 AND module_key = $3 AND user_id = $4 ORDER BY number`,
      [key.instituteId, key.cohortId, key.moduleKey, key.userId],
    );
    return rows.map(toAttempt);
  }

  /** Every attempt of a cohort's quiz, newest person first, with names, for trainers. */
  async listCohortAttempts(instituteId: string, cohortId: string, moduleKey: string) {
    const rows: (AttemptRow & { full_name: string; email: string })[] = await this.dataSource.query(
      `SELECT ${ATTEMPT_COLUMNS.replace(/(\w+)/g, 'a.$1')}, u.full_name, u.email
       FROM quiz_attempts a JOIN users u ON u.id = a.user_id
       WHERE a.institute_id = $1 AND a.cohort_id = $2 AND a.module_key = $3
       ORDER BY u.full_name, a.number`,
      [instituteId, cohortId, moduleKey],
    );
    return rows.map((row) => ({ ...toAttempt(row), fullName: row.full_name, email: row.email }));
  }

  /** Per quiz of a cohort: people who tried, attempts graded and in progress, mean grade of graded attempts. */
  async summarizeCohort(instituteId: string, cohortId: string) {
    const rows: { module_key: string; people: number; submitted: number; in_progress: number; mean: string | null }[] =
      await this.dataSource.query(
        `SELECT module_key, count(DISTINCT user_id)::int AS people,
           count(*) FILTER (WHERE status = 'submitted')::int AS submitted,
           count(*) FILTER (WHERE status = 'in-progress')::int AS in_progress,
           round(avg(percent) FILTER (WHERE status = 'submitted'), 2) AS mean
         FROM quiz_attempts WHERE institute_id = $1 AND cohort_id = $2 GROUP BY module_key`,
        [instituteId, cohortId],
      );
    return new Map(
      rows.map((row) => [
        row.module_key,
        {
          people: row.people,
          submitted: row.submitted,
          inProgress: row.in_progress,
          meanPercent: row.mean === null ? null : Number(row.mean),
        },
      ]),
    );
  }

  /** Attempts of one person in a cohort, every quiz: for the participant's own summary. */
  async listAttemptsOfPerson(instituteId: string, cohortId: string, userId: string): Promise<AttemptRecord[]> {
    const rows: AttemptRow[] = await this.dataSource.query(
      `SELECT ${ATTEMPT_COLUMNS} FROM quiz_attempts WHERE institute_id = $1 AND cohort_id = $2 AND user_id = $3
       ORDER BY module_key, number`,
      [instituteId, cohortId, userId],
    );
    return rows.map(toAttempt);
  }

  /** Takes the per-person lock that serializes starting and granting, so two tabs cannot start two attempts. */
  async lockQuiz(manager: EntityManager, key: QuizKey): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `quiz:${key.cohortId}:${key.moduleKey}:${key.userId}`,
    ]);
  }

  async insertAttempt(manager: EntityManager, key: QuizKey, attempt: NewAttempt): Promise<AttemptRecord> {
    const rows: AttemptRow[] = await manager.query(
      `INSERT INTO quiz_attempts (id, institute_id, cohort_id, user_id, module_key, course_module_id, number, status,
         question_keys, settings, started_at, deadline_at)
       SELECT $10, $1, $2, $3, $4, $5, COALESCE(MAX(number), 0) + 1, 'in-progress', $6, $7, $8, $9
       FROM quiz_attempts WHERE cohort_id = $2 AND module_key = $4 AND user_id = $3
       RETURNING ${ATTEMPT_COLUMNS}`,
      [
        key.instituteId,
        key.cohortId,
        key.userId,
        key.moduleKey,
        attempt.courseModuleId,
        attempt.questionKeys,
        JSON.stringify(attempt.settings),
        attempt.startedAt,
        attempt.deadlineAt,
        attempt.id,
      ],
    );
    return toAttempt(rows[0]);
  }

  async setDeadline(manager: EntityManager, instituteId: string, attemptId: string, deadlineAt: Date | null) {
    await manager.query(
      `UPDATE quiz_attempts SET deadline_at = $3 WHERE institute_id = $1 AND id = $2 AND status = 'in-progress'`,
      [instituteId, attemptId, deadlineAt],
    );
  }

  async listResponses(attemptId: string, manager?: EntityManager): Promise<StoredResponse[]> {
    const rows: {
      question_key: string;
      response: Response | null;
      saved_at: Date;
      fraction: string | null;
      points: string | null;
    }[] = await (manager ?? this.dataSource).query(
      `SELECT question_key, response, saved_at, fraction, points FROM quiz_responses WHERE attempt_id = $1`,
      [attemptId],
    );
    return rows.map((row) => ({
      questionKey: row.question_key,
      response: row.response,
      savedAt: row.saved_at,
      fraction: row.fraction === null ? null : Number(row.fraction),
      points: row.points === null ? null : Number(row.points),
    }));
  }

  /**
   * Saves one answer of an in-progress attempt of `key`'s person, cohort and module, under a share lock on the
   * attempt so grading (which takes it exclusively) can never miss it. One round trip; the attempt comes back so
   * callers need not read it first. `missing`: no such attempt for this person here, or the question was not drawn.
   */
  async saveResponse(
    key: QuizKey,
    attemptId: string,
    questionKey: string,
    response: Response | null,
    now: Date,
  ): Promise<{ outcome: SaveOutcome; attempt: AttemptRecord | null }> {
    const rows: (AttemptRow & { outcome: SaveOutcome })[] = await this.dataSource.query(
      `WITH attempt AS (
         SELECT ${ATTEMPT_COLUMNS} FROM quiz_attempts
         WHERE institute_id = $1 AND id = $2 AND user_id = $3 AND cohort_id = $4 AND module_key = $5
           AND $6 = ANY(question_keys)
         FOR SHARE),
       saved AS (
         INSERT INTO quiz_responses (attempt_id, question_key, response, saved_at)
         SELECT id, $6, $7::jsonb, $8 FROM attempt
         WHERE status = 'in-progress' AND (deadline_at IS NULL OR deadline_at > $8)
         ON CONFLICT (attempt_id, question_key) DO UPDATE SET response = EXCLUDED.response, saved_at = EXCLUDED.saved_at
         RETURNING 1)
       SELECT attempt.*, CASE WHEN EXISTS (SELECT 1 FROM saved) THEN 'saved' ELSE 'closed' END AS outcome
       FROM attempt`,
      [
        key.instituteId,
        attemptId,
        key.userId,
        key.cohortId,
        key.moduleKey,
        questionKey,
        response === null ? null : JSON.stringify(response),
        now,
      ],
    );
    const row = rows[0];
    return row ? { outcome: row.outcome, attempt: toAttempt(row) } : { outcome: 'missing', attempt: null };
  }

  /** Locks the attempt for grading; null when it does not exist. */
  async lockAttempt(manager: EntityManager, instituteId: string, attemptId: string): Promise<AttemptRecord | null> {
    const rows: AttemptRow[] = await manager.query(
      `SELECT ${ATTEMPT_COLUMNS} FROM quiz_attempts WHERE institute_id = $1 AND id = $2 FOR UPDATE`,
      [instituteId, attemptId],
    );
    return rows[0] ? toAttempt(rows[0]) : null;
  }

  /** Writes the grade of every drawn question (unanswered ones too) and closes the attempt, with its audit row. */
  async recordGrading(
    manager: EntityManager,
    attempt: AttemptRecord,
    grading: AttemptGrading,
    closedBy: AttemptClosedBy,
    submittedAt: Date,
    actorUserId: string | null,
  ): Promise<AttemptRecord> {
    await manager.query(
      `INSERT INTO quiz_responses (attempt_id, question_key, response, saved_at, fraction, points, max_points)
       SELECT $1, graded.question_key, NULL, $2, graded.fraction, graded.points, graded.max_points
       FROM jsonb_to_recordset($3::jsonb) AS graded(question_key text, fraction numeric, points numeric, max_points numeric)
       ON CONFLICT (attempt_id, question_key) DO UPDATE
         SET fraction = EXCLUDED.fraction, points = EXCLUDED.points, max_points = EXCLUDED.max_points`,
      [
        attempt.id,
        submittedAt,
        JSON.stringify(
          grading.responses.map((entry) => ({
            question_key: entry.questionKey,
            fraction: entry.fraction,
            points: entry.points,
            max_points: entry.maxPoints,
          })),
        ),
      ],
    );
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [rows]: [AttemptRow[], number] = await manager.query(
      `UPDATE quiz_attempts SET status = 'submitted', submitted_at = $3, closed_by = $4, score = $5, max_score = $6,
         percent = $7
       WHERE institute_id = $1 AND id = $2 AND status = 'in-progress' RETURNING ${ATTEMPT_COLUMNS}`,
      [attempt.instituteId, attempt.id, submittedAt, closedBy, grading.score, grading.maxScore, grading.percent],
    );
    await this.audit.append(manager, {
      instituteId: attempt.instituteId,
      actorUserId,
      action: 'quiz-attempt.graded',
      entityType: 'quiz-attempt',
      entityId: attempt.id,
      after: {
        cohortId: attempt.cohortId,
        moduleKey: attempt.moduleKey,
        userId: attempt.userId,
        number: attempt.number,
        closedBy,
        percent: grading.percent,
      },
    });
    return toAttempt(rows[0]);
  }

  async findAccommodation(key: QuizKey, manager?: EntityManager): Promise<Accommodation> {
    const rows: { extra_attempts: number; extra_minutes: number }[] = await (manager ?? this.dataSource).query(
      `SELECT extra_attempts, extra_minutes FROM quiz_accommodations
       WHERE institute_id = $1 AND cohort_id = $2 AND module_key = $3 AND user_id = $4`,
      [key.instituteId, key.cohortId, key.moduleKey, key.userId],
    );
    return rows[0]
      ? { extraAttempts: rows[0].extra_attempts, extraMinutes: rows[0].extra_minutes }
      : { extraAttempts: 0, extraMinutes: 0 };
  }

  async listAccommodations(instituteId: string, cohortId: string, moduleKey: string) {
    const rows: { user_id: string; extra_attempts: number; extra_minutes: number }[] = await this.dataSource.query(
      `SELECT user_id, extra_attempts, extra_minutes FROM quiz_accommodations
       WHERE institute_id = $1 AND cohort_id = $2 AND module_key = $3`,
      [instituteId, cohortId, moduleKey],
    );
    return new Map(
      rows.map((row) => [row.user_id, { extraAttempts: row.extra_attempts, extraMinutes: row.extra_minutes }]),
    );
  }

  async saveAccommodation(
    manager: EntityManager,
    key: QuizKey,
    accommodation: Accommodation,
    before: Accommodation,
    actorUserId: string,
    reason: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO quiz_accommodations (cohort_id, module_key, user_id, institute_id, extra_attempts, extra_minutes,
         updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, now(), $7)
       ON CONFLICT (cohort_id, module_key, user_id) DO UPDATE SET extra_attempts = EXCLUDED.extra_attempts,
         extra_minutes = EXCLUDED.extra_minutes, updated_at = now(), updated_by = EXCLUDED.updated_by`,
      [
        key.cohortId,
        key.moduleKey,
        key.userId,
        key.instituteId,
        accommodation.extraAttempts,
        accommodation.extraMinutes,
        actorUserId,
      ],
    );
    await this.audit.append(manager, {
      instituteId: key.instituteId,
      actorUserId,
      action: 'quiz-accommodation.changed',
      entityType: 'quiz-accommodation',
      entityId: `${key.cohortId}:${key.moduleKey}:${key.userId}`,
      before: { ...before },
      after: { ...accommodation },
      reason,
    });
  }

  /** The override in force (the newest row), or null when there is none or the newest one withdrew it. */
  async findOverride(key: QuizKey, manager?: EntityManager): Promise<GradeOverride | null> {
    const history = await this.listOverrides(key, manager);
    const latest = history[0];
    return latest && latest.percent !== null ? latest : null;
  }

  /** Newest first. */
  async listOverrides(key: QuizKey, manager?: EntityManager): Promise<GradeOverride[]> {
    const rows: { percent: string | null; reason: string; created_by: string; full_name: string; created_at: Date }[] =
      await (manager ?? this.dataSource).query(
        `SELECT o.percent, o.reason, o.created_by, u.full_name, o.created_at
         FROM quiz_grade_overrides o JOIN users u ON u.id = o.created_by
         WHERE o.institute_id = $1 AND o.cohort_id = $2 AND o.module_key = $3 AND o.user_id = $4
         ORDER BY o.created_at DESC, o.id DESC`,
        [key.instituteId, key.cohortId, key.moduleKey, key.userId],
      );
    return rows.map((row) => ({
      percent: row.percent === null ? null : Number(row.percent),
      reason: row.reason,
      createdBy: row.created_by,
      createdByName: row.full_name,
      createdAt: row.created_at,
    }));
  }

  /** The newest override per person of a cohort's quiz, withdrawn ones included (percent null). */
  async latestOverrides(instituteId: string, cohortId: string, moduleKey: string) {
    const rows: { user_id: string; percent: string | null; reason: string }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (user_id) user_id, percent, reason FROM quiz_grade_overrides
       WHERE institute_id = $1 AND cohort_id = $2 AND module_key = $3
       ORDER BY user_id, created_at DESC, id DESC`,
      [instituteId, cohortId, moduleKey],
    );
    return new Map(
      rows
        .filter((row) => row.percent !== null)
        .map((row) => [row.user_id, { percent: Number(row.percent), reason: row.reason }]),
    );
  }

  async appendOverride(
    manager: EntityManager,
    key: QuizKey,
    percent: number | null,
    reason: string,
    before: number | null,
    actorUserId: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO quiz_grade_overrides (institute_id, cohort_id, module_key, user_id, percent, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [key.instituteId, key.cohortId, key.moduleKey, key.userId, percent, reason, actorUserId],
    );
    await this.audit.append(manager, {
      instituteId: key.instituteId,
      actorUserId,
      action: percent === null ? 'quiz-grade.override-withdrawn' : 'quiz-grade.overridden',
      entityType: 'quiz-grade',
      entityId: `${key.cohortId}:${key.moduleKey}:${key.userId}`,
      before: { percent: before },
      after: { percent },
      reason,
    });
  }

  async findCohortSettings(instituteId: string, cohortId: string, moduleKey: string) {
    const rows: { settings: Partial<QuizSettings> }[] = await this.dataSource.query(
      `SELECT settings FROM cohort_quiz_settings WHERE institute_id = $1 AND cohort_id = $2 AND module_key = $3`,
      [instituteId, cohortId, moduleKey],
    );
    return rows[0]?.settings ?? null;
  }

  async listCohortSettings(instituteId: string, cohortId: string): Promise<Map<string, Partial<QuizSettings>>> {
    const rows: { module_key: string; settings: Partial<QuizSettings> }[] = await this.dataSource.query(
      `SELECT module_key, settings FROM cohort_quiz_settings WHERE institute_id = $1 AND cohort_id = $2`,
      [instituteId, cohortId],
    );
    return new Map(rows.map((row) => [row.module_key, row.settings]));
  }

  async saveCohortSettings(
    instituteId: string,
    cohortId: string,
    moduleKey: string,
    settings: Partial<QuizSettings>,
    actorUserId: string,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const before: { settings: Partial<QuizSettings> }[] = await manager.query(
        `SELECT settings FROM cohort_quiz_settings WHERE institute_id = $1 AND cohort_id = $2 AND module_key = $3
         FOR UPDATE`,
        [instituteId, cohortId, moduleKey],
      );
      await manager.query(
        `INSERT INTO cohort_quiz_settings (cohort_id, module_key, institute_id, settings, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, now(), $5)
         ON CONFLICT (cohort_id, module_key) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now(),
           updated_by = EXCLUDED.updated_by`,
        [cohortId, moduleKey, instituteId, JSON.stringify(settings), actorUserId],
      );
      await this.audit.append(manager, {
        instituteId,
        actorUserId,
        action: 'quiz-settings.changed',
        entityType: 'cohort-quiz-settings',
        entityId: `${cohortId}:${moduleKey}`,
        before: before[0]?.settings ?? null,
        after: settings,
      });
    });
  }

  /** In-progress attempts whose deadline has passed: closed by the worker if their job was lost. */
  async listOverdueAttempts(now: Date, limit: number): Promise<{ instituteId: string; attemptId: string }[]> {
    const rows: { institute_id: string; id: string }[] = await this.dataSource.query(
      `SELECT institute_id, id FROM quiz_attempts WHERE status = 'in-progress' AND deadline_at <= $1
       ORDER BY deadline_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((row) => ({ instituteId: row.institute_id, attemptId: row.id }));
  }
}

function toAttempt(row: AttemptRow): AttemptRecord {
  return {
    id: row.id,
    instituteId: row.institute_id,
    cohortId: row.cohort_id,
    userId: row.user_id,
    moduleKey: row.module_key,
    courseModuleId: row.course_module_id,
    number: row.number,
    status: row.status,
    questionKeys: row.question_keys,
    settings: row.settings,
    startedAt: new Date(row.started_at),
    deadlineAt: row.deadline_at ? new Date(row.deadline_at) : null,
    submittedAt: row.submitted_at ? new Date(row.submitted_at) : null,
    closedBy: row.closed_by,
    score: row.score === null ? null : Number(row.score),
    maxScore: row.max_score === null ? null : Number(row.max_score),
    percent: row.percent === null ? null : Number(row.percent),
  };
}
