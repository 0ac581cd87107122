import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { PlanContent, PlanSectionContent } from './domain/capstone.types.js';
import type { ExtensionGrant, LatePolicy } from './domain/deadline.js';

/** One person's plan in one cohort: every method takes the institute first, then cohort and person. */
export interface PlanOwner {
  instituteId: string;
  cohortId: string;
  userId: string;
}

export interface DraftRecord {
  content: PlanContent;
  /** 0 while nothing was saved yet. */
  revision: number;
  updatedAt: Date | null;
}

export interface AttachmentRecord {
  id: string;
  userId: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedAt: Date;
  removedAt: Date | null;
}

export interface SubmissionRecord {
  id: string;
  userId: string;
  version: number;
  draftRevision: number;
  courseVersionId: string;
  content: PlanContent;
  attachmentIds: string[];
  submittedAt: Date;
  dueAt: Date;
  late: boolean;
}

/** A version about to be stored for its owner: the record without the ids the database and the owner give it. */
export type NewSubmission = Omit<SubmissionRecord, 'id' | 'userId'>;

export interface PersonSummary {
  userId: string;
  fullName: string;
  email: string;
  latest: { version: number; submittedAt: Date; late: boolean } | null;
  versions: number;
  extension: ExtensionGrant | null;
}

const SUBMISSION_COLUMNS = `id, user_id AS "userId", version, draft_revision AS "draftRevision",
  course_version_id AS "courseVersionId", content, attachment_ids AS "attachmentIds", submitted_at AS "submittedAt",
  due_at AS "dueAt", late`;
const ATTACHMENT_COLUMNS = `id, user_id AS "userId", file_name AS "fileName", media_type AS "mediaType",
  size_bytes AS "sizeBytes", sha256, storage_key AS "storageKey", uploaded_at AS "uploadedAt", removed_at AS "removedAt"`;

@Injectable()
export class CapstoneSubmissionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async findDraft(owner: PlanOwner, manager: EntityManager = this.dataSource.manager): Promise<DraftRecord> {
    const rows: DraftRecord[] = await manager.query(
      `SELECT content, revision, updated_at AS "updatedAt" FROM capstone_drafts
       WHERE institute_id = $1 AND cohort_id = $2 AND user_id = $3`,
      [owner.instituteId, owner.cohortId, owner.userId],
    );
    return rows[0] ?? { content: { sections: {} }, revision: 0, updatedAt: null };
  }

  /**
   * Writes one section if the draft is still at `loadedRevision` (0: no draft yet), raising the revision by one.
   * Null when the draft moved on meanwhile: nothing was written.
   */
  async saveSection(
    owner: PlanOwner,
    sectionId: string,
    content: PlanSectionContent,
    loadedRevision: number,
  ): Promise<number | null> {
    const params = [owner.instituteId, owner.cohortId, owner.userId, sectionId, JSON.stringify(content)];
    if (loadedRevision === 0) {
      const inserted: { revision: number }[] = await this.dataSource.query(
        `INSERT INTO capstone_drafts (institute_id, cohort_id, user_id, content, revision)
         VALUES ($1, $2, $3, jsonb_build_object('sections', jsonb_build_object($4::text, $5::jsonb)), 1)
         ON CONFLICT (cohort_id, user_id) DO NOTHING RETURNING revision`,
        params,
      );
      return inserted[0]?.revision ?? null;
    }
    const updated: [{ revision: number }[], number] = await this.dataSource.query(
      `UPDATE capstone_drafts
       SET content = jsonb_set(content, ARRAY['sections', $4::text], $5::jsonb, true),
           revision = revision + 1, updated_at = now()
       WHERE institute_id = $1 AND cohort_id = $2 AND user_id = $3 AND revision = $6
       RETURNING revision`,
      [...params, loadedRevision],
    );
    return updated[0][0]?.revision ?? null;
  }

  /** Serialises submits of one person's plan until the transaction ends (two tabs, a double click). */
  async lockPlan(manager: EntityManager, owner: PlanOwner): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`capstone:${owner.cohortId}:${owner.userId}`]);
  }

  async findSubmissionOfDraft(
    manager: EntityManager,
    owner: PlanOwner,
    draftRevision: number,
  ): Promise<SubmissionRecord | null> {
    const rows: SubmissionRecord[] = await manager.query(
      `SELECT ${SUBMISSION_COLUMNS} FROM capstone_submissions
       WHERE institute_id = $1 AND cohort_id = $2 AND user_id = $3 AND draft_revision = $4`,
      [owner.instituteId, owner.cohortId, owner.userId, draftRevision],
    );
    return rows[0] ?? null;
  }

  async lastVersionNumber(manager: EntityManager, owner: PlanOwner): Promise<number> {
    const rows: { last: number | null }[] = await manager.query(
      `SELECT max(version) AS last FROM capstone_submissions WHERE institute_id = $1 AND cohort_id = $2 AND user_id = $3`,
      [owner.instituteId, owner.cohortId, owner.userId],
    );
    return rows[0]?.last ?? 0;
  }

  async insertSubmission(manager: EntityManager, owner: PlanOwner, row: NewSubmission): Promise<SubmissionRecord> {
    const rows: SubmissionRecord[] = await manager.query(
      `INSERT INTO capstone_submissions (institute_id, cohort_id, user_id, version, draft_revision, course_version_id,
         content, attachment_ids, submitted_at, due_at, late)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::uuid[], $9, $10, $11)
       RETURNING ${SUBMISSION_COLUMNS}`,
      [
        owner.instituteId,
        owner.cohortId,
        owner.userId,
        row.version,
        row.draftRevision,
        row.courseVersionId,
        JSON.stringify(row.content),
        row.attachmentIds,
        row.submittedAt,
        row.dueAt,
        row.late,
      ],
    );
    return rows[0];
  }

  async listSubmissions(owner: PlanOwner): Promise<SubmissionRecord[]> {
    return this.dataSource.query(
      `SELECT ${SUBMISSION_COLUMNS} FROM capstone_submissions
       WHERE institute_id = $1 AND cohort_id = $2 AND user_id = $3 ORDER BY version`,
      [owner.instituteId, owner.cohortId, owner.userId],
    );
  }

  async findSubmission(owner: PlanOwner, version: number): Promise<SubmissionRecord | null> {
    const rows: SubmissionRecord[] = await this.dataSource.query(
      `SELECT ${SUBMISSION_COLUMNS} FROM capstone_submissions
       WHERE institute_id = $1 AND cohort_id = $2 AND user_id = $3 AND version = $4`,
      [owner.instituteId, owner.cohortId, owner.userId, version],
    );
    return rows[0] ?? null;
  }

  async listExtensions(owner: PlanOwner, manager: EntityManager = this.dataSource.manager): Promise<ExtensionGrant[]> {
    return manager.query(
      `SELECT due_at AS "dueAt", granted_at AS "grantedAt", reason FROM capstone_extensions
       WHERE institute_id = $1 AND cohort_id = $2 AND user_id = $3 ORDER BY granted_at, id`,
      [owner.instituteId, owner.cohortId, owner.userId],
    );
  }

  async insertExtension(
    manager: EntityManager,
    owner: PlanOwner,
    dueAt: Date,
    reason: string,
    grantedBy: string,
  ): Promise<{ id: string; grantedAt: Date }> {
    // clock_timestamp(): two grants in one transaction still order by time.
    const rows: { id: string; grantedAt: Date }[] = await manager.query(
      `INSERT INTO capstone_extensions (institute_id, cohort_id, user_id, due_at, reason, granted_by, granted_at)
       VALUES ($1, $2, $3, $4, $5, $6, clock_timestamp()) RETURNING id, granted_at AS "grantedAt"`,
      [owner.instituteId, owner.cohortId, owner.userId, dueAt, reason, grantedBy],
    );
    return rows[0];
  }

  async findLatePolicy(instituteId: string, cohortId: string, manager: EntityManager = this.dataSource.manager) {
    const rows: { policy: LatePolicy }[] = await manager.query(
      'SELECT capstone_late_policy AS policy FROM cohorts WHERE institute_id = $1 AND id = $2',
      [instituteId, cohortId],
    );
    return rows[0]?.policy ?? 'flag';
  }

  /** The policy before the change, or null when it already was the one asked for. */
  async setLatePolicy(manager: EntityManager, instituteId: string, cohortId: string, policy: LatePolicy) {
    const [rows]: [{ before: LatePolicy }[], number] = await manager.query(
      `UPDATE cohorts AS c SET capstone_late_policy = $3
       FROM (SELECT capstone_late_policy AS before FROM cohorts WHERE institute_id = $1 AND id = $2 FOR UPDATE) AS old
       WHERE c.institute_id = $1 AND c.id = $2 AND old.before <> $3 RETURNING old.before`,
      [instituteId, cohortId, policy],
    );
    return rows[0]?.before ?? null;
  }

  async isEnrolled(instituteId: string, cohortId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM enrolments WHERE institute_id = $1 AND cohort_id = $2 AND user_id = $3 AND status = 'enrolled'`,
      [instituteId, cohortId, userId],
    );
    return rows.length > 0;
  }

  /** Every enrolled participant with their latest version, number of versions and latest extension. */
  async listPeople(instituteId: string, cohortId: string): Promise<PersonSummary[]> {
    const rows: (Omit<PersonSummary, 'latest' | 'extension'> & {
      latestVersion: number | null;
      latestAt: Date | null;
      latestLate: boolean | null;
      extensionDueAt: Date | null;
      extensionAt: Date | null;
      extensionReason: string | null;
    })[] = await this.dataSource.query(
      `SELECT u.id AS "userId", u.full_name AS "fullName", u.email,
              s.version AS "latestVersion", s.submitted_at AS "latestAt", s.late AS "latestLate",
              COALESCE(s.version, 0) AS versions,
              x.due_at AS "extensionDueAt", x.granted_at AS "extensionAt", x.reason AS "extensionReason"
       FROM enrolments e
       JOIN users u ON u.id = e.user_id
       LEFT JOIN LATERAL (SELECT version, submitted_at, late FROM capstone_submissions
                          WHERE cohort_id = e.cohort_id AND user_id = e.user_id ORDER BY version DESC LIMIT 1) s ON true
       LEFT JOIN LATERAL (SELECT due_at, granted_at, reason FROM capstone_extensions
                          WHERE cohort_id = e.cohort_id AND user_id = e.user_id
                          ORDER BY granted_at DESC, id DESC LIMIT 1) x ON true
       WHERE e.institute_id = $1 AND e.cohort_id = $2 AND e.status = 'enrolled'
       ORDER BY u.full_name, u.email`,
      [instituteId, cohortId],
    );
    return rows.map((row) => ({
      userId: row.userId,
      fullName: row.fullName,
      email: row.email,
      versions: Number(row.versions),
      latest:
        row.latestVersion === null
          ? null
          : { version: row.latestVersion, submittedAt: row.latestAt!, late: row.latestLate! },
      extension:
        row.extensionDueAt === null
          ? null
          : { dueAt: row.extensionDueAt, grantedAt: row.extensionAt!, reason: row.extensionReason! },
    }));
  }

  async insertAttachment(owner: PlanOwner, row: Omit<AttachmentRecord, 'userId' | 'uploadedAt' | 'removedAt'>) {
    const rows: AttachmentRecord[] = await this.dataSource.query(
      `INSERT INTO capstone_attachments (id, institute_id, cohort_id, user_id, file_name, media_type, size_bytes,
         sha256, storage_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${ATTACHMENT_COLUMNS}`,
      [
        row.id,
        owner.instituteId,
        owner.cohortId,
        owner.userId,
        row.fileName,
        row.mediaType,
        row.sizeBytes,
        row.sha256,
        row.storageKey,
      ],
    );
    return rows[0];
  }

  /** The person's attachments still on the plan (not removed), oldest first. */
  async listCurrentAttachments(owner: PlanOwner, manager: EntityManager = this.dataSource.manager) {
    const rows: AttachmentRecord[] = await manager.query(
      `SELECT ${ATTACHMENT_COLUMNS} FROM capstone_attachments
       WHERE institute_id = $1 AND cohort_id = $2 AND user_id = $3 AND removed_at IS NULL ORDER BY uploaded_at, id`,
      [owner.instituteId, owner.cohortId, owner.userId],
    );
    return rows;
  }

  async listAttachmentsByIds(instituteId: string, cohortId: string, ids: string[]): Promise<AttachmentRecord[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query(
      `SELECT ${ATTACHMENT_COLUMNS} FROM capstone_attachments
       WHERE institute_id = $1 AND cohort_id = $2 AND id = ANY($3::uuid[]) ORDER BY uploaded_at, id`,
      [instituteId, cohortId, ids],
    );
  }

  /** An attachment of this institute's cohort, removed or not; null for any other institute or cohort. */
  async findAttachment(instituteId: string, cohortId: string, attachmentId: string): Promise<AttachmentRecord | null> {
    const rows: AttachmentRecord[] = await this.dataSource.query(
      `SELECT ${ATTACHMENT_COLUMNS} FROM capstone_attachments WHERE institute_id = $1 AND cohort_id = $2 AND id = $3`,
      [instituteId, cohortId, attachmentId],
    );
    return rows[0] ?? null;
  }

  /** Marks the attachment removed (the row and file stay: a submitted version may name it). */
  async markAttachmentRemoved(owner: PlanOwner, attachmentId: string): Promise<boolean> {
    const result: [unknown[], number] = await this.dataSource.query(
      `UPDATE capstone_attachments SET removed_at = now()
       WHERE institute_id = $1 AND cohort_id = $2 AND user_id = $3 AND id = $4 AND removed_at IS NULL`,
      [owner.instituteId, owner.cohortId, owner.userId, attachmentId],
    );
    return result[1] > 0;
  }
}
