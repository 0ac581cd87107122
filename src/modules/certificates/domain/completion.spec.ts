import { describe, expect, it } from '@jest/globals';
import type { CompletionRules } from '../../content/domain/content.types.js';
import { describeMissing, evaluateCompletion, summariseMissing, type ParticipantStanding } from './completion.js';

const RULES: CompletionRules = { modules: 0, quizzes: 'all', capstone: true, peerReviews: 3 };

function standing(overrides: Partial<ParticipantStanding> = {}): ParticipantStanding {
  return {
    modules: [
      { id: 'm1', number: 1, title: 'Budgets', completed: true },
      { id: 'm2', number: 2, title: 'Formulas', completed: true },
    ],
    quizzes: [
      { moduleId: 'm1', number: 1, title: 'Budgets', passed: true, percent: 80 },
      { moduleId: 'm2', number: 2, title: 'Formulas', passed: true, percent: 75 },
    ],
    capstone: { exists: true, passPercent: 60, releasedPercent: 72 },
    peerReviews: { assigned: 3, submitted: 3 },
    ...overrides,
  };
}

describe('evaluateCompletion', () => {
  it('should make a participant who meets every rule eligible, with every checklist line met', () => {
    const verdict = evaluateCompletion(RULES, standing());
    expect(verdict).toEqual({
      eligible: true,
      missing: [],
      checklist: [
        {
          label: 'All 2 module quizzes passed',
          met: true,
          message: { key: 'certificates.checklist.quizzesAll', values: { count: 2 } },
        },
        {
          label: 'Capstone graded at 60% or above',
          met: true,
          message: { key: 'certificates.checklist.capstone', values: { passPercent: 60 } },
        },
        {
          label: '3 peer reviews submitted',
          met: true,
          message: { key: 'certificates.checklist.peerReviews', values: { count: 3 } },
        },
      ],
    });
  });

  it('should name each quiz not passed, and accept fewer when the rule asks for a number', () => {
    const quizzes = standing().quizzes.map((quiz, index) => ({ ...quiz, passed: index === 0 }));
    const all = evaluateCompletion(RULES, standing({ quizzes }));
    expect(all.eligible).toBe(false);
    expect(all.missing).toEqual([{ kind: 'quizzes', required: 2, passed: 1, titles: ['Module 2, Formulas'] }]);
    expect(describeMissing(all.missing[0])).toBe('Pass 1 more module quiz (1 of 2 passed): Module 2, Formulas.');
    expect(evaluateCompletion({ ...RULES, quizzes: 1 }, standing({ quizzes })).eligible).toBe(true);
  });

  it('should want a released capstone grade at or above the pass percent, exactly the pass percent passing', () => {
    const notReleased = evaluateCompletion(
      RULES,
      standing({ capstone: { exists: true, passPercent: 60, releasedPercent: null } }),
    );
    expect(notReleased.missing).toEqual([{ kind: 'capstone-not-released' }]);
    const below = evaluateCompletion(
      RULES,
      standing({ capstone: { exists: true, passPercent: 60, releasedPercent: 59.99 } }),
    );
    expect(below.missing).toEqual([{ kind: 'capstone-below-pass', percent: 59.99, passPercent: 60 }]);
    expect(describeMissing(below.missing[0])).toBe('Your capstone grade is 59.99%; the certificate needs 60% or more.');
    expect(
      evaluateCompletion(RULES, standing({ capstone: { exists: true, passPercent: 60, releasedPercent: 60 } }))
        .eligible,
    ).toBe(true);
  });

  it('should ignore the capstone rule when the course has no capstone, and when the rule is off', () => {
    const none = standing({ capstone: { exists: false, passPercent: 0, releasedPercent: null } });
    expect(evaluateCompletion(RULES, none).eligible).toBe(true);
    const off = standing({ capstone: { exists: true, passPercent: 60, releasedPercent: null } });
    expect(evaluateCompletion({ ...RULES, capstone: false }, off).eligible).toBe(true);
  });

  it('should cap the peer reviews required at those allocated, and count none done before allocation', () => {
    expect(evaluateCompletion(RULES, standing({ peerReviews: { assigned: 2, submitted: 2 } })).eligible).toBe(true);
    const short = evaluateCompletion(RULES, standing({ peerReviews: { assigned: 3, submitted: 1 } }));
    expect(short.missing).toEqual([{ kind: 'peer-reviews', required: 3, submitted: 1 }]);
    expect(describeMissing(short.missing[0])).toBe('Submit 2 more peer reviews (1 of 3 submitted).');
    const early = evaluateCompletion(RULES, standing({ peerReviews: { assigned: 0, submitted: 0 } }));
    expect(early.missing).toEqual([{ kind: 'peer-reviews-not-allocated', required: 3 }]);
    expect(
      evaluateCompletion({ ...RULES, peerReviews: 0 }, standing({ peerReviews: { assigned: 0, submitted: 0 } }))
        .eligible,
    ).toBe(true);
  });

  it('should require modules completed when the rule asks, listing those left', () => {
    const modules = standing().modules.map((module) => ({ ...module, completed: module.id === 'm2' }));
    const verdict = evaluateCompletion({ ...RULES, modules: 'all' }, standing({ modules }));
    expect(verdict.missing).toEqual([{ kind: 'modules', required: 2, done: 1, titles: ['Module 1, Budgets'] }]);
    expect(evaluateCompletion({ ...RULES, modules: 1 }, standing({ modules })).eligible).toBe(true);
  });

  it('should list every missing requirement at once, in the order a participant meets them', () => {
    const verdict = evaluateCompletion(
      RULES,
      standing({
        quizzes: [],
        capstone: { exists: true, passPercent: 60, releasedPercent: null },
        peerReviews: { assigned: 3, submitted: 0 },
      }),
    );
    expect(verdict.missing.map((entry) => entry.kind)).toEqual(['capstone-not-released', 'peer-reviews']);
  });

  it('should sum up what is missing in a few words for the staff', () => {
    const verdict = evaluateCompletion(
      { ...RULES, modules: 'all' },
      standing({
        modules: standing().modules.map((module) => ({ ...module, completed: false })),
        capstone: { exists: true, passPercent: 60, releasedPercent: 55 },
        peerReviews: { assigned: 0, submitted: 0 },
      }),
    );
    expect(verdict.missing.map(summariseMissing)).toEqual([
      'modules completed: 0 of 2',
      'capstone: 55%, below 60%',
      'peer reviews: not allocated yet',
    ]);
  });
});
