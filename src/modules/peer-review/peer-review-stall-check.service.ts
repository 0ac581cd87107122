import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { MailRenderer, mailLocaleOf } from '../../infra/mail/mail-renderer.js';
import { MailerService } from '../../infra/mail/mailer.service.js';
import { cohortPath } from '../cohorts/learning.service.js';
import { peerReviewWindow } from './domain/peer-review-settings.js';
import { nextStallCheckAt } from './domain/stalls.js';
import { PeerReviewAllocationService, type ScheduledAllocationOutcome } from './peer-review-allocation.service.js';
import { PeerReviewGradesService, type PlanReviewStatus } from './peer-review-grades.service.js';
import { PeerReviewSchedulingService } from './peer-review-scheduling.service.js';
import { PeerReviewRepository, type PeerReviewCohort } from './peer-review.repository.js';

export interface StallCheckResult {
  outcome: ScheduledAllocationOutcome;
  added: number;
  replaced: number;
  /** Whether the trainers were mailed (false also when they had already been told the same). */
  trainersNotified: boolean;
  nextCheckAt: string | null;
}

/**
 * The worker's peer-review check of one cohort, at the due date and whenever something falls due after it: replace
 * stalled reviewers and allocate (see PeerReviewAllocationService), tell the trainers once about plans short of
 * reviewers or waiting for their score, and schedule the next check. Nothing here blocks a participant: a plan is
 * scored on what it has once its time is up, whether or not this check runs.
 */
@Injectable()
export class PeerReviewStallCheckService {
  constructor(
    private readonly allocation: PeerReviewAllocationService,
    private readonly grades: PeerReviewGradesService,
    private readonly scheduling: PeerReviewSchedulingService,
    private readonly repository: PeerReviewRepository,
    private readonly mailer: MailerService,
    private readonly renderer: MailRenderer,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async check(instituteId: string, cohortId: string, now = new Date()): Promise<StallCheckResult> {
    const { outcome, cohort, run } = await this.allocation.allocateOnSchedule(instituteId, cohortId, now);
    const result: StallCheckResult = {
      outcome,
      added: run?.added ?? 0,
      replaced: run?.replaced.length ?? 0,
      trainersNotified: false,
      nextCheckAt: null,
    };
    if (!cohort || outcome === 'not-due') {
      if (cohort) await this.scheduling.scheduleAllocation(cohort, now);
      return result;
    }
    const { settings } = await this.allocation.settings(cohort);
    const statuses = await this.grades.planStatuses(cohort, settings, now);
    // Short plans matter while reviews can still come; once the window has closed only unscored plans do.
    const short =
      outcome === 'allocated'
        ? statuses.filter(
            (status) =>
              status.activeReviewers < settings.reviewsPerSubmission &&
              status.submittedReviews < settings.reviewsPerSubmission,
          )
        : [];
    const needsTrainer = statuses.filter((status) => status.state === 'needs-trainer');
    result.trainersNotified = await this.tellTrainers(cohort, short, needsTrainer, settings.reviewsPerSubmission);
    if (outcome === 'allocated') {
      const window = peerReviewWindow(cohort.schedule, now);
      const allocations = await this.repository.listAllocations(cohort.instituteId, cohort.id);
      const next = nextStallCheckAt({
        allocations,
        waitingScoreFrom: statuses.flatMap((status) => (status.scoreFrom ? [status.scoreFrom] : [])),
        stallHours: settings.stallHours,
        windowOpensAt: window.opensAt,
        windowClosesAt: window.closesAt,
        now,
      });
      if (next) {
        await this.scheduling.scheduleStallCheck(cohort, next, now);
        result.nextCheckAt = next.toISOString();
      }
    }
    return result;
  }

  /**
   * Mails the cohort's trainers when plans are short of reviewers or need their score, once per distinct state: the
   * notice row and the mail share a transaction, so a failed send is retried with the job and never lost.
   */
  private async tellTrainers(
    cohort: PeerReviewCohort,
    short: PlanReviewStatus[],
    needsTrainer: PlanReviewStatus[],
    k: number,
  ): Promise<boolean> {
    if (short.length === 0 && needsTrainer.length === 0) return false;
    const trainers = await this.repository.listCohortTrainers(cohort.instituteId, cohort.id);
    const labels = await this.repository.findCohortLabels(cohort.instituteId, cohort.id);
    if (trainers.length === 0 || !labels) return false;
    const signature = [
      'short',
      ...short.map((status) => `${status.submissionId}=${status.activeReviewers}`).sort(),
      'trainer',
      ...needsTrainer.map((status) => status.submissionId).sort(),
    ].join(' ');
    const summary = {
      short: short.map(({ submissionId, activeReviewers }) => ({ submissionId, reviewers: activeReviewers })),
      needsTrainer: needsTrainer.map(({ submissionId }) => submissionId),
    };
    return this.repository.transaction(async (manager) => {
      const fresh = await this.repository.recordTrainerNotice(
        manager,
        cohort.instituteId,
        cohort.id,
        signature,
        summary,
      );
      if (!fresh) return false;
      const link = new URL(`${cohortPath(labels.instituteSlug, cohort.id)}/peer-review`, this.config.PUBLIC_URL);
      const context = {
        cohortTitle: labels.title,
        instituteName: labels.instituteName,
        k,
        shortCount: short.length,
        trainerCount: needsTrainer.length,
        link: link.toString(),
      };
      // Each trainer reads it in their own language.
      for (const trainer of trainers) {
        const locale = mailLocaleOf(trainer.preferredLanguage);
        await this.mailer.send({
          to: trainer.email,
          subject: this.renderer.t(locale, 'notifications.peerReviewNotice.subject', { cohort: labels.title }),
          ...this.renderer.render('peer-review-trainer-notice', context, locale),
        });
      }
      return true;
    });
  }
}
