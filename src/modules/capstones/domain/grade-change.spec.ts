import { describe, expect, it } from '@jest/globals';
import { decideGradeChange, type CurrentGradeState } from './grade-change.js';

const final = (overrides: Partial<CurrentGradeState> = {}): CurrentGradeState => ({
  status: 'final',
  gradedBy: 'anna',
  moderatedBy: null,
  released: false,
  ...overrides,
});

describe('decideGradeChange', () => {
  it('should save a first draft with levels missing, by the one saving it', () => {
    expect(decideGradeChange(null, 'anna', 'draft', ['budget'], '')).toEqual({
      action: 'draft-saved',
      status: 'draft',
      gradedBy: 'anna',
      moderatedBy: null,
    });
  });

  it('should refuse to finalise while a criterion has no level, naming it', () => {
    expect(decideGradeChange(null, 'anna', 'finalise', ['budget', 'kpis'], '')).toEqual({
      field: 'levels',
      message: 'Choose a level for every criterion (budget, kpis).',
    });
  });

  it('should finalise a complete draft and keep its first grader', () => {
    expect(decideGradeChange(final({ status: 'draft' }), 'ben', 'finalise', [], '')).toEqual({
      action: 'finalised',
      status: 'final',
      gradedBy: 'anna',
      moderatedBy: null,
    });
  });

  it('should let the grader correct a final grade without a reason', () => {
    expect(decideGradeChange(final(), 'anna', 'finalise', [], '')).toMatchObject({ action: 'finalised' });
  });

  it('should make a second trainer moderate a final grade, with a reason', () => {
    expect(decideGradeChange(final(), 'ben', 'finalise', [], '')).toEqual({
      field: 'reason',
      message: 'Give the reason for moderating this grade.',
    });
    expect(decideGradeChange(final(), 'ben', 'finalise', [], 'Budget misread')).toEqual({
      action: 'moderated',
      status: 'final',
      gradedBy: 'anna',
      moderatedBy: 'ben',
    });
  });

  it('should refuse to turn a final grade back into a draft', () => {
    expect(decideGradeChange(final(), 'anna', 'draft', [], 'x')).toMatchObject({ field: 'intent' });
  });

  it('should require a reason to change a released grade, which stays final', () => {
    expect(decideGradeChange(final({ released: true }), 'anna', 'finalise', [], '')).toMatchObject({ field: 'reason' });
    expect(decideGradeChange(final({ released: true }), 'anna', 'finalise', [], 'Typo')).toEqual({
      action: 'changed-after-release',
      status: 'final',
      gradedBy: 'anna',
      moderatedBy: null,
    });
    expect(decideGradeChange(final({ released: true }), 'ben', 'finalise', [], 'Appeal')).toMatchObject({
      action: 'changed-after-release',
      moderatedBy: 'ben',
    });
  });
});
