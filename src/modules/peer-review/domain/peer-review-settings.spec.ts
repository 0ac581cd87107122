import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_PEER_REVIEW_SETTINGS,
  peerReviewSettingsOverrideSchema,
  peerReviewWindow,
  anonymityRules,
  peerRubricOf,
  reviewersPerPlanOf,
  resolvePeerReviewSettings,
  reviewsPerReviewerOf,
} from './peer-review-settings.js';

describe('peer-review settings', () => {
  it('should default to three double-blind reviews on the capstone rubric, each reviewer doing as many', () => {
    const settings = resolvePeerReviewSettings();
    expect(settings).toEqual(DEFAULT_PEER_REVIEW_SETTINGS);
    expect(settings.reviewsPerSubmission).toBe(3);
    expect(reviewsPerReviewerOf(settings)).toBe(3);
    expect(settings.anonymity).toBe('double-blind');
  });

  it('should let the cohort override the course and the course override the defaults, key by key', () => {
    const settings = resolvePeerReviewSettings(
      { reviewsPerSubmission: 2, stallHours: 24 },
      { reviewsPerSubmission: 1 },
    );
    expect(settings.reviewsPerSubmission).toBe(1);
    expect(settings.stallHours).toBe(24);
    expect(reviewsPerReviewerOf(settings)).toBe(1);
    expect(reviewsPerReviewerOf(resolvePeerReviewSettings({ reviewsPerReviewer: 4 }))).toBe(4);
  });

  it('should refuse unknown keys and out-of-range values with a message naming the key', () => {
    const unknown = peerReviewSettingsOverrideSchema.safeParse({ reviewers: 3 });
    expect(unknown.success).toBe(false);
    const zero = peerReviewSettingsOverrideSchema.safeParse({ reviewsPerSubmission: 0 });
    expect(!zero.success && zero.error.issues[0].message).toBe(
      'reviewsPerSubmission must be a whole number from 1 to 10',
    );
    const anonymity = peerReviewSettingsOverrideSchema.safeParse({ anonymity: 'secret' });
    expect(!anonymity.success && anonymity.error.issues[0].message).toBe(
      'anonymity must be one of double-blind, single-blind, open',
    );
  });

  it('should open the window at the capstone due date and close it at the peer-review due date', () => {
    const schedule = { capstoneDueAt: '2026-03-01T12:00:00Z', peerReviewDueAt: '2026-03-08T12:00:00Z' };
    expect(peerReviewWindow(schedule, new Date('2026-03-01T11:59:59Z')).state).toBe('not-open');
    expect(peerReviewWindow(schedule, new Date('2026-03-01T12:00:00Z')).state).toBe('open');
    expect(peerReviewWindow(schedule, new Date('2026-03-08T12:00:00Z')).state).toBe('closed');
  });

  it('should give each plan more reviewers than k only when each participant must do more than k', () => {
    expect(reviewersPerPlanOf(resolvePeerReviewSettings({ reviewsPerSubmission: 3 }))).toBe(3);
    expect(reviewersPerPlanOf(resolvePeerReviewSettings({ reviewsPerSubmission: 3, reviewsPerReviewer: 2 }))).toBe(3);
    expect(reviewersPerPlanOf(resolvePeerReviewSettings({ reviewsPerSubmission: 2, reviewsPerReviewer: 4 }))).toBe(4);
  });
});

describe('peer-review calibration settings', () => {
  it('should require calibration on one example within half a level by default', () => {
    const settings = resolvePeerReviewSettings();
    expect(settings.calibration).toBe('required');
    expect(settings.calibrationTolerance).toBe(0.5);
    expect(settings.calibrationExamples).toBe(1);
  });

  it('should accept the calibration keys from course.yaml and let the cohort override them', () => {
    const course = peerReviewSettingsOverrideSchema.parse({ calibration: 'recorded', calibrationTolerance: 0.25 });
    const cohort = peerReviewSettingsOverrideSchema.parse({ calibrationExamples: 2 });
    expect(resolvePeerReviewSettings(course, cohort)).toMatchObject({
      calibration: 'recorded',
      calibrationTolerance: 0.25,
      calibrationExamples: 2,
    });
    expect(resolvePeerReviewSettings(course, { calibration: 'off' }).calibration).toBe('off');
  });

  it('should refuse a calibration mode, tolerance or example count out of range, naming the key', () => {
    const messages = (value: unknown) => {
      const result = peerReviewSettingsOverrideSchema.safeParse(value);
      return result.success ? [] : result.error.issues.map((issue) => issue.message);
    };
    expect(messages({ calibration: 'optional' })).toEqual(['calibration must be one of required, recorded, off']);
    expect(messages({ calibrationTolerance: -0.1 })).toEqual([
      'calibrationTolerance must be a number of rubric levels from 0 to 3',
    ]);
    expect(messages({ calibrationTolerance: 3.5 })).toEqual([
      'calibrationTolerance must be a number of rubric levels from 0 to 3',
    ]);
    expect(messages({ calibrationExamples: 3 })).toEqual(['calibrationExamples must be 1 or 2']);
    expect(messages({ calibrationExamples: 1.5 })).toEqual(['calibrationExamples must be 1 or 2']);
  });

  it('should let each side see the other only as the anonymity setting says', () => {
    const sees = (anonymity: 'double-blind' | 'single-blind' | 'open') => {
      const { reviewerSeesAuthor, authorSeesReviewer } = anonymityRules(anonymity);
      return [reviewerSeesAuthor, authorSeesReviewer];
    };
    expect(sees('double-blind')).toEqual([false, false]);
    expect(sees('single-blind')).toEqual([true, false]);
    expect(sees('open')).toEqual([true, true]);
  });

  it("should give reviewers peer review's own rubric only when asked for and the course has one", () => {
    const criterion = (id: string) => ({ id, title: id, weight: 1, levels: [] });
    const capstone = { rubric: { criteria: [criterion('trainer')] } };
    const withOwn = { ...capstone, peerRubric: { criteria: [criterion('peer')] } };
    const ids = (rubric: { criteria: { id: string }[] }) => rubric.criteria.map((entry) => entry.id);
    expect(ids(peerRubricOf(withOwn, { rubric: 'own' }))).toEqual(['peer']);
    expect(ids(peerRubricOf(withOwn, { rubric: 'capstone' }))).toEqual(['trainer']);
    expect(ids(peerRubricOf(capstone, { rubric: 'own' }))).toEqual(['trainer']);
  });
});
