import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import type { CohortAccess } from '../cohorts/cohort-access.service.js';
import {
  peerReviewSettingsOverrideSchema,
  reviewsPerReviewerOf,
  type PeerReviewSettings,
  type PeerReviewSettingsOverride,
} from './domain/peer-review-settings.js';
import type { PeerScoreState } from './domain/stalls.js';
import { PeerReviewAllocationService, type AllocationRunResult } from './peer-review-allocation.service.js';
import { PeerReviewGradesService } from './peer-review-grades.service.js';
import { PeerReviewSettingsConflictError, PeerReviewSettingsInvalidError } from './peer-review.errors.js';
import { PeerReviewRepository, type PeerReviewCohort } from './peer-review.repository.js';
import { PeerReviewSchedulingService } from './peer-review-scheduling.service.js';

export interface SubmissionCoverage {
  submissionId: string;
  authorId: string;
  authorName: string;
  assigned: number;
  done: number;
  /** Reviewers still missing to reach k. */
  missing: number;
  /** Reviewers taken off this plan because they did not start in time or left the cohort. */
  replaced: number;
  scoreState: PeerScoreState;
  scoreFrom: Date | null;
}

export interface ReviewerLoad {
  reviewerId: string;
  name: string;
  assigned: number;
  done: number;
  /** Reviews still expected of this reviewer beyond those assigned. */
  expected: number;
}

export interface PeerReviewCoverage {
  settings: PeerReviewSettings;
  override: PeerReviewSettingsOverride | null;
  language: string;
  courseGradebookWeight: number;
  submissions: SubmissionCoverage[];
  reviewers: ReviewerLoad[];
  allocated: boolean;
}

/** A trainer's view of a cohort's peer review: coverage, loads, the allocation button and the settings. */
@Injectable()
export class PeerReviewStaffService {
  constructor(
    private readonly repository: PeerReviewRepository,
    private readonly allocation: PeerReviewAllocationService,
    private readonly grades: PeerReviewGradesService,
    private readonly scheduling: PeerReviewSchedulingService,
    private readonly audit: AuditRepository,
  ) {}

  cohortOf(access: CohortAccess): PeerReviewCohort {
    return {
      id: access.cohort.id,
      instituteId: access.institute.id,
      courseVersionId: access.cohort.courseVersionId,
      schedule: access.cohort.schedule,
    };
  }

  async coverage(access: CohortAccess): Promise<PeerReviewCoverage> {
    const cohort = this.cohortOf(access);
    // The job at the due date is scheduled lazily: the first staff visit makes sure it exists (same id: once).
    await this.scheduling.scheduleAllocation(cohort);
    const { settings, override, language, courseGradebookWeight } = await this.allocation.settings(cohort);
    const [allocations, submissions, names, statuses] = await Promise.all([
      this.repository.listAllocations(cohort.instituteId, cohort.id),
      this.repository.transaction((manager) =>
        this.repository.listReviewableSubmissions(manager, cohort.instituteId, cohort.id),
      ),
      this.repository.listPeopleNames(cohort.instituteId, cohort.id),
      this.grades.planStatuses(cohort, settings),
    ]);
    const statusOf = new Map(statuses.map((status) => [status.submissionId, status]));
    const active = allocations.filter((row) => row.status !== 'replaced' && row.status !== 'cancelled');
    const nameOf = (userId: string) => names.get(userId) ?? 'Former participant';
    const perReviewer = reviewsPerReviewerOf(settings);
    return {
      settings,
      override,
      language,
      courseGradebookWeight,
      allocated: allocations.length > 0,
      submissions: submissions.map((submission) => {
        const rows = active.filter((row) => row.submissionId === submission.submissionId);
        return {
          submissionId: submission.submissionId,
          authorId: submission.authorId,
          authorName: nameOf(submission.authorId),
          assigned: rows.length,
          done: rows.filter((row) => row.reviewSubmittedAt !== null).length,
          missing: Math.max(0, settings.reviewsPerSubmission - rows.length),
          replaced: allocations.filter(
            (row) => row.submissionId === submission.submissionId && row.status === 'replaced',
          ).length,
          scoreState: statusOf.get(submission.submissionId)?.state ?? 'waiting',
          scoreFrom: statusOf.get(submission.submissionId)?.scoreFrom ?? null,
        };
      }),
      reviewers: submissions.map((submission) => {
        const rows = active.filter((row) => row.reviewerId === submission.authorId);
        return {
          reviewerId: submission.authorId,
          name: nameOf(submission.authorId),
          assigned: rows.length,
          done: rows.filter((row) => row.reviewSubmittedAt !== null).length,
          expected: Math.max(0, perReviewer - rows.length),
        };
      }),
    };
  }

  allocate(access: CohortAccess, actorUserId: string): Promise<AllocationRunResult> {
    return this.allocation.allocate(this.cohortOf(access), actorUserId);
  }

  /** Saves the cohort's override from the form: an empty field follows the course. Audited with before and after. */
  async saveSettings(access: CohortAccess, actorUserId: string, form: Record<string, string>): Promise<void> {
    const override = parseSettingsForm(form);
    const cohort = this.cohortOf(access);
    const [{ settings: current }, next] = await Promise.all([
      this.allocation.settings(cohort),
      this.allocation.settingsWith(cohort, override),
    ]);
    if (next.rubric === 'own' && !(await this.allocation.courseHasOwnRubric(cohort)))
      throw new PeerReviewSettingsInvalidError(
        "rubric cannot be own: this course's capstone.yaml has no peerRubric, so peers use the capstone rubric.",
      );
    await this.repository.transaction(async (manager) => {
      // Reviews and calibration examples are written against the rubric's criteria: it cannot change under them.
      if (next.rubric !== current.rubric && (await this.repository.rubricInUse(manager, cohort.instituteId, cohort.id)))
        throw new PeerReviewSettingsConflictError(
          'The rubric cannot change now: reviews or calibration examples of this cohort already use it.',
        );
      const before = await this.repository.findSettingsOverride(access.institute.id, access.cohort.id, manager);
      await this.repository.saveSettingsOverride(manager, access.institute.id, access.cohort.id, override, actorUserId);
      await this.audit.append(manager, {
        instituteId: access.institute.id,
        actorUserId,
        action: 'peer-review.settings-changed',
        entityType: 'cohort',
        entityId: access.cohort.id,
        before: before ?? {},
        after: override,
      });
    });
  }
}

const WHOLE_NUMBER_FIELDS = [
  'reviewsPerSubmission',
  'reviewsPerReviewer',
  'stallHours',
  'scoreShortAfterHours',
  'minCommentLength',
  'reviewerGradeShare',
  'calibrationExamples',
  'gradebookWeight',
] as const;

/** The settings form: whole numbers, anonymity and a yes/no; blank fields are left to the course. */
export function parseSettingsForm(form: Record<string, string>): PeerReviewSettingsOverride {
  const raw: Record<string, unknown> = {};
  for (const field of WHOLE_NUMBER_FIELDS) {
    const value = (form[field] ?? '').trim();
    if (value === '') continue;
    if (!/^\d+$/.test(value)) throw new PeerReviewSettingsInvalidError(`${field} must be a whole number.`);
    raw[field] = Number(value);
  }
  const tolerance = (form.calibrationTolerance ?? '').trim();
  if (tolerance !== '') {
    if (!/^\d+(\.\d{1,2})?$/.test(tolerance))
      throw new PeerReviewSettingsInvalidError('calibrationTolerance must be a number of levels such as 0.5.');
    raw.calibrationTolerance = Number(tolerance);
  }
  const calibration = (form.calibration ?? '').trim();
  if (calibration !== '') raw.calibration = calibration;
  const anonymity = (form.anonymity ?? '').trim();
  if (anonymity !== '') raw.anonymity = anonymity;
  const rubric = (form.rubric ?? '').trim();
  if (rubric !== '') raw.rubric = rubric;
  const separate = (form.separateOrganizations ?? '').trim();
  if (separate === 'yes' || separate === 'no') raw.separateOrganizations = separate === 'yes';
  else if (separate !== '') throw new PeerReviewSettingsInvalidError('separateOrganizations must be yes or no.');
  const parsed = peerReviewSettingsOverrideSchema.safeParse(raw);
  if (!parsed.success)
    throw new PeerReviewSettingsInvalidError(parsed.error.issues.map((issue) => issue.message).join('; '));
  return parsed.data;
}
