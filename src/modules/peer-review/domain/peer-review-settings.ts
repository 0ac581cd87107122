import { z } from 'zod';
import type { RubricCriterion } from '../../capstones/domain/capstone.types.js';

export type PeerReviewAnonymity = 'double-blind' | 'single-blind' | 'open';

/** required: within the tolerance to go on; recorded: the attempt is recorded whatever its result; off: none. */
export type PeerReviewCalibrationMode = 'required' | 'recorded' | 'off';

/**
 * How peer review runs for one cohort, resolved from course.yaml `peerReview:` and the cohort's override. The
 * window opens at the cohort's capstone due date and closes at its schedule's `peerReviewDueAt`.
 */
export interface PeerReviewSettings {
  /** Reviews each submission needs (k). */
  reviewsPerSubmission: number;
  /** Reviews each participant must do; null: the same as `reviewsPerSubmission`. */
  reviewsPerReviewer: number | null;
  /** double-blind: neither side sees the other; single-blind: the reviewer sees the author; open: both. */
  anonymity: PeerReviewAnonymity;
  /** The rubric reviewers use: the capstone's (the trainer's), or peer review's own from capstone.yaml `peerRubric:`. */
  rubric: 'capstone' | 'own';
  /** Never give a reviewer a submission from their own organization. */
  separateOrganizations: boolean;
  /** Hours after an allocation is given past which a reviewer who has not started it is replaced. */
  stallHours: number;
  /**
   * Hours after a plan was first given to reviewers past which, still short of k submitted reviews, it is scored on
   * the reviews it has (or, with none, waits for the trainer's score). The window's close does the same.
   */
  scoreShortAfterHours: number;
  /** Characters each criterion's comment needs at least. */
  minCommentLength: number;
  /** Percent of the gradebook's peerReview weight given to the reviewer's own grade; the peer score takes the rest. */
  reviewerGradeShare: number;
  /**
   * Days the review window stays open after the capstone due date, used when a cohort's schedule is made; a
   * cohort's admin then moves its dates on the cohort's schedule.
   */
  windowDays: number;
  /** Peer review's weight in the final grade for this cohort; null: course.yaml `gradebook: peerReview`. */
  gradebookWeight: number | null;
  /** Calibration on the cohort's trainer-set examples before reviewing (skipped while the cohort has none). */
  calibration: PeerReviewCalibrationMode;
  /** Largest mean difference, in rubric levels per criterion, between a calibration and the reference that passes. */
  calibrationTolerance: number;
  /** Examples each participant calibrates on (fewer when the cohort has fewer). */
  calibrationExamples: number;
}

export type PeerReviewSettingsOverride = Partial<PeerReviewSettings>;

export const DEFAULT_PEER_REVIEW_SETTINGS: Readonly<PeerReviewSettings> = Object.freeze({
  reviewsPerSubmission: 3,
  reviewsPerReviewer: null,
  anonymity: 'double-blind',
  rubric: 'capstone',
  separateOrganizations: false,
  stallHours: 48,
  scoreShortAfterHours: 96,
  minCommentLength: 20,
  reviewerGradeShare: 25,
  gradebookWeight: null,
  windowDays: 2,
  calibration: 'required',
  calibrationTolerance: 0.5,
  calibrationExamples: 1,
});

/** The criteria reviewers judge on: peer review's own rubric when the settings ask for it and the course has one. */
export function peerRubricOf(
  definition: { rubric: { criteria: RubricCriterion[] }; peerRubric?: { criteria: RubricCriterion[] } },
  settings: Pick<PeerReviewSettings, 'rubric'>,
): { criteria: RubricCriterion[] } {
  return settings.rubric === 'own' && definition.peerRubric ? definition.peerRubric : definition.rubric;
}

/** The capstone definition as peer review uses it: its rubric is the one reviewers judge on. */
export function withPeerRubric<
  Definition extends { rubric: { criteria: RubricCriterion[] }; peerRubric?: { criteria: RubricCriterion[] } },
>(definition: Definition, settings: Pick<PeerReviewSettings, 'rubric'>): Definition {
  return { ...definition, rubric: peerRubricOf(definition, settings) };
}

/** Who sees whom under each anonymity setting; the staff always see both sides. */
export function anonymityRules(anonymity: PeerReviewAnonymity): {
  reviewerSeesAuthor: boolean;
  authorSeesReviewer: boolean;
  explanation: string;
} {
  switch (anonymity) {
    case 'double-blind':
      return {
        reviewerSeesAuthor: false,
        authorSeesReviewer: false,
        explanation:
          'Reviews are anonymous both ways: you do not see whose plan you review, and its author does not see who you are.',
      };
    case 'single-blind':
      return {
        reviewerSeesAuthor: true,
        authorSeesReviewer: false,
        explanation: 'You see whose plan you review; its author does not see who you are.',
      };
    case 'open':
      return {
        reviewerSeesAuthor: true,
        authorSeesReviewer: true,
        explanation: 'Reviews are open: you see whose plan you review, and its author sees who you are.',
      };
  }
}

/** The same keys in course.yaml (`peerReview:`) and in a cohort's override. */
export const peerReviewSettingsOverrideSchema = z
  .object({
    reviewsPerSubmission: z
      .number({ error: 'reviewsPerSubmission must be a whole number from 1 to 10' })
      .int('reviewsPerSubmission must be a whole number from 1 to 10')
      .min(1, 'reviewsPerSubmission must be a whole number from 1 to 10')
      .max(10, 'reviewsPerSubmission must be a whole number from 1 to 10'),
    reviewsPerReviewer: z
      .number({ error: 'reviewsPerReviewer must be a whole number from 1 to 10, or null for reviewsPerSubmission' })
      .int('reviewsPerReviewer must be a whole number from 1 to 10')
      .min(1, 'reviewsPerReviewer must be a whole number from 1 to 10')
      .max(10, 'reviewsPerReviewer must be a whole number from 1 to 10')
      .nullable(),
    anonymity: z.enum(['double-blind', 'single-blind', 'open'], {
      error: 'anonymity must be one of double-blind, single-blind, open',
    }),
    rubric: z.enum(['capstone', 'own'], {
      error: "rubric must be capstone (the trainer's rubric) or own (capstone.yaml's peerRubric)",
    }),
    separateOrganizations: z.boolean({ error: 'separateOrganizations must be true or false' }),
    stallHours: z
      .number({ error: 'stallHours must be a whole number of hours from 1 to 720' })
      .int('stallHours must be a whole number of hours from 1 to 720')
      .min(1, 'stallHours must be a whole number of hours from 1 to 720')
      .max(720, 'stallHours must be a whole number of hours from 1 to 720'),
    scoreShortAfterHours: z
      .number({ error: 'scoreShortAfterHours must be a whole number of hours from 1 to 720' })
      .int('scoreShortAfterHours must be a whole number of hours from 1 to 720')
      .min(1, 'scoreShortAfterHours must be a whole number of hours from 1 to 720')
      .max(720, 'scoreShortAfterHours must be a whole number of hours from 1 to 720'),
    minCommentLength: z
      .number({ error: 'minCommentLength must be a whole number from 0 to 2000' })
      .int('minCommentLength must be a whole number from 0 to 2000')
      .min(0, 'minCommentLength must be a whole number from 0 to 2000')
      .max(2000, 'minCommentLength must be a whole number from 0 to 2000'),
    reviewerGradeShare: z
      .number({ error: 'reviewerGradeShare must be a percent from 0 to 100' })
      .min(0, 'reviewerGradeShare must be a percent from 0 to 100')
      .max(100, 'reviewerGradeShare must be a percent from 0 to 100'),
    calibration: z.enum(['required', 'recorded', 'off'], {
      error: 'calibration must be one of required, recorded, off',
    }),
    calibrationTolerance: z
      .number({ error: 'calibrationTolerance must be a number of rubric levels from 0 to 3' })
      .min(0, 'calibrationTolerance must be a number of rubric levels from 0 to 3')
      .max(3, 'calibrationTolerance must be a number of rubric levels from 0 to 3'),
    calibrationExamples: z
      .number({ error: 'calibrationExamples must be 1 or 2' })
      .int('calibrationExamples must be 1 or 2')
      .min(1, 'calibrationExamples must be 1 or 2')
      .max(2, 'calibrationExamples must be 1 or 2'),
    windowDays: z
      .number({ error: 'windowDays must be a whole number of days from 1 to 30' })
      .int('windowDays must be a whole number of days from 1 to 30')
      .min(1, 'windowDays must be a whole number of days from 1 to 30')
      .max(30, 'windowDays must be a whole number of days from 1 to 30'),
    gradebookWeight: z
      .number({ error: 'gradebookWeight must be a whole number from 0 to 100, or null for the course gradebook' })
      .int('gradebookWeight must be a whole number from 0 to 100')
      .min(0, 'gradebookWeight must be a whole number from 0 to 100')
      .max(100, 'gradebookWeight must be a whole number from 0 to 100')
      .nullable(),
  })
  .partial()
  .strict();

/** Later layers win: defaults, then the course's, then the cohort's. */
export function resolvePeerReviewSettings(
  ...layers: (PeerReviewSettingsOverride | null | undefined)[]
): PeerReviewSettings {
  const resolved: PeerReviewSettings = { ...DEFAULT_PEER_REVIEW_SETTINGS };
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer) as [keyof PeerReviewSettings, unknown][]) {
      if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return resolved;
}

/** Reviews a participant is asked to do: the setting, or k when it is left to follow k. */
export function reviewsPerReviewerOf(settings: PeerReviewSettings): number {
  return settings.reviewsPerReviewer ?? settings.reviewsPerSubmission;
}

/**
 * How many reviewers the allocation gives each plan: k, or more when each participant must do more reviews than k
 * (with n reviewers and n plans, r reviews each means r reviewers per plan). A plan still needs only k to be scored.
 */
export function reviewersPerPlanOf(settings: PeerReviewSettings): number {
  return Math.max(settings.reviewsPerSubmission, reviewsPerReviewerOf(settings));
}

export type PeerReviewWindowState = 'not-open' | 'open' | 'closed';

/** The review window: from the capstone due date to the schedule's peer-review due date. */
export function peerReviewWindow(
  schedule: { capstoneDueAt: string; peerReviewDueAt: string },
  now: Date,
): { opensAt: Date; closesAt: Date; state: PeerReviewWindowState } {
  const opensAt = new Date(schedule.capstoneDueAt);
  const closesAt = new Date(schedule.peerReviewDueAt);
  const state = now < opensAt ? 'not-open' : now < closesAt ? 'open' : 'closed';
  return { opensAt, closesAt, state };
}
