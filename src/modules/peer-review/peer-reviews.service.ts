import { Injectable, Logger } from '@nestjs/common';
import type { RequestViewer } from '../../common/auth/viewer.js';
import { isUuid } from '../../common/ids.js';
import { JobQueue } from '../../infra/queue/job-queue.service.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { requestCertificateEvaluation } from '../certificates/certificate-evaluation.trigger.js';
import { requestNotification } from '../notifications/notification-queue.js';
import { CapstoneContextService, type CapstoneContext } from '../capstones/capstone-context.service.js';
import type { CapstoneDefinition, CriterionGrade } from '../capstones/domain/capstone.types.js';
import {
  anonymityRules,
  peerReviewWindow,
  withPeerRubric,
  type PeerReviewSettings,
} from './domain/peer-review-settings.js';
import { excludedReviewIds } from './domain/moderation.js';
import { peerCriterionScores, type PeerScore } from './domain/peer-scores.js';
import { planLabel, reviewCriteriaFromForm, reviewProblems, type ReviewIntent } from './domain/review-form.js';
import type { CalibrationStatus } from './domain/calibration.js';
import { hasPeerScore, type PeerScoreState } from './domain/stalls.js';
import { PeerReviewAllocationService } from './peer-review-allocation.service.js';
import { PeerReviewGradesService } from './peer-review-grades.service.js';
import { PeerReviewCalibrationGate } from './peer-review-calibration-gate.service.js';
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
  /** Null under double-blind review. */
  authorName: string | null;
  allocation: ReviewerAllocation;
  submission: ReviewedSubmission;
  definition: CapstoneDefinition;
}

export interface ReceivedFeedback {
  definition: CapstoneDefinition;
  /** "Reviewer 1", "Reviewer 2", … in the order the reviews were submitted. */
  /** `excluded`: a trainer set the review aside; it counts for nothing. */
  reviews: (ReceivedReview & { label: string; reviewerName: string | null; excluded: boolean })[];
  /** The median score of the reviews, once the plan can be scored (k reviews, or its time is up). */
  score: PeerScore | null;
  /** Where the plan stands: null when it is not up for review (not submitted, or no longer enrolled). */
  status: {
    state: PeerScoreState;
    /** When a plan still short of reviews will be scored on what it has. */
    scoreFrom: Date | null;
    submittedReviews: number;
    reviewsPerSubmission: number;
    /** The trainer's peer score, when one stands. */
    trainerPercent: number | null;
  } | null;
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
    private readonly grades: PeerReviewGradesService,
    private readonly audit: AuditRepository,
    private readonly calibration: PeerReviewCalibrationGate,
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
      // Everything peer review shows and scores uses the rubric the settings choose.
      context: context.definition ? { ...context, definition: withPeerRubric(context.definition, settings) } : context,
      userId: context.owner.userId,
      cohort,
      settings,
      window: peerReviewWindow(cohort.schedule, new Date()),
    };
  }

  /** How many plans were taken back from this reviewer because they had not started them in time. */
  async takenBack(participant: ParticipantPeerReview): Promise<number> {
    return this.repository.countTakenBack(participant.cohort.instituteId, participant.cohort.id, participant.userId);
  }

  /** Where the participant stands with calibration (pending: their reviews stay closed to them). */
  calibrationStatus(participant: ParticipantPeerReview): Promise<CalibrationStatus> {
    return this.calibration.status(participant);
  }

  private pathOf(participant: ParticipantPeerReview): string {
    const { access } = participant.context;
    return `/i/${access.institute.slug}/cohorts/${access.cohort.id}/peer-review`;
  }

  /** The plans the participant reviews, as "Plan A", …, with the author's name only when anonymity allows it. */
  async myAllocations(
    participant: ParticipantPeerReview,
  ): Promise<{ label: string; authorName: string | null; allocation: ReviewerAllocation }[]> {
    const { cohort } = participant;
    const rows = await this.repository.listReviewerAllocations(cohort.instituteId, cohort.id, participant.userId);
    const names = anonymityRules(participant.settings.anonymity).reviewerSeesAuthor
      ? await this.repository.listPartyNames(
          cohort.instituteId,
          cohort.id,
          rows.map((row) => row.id),
        )
      : new Map<string, { authorName: string }>();
    return rows.map((allocation, index) => ({
      label: planLabel(index),
      authorName: names.get(allocation.id)?.authorName ?? null,
      allocation,
    }));
  }

  async reviewToWrite(participant: ParticipantPeerReview, allocationId: string): Promise<ReviewToWrite> {
    // Checked after access, so that an outsider learns nothing from a malformed id either.
    if (!isUuid(allocationId)) throw new PeerReviewNotFoundError();
    const mine = await this.myAllocations(participant);
    const entry = mine.find((row) => row.allocation.id === allocationId);
    if (!entry) throw new PeerReviewNotFoundError();
    // Every way to open or save a review passes here: the calibration gate is enforced on the server, not by links.
    await this.calibration.assertMayReview(participant, `${this.pathOf(participant)}/calibrate`);
    const submission = await this.repository.findReviewedSubmission(
      participant.cohort.instituteId,
      entry.allocation.submissionId,
    );
    if (!submission) throw new PeerReviewNotFoundError();
    const { definition } = await this.contexts.course(submission.courseVersionId);
    if (!definition) throw new PeerReviewNotFoundError();
    return { ...entry, submission, definition: withPeerRubric(definition, participant.settings) };
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
    if (effective === 'submit' && !submitted) {
      await requestCertificateEvaluation(this.jobs, this.logger, [
        { instituteId: participant.cohort.instituteId, cohortId: participant.cohort.id, userId: participant.userId },
      ]);
      await requestNotification(this.jobs, this.logger, {
        kind: 'review-received',
        instituteId: participant.cohort.instituteId,
        allocationId,
      });
    }
    return { problems: [], criteria };
  }

  async feedback(participant: ParticipantPeerReview, now = new Date()): Promise<ReceivedFeedback> {
    const { cohort, settings } = participant;
    const [received, overrides] = await Promise.all([
      this.repository.listReceivedReviews(cohort.instituteId, cohort.id, participant.userId),
      this.repository.listLatestScoreOverrides(cohort.instituteId, cohort.id),
    ]);
    const definition = participant.context.definition;
    // The score that counts, as the gradebook has it: reviews a trainer excluded left out, the override winning.
    const excluded = excludedReviewIds(await this.repository.listModerationDecisions(cohort.instituteId, cohort.id));
    const names = anonymityRules(settings.anonymity).authorSeesReviewer
      ? await this.repository.listPartyNames(
          cohort.instituteId,
          cohort.id,
          received.map((review) => review.allocationId),
        )
      : new Map<string, { reviewerName: string }>();
    const reviews = received.map((review, index) => ({
      ...review,
      label: `Reviewer ${index + 1}`,
      reviewerName: names.get(review.allocationId)?.reviewerName ?? null,
      excluded: excluded.has(review.allocationId),
    }));
    const plan = (await this.grades.planStatuses(cohort, settings, now, overrides, excluded)).find(
      (status) => status.authorId === participant.userId,
    );
    const scoreable = plan ? hasPeerScore(plan.state) : reviews.length > 0;
    const override = plan ? overrides.get(plan.submissionId) : undefined;
    const score =
      reviews.length === 0 || !scoreable
        ? null
        : peerCriterionScores(
            definition.rubric.criteria,
            reviews.filter((review) => !excluded.has(review.allocationId)).map((review) => review.review.criteria),
            override === undefined ? {} : { percent: override },
          );
    const status = plan
      ? {
          state: plan.state,
          scoreFrom: plan.scoreFrom,
          submittedReviews: plan.submittedReviews,
          reviewsPerSubmission: settings.reviewsPerSubmission,
          trainerPercent: plan.state === 'trainer' ? (overrides.get(plan.submissionId) ?? null) : null,
        }
      : null;
    return { definition, reviews, score: status && !hasPeerScore(status.state) ? null : score, status };
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
