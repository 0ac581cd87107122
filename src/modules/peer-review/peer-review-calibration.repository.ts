import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { PeerReviewCalibrationMode } from './domain/peer-review-settings.js';
import type { CalibrationLevel, CalibrationReference } from './domain/calibration.js';

export interface CalibrationExample {
  id: string;
  title: string;
  planText: string;
  reference: CalibrationReference[];
  createdAt: Date;
  retiredAt: Date | null;
}

export interface CalibrationExampleListing extends CalibrationExample {
  attempts: number;
  participants: number;
}

export interface CalibrationAttempt {
  id: string;
  exampleId: string;
  userId: string;
  levels: CalibrationLevel[];
  closeness: number;
  tolerance: number;
  withinTolerance: boolean;
  mode: Exclude<PeerReviewCalibrationMode, 'off'>;
  createdAt: Date;
}

export interface NewCalibrationAttempt {
  exampleId: string;
  userId: string;
  levels: CalibrationLevel[];
  closeness: number;
  tolerance: number;
  withinTolerance: boolean;
  mode: Exclude<PeerReviewCalibrationMode, 'off'>;
}

interface ExampleRow {
  id: string;
  title: string;
  plan_text: string;
  reference: CalibrationReference[];
  created_at: Date;
  retired_at: Date | null;
}

interface AttemptRow {
  id: string;
  example_id: string;
  user_id: string;
  levels: CalibrationLevel[];
  closeness: string;
  tolerance: string;
  within_tolerance: boolean;
  mode: Exclude<PeerReviewCalibrationMode, 'off'>;
  created_at: Date;
}

const EXAMPLE_COLUMNS = `e.id, e.title, e.plan_text, e.reference, e.created_at, e.retired_at`;
const ATTEMPT_COLUMNS = `t.id, t.example_id, t.user_id, t.levels, t.closeness, t.tolerance, t.within_tolerance, t.mode, t.created_at`;

function exampleOf(row: ExampleRow): CalibrationExample {
  return {
    id: row.id,
    title: row.title,
    planText: row.plan_text,
    reference: row.reference,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  };
}

function attemptOf(row: AttemptRow): CalibrationAttempt {
  return {
    id: row.id,
    exampleId: row.example_id,
    userId: row.user_id,
    levels: row.levels,
    closeness: Number(row.closeness),
    tolerance: Number(row.tolerance),
    withinTolerance: row.within_tolerance,
    mode: row.mode,
    createdAt: row.created_at,
  };
}

/** Calibration examples and attempts of one cohort; every method takes the institute first and filters on it. */
@Injectable()
export class PeerReviewCalibrationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Every example of the cohort, retired ones too, oldest first, with how many attempts and people each has had. */
  async listExamples(instituteId: string, cohortId: string): Promise<CalibrationExampleListing[]> {
    const rows = await this.dataSource.query<(ExampleRow & { attempts: number; participants: number })[]>(
      `SELECT ${EXAMPLE_COLUMNS},
         (SELECT count(*)::int FROM peer_review_calibration_attempts t WHERE t.example_id = e.id) AS attempts,
         (SELECT count(DISTINCT t.user_id)::int FROM peer_review_calibration_attempts t WHERE t.example_id = e.id) AS participants
       FROM peer_review_calibration_examples e
       WHERE e.institute_id = $1 AND e.cohort_id = $2
       ORDER BY e.created_at, e.id`,
      [instituteId, cohortId],
    );
    return rows.map((row) => ({ ...exampleOf(row), attempts: row.attempts, participants: row.participants }));
  }

  /** Ids of the examples in use (not retired), oldest first. */
  async listActiveExampleIds(instituteId: string, cohortId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM peer_review_calibration_examples
       WHERE institute_id = $1 AND cohort_id = $2 AND retired_at IS NULL ORDER BY created_at, id`,
      [instituteId, cohortId],
    );
    return rows.map((row) => row.id);
  }

  async findExample(instituteId: string, cohortId: string, exampleId: string): Promise<CalibrationExample | null> {
    const [row] = await this.dataSource.query<ExampleRow[]>(
      `SELECT ${EXAMPLE_COLUMNS} FROM peer_review_calibration_examples e
       WHERE e.institute_id = $1 AND e.cohort_id = $2 AND e.id = $3`,
      [instituteId, cohortId, exampleId],
    );
    return row ? exampleOf(row) : null;
  }

  async insertExample(
    manager: EntityManager,
    instituteId: string,
    cohortId: string,
    example: { title: string; planText: string; reference: CalibrationReference[] },
    createdBy: string,
  ): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO peer_review_calibration_examples (institute_id, cohort_id, title, plan_text, reference, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [instituteId, cohortId, example.title, example.planText, JSON.stringify(example.reference), createdBy],
    );
    return row.id;
  }

  /** Retires an example in use; false when there is no such example or it is already retired. */
  async retireExample(
    manager: EntityManager,
    instituteId: string,
    cohortId: string,
    exampleId: string,
    retiredBy: string,
  ): Promise<boolean> {
    const rows = await manager.query<{ id: string }[]>(
      `WITH changed AS (UPDATE peer_review_calibration_examples SET retired_at = clock_timestamp(), retired_by = $4
       WHERE institute_id = $1 AND cohort_id = $2 AND id = $3 AND retired_at IS NULL RETURNING id)
       SELECT id FROM changed`,
      [instituteId, cohortId, exampleId, retiredBy],
    );
    return rows.length === 1;
  }

  async insertAttempt(
    manager: EntityManager,
    instituteId: string,
    cohortId: string,
    attempt: NewCalibrationAttempt,
  ): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO peer_review_calibration_attempts
         (institute_id, cohort_id, example_id, user_id, levels, closeness, tolerance, within_tolerance, mode)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        instituteId,
        cohortId,
        attempt.exampleId,
        attempt.userId,
        JSON.stringify(attempt.levels),
        attempt.closeness,
        attempt.tolerance,
        attempt.withinTolerance,
        attempt.mode,
      ],
    );
    return row.id;
  }

  /** One participant's attempts in the cohort, oldest first. */
  async listAttemptsOf(instituteId: string, cohortId: string, userId: string): Promise<CalibrationAttempt[]> {
    const rows = await this.dataSource.query<AttemptRow[]>(
      `SELECT ${ATTEMPT_COLUMNS} FROM peer_review_calibration_attempts t
       WHERE t.institute_id = $1 AND t.cohort_id = $2 AND t.user_id = $3 ORDER BY t.created_at, t.id`,
      [instituteId, cohortId, userId],
    );
    return rows.map(attemptOf);
  }

  /** Every attempt of the cohort, oldest first (the trainer's status table). */
  async listCohortAttempts(instituteId: string, cohortId: string): Promise<CalibrationAttempt[]> {
    const rows = await this.dataSource.query<AttemptRow[]>(
      `SELECT ${ATTEMPT_COLUMNS} FROM peer_review_calibration_attempts t
       WHERE t.institute_id = $1 AND t.cohort_id = $2 ORDER BY t.created_at, t.id`,
      [instituteId, cohortId],
    );
    return rows.map(attemptOf);
  }

  /** One of the participant's own attempts; null for anyone else's. */
  async findAttemptOf(
    instituteId: string,
    cohortId: string,
    userId: string,
    attemptId: string,
  ): Promise<CalibrationAttempt | null> {
    const [row] = await this.dataSource.query<AttemptRow[]>(
      `SELECT ${ATTEMPT_COLUMNS} FROM peer_review_calibration_attempts t
       WHERE t.institute_id = $1 AND t.cohort_id = $2 AND t.user_id = $3 AND t.id = $4`,
      [instituteId, cohortId, userId, attemptId],
    );
    return row ? attemptOf(row) : null;
  }

  /** The cohort's enrolled participants with their names, for its staff pages only. */
  async listParticipants(instituteId: string, cohortId: string): Promise<{ userId: string; name: string }[]> {
    const rows = await this.dataSource.query<{ id: string; full_name: string }[]>(
      `SELECT u.id, u.full_name FROM enrolments e JOIN users u ON u.id = e.user_id
       WHERE e.institute_id = $1 AND e.cohort_id = $2 AND e.status = 'enrolled'
       ORDER BY u.full_name, u.id`,
      [instituteId, cohortId],
    );
    return rows.map((row) => ({ userId: row.id, name: row.full_name }));
  }
}
