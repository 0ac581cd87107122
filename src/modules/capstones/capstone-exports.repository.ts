import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { StoredFile } from '../../infra/storage/file-storage.js';
import type { CapstoneDefinition, PlanContent } from './domain/capstone.types.js';
import type { CapstoneExportStatus } from './entities/capstone-export.entity.js';

export interface ExportRecord {
  submissionId: string;
  instituteId: string;
  status: CapstoneExportStatus;
  storageKey: string | null;
  sha256: string | null;
  sizeBytes: number | null;
  error: string | null;
  requestedAt: Date;
  finishedAt: Date | null;
}

export interface SubmissionOwner {
  userId: string;
  version: number;
  participantName: string;
}

/** A submitted version with everything its PDF states: who, which course and cohort, where, when. */
export interface SubmissionForExport {
  id: string;
  instituteId: string;
  cohortId: string;
  userId: string;
  version: number;
  content: PlanContent;
  submittedAt: Date;
  late: boolean;
  participantName: string;
  cohortTitle: string;
  timeZone: string;
  instituteName: string;
  brandColour: string;
  courseTitle: string;
  language: string;
  capstone: CapstoneDefinition | null;
}

const EXPORT_COLUMNS = `submission_id AS "submissionId", institute_id AS "instituteId", status, storage_key AS "storageKey",
  sha256, size_bytes AS "sizeBytes", error, requested_at AS "requestedAt", finished_at AS "finishedAt"`;

/** PDF exports of submitted action plans (capstone_exports), one per submission. */
@Injectable()
export class CapstoneExportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The owner of a submission of this cohort, or null when the cohort has no such submission. */
  async findSubmissionOwner(
    instituteId: string,
    cohortId: string,
    submissionId: string,
  ): Promise<SubmissionOwner | null> {
    const rows: SubmissionOwner[] = await this.dataSource.query(
      `SELECT s.user_id AS "userId", s.version, u.full_name AS "participantName"
       FROM capstone_submissions s JOIN users u ON u.id = s.user_id
       WHERE s.institute_id = $1 AND s.cohort_id = $2 AND s.id = $3`,
      [instituteId, cohortId, submissionId],
    );
    return rows[0] ?? null;
  }

  async findSubmissionForExport(instituteId: string, submissionId: string): Promise<SubmissionForExport | null> {
    const rows: SubmissionForExport[] = await this.dataSource.query(
      `SELECT s.id, s.institute_id AS "instituteId", s.cohort_id AS "cohortId", s.user_id AS "userId", s.version,
              s.content, s.submitted_at AS "submittedAt", s.late, u.full_name AS "participantName",
              c.title AS "cohortTitle", c.time_zone AS "timeZone", i.name AS "instituteName",
              COALESCE(i.branding->>'primaryColour', '') AS "brandColour", cv.title AS "courseTitle",
              cv.language, cv.capstone
       FROM capstone_submissions s
       JOIN users u ON u.id = s.user_id
       JOIN cohorts c ON c.id = s.cohort_id AND c.institute_id = s.institute_id
       JOIN institutes i ON i.id = s.institute_id
       JOIN course_versions cv ON cv.id = s.course_version_id
       WHERE s.institute_id = $1 AND s.id = $2`,
      [instituteId, submissionId],
    );
    return rows[0] ?? null;
  }

  async findExport(instituteId: string, submissionId: string): Promise<ExportRecord | null> {
    const rows: ExportRecord[] = await this.dataSource.query(
      `SELECT ${EXPORT_COLUMNS} FROM capstone_exports WHERE institute_id = $1 AND submission_id = $2`,
      [instituteId, submissionId],
    );
    return rows[0] ?? null;
  }

  /**
   * Asks for the PDF: a new row 'queued', or a failed one queued again with a new request time; a queued or done
   * export is left as it is. Returns the row as it now stands.
   */
  async requestExport(instituteId: string, submissionId: string): Promise<ExportRecord> {
    await this.dataSource.query(
      `INSERT INTO capstone_exports (submission_id, institute_id, status) VALUES ($2, $1, 'queued')
       ON CONFLICT (submission_id) DO UPDATE SET status = 'queued', error = NULL, requested_at = now(), finished_at = NULL
       WHERE capstone_exports.status = 'failed' AND capstone_exports.institute_id = $1`,
      [instituteId, submissionId],
    );
    const row = await this.findExport(instituteId, submissionId);
    if (!row) throw new Error(`capstone export of ${submissionId} vanished`);
    return row;
  }

  /** Records the stored PDF; a row already done is left alone (a duplicate run changes nothing). */
  async markDone(instituteId: string, submissionId: string, stored: StoredFile): Promise<void> {
    await this.dataSource.query(
      `UPDATE capstone_exports SET status = 'done', storage_key = $3, sha256 = $4, size_bytes = $5, error = NULL,
              finished_at = now()
       WHERE institute_id = $1 AND submission_id = $2 AND status <> 'done'`,
      [instituteId, submissionId, stored.key, stored.sha256, stored.sizeBytes],
    );
  }

  async markFailed(instituteId: string, submissionId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE capstone_exports SET status = 'failed', error = $3, finished_at = now()
       WHERE institute_id = $1 AND submission_id = $2 AND status = 'queued'`,
      [instituteId, submissionId, error.slice(0, 2_000)],
    );
  }
}
