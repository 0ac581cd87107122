import { describe, expect, it } from '@jest/globals';
import type { RubricCriterion } from '../../capstones/domain/capstone.types.js';
import { planLabel, reviewCriteriaFromForm, reviewFormFromJson, reviewProblems } from './review-form.js';

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

describe('review body of the API', () => {
  it('should become the same fields as the form, so that both meet the same checks', () => {
    const form = reviewFormFromJson(criteria, {
      criteria: [
        { criterionId: 'budget', levelId: 'weak', comment: 'Costs are missing for training.' },
        { criterionId: 'evidence', levelId: null },
      ],
    });
    expect(form).toEqual({
      'level.budget': 'weak',
      'comment.budget': 'Costs are missing for training.',
      'level.evidence': '',
      'comment.evidence': '',
    });
    expect(reviewCriteriaFromForm(criteria, form)).toEqual([
      { criterionId: 'evidence', levelId: null, comment: '' },
      { criterionId: 'budget', levelId: 'weak', comment: 'Costs are missing for training.' },
    ]);
  });

  it('should name what is wrong with the shape', () => {
    expect(() => reviewFormFromJson(criteria, {})).toThrow('criteria must be a list');
    expect(() => reviewFormFromJson(criteria, { criteria: [{ criterionId: 'style' }] })).toThrow(
      'criteria[0].criterionId must be one of: evidence, budget.',
    );
    expect(() =>
      reviewFormFromJson(criteria, { criteria: [{ criterionId: 'budget' }, { criterionId: 'budget' }] }),
    ).toThrow('criteria[1]: budget is given twice.');
    expect(() => reviewFormFromJson(criteria, { criteria: [{ criterionId: 'budget', levelId: 3 }] })).toThrow(
      'criteria[0].levelId must be a level id or null.',
    );
    expect(() => reviewFormFromJson(criteria, { criteria: [{ criterionId: 'budget', comment: ['x'] }] })).toThrow(
      'criteria[0].comment must be text.',
    );
  });
});
