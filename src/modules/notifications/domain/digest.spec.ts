import { describe, expect, it } from '@jest/globals';
import { digestContent } from './digest.js';

describe('the trainer digest', () => {
  it('should say nothing when there is nothing to grade, no flag and nobody behind', () => {
    expect(digestContent({ plansToGrade: 0, flaggedReviews: 0, behind: [] })).toBeNull();
  });

  it('should be sent for a single flagged review', () => {
    expect(digestContent({ plansToGrade: 0, flaggedReviews: 1, behind: [] })).toMatchObject({ flaggedReviews: 1 });
  });

  it('should list the participants furthest behind first, by name, and count the rest', () => {
    const content = digestContent(
      {
        plansToGrade: 2,
        flaggedReviews: 0,
        behind: [
          { fullName: 'Sunita', modulesBehind: 1 },
          { fullName: 'Bikash', modulesBehind: 3 },
          { fullName: 'Anil', modulesBehind: 1 },
        ],
      },
      2,
    );
    expect(content?.behindShown).toEqual([
      { fullName: 'Bikash', modulesBehind: 3 },
      { fullName: 'Anil', modulesBehind: 1 },
    ]);
    expect(content?.behindMore).toBe(1);
    expect(content?.plansToGrade).toBe(2);
  });
});
