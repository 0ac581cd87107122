import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CriterionGrade } from '../capstones/domain/capstone.types.js';
import type { ModerationDecisionKind } from './domain/moderation.js';
import type { AllocationStatus } from './entities/peer-review-allocation.entity.js';

export interface ModeratedSubmission {
  id: string;
  authorId: string;
  authorName: string;
  version: number;
  submittedAt: Date;
}

/** One allocation of a submission as staff see it: reviewer named, every status, the review if any. */
export interface StaffAllocationView {
  id: string;
  reviewerId: string;
  reviewerName: string;
  status: AllocationStatus;
  round: number;
  assignedAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  review: {
    criteria: CriterionGrade[];
    submittedAt: Date | null;
    helpfulness: number | null;
    flaggedAt: Date | null;
    flagReason: string | null;
  } | null;
}

export interface FlaggedReview {
  allocationId: string;
  submissionId: string;
  authorId: string;
  reviewerId: string;
  status: AllocationStatus;
  flaggedAt: Date;
  flagReason: string;
}

export interface DecisionEntry {
  id: string;
  allocationId: string;
  decision: ModerationDecisionKind;
  note: string;
  createdByName: string;
  createdAt: Date;
}

export interface OverrideEntry {
  percent: number | null;
  reason: string;
  createdByName: string;
  createdAt: Date;
}

export interface LockedAllocation {
  id: string;
  submissionId: string;
  authorId: string;
  reviewerId: string;
  status: AllocationStatus;
  reviewSubmitted: boolean;
}

/** Moderation's reads and writes of one cohort's peer review; every method takes the institute first. */
@Injectable()
export class PeerReviewModerationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findSubmission(
    instituteId: string,
    cohortId: string,
    submissionId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ModeratedSubmission | null> {
    const [row] = await manager.query<
      { id: string; user_id: string; full_name: string; version: number; submitted_at: Date }[]
    >(
      `SELECT s.id, s.user_id, u.full_name, s.version, s.submitted_at
       FROM capstone_submissions s JOIN users u ON u.id = s.user_id
       WHERE s.institute_id = $1 AND s.cohort_id = $2 AND s.id = $3`,
      [instituteId, cohortId, submissionId],
    );
    return row
      ? {
          id: row.id,
          authorId: row.user_id,
          authorName: row.full_name,
          version: row.version,
          submittedAt: row.submitted_at,
        }
      : null;
  }

  /** Every allocation of a submission, ended ones included, in the order they were made. */
  async listSubmissionAllocations(
    instituteId: string,
    cohortId: string,
    submissionId: string,
  ): Promise<StaffAllocationView[]> {
    const rows = await this.dataSource.query<
      {
        id: string;
        reviewer_id: string;
        full_name: string;
        status: AllocationStatus;
        round: number;
        assigned_at: Date;
        started_at: Date | null;
        ended_at: Date | null;
        criteria: CriterionGrade[] | null;
        submitted_at: Date | null;
        helpfulness: number | null;
        flagged_at: Date | null;
        flag_reason: string | null;
      }[]
    >(
      `SELECT a.id, a.reviewer_id, u.full_name, a.status, a.round, a.assigned_at, a.started_at, a.ended_at,
         r.criteria, r.submitted_at, r.helpfulness, r.flagged_at, r.flag_reason
       FROM peer_review_allocations a JOIN users u ON u.id = a.reviewer_id
       LEFT JOIN peer_reviews r ON r.allocation_id = a.id
       WHERE a.institute_id = $1 AND a.cohort_id = $2 AND a.submission_id = $3
       ORDER BY a.assigned_at, a.id`,
      [instituteId, cohortId, submissionId],
    );
    return rows.map((row) => ({
      id: row.id,
      reviewerId: row.reviewer_id,
      reviewerName: row.full_name,
      status: row.status,
      round: row.round,
      assignedAt: row.assigned_at,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      review:
        row.criteria === null
          ? null
          : {
              criteria: row.criteria,
              submittedAt: row.submitted_at,
              helpfulness: row.helpfulness,
              flaggedAt: row.flagged_at,
              flagReason: row.flag_reason,
            },
    }));
  }

  /** Submitted reviews the author flagged, oldest flag first. */
  async listFlaggedReviews(instituteId: string, cohortId: string): Promise<FlaggedReview[]> {
    const rows = await this.dataSource.query<
      {
        id: string;
        submission_id: string;
        author_id: string;
        reviewer_id: string;
        status: AllocationStatus;
        flagged_at: Date;
        flag_reason: string;
      }[]
    >(
      `SELECT a.id, a.submission_id, a.author_id, a.reviewer_id, a.status, r.flagged_at, r.flag_reason
       FROM peer_review_allocations a JOIN peer_reviews r ON r.allocation_id = a.id
       WHERE a.institute_id = $1 AND a.cohort_id = $2 AND r.flagged_at IS NOT NULL
       ORDER BY r.flagged_at, a.id`,
      [instituteId, cohortId],
    );
    return rows.map((row) => ({
      allocationId: row.id,
      submissionId: row.submission_id,
      authorId: row.author_id,
      reviewerId: row.reviewer_id,
      status: row.status,
      flaggedAt: row.flagged_at,
      flagReason: row.flag_reason,
    }));
  }

  /** Every decision of the cohort with the name of the trainer who made it, oldest first. */
  async listDecisionHistory(instituteId: string, cohortId: string): Promise<DecisionEntry[]> {
    const rows = await this.dataSource.query<
      {
        id: string;
        allocation_id: string;
        decision: ModerationDecisionKind;
        note: string;
        full_name: string | null;
        created_at: Date;
      }[]
    >(
      `SELECT d.id, d.allocation_id, d.decision, d.note, u.full_name, d.created_at
       FROM peer_review_moderation_decisions d LEFT JOIN users u ON u.id = d.created_by
       WHERE d.institute_id = $1 AND d.cohort_id = $2 ORDER BY d.created_at, d.id`,
      [instituteId, cohortId],
    );
    return rows.map((row) => ({
      id: row.id,
      allocationId: row.allocation_id,
      decision: row.decision,
      note: row.note,
      createdByName: row.full_name ?? 'Former staff member',
      createdAt: row.created_at,
    }));
  }

  async insertDecision(
    manager: EntityManager,
    instituteId: string,
    cohortId: string,
    allocationId: string,
    decision: ModerationDecisionKind,
    note: string,
    createdBy: string,
  ): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO peer_review_moderation_decisions (institute_id, cohort_id, allocation_id, decision, note, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [instituteId, cohortId, allocationId, decision, note, createdBy],
    );
    return row.id;
  }

  /** The overrides of one submission's peer score, newest first, with who set them. */
  async listScoreOverrides(instituteId: string, cohortId: string, submissionId: string): Promise<OverrideEntry[]> {
    const rows = await this.dataSource.query<
      { percent: string | null; reason: string; full_name: string | null; created_at: Date }[]
    >(
      `SELECT o.percent, o.reason, u.full_name, o.created_at
       FROM peer_score_overrides o LEFT JOIN users u ON u.id = o.created_by
       WHERE o.institute_id = $1 AND o.cohort_id = $2 AND o.submission_id = $3
       ORDER BY o.created_at DESC, o.id DESC`,
      [instituteId, cohortId, submissionId],
    );
    return rows.map((row) => ({
      percent: row.percent === null ? null : Number(row.percent),
      reason: row.reason,
      createdByName: row.full_name ?? 'Former staff member',
      createdAt: row.created_at,
    }));
  }

  async insertScoreOverride(
    manager: EntityManager,
    instituteId: string,
    cohortId: string,
    submissionId: string,
    percent: number | null,
    reason: string,
    createdBy: string,
  ): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO peer_score_overrides (institute_id, cohort_id, submission_id, percent, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [instituteId, cohortId, submissionId, percent, reason, createdBy],
    );
    return row.id;
  }

  /** Locks one allocation of the cohort for a change; null when the cohort has no such allocation. */
  async lockAllocation(
    manager: EntityManager,
    instituteId: string,
    cohortId: string,
    allocationId: string,
  ): Promise<LockedAllocation | null> {
    const [row] = await manager.query<
      {
        id: string;
        submission_id: string;
        author_id: string;
        reviewer_id: string;
        status: AllocationStatus;
        review_submitted: boolean;
      }[]
    >(
      `SELECT a.id, a.submission_id, a.author_id, a.reviewer_id, a.status,
         EXISTS (SELECT 1 FROM peer_reviews r WHERE r.allocation_id = a.id AND r.submitted_at IS NOT NULL)
           AS review_submitted
       FROM peer_review_allocations a
       WHERE a.institute_id = $1 AND a.cohort_id = $2 AND a.id = $3
       FOR UPDATE OF a`,
      [instituteId, cohortId, allocationId],
    );
    return row
      ? {
          id: row.id,
          submissionId: row.submission_id,
          authorId: row.author_id,
          reviewerId: row.reviewer_id,
          status: row.status,
          reviewSubmitted: row.review_submitted,
        }
      : null;
  }

  /** Ends an allocation that still counts; the row (and its review, if any) stays. False when it had ended. */
  async endAllocation(
    manager: EntityManager,
    instituteId: string,
    allocationId: string,
    status: 'replaced' | 'cancelled',
  ): Promise<boolean> {
    const rows = await manager.query<{ id: string }[]>(
      `WITH ended AS (UPDATE peer_review_allocations SET status = $3, ended_at = clock_timestamp()
       WHERE institute_id = $1 AND id = $2 AND status IN ('assigned', 'started', 'submitted')
       RETURNING id)
       SELECT id FROM ended`,
      [instituteId, allocationId, status],
    );
    return rows.length === 1;
  }

  /** Whether the person reviews the submission already (an allocation that still counts). */
  async hasActiveAllocation(
    manager: EntityManager,
    instituteId: string,
    submissionId: string,
    reviewerId: string,
  ): Promise<boolean> {
    const [row] = await manager.query<{ found: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM peer_review_allocations WHERE institute_id = $1 AND submission_id = $2
         AND reviewer_id = $3 AND status IN ('assigned', 'started', 'submitted')) AS found`,
      [instituteId, submissionId, reviewerId],
    );
    return row.found;
  }

  /** The cohort's enrolled participants, by name: who may be given a review by hand. */
  async listEnrolledParticipants(
    instituteId: string,
    cohortId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ userId: string; fullName: string }[]> {
    const rows = await manager.query<{ id: string; full_name: string }[]>(
      `SELECT u.id, u.full_name FROM enrolments e JOIN users u ON u.id = e.user_id
       WHERE e.institute_id = $1 AND e.cohort_id = $2 AND e.status = 'enrolled'
       ORDER BY u.full_name, u.id`,
      [instituteId, cohortId],
    );
    return rows.map((row) => ({ userId: row.id, fullName: row.full_name }));
  }
}
