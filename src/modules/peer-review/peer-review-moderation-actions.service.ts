import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isUuid } from '../../common/ids.js';
import { AuditRepository } from '../audit/audit.repository.js';
import {
  allocationEndCheck,
  parseOverridePercent,
  trainerReason,
  type ModerationDecisionKind,
} from './domain/moderation.js';
import { peerReviewWindow } from './domain/peer-review-settings.js';
import { PeerReviewModerationRepository } from './peer-review-moderation.repository.js';
import {
  PeerReviewModerationConflictError,
  PeerReviewModerationInvalidError,
  PeerReviewModerationNotFoundError,
} from './peer-review-moderation.errors.js';
import type { ModerationCohort } from './peer-review-moderation.service.js';
import { PeerReviewRepository } from './peer-review.repository.js';

export interface EndAllocationRequest {
  action: 'cancel' | 'replace';
  /** The replacing reviewer (replace only). */
  reviewerId?: string;
  reason: string | undefined;
  /** The trainer ticked that a started or submitted review ends with it (the review row is kept). */
  confirmed: boolean;
}

const REASON_PROBLEM = 'Give a reason of 5 to 2000 characters: it is kept with the change.';

/**
 * A trainer's moderation changes, each in one transaction with its audit row: decisions on reviews (append-only,
 * newest stands), peer-score overrides (append-only), reviewers added by hand, allocations cancelled or replaced
 * (the row stays, with its status and `ended_at`; a started or submitted review is kept and ends only when confirmed).
 */
@Injectable()
export class PeerReviewModerationActionsService {
  constructor(
    private readonly repository: PeerReviewRepository,
    private readonly moderation: PeerReviewModerationRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** Keeps a submitted review in the scores (dismissing a flag or undoing an exclusion) or excludes it. */
  async decide(
    context: ModerationCohort,
    actorUserId: string,
    allocationId: string,
    decision: string | undefined,
    note: string | undefined,
  ): Promise<{ submissionId: string }> {
    const { cohort } = context;
    if (!isUuid(allocationId)) throw new PeerReviewModerationNotFoundError('No such review in this cohort.');
    if (decision !== 'keep' && decision !== 'exclude')
      throw new PeerReviewModerationInvalidError('Choose a decision: keep the review, or exclude it from scoring.');
    const kind: ModerationDecisionKind = decision;
    const trimmed = trainerReason(note);
    if (!trimmed)
      throw new PeerReviewModerationInvalidError('Write a note of 5 to 2000 characters: it is kept with the decision.');
    return this.repository.transaction(async (manager) => {
      const allocation = await this.moderation.lockAllocation(manager, cohort.instituteId, cohort.id, allocationId);
      if (!allocation) throw new PeerReviewModerationNotFoundError('No such review in this cohort.');
      if (!allocation.reviewSubmitted)
        throw new PeerReviewModerationConflictError(
          'This review has not been submitted: only submitted reviews count, so there is nothing to keep or exclude.',
        );
      const id = await this.moderation.insertDecision(
        manager,
        cohort.instituteId,
        cohort.id,
        allocationId,
        kind,
        trimmed,
        actorUserId,
      );
      await this.audit.append(manager, {
        instituteId: cohort.instituteId,
        actorUserId,
        action: kind === 'exclude' ? 'peer-review.review-excluded' : 'peer-review.review-kept',
        entityType: 'peer-review-allocation',
        entityId: allocationId,
        after: { decisionId: id, decision: kind },
        reason: trimmed,
      });
      return { submissionId: allocation.submissionId };
    });
  }

  /** The trainer's peer score for a plan: a percent, or blank to withdraw it (the medians stand again). */
  async overrideScore(
    context: ModerationCohort,
    actorUserId: string,
    submissionId: string,
    percentText: string | undefined,
    reason: string | undefined,
  ): Promise<void> {
    const { cohort } = context;
    const parsed = parseOverridePercent(percentText ?? '');
    if (!parsed.ok) throw new PeerReviewModerationInvalidError(parsed.problem);
    const trimmed = trainerReason(reason);
    if (!trimmed) throw new PeerReviewModerationInvalidError(REASON_PROBLEM);
    await this.repository.transaction(async (manager) => {
      await this.requireSubmission(manager, context, submissionId);
      const id = await this.moderation.insertScoreOverride(
        manager,
        cohort.instituteId,
        cohort.id,
        submissionId,
        parsed.percent,
        trimmed,
        actorUserId,
      );
      await this.audit.append(manager, {
        instituteId: cohort.instituteId,
        actorUserId,
        action: parsed.percent === null ? 'peer-review.score-override-withdrawn' : 'peer-review.score-overridden',
        entityType: 'capstone-submission',
        entityId: submissionId,
        after: { overrideId: id, percent: parsed.percent },
        reason: trimmed,
      });
    });
  }

  /** Gives the plan one more reviewer, chosen by the trainer among the cohort's participants. */
  async addReviewer(
    context: ModerationCohort,
    actorUserId: string,
    submissionId: string,
    reviewerId: string | undefined,
    reason: string | undefined,
  ): Promise<string> {
    const { cohort } = context;
    const trimmed = trainerReason(reason);
    if (!trimmed) throw new PeerReviewModerationInvalidError(REASON_PROBLEM);
    return this.repository.transaction(async (manager) => {
      await this.repository.lockCohortAllocation(manager, cohort.id);
      const submission = await this.requireSubmission(manager, context, submissionId);
      const allocationId = await this.allocate(manager, context, submission, reviewerId);
      await this.audit.append(manager, {
        instituteId: cohort.instituteId,
        actorUserId,
        action: 'peer-review.reviewer-added',
        entityType: 'peer-review-allocation',
        entityId: allocationId,
        after: { submissionId, reviewerId },
        reason: trimmed,
      });
      return allocationId;
    });
  }

  /** Cancels an allocation, or replaces its reviewer; the row stays with its status and `ended_at`. */
  async endAllocation(
    context: ModerationCohort,
    actorUserId: string,
    allocationId: string,
    request: EndAllocationRequest,
  ): Promise<{ submissionId: string; replacementId: string | null }> {
    const { cohort } = context;
    if (!isUuid(allocationId)) throw new PeerReviewModerationNotFoundError('No such allocation in this cohort.');
    const trimmed = trainerReason(request.reason);
    if (!trimmed) throw new PeerReviewModerationInvalidError(REASON_PROBLEM);
    return this.repository.transaction(async (manager) => {
      await this.repository.lockCohortAllocation(manager, cohort.id);
      const allocation = await this.moderation.lockAllocation(manager, cohort.instituteId, cohort.id, allocationId);
      if (!allocation) throw new PeerReviewModerationNotFoundError('No such allocation in this cohort.');
      const check = allocationEndCheck(allocation.status, request.confirmed);
      if (check === 'already-ended')
        throw new PeerReviewModerationConflictError(`This allocation was already ${allocation.status}.`);
      if (check === 'needs-confirmation')
        throw new PeerReviewModerationInvalidError(
          `The reviewer has ${allocation.status === 'submitted' ? 'submitted' : 'started'} this review: tick the box to confirm that it ends (the review is kept, but no longer counts).`,
        );
      const status = request.action === 'replace' ? 'replaced' : 'cancelled';
      // A refused replacement (the author, a duplicate) throws below and rolls the ending back with it.
      const submission = await this.requireSubmission(manager, context, allocation.submissionId);
      if (request.action === 'replace' && request.reviewerId === allocation.reviewerId)
        throw new PeerReviewModerationConflictError('Choose someone else: this person is the reviewer being replaced.');
      await this.moderation.endAllocation(manager, cohort.instituteId, allocationId, status);
      const replacementId =
        request.action === 'replace' ? await this.allocate(manager, context, submission, request.reviewerId) : null;
      await this.audit.append(manager, {
        instituteId: cohort.instituteId,
        actorUserId,
        action: request.action === 'replace' ? 'peer-review.allocation-replaced' : 'peer-review.allocation-cancelled',
        entityType: 'peer-review-allocation',
        entityId: allocationId,
        before: { status: allocation.status, reviewerId: allocation.reviewerId },
        after: {
          status,
          replacementId,
          replacementReviewerId: request.action === 'replace' ? request.reviewerId : null,
        },
        reason: trimmed,
      });
      return { submissionId: allocation.submissionId, replacementId };
    });
  }

  private async requireSubmission(manager: EntityManager, context: ModerationCohort, submissionId: string) {
    if (!isUuid(submissionId)) throw new PeerReviewModerationNotFoundError('No such plan in this cohort.');
    const submission = await this.moderation.findSubmission(
      context.cohort.instituteId,
      context.cohort.id,
      submissionId,
      manager,
    );
    if (!submission) throw new PeerReviewModerationNotFoundError('No such plan in this cohort.');
    return submission;
  }

  /** A new allocation of the plan to a participant of the cohort who is not its author and not already on it. */
  private async allocate(
    manager: EntityManager,
    context: ModerationCohort,
    submission: { id: string; authorId: string; authorName: string },
    reviewerId: string | undefined,
  ): Promise<string> {
    const { cohort } = context;
    if (!reviewerId || !isUuid(reviewerId))
      throw new PeerReviewModerationInvalidError('Choose the participant who is to review this plan.');
    const participants = await this.moderation.listEnrolledParticipants(cohort.instituteId, cohort.id, manager);
    const reviewer = participants.find((person) => person.userId === reviewerId);
    if (reviewerId === submission.authorId)
      throw new PeerReviewModerationInvalidError(
        `${submission.authorName} wrote this plan: nobody reviews their own plan. Choose another participant.`,
      );
    if (!reviewer)
      throw new PeerReviewModerationInvalidError('The chosen reviewer is not a participant enrolled in this cohort.');
    if (await this.moderation.hasActiveAllocation(manager, cohort.instituteId, submission.id, reviewerId))
      throw new PeerReviewModerationConflictError(`${reviewer.fullName} already reviews this plan.`);
    const round = await this.repository.nextRound(manager, cohort.instituteId, cohort.id);
    const dueAt = peerReviewWindow(cohort.schedule, new Date()).closesAt;
    return this.insertOne(manager, context, round, dueAt, submission, reviewerId, reviewer.fullName);
  }

  /** The unique index on active (submission, reviewer) pairs is the last word: a race ends in the same 409. */
  private async insertOne(
    manager: EntityManager,
    context: ModerationCohort,
    round: number,
    dueAt: Date,
    submission: { id: string; authorId: string },
    reviewerId: string,
    reviewerName: string,
  ): Promise<string> {
    try {
      const [id] = await this.repository.insertAllocations(
        manager,
        context.cohort.instituteId,
        context.cohort.id,
        round,
        dueAt,
        [{ submissionId: submission.id, authorId: submission.authorId, reviewerId }],
      );
      return id;
    } catch (error) {
      const failure = error as { code?: string; driverError?: { code?: string } };
      if ((failure.driverError?.code ?? failure.code) === '23505')
        throw new PeerReviewModerationConflictError(`${reviewerName} already reviews this plan.`);
      throw error;
    }
  }
}
