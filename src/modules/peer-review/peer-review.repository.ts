import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CriterionGrade, PlanContent } from '../capstones/domain/capstone.types.js';
import type { PeerReviewSettingsOverride } from './domain/peer-review-settings.js';
import type { AllocationEndReason, AllocationStatus } from './entities/peer-review-allocation.entity.js';

/** The submission a participant has up for review: the version already allocated, else their latest. */
export interface ReviewableSubmission {
  submissionId: string;
  authorId: string;
  submittedAt: Date;
  /** The organization on the author's enrolment (staff only: never shown to reviewers). */
  organization: string | null;
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
  endReason: AllocationEndReason | null;
}

/** A cohort as peer review needs it. */
export interface PeerReviewCohort {
  id: string;
  instituteId: string;
  courseVersionId: string;
  schedule: { capstoneDueAt: string; peerReviewDueAt: string };
}

/** An allocation as its reviewer sees it: never the author (only the submission's content, by the service). */
export interface ReviewerAllocation {
  id: string;
  status: AllocationStatus;
  submissionId: string;
  assignedAt: Date;
  review: StoredReview | null;
}

export interface StoredReview {
  criteria: CriterionGrade[];
  submittedAt: Date | null;
  updatedAt: Date;
  helpfulness: number | null;
  flaggedAt: Date | null;
  flagReason: string | null;
}

/** A submitted review of the author's plan, as the author may see it (no reviewer). */
export interface ReceivedReview {
  allocationId: string;
  submissionId: string;
  review: StoredReview;
}

export interface ReviewedSubmission {
  courseVersionId: string;
  content: PlanContent;
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
    const rows = await manager.query<
      { submission_id: string; user_id: string; submitted_at: Date; organization: string | null }[]
    >(
      `SELECT DISTINCT ON (s.user_id) s.id AS submission_id, s.user_id, s.submitted_at, e.organization
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
      organization: row.organization,
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
        end_reason: AllocationEndReason | null;
      }[]
    >(
      `SELECT a.id, a.submission_id, a.author_id, a.reviewer_id, a.status, a.round, a.assigned_at, a.started_at,
         r.submitted_at AS review_submitted_at, a.end_reason
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
      endReason: row.end_reason,
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

  /** Ends allocations that no longer count (a stalled or departed reviewer); the rows and any draft stay. */
  async endAllocations(
    manager: EntityManager,
    instituteId: string,
    ended: { allocationId: string; reason: AllocationEndReason }[],
    status: 'replaced' | 'cancelled',
  ): Promise<number> {
    if (ended.length === 0) return 0;
    const rows = await manager.query<{ id: string }[]>(
      `UPDATE peer_review_allocations a SET status = $2, ended_at = clock_timestamp(), end_reason = t.reason
       FROM unnest($3::uuid[], $4::text[]) AS t(id, reason)
       WHERE a.institute_id = $1 AND a.id = t.id AND a.status IN ('assigned', 'started')
       RETURNING a.id`,
      [instituteId, status, ended.map((row) => row.allocationId), ended.map((row) => row.reason)],
    );
    return rows.length;
  }

  /** What a mail about a cohort names: its title and institute. */
  async findCohortLabels(
    instituteId: string,
    cohortId: string,
  ): Promise<{ title: string; instituteSlug: string; instituteName: string } | null> {
    const [row] = await this.dataSource.query<{ title: string; slug: string; name: string }[]>(
      `SELECT c.title, i.slug, i.name FROM cohorts c JOIN institutes i ON i.id = c.institute_id
       WHERE c.institute_id = $1 AND c.id = $2`,
      [instituteId, cohortId],
    );
    return row ? { title: row.title, instituteSlug: row.slug, instituteName: row.name } : null;
  }

  /** The trainers of a cohort and their addresses, for mails about its peer review. */
  async listCohortTrainers(
    instituteId: string,
    cohortId: string,
  ): Promise<{ email: string; fullName: string; preferredLanguage: string }[]> {
    const rows = await this.dataSource.query<{ email: string; full_name: string; preferred_language: string }[]>(
      `SELECT u.email, u.full_name, u.preferred_language FROM cohort_trainers t JOIN users u ON u.id = t.user_id
       WHERE t.institute_id = $1 AND t.cohort_id = $2 ORDER BY u.email`,
      [instituteId, cohortId],
    );
    return rows.map((row) => ({
      email: row.email,
      fullName: row.full_name,
      preferredLanguage: row.preferred_language,
    }));
  }

  /**
   * Records that the trainers were told of this state of the cohort (`signature`); false when they already were, so
   * a repeated check mails nothing new. Meant to share a transaction with the sending: a failed send takes it back.
   */
  async recordTrainerNotice(
    manager: EntityManager,
    instituteId: string,
    cohortId: string,
    signature: string,
    summary: object,
  ): Promise<boolean> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO peer_review_trainer_notices (institute_id, cohort_id, signature, summary) VALUES ($1, $2, $3, $4)
       ON CONFLICT (cohort_id, signature) DO NOTHING RETURNING id`,
      [instituteId, cohortId, signature, JSON.stringify(summary)],
    );
    return rows.length === 1;
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

  /** The reviewer's allocations that still count (not replaced or cancelled), in the order they were given. */
  async listReviewerAllocations(
    instituteId: string,
    cohortId: string,
    reviewerId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ReviewerAllocation[]> {
    const rows = await manager.query<
      (ReviewRow & { id: string; status: AllocationStatus; submission_id: string; assigned_at: Date })[]
    >(
      `SELECT a.id, a.status, a.submission_id, a.assigned_at, ${REVIEW_COLUMNS}
       FROM peer_review_allocations a LEFT JOIN peer_reviews r ON r.allocation_id = a.id
       WHERE a.institute_id = $1 AND a.cohort_id = $2 AND a.reviewer_id = $3 AND a.status IN ${ACTIVE}
       ORDER BY a.assigned_at, a.id`,
      [instituteId, cohortId, reviewerId],
    );
    return rows.map((row) => ({
      id: row.id,
      status: row.status,
      submissionId: row.submission_id,
      assignedAt: row.assigned_at,
      review: reviewOf(row),
    }));
  }

  /** The names of both sides of allocations, for cohorts whose anonymity setting lets one side see the other. */
  async listPartyNames(
    instituteId: string,
    cohortId: string,
    allocationIds: string[],
  ): Promise<Map<string, { authorName: string; reviewerName: string }>> {
    if (allocationIds.length === 0) return new Map();
    const rows = await this.dataSource.query<{ id: string; author_name: string; reviewer_name: string }[]>(
      `SELECT a.id, author.full_name AS author_name, reviewer.full_name AS reviewer_name
       FROM peer_review_allocations a
       JOIN users author ON author.id = a.author_id JOIN users reviewer ON reviewer.id = a.reviewer_id
       WHERE a.institute_id = $1 AND a.cohort_id = $2 AND a.id = ANY($3::uuid[])`,
      [instituteId, cohortId, allocationIds],
    );
    return new Map(rows.map((row) => [row.id, { authorName: row.author_name, reviewerName: row.reviewer_name }]));
  }

  /** Whether any review (draft or submitted) or calibration example of the cohort is written against its rubric. */
  async rubricInUse(manager: EntityManager, instituteId: string, cohortId: string): Promise<boolean> {
    const [row] = await manager.query<{ used: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM peer_reviews r JOIN peer_review_allocations a ON a.id = r.allocation_id
                      WHERE a.institute_id = $1 AND a.cohort_id = $2)
           OR EXISTS (SELECT 1 FROM peer_review_calibration_examples e WHERE e.institute_id = $1 AND e.cohort_id = $2)
         AS used`,
      [instituteId, cohortId],
    );
    return row.used;
  }

  async countTakenBack(instituteId: string, cohortId: string, reviewerId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM peer_review_allocations
       WHERE institute_id = $1 AND cohort_id = $2 AND reviewer_id = $3 AND end_reason = 'not-started'`,
      [instituteId, cohortId, reviewerId],
    );
    return row.count;
  }

  /** Locks the reviewer's allocation for a save; null when it is not theirs or no longer counts. */
  async lockReviewerAllocation(
    manager: EntityManager,
    instituteId: string,
    cohortId: string,
    reviewerId: string,
    allocationId: string,
  ): Promise<{ id: string; status: AllocationStatus } | null> {
    const [row] = await manager.query<{ id: string; status: AllocationStatus }[]>(
      `SELECT id, status FROM peer_review_allocations
       WHERE institute_id = $1 AND cohort_id = $2 AND reviewer_id = $3 AND id = $4 AND status IN ${ACTIVE}
       FOR UPDATE`,
      [instituteId, cohortId, reviewerId, allocationId],
    );
    return row ?? null;
  }

  async findReviewedSubmission(instituteId: string, submissionId: string): Promise<ReviewedSubmission | null> {
    const [row] = await this.dataSource.query<{ course_version_id: string; content: PlanContent }[]>(
      `SELECT course_version_id, content FROM capstone_submissions WHERE institute_id = $1 AND id = $2`,
      [instituteId, submissionId],
    );
    return row ? { courseVersionId: row.course_version_id, content: row.content } : null;
  }

  /** Writes the review; the first save starts the allocation and a submit marks it submitted (kept on later edits). */
  async saveReview(
    manager: EntityManager,
    instituteId: string,
    allocationId: string,
    criteria: CriterionGrade[],
    submit: boolean,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO peer_reviews (allocation_id, institute_id, criteria, submitted_at)
       VALUES ($2, $1, $3, CASE WHEN $4 THEN clock_timestamp() END)
       ON CONFLICT (allocation_id) DO UPDATE SET criteria = EXCLUDED.criteria, updated_at = clock_timestamp(),
         submitted_at = COALESCE(peer_reviews.submitted_at, EXCLUDED.submitted_at)`,
      [instituteId, allocationId, JSON.stringify(criteria), submit],
    );
    await manager.query(
      `UPDATE peer_review_allocations SET started_at = COALESCE(started_at, clock_timestamp()),
         status = CASE WHEN $3 OR status = 'submitted' THEN 'submitted' ELSE 'started' END
       WHERE institute_id = $1 AND id = $2`,
      [instituteId, allocationId, submit],
    );
  }

  /** Submitted reviews of the author's plans, in the order they were submitted. */
  async listReceivedReviews(
    instituteId: string,
    cohortId: string,
    authorId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ReceivedReview[]> {
    const rows = await manager.query<(ReviewRow & { id: string; submission_id: string })[]>(
      `SELECT a.id, a.submission_id, ${REVIEW_COLUMNS}
       FROM peer_review_allocations a JOIN peer_reviews r ON r.allocation_id = a.id
       WHERE a.institute_id = $1 AND a.cohort_id = $2 AND a.author_id = $3 AND a.status = 'submitted'
         AND r.submitted_at IS NOT NULL
       ORDER BY r.submitted_at, a.id`,
      [instituteId, cohortId, authorId],
    );
    return rows.map((row) => ({ allocationId: row.id, submissionId: row.submission_id, review: reviewOf(row)! }));
  }

  /** The author's rating of a review of their plan; false when the review is not one of theirs. */
  async rateReview(
    manager: EntityManager,
    instituteId: string,
    authorId: string,
    allocationId: string,
    helpfulness: number,
  ): Promise<boolean> {
    const rows = await manager.query<{ allocation_id: string }[]>(
      `WITH changed AS (UPDATE peer_reviews r SET helpfulness = $4, helpfulness_at = clock_timestamp()
       FROM peer_review_allocations a
       WHERE a.id = r.allocation_id AND a.institute_id = $1 AND a.author_id = $2 AND a.id = $3
         AND r.submitted_at IS NOT NULL
       RETURNING r.allocation_id)
       SELECT allocation_id FROM changed`,
      [instituteId, authorId, allocationId, helpfulness],
    );
    return rows.length === 1;
  }

  /** The first flag stands (the trainer reads what the author said first; later flags add nothing). */
  async flagReview(
    manager: EntityManager,
    instituteId: string,
    authorId: string,
    allocationId: string,
    reason: string,
  ): Promise<boolean> {
    const rows = await manager.query<{ allocation_id: string }[]>(
      `WITH changed AS (UPDATE peer_reviews r
       SET flagged_at = COALESCE(r.flagged_at, clock_timestamp()), flag_reason = COALESCE(r.flag_reason, $4)
       FROM peer_review_allocations a
       WHERE a.id = r.allocation_id AND a.institute_id = $1 AND a.author_id = $2 AND a.id = $3
         AND r.submitted_at IS NOT NULL
       RETURNING r.allocation_id)
       SELECT allocation_id FROM changed`,
      [instituteId, authorId, allocationId, reason],
    );
    return rows.length === 1;
  }

  /** Every submitted review of the cohort with its submission, author and reviewer (for scores; staff-side only). */
  async listSubmittedReviews(
    instituteId: string,
    cohortId: string,
  ): Promise<
    { allocationId: string; submissionId: string; authorId: string; reviewerId: string; criteria: CriterionGrade[] }[]
  > {
    const rows = await this.dataSource.query<
      { id: string; submission_id: string; author_id: string; reviewer_id: string; criteria: CriterionGrade[] }[]
    >(
      `SELECT a.id, a.submission_id, a.author_id, a.reviewer_id, r.criteria
       FROM peer_review_allocations a JOIN peer_reviews r ON r.allocation_id = a.id
       WHERE a.institute_id = $1 AND a.cohort_id = $2 AND a.status = 'submitted' AND r.submitted_at IS NOT NULL
       ORDER BY r.submitted_at, a.id`,
      [instituteId, cohortId],
    );
    return rows.map((row) => ({
      allocationId: row.id,
      submissionId: row.submission_id,
      authorId: row.author_id,
      reviewerId: row.reviewer_id,
      criteria: row.criteria,
    }));
  }

  /** The newest trainer override per submission (null: withdrawn). */
  async listLatestScoreOverrides(instituteId: string, cohortId: string): Promise<Map<string, number | null>> {
    const rows = await this.dataSource.query<{ submission_id: string; percent: string | null }[]>(
      `SELECT DISTINCT ON (submission_id) submission_id, percent FROM peer_score_overrides
       WHERE institute_id = $1 AND cohort_id = $2 ORDER BY submission_id, created_at DESC, id DESC`,
      [instituteId, cohortId],
    );
    return new Map(rows.map((row) => [row.submission_id, row.percent === null ? null : Number(row.percent)]));
  }

  async findSubmissionAuthor(instituteId: string, submissionId: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ user_id: string }[]>(
      `SELECT user_id FROM capstone_submissions WHERE institute_id = $1 AND id = $2`,
      [instituteId, submissionId],
    );
    return row?.user_id ?? null;
  }

  /** Trainers' moderation decisions of a cohort, oldest first (`standingDecisions`: the newest on a review stands). */
  async listModerationDecisions(
    instituteId: string,
    cohortId: string,
  ): Promise<{ allocationId: string; decision: 'keep' | 'exclude'; createdAt: Date }[]> {
    const rows = await this.dataSource.query<
      { allocation_id: string; decision: 'keep' | 'exclude'; created_at: Date }[]
    >(
      `SELECT allocation_id, decision, created_at FROM peer_review_moderation_decisions
       WHERE institute_id = $1 AND cohort_id = $2 ORDER BY created_at, id`,
      [instituteId, cohortId],
    );
    return rows.map((row) => ({ allocationId: row.allocation_id, decision: row.decision, createdAt: row.created_at }));
  }
}

interface ReviewRow {
  criteria: CriterionGrade[] | null;
  submitted_at: Date | null;
  updated_at: Date | null;
  helpfulness: number | null;
  flagged_at: Date | null;
  flag_reason: string | null;
}

const REVIEW_COLUMNS = `r.criteria, r.submitted_at, r.updated_at, r.helpfulness, r.flagged_at, r.flag_reason`;

function reviewOf(row: ReviewRow): StoredReview | null {
  if (row.criteria === null) return null;
  return {
    criteria: row.criteria,
    submittedAt: row.submitted_at,
    updatedAt: row.updated_at!,
    helpfulness: row.helpfulness,
    flaggedAt: row.flagged_at,
    flagReason: row.flag_reason,
  };
}
