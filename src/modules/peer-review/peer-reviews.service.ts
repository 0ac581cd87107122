import { Injectable, Logger } from '@nestjs/common';
import type { RequestViewer } from '../../common/auth/viewer.js';
import { isUuid } from '../../common/ids.js';
import { JobQueue } from '../../infra/queue/job-queue.service.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { requestCertificateEvaluation } from '../certificates/certificate-evaluation.trigger.js';
import { CapstoneContextService, type CapstoneContext } from '../capstones/capstone-context.service.js';
import type { CapstoneDefinition, CriterionGrade } from '../capstones/domain/capstone.types.js';
import { peerReviewWindow, type PeerReviewSettings } from './domain/peer-review-settings.js';
import { peerCriterionScores, type PeerScore } from './domain/peer-scores.js';
import { planLabel, reviewCriteriaFromForm, reviewProblems, type ReviewIntent } from './domain/review-form.js';
import { PeerReviewAllocationService } from './peer-review-allocation.service.js';
import { PeerReviewClosedError, PeerReviewInvalidError, PeerReviewNotFoundError } from './peer-review.errors.js';
import {
  PeerReviewRepository,
  type PeerReviewCohort,
  type ReceivedReview,
  type ReviewerAllocation,
  type ReviewedSubmission,
} from './peer-review.repository.js';

/** A participant's peer review of a cohort: who they are, the settings and the window. */
export interface ParticipantPeerReview {
  context: CapstoneContext;
  userId: string;
  cohort: PeerReviewCohort;
  settings: PeerReviewSettings;
  window: ReturnType<typeof peerReviewWindow>;
}

export interface ReviewToWrite {
  label: string;
  allocation: ReviewerAllocation;
  submission: ReviewedSubmission;
  definition: CapstoneDefinition;
}

export interface ReceivedFeedback {
  definition: CapstoneDefinition;
  /** "Reviewer 1", "Reviewer 2", … in the order the reviews were submitted. */
  reviews: (ReceivedReview & { label: string })[];
  score: PeerScore | null;
}

/**
 * Participants' side of peer review: the reviews they write (anonymous plans, "Plan A"), and the reviews their own
 * plan received (anonymous reviewers, "Reviewer 1"). Nothing here returns the other side's identity.
 */
@Injectable()
export class PeerReviewsService {
  private readonly logger = new Logger(PeerReviewsService.name);

  constructor(
    private readonly contexts: CapstoneContextService,
    private readonly repository: PeerReviewRepository,
    private readonly allocation: PeerReviewAllocationService,
    private readonly audit: AuditRepository,
    private readonly jobs: JobQueue,
  ) {}

  async participant(
    viewer: RequestViewer | null | undefined,
    instituteSlug: string,
    cohortId: string,
  ): Promise<ParticipantPeerReview> {
    const context = await this.contexts.context(viewer, instituteSlug, cohortId);
    if (!context.owner) throw new PeerReviewNotFoundError();
    const { access } = context;
    const cohort: PeerReviewCohort = {
      id: access.cohort.id,
      instituteId: access.institute.id,
      courseVersionId: access.cohort.courseVersionId,
      schedule: access.cohort.schedule,
    };
    const { settings } = await this.allocation.settings(cohort);
    return {
      context,
      userId: context.owner.userId,
      cohort,
      settings,
      window: peerReviewWindow(cohort.schedule, new Date()),
    };
  }

  async myAllocations(
    participant: ParticipantPeerReview,
  ): Promise<{ label: string; allocation: ReviewerAllocation }[]> {
    const rows = await this.repository.listReviewerAllocations(
      participant.cohort.instituteId,
      participant.cohort.id,
      participant.userId,
    );
    return rows.map((allocation, index) => ({ label: planLabel(index), allocation }));
  }

  async reviewToWrite(participant: ParticipantPeerReview, allocationId: string): Promise<ReviewToWrite> {
    // Checked after access, so that an outsider learns nothing from a malformed id either.
    if (!isUuid(allocationId)) throw new PeerReviewNotFoundError();
    const mine = await this.myAllocations(participant);
    const entry = mine.find((row) => row.allocation.id === allocationId);
    if (!entry) throw new PeerReviewNotFoundError();
    const submission = await this.repository.findReviewedSubmission(
      participant.cohort.instituteId,
      entry.allocation.submissionId,
    );
    if (!submission) throw new PeerReviewNotFoundError();
    const { definition } = await this.contexts.course(submission.courseVersionId);
    if (!definition) throw new PeerReviewNotFoundError();
    return { ...entry, submission, definition };
  }

  /**
   * Saves (or submits) the reviewer's review while the window is open. Problems come back with the criteria as
   * typed, nothing saved, so the form shows them again.
   */
  async saveReview(
    participant: ParticipantPeerReview,
    allocationId: string,
    form: Record<string, string>,
    intent: ReviewIntent,
  ): Promise<{ problems: string[]; criteria: CriterionGrade[] }> {
    const target = await this.reviewToWrite(participant, allocationId);
    if (participant.window.state !== 'open')
      throw new PeerReviewClosedError(
        participant.window.state === 'closed'
          ? 'The review window has closed: reviews can no longer change.'
          : 'The review window has not opened yet.',
      );
    const criteria = reviewCriteriaFromForm(target.definition.rubric.criteria, form);
    const submitted = Boolean(target.allocation.review?.submittedAt);
    // A submitted review stays complete: its edits are checked as a submit.
    const effective: ReviewIntent = submitted ? 'submit' : intent;
    const problems = reviewProblems(
      target.definition.rubric.criteria,
      criteria,
      participant.settings.minCommentLength,
      effective,
    );
    if (problems.length > 0) return { problems, criteria };
    await this.repository.transaction(async (manager) => {
      const locked = await this.repository.lockReviewerAllocation(
        manager,
        participant.cohort.instituteId,
        participant.cohort.id,
        participant.userId,
        allocationId,
      );
      if (!locked) throw new PeerReviewNotFoundError();
      await this.repository.saveReview(
        manager,
        participant.cohort.instituteId,
        allocationId,
        criteria,
        effective === 'submit',
      );
      await this.audit.append(manager, {
        instituteId: participant.cohort.instituteId,
        actorUserId: participant.userId,
        action: effective === 'submit' ? 'peer-review.review-submitted' : 'peer-review.review-saved',
        entityType: 'peer-review-allocation',
        entityId: allocationId,
        after: { criteria },
      });
    });
    // A first submission counts towards the reviews the certificate asks for.
    if (effective === 'submit' && !submitted)
      await requestCertificateEvaluation(this.jobs, this.logger, [
        { instituteId: participant.cohort.instituteId, cohortId: participant.cohort.id, userId: participant.userId },
      ]);
    return { problems: [], criteria };
  }

  async feedback(participant: ParticipantPeerReview): Promise<ReceivedFeedback> {
    const received = await this.repository.listReceivedReviews(
      participant.cohort.instituteId,
      participant.cohort.id,
      participant.userId,
    );
    const definition = participant.context.definition;
    const reviews = received.map((review, index) => ({ ...review, label: `Reviewer ${index + 1}` }));
    const score =
      reviews.length === 0
        ? null
        : peerCriterionScores(
            definition.rubric.criteria,
            reviews.map((review) => review.review.criteria),
          );
    return { definition, reviews, score };
  }

  async rate(participant: ParticipantPeerReview, allocationId: string, value: string): Promise<void> {
    if (!isUuid(allocationId)) throw new PeerReviewNotFoundError();
    const helpfulness = Number(value);
    if (!/^[1-5]$/.test(value.trim()) || !Number.isInteger(helpfulness))
      throw new PeerReviewInvalidError('Helpfulness must be a whole number from 1 to 5.');
    await this.repository.transaction(async (manager) => {
      const ok = await this.repository.rateReview(
        manager,
        participant.cohort.instituteId,
        participant.userId,
        allocationId,
        helpfulness,
      );
      if (!ok) throw new PeerReviewNotFoundError();
      await this.audit.append(manager, {
        instituteId: participant.cohort.instituteId,
        actorUserId: participant.userId,
        action: 'peer-review.helpfulness-rated',
        entityType: 'peer-review-allocation',
        entityId: allocationId,
        after: { helpfulness },
      });
    });
  }

  async flag(participant: ParticipantPeerReview, allocationId: string, reason: string): Promise<void> {
    if (!isUuid(allocationId)) throw new PeerReviewNotFoundError();
    const trimmed = reason.trim();
    if (trimmed.length < 5 || trimmed.length > 2000)
      throw new PeerReviewInvalidError('Say why the review is flagged, in 5 to 2000 characters.');
    await this.repository.transaction(async (manager) => {
      const ok = await this.repository.flagReview(
        manager,
        participant.cohort.instituteId,
        participant.userId,
        allocationId,
        trimmed,
      );
      if (!ok) throw new PeerReviewNotFoundError();
      await this.audit.append(manager, {
        instituteId: participant.cohort.instituteId,
        actorUserId: participant.userId,
        action: 'peer-review.flagged',
        entityType: 'peer-review-allocation',
        entityId: allocationId,
        reason: trimmed,
      });
    });
  }
}
