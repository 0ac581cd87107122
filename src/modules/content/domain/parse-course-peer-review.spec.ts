import { describe, expect, it } from '@jest/globals';
import { courseFiles } from './content.fixtures.js';
import { parseCourse } from './parse-course.js';

describe('parseCourse: course.yaml peerReview', () => {
  it('should leave peerReview out when course.yaml has no peerReview block (the defaults apply)', () => {
    const result = parseCourse(courseFiles({ modules: 1, perWeek: 1 }));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.value.peerReview).toBeUndefined();
  });

  it('should keep the keys the peerReview block sets', () => {
    const files = courseFiles({ modules: 1, perWeek: 1 });
    files.course.source +=
      'peerReview:\n  reviewsPerSubmission: 2\n  anonymity: double-blind\n  separateOrganizations: true\n  stallHours: 24\n  windowDays: 4\n';
    const result = parseCourse(files);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.value.peerReview).toEqual({
      reviewsPerSubmission: 2,
      anonymity: 'double-blind',
      separateOrganizations: true,
      stallHours: 24,
      windowDays: 4,
    });
  });

  it('should report a bad peerReview value and an unknown key with the file and line', () => {
    const files = courseFiles({ modules: 1, perWeek: 1 });
    files.course.source += 'peerReview:\n  reviewsPerSubmission: 0\n  anonymity: secret\n';
    const lines = files.course.source.split('\n');
    const result = parseCourse(files);
    expect(!result.ok && result.problems).toEqual(
      expect.arrayContaining([
        {
          file: 'content/courses/test-course/course.yaml',
          line: lines.indexOf('  reviewsPerSubmission: 0') + 1,
          message: 'peerReview.reviewsPerSubmission: reviewsPerSubmission must be a whole number from 1 to 10',
        },
        {
          file: 'content/courses/test-course/course.yaml',
          line: lines.indexOf('  anonymity: secret') + 1,
          message: 'peerReview.anonymity: anonymity must be one of double-blind, single-blind, open',
        },
      ]),
    );
    const unknown = courseFiles({ modules: 1, perWeek: 1 });
    unknown.course.source += 'peerReview:\n  reviewers: 3\n';
    const unknownResult = parseCourse(unknown);
    expect(unknownResult.ok).toBe(false);
    expect(!unknownResult.ok && unknownResult.problems[0].file).toBe('content/courses/test-course/course.yaml');
    expect(!unknownResult.ok && unknownResult.problems[0].message).toContain('reviewers');
  });

  it('should read the calibration keys and name a bad calibration value with its line', () => {
    const files = courseFiles({ modules: 1, perWeek: 1 });
    files.course.source += 'peerReview:\n  calibration: recorded\n  calibrationTolerance: 0.25\n  calibrationExamples: 2\n';
    const result = parseCourse(files);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.value.peerReview).toEqual({ calibration: 'recorded', calibrationTolerance: 0.25, calibrationExamples: 2 });
    const bad = courseFiles({ modules: 1, perWeek: 1 });
    bad.course.source += 'peerReview:\n  calibration: sometimes\n';
    const lines = bad.course.source.split('\n');
    const badResult = parseCourse(bad);
    expect(!badResult.ok && badResult.problems).toEqual([
      {
        file: 'content/courses/test-course/course.yaml',
        line: lines.indexOf('  calibration: sometimes') + 1,
        message: 'peerReview.calibration: calibration must be one of required, recorded, off',
      },
    ]);
  });

  it('should refuse rubric: own when capstone.yaml has no peerRubric, naming the line', () => {
    const files = courseFiles({ modules: 1, perWeek: 1 });
    files.course.source += 'peerReview:\n  rubric: own\n';
    const lines = files.course.source.split('\n');
    const result = parseCourse(files);
    expect(!result.ok && result.problems).toEqual([
      {
        file: 'content/courses/test-course/course.yaml',
        line: lines.indexOf('  rubric: own') + 1,
        message: 'peerReview.rubric is own, but capstone.yaml has no peerRubric: add one, or use rubric: capstone',
      },
    ]);
  });
});
