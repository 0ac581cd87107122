import { describe, expect, it } from '@jest/globals';
import type { RubricCriterion } from '../../capstones/domain/capstone.types.js';
import { planLabel, reviewCriteriaFromForm, reviewProblems } from './review-form.js';

const criteria: RubricCriterion[] = [
  {
    id: 'evidence',
    title: 'Evidence',
    weight: 1,
    levels: [
      { id: 'weak', label: 'Weak', points: 1, descriptor: '' },
      { id: 'strong', label: 'Strong', points: 3, descriptor: '' },
    ],
  },
  {
    id: 'budget',
    title: 'Budget',
    weight: 1,
    levels: [
      { id: 'weak', label: 'Weak', points: 1, descriptor: '' },
      { id: 'strong', label: 'Strong', points: 3, descriptor: '' },
    ],
  },
];

describe('review form', () => {
  it('should read levels and trimmed comments per criterion, an empty level as not chosen', () => {
    expect(
      reviewCriteriaFromForm(criteria, {
        'level.evidence': 'strong',
        'comment.evidence': '  Good data.  ',
        'level.budget': '',
      }),
    ).toEqual([
      { criterionId: 'evidence', levelId: 'strong', comment: 'Good data.' },
      { criterionId: 'budget', levelId: null, comment: '' },
    ]);
  });

  it('should let a draft leave criteria open but refuse a submitted review without every level and long comments', () => {
    const grades = [
      { criterionId: 'evidence', levelId: 'strong', comment: 'The needs are backed by district data.' },
      { criterionId: 'budget', levelId: null, comment: 'Too short' },
    ];
    expect(reviewProblems(criteria, grades, 20, 'save')).toEqual([]);
    expect(reviewProblems(criteria, grades, 20, 'submit')).toEqual([
      'Budget: choose a level.',
      'Budget: write a comment of at least 20 characters.',
    ]);
  });

  it('should refuse a level the criterion does not have, even in a draft', () => {
    expect(
      reviewProblems(criteria, [{ criterionId: 'evidence', levelId: 'made-up', comment: '' }], 20, 'save'),
    ).toEqual(['Evidence: choose one of its levels.']);
  });

  it('should name plans A to Z, then AA', () => {
    expect([0, 1, 25, 26, 27].map(planLabel)).toEqual(['Plan A', 'Plan B', 'Plan Z', 'Plan AA', 'Plan AB']);
  });
});
