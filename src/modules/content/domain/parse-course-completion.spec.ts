import { describe, expect, it } from '@jest/globals';
import { capstoneFile, courseFiles } from './content.fixtures.js';
import { parseCourse } from './parse-course.js';

const withoutCompletion = (source: string) =>
  source.replace('completion:\n  modules: all\n  quizzes: all\n  capstone: true\n  peerReviews: 3\n', '');

describe('parseCourse: course.yaml completion', () => {
  it('should keep the rules the block sets', () => {
    const files = { ...courseFiles({ modules: 1, perWeek: 1 }), capstone: capstoneFile() };
    const result = parseCourse(files);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.value.completion).toEqual({ modules: 'all', quizzes: 'all', capstone: true, peerReviews: 3 });
  });

  it('should default to every quiz passed and the capstone passed, with no peer review when the course uses none', () => {
    const files = { ...courseFiles({ modules: 1, perWeek: 1 }), capstone: capstoneFile() };
    files.course.source = withoutCompletion(files.course.source);
    const result = parseCourse(files);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.value.completion).toEqual({ modules: 0, quizzes: 'all', capstone: true, peerReviews: 0 });
  });

  it("should default the peer reviews to those each participant is asked for when the course uses peer review", () => {
    const files = { ...courseFiles({ modules: 1, perWeek: 1 }), capstone: capstoneFile() };
    files.course.source = withoutCompletion(files.course.source) + 'peerReview:\n  reviewsPerSubmission: 2\n';
    const result = parseCourse(files);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.value.completion).toEqual({ modules: 0, quizzes: 'all', capstone: true, peerReviews: 2 });
  });

  it('should fill the keys a partial block leaves out, and ask nothing of a capstone the course does not have', () => {
    const files = courseFiles({ modules: 1, perWeek: 1 });
    files.course.source = withoutCompletion(files.course.source) + 'completion:\n  quizzes: 1\n';
    const result = parseCourse(files);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.value.completion).toEqual({ modules: 0, quizzes: 1, capstone: false, peerReviews: 0 });
  });

  it('should report a bad completion value and an unknown key with the file and line', () => {
    const files = courseFiles({ modules: 1, perWeek: 1 });
    files.course.source =
      withoutCompletion(files.course.source) + 'completion:\n  quizzes: most\n  peerReviews: -1\n  grade: 50\n';
    const lines = files.course.source.split('\n');
    const result = parseCourse(files);
    expect(result.ok).toBe(false);
    const problems = !result.ok ? result.problems : [];
    const file = 'content/courses/test-course/course.yaml';
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file, line: lines.indexOf('  quizzes: most') + 1 }),
        {
          file,
          line: lines.indexOf('  peerReviews: -1') + 1,
          message: 'completion.peerReviews: peerReviews must be a whole number (0 or more)',
        },
        expect.objectContaining({ file, message: expect.stringContaining('grade') }),
      ]),
    );
  });
});
