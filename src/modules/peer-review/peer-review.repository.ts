import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { PeerReviewSettingsOverride } from './domain/peer-review-settings.js';
import type { AllocationStatus } from './entities/peer-review-allocation.entity.js';

/** The submission a participant has up for review: the version already allocated, else their latest. */
export interface ReviewableSubmission {
  submissionId: string;
  authorId: string;
  submittedAt: Date;
}

export interface AllocationRow {
  id: string;
  submissionId: string;
  authorId: string;
  reviewerId: string;
  status: AllocationStatus;
  round: number;
  assignedAt: Date;
  startedAt: Date | null;
  reviewSubmittedAt: Date | null;
}

/** A cohort as peer review needs it. */
export interface PeerReviewCohort {
  id: string;
  instituteId: string;
  courseVersionId: string;
  schedule: { capstoneDueAt: string; peerReviewDueAt: string };
}

const ACTIVE = `('assigned', 'started', 'submitted')`;

/** Peer-review rows of one cohort; every method takes the institute first and filters on it. */
@Injectable()
export class PeerReviewRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Serialises allocation runs of one cohort until the transaction ends. */
  async lockCohortAllocation(manager: EntityManager, cohortId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('peer-review-allocate:' || $1, 0))`, [cohortId]);
  }

  /** The cohort fields an allocation run needs (the job carries ids only); null when not in the institute. */
  async findCohort(instituteId: string, cohortId: string): Promise<PeerReviewCohort | null> {
    const [row] = await this.dataSource.query<
      { id: string; institute_id: string; course_version_id: string; schedule: PeerReviewCohort['schedule'] }[]
    >(`SELECT id, institute_id, course_version_id, schedule FROM cohorts WHERE institute_id = $1 AND id = $2`, [
      instituteId,
      cohortId,
    ]);
    return row
      ? { id: row.id, instituteId: row.institute_id, courseVersionId: row.course_version_id, schedule: row.schedule }
      : null;
  }

  /** Names of the people of a cohort, for its staff pages only (never for participants: reviews are anonymous). */
  async listPeopleNames(instituteId: string, cohortId: string): Promise<Map<string, string>> {
    const rows = await this.dataSource.query<{ id: string; full_name: string }[]>(
      `SELECT DISTINCT u.id, u.full_name FROM enrolments e
       JOIN cohorts c ON c.id = e.cohort_id JOIN users u ON u.id = e.user_id
       WHERE c.institute_id = $1 AND e.cohort_id = $2`,
      [instituteId, cohortId],
    );
    return new Map(rows.map((row) => [row.id, row.full_name]));
  }

  async findSettingsOverride(
    instituteId: string,
    cohortId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PeerReviewSettingsOverride | null> {
    const [row] = await manager.query<{ settings: PeerReviewSettingsOverride }[]>(
      `SELECT settings FROM cohort_peer_review_settings WHERE institute_id = $1 AND cohort_id = $2`,
      [instituteId, cohortId],
    );
    return row?.settings ?? null;
  }

  async saveSettingsOverride(
    manager: EntityManager,
    instituteId: string,
    cohortId: string,
    settings: PeerReviewSettingsOverride,
    userId: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO cohort_peer_review_settings (cohort_id, institute_id, settings, updated_by)
       VALUES ($2, $1, $3, $4)
       ON CONFLICT (cohort_id) DO UPDATE SET settings = EXCLUDED.settings, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [instituteId, cohortId, JSON.stringify(settings), userId],
    );
  }

  /**
   * One submission per enrolled participant who submitted: the version reviewers were already given (so a
   * resubmission does not restart its reviews), else the latest version.
   */
  async listReviewableSubmissions(
    manager: EntityManager,
    instituteId: string,
    cohortId: string,
  ): Promise<ReviewableSubmission[]> {
    const rows = await manager.query<{ submission_id: string; user_id: string; submitted_at: Date }[]>(
      `SELECT DISTINCT ON (s.user_id) s.id AS submission_id, s.user_id, s.submitted_at
       FROM capstone_submissions s
       JOIN enrolments e ON e.cohort_id = s.cohort_id AND e.user_id = s.user_id AND e.status = 'enrolled'
       WHERE s.institute_id = $1 AND s.cohort_id = $2
       ORDER BY s.user_id,
         EXISTS (SELECT 1 FROM peer_review_allocations a WHERE a.submission_id = s.id) DESC,
         s.version DESC`,
      [instituteId, cohortId],
    );
    return rows.map((row) => ({
      submissionId: row.submission_id,
      authorId: row.user_id,
      submittedAt: row.submitted_at,
    }));
  }

  async listAllocations(
    instituteId: string,
    cohortId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AllocationRow[]> {
    const rows = await manager.query<
      {
        id: string;
        submission_id: string;
        author_id: string;
        reviewer_id: string;
        status: AllocationStatus;
        round: number;
        assigned_at: Date;
        started_at: Date | null;
        review_submitted_at: Date | null;
      }[]
    >(
      `SELECT a.id, a.submission_id, a.author_id, a.reviewer_id, a.status, a.round, a.assigned_at, a.started_at,
         r.submitted_at AS review_submitted_at
       FROM peer_review_allocations a LEFT JOIN peer_reviews r ON r.allocation_id = a.id
       WHERE a.institute_id = $1 AND a.cohort_id = $2
       ORDER BY a.assigned_at, a.id`,
      [instituteId, cohortId],
    );
    return rows.map((row) => ({
      id: row.id,
      submissionId: row.submission_id,
      authorId: row.author_id,
      reviewerId: row.reviewer_id,
      status: row.status,
      round: row.round,
      assignedAt: row.assigned_at,
      startedAt: row.started_at,
      reviewSubmittedAt: row.review_submitted_at,
    }));
  }

  async listActiveAllocationPairs(
    manager: EntityManager,
    instituteId: string,
    cohortId: string,
  ): Promise<{ submissionId: string; reviewerId: string }[]> {
    const rows = await manager.query<{ submission_id: string; reviewer_id: string }[]>(
      `SELECT submission_id, reviewer_id FROM peer_review_allocations
       WHERE institute_id = $1 AND cohort_id = $2 AND status IN ${ACTIVE}`,
      [instituteId, cohortId],
    );
    return rows.map((row) => ({ submissionId: row.submission_id, reviewerId: row.reviewer_id }));
  }

  async nextRound(manager: EntityManager, instituteId: string, cohortId: string): Promise<number> {
    const [row] = await manager.query<{ round: number }[]>(
      `SELECT COALESCE(max(round), 0)::int + 1 AS round FROM peer_review_allocations
       WHERE institute_id = $1 AND cohort_id = $2`,
      [instituteId, cohortId],
    );
    return row.round;
  }

  async insertAllocations(
    manager: EntityManager,
    instituteId: string,
    cohortId: string,
    round: number,
    dueAt: Date,
    rows: { submissionId: string; authorId: string; reviewerId: string }[],
  ): Promise<string[]> {
    if (rows.length === 0) return [];
    const inserted = await manager.query<{ id: string }[]>(
      `INSERT INTO peer_review_allocations (institute_id, cohort_id, submission_id, author_id, reviewer_id, round, due_at)
       SELECT $1, $2, t.submission_id, t.author_id, t.reviewer_id, $3, $4
       FROM unnest($5::uuid[], $6::uuid[], $7::uuid[]) AS t(submission_id, author_id, reviewer_id)
       RETURNING id`,
      [
        instituteId,
        cohortId,
        round,
        dueAt,
        rows.map((row) => row.submissionId),
        rows.map((row) => row.authorId),
        rows.map((row) => row.reviewerId),
      ],
    );
    return inserted.map((row) => row.id);
  }
}
