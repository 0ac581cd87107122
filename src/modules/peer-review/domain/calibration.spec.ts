import { describe, expect, it } from '@jest/globals';
import { reviewCriteriaFromForm } from './review-form.js';
import type { RubricCriterion } from '../../capstones/domain/capstone.types.js';
import {
  calibrationCloseness,
  calibrationExampleFromForm,
  calibrationExampleProblems,
  calibrationProblems,
  calibrationStatus,
  levelsFigure,
  planParagraphs,
  withinTolerance,
  type CalibrationReference,
} from './calibration.js';

const levels = (ids: string[], points: number[]) =>
  ids.map((id, index) => ({ id, label: id, points: points[index], descriptor: `${id} work` }));

// Four-level criteria like the seed rubrics, and one with uneven points to show that points do not matter.
const CRITERIA: RubricCriterion[] = [
  { id: 'need', title: 'Need', weight: 15, levels: levels(['b', 'd', 'p', 'e'], [1, 2, 3, 4]) },
  { id: 'model', title: 'Model', weight: 40, levels: levels(['b', 'd', 'p', 'e'], [1, 2, 3, 4]) },
  { id: 'budget', title: 'Budget', weight: 20, levels: levels(['b', 'd', 'p', 'e'], [0, 5, 6, 20]) },
  { id: 'equity', title: 'Equity', weight: 25, levels: levels(['b', 'd', 'p', 'e'], [1, 2, 3, 4]) },
];

const REFERENCE: CalibrationReference[] = [
  { criterionId: 'need', levelId: 'p', explanation: 'Data for every school.' },
  { criterionId: 'model', levelId: 'd', explanation: 'Weights not justified.' },
  { criterionId: 'budget', levelId: 'p', explanation: 'Lines match priorities.' },
  { criterionId: 'equity', levelId: 'b', explanation: 'No losers named.' },
];

const judged = (ids: Record<string, string>) =>
  Object.entries(ids).map(([criterionId, levelId]) => ({ criterionId, levelId, comment: '' }));

describe('calibration closeness', () => {
  it('should be 0 for the reference itself', () => {
    const result = calibrationCloseness(
      CRITERIA,
      REFERENCE,
      judged({ need: 'p', model: 'd', budget: 'p', equity: 'b' }),
    );
    expect(result.closeness).toBe(0);
    expect(result.criteria.map((row) => row.difference)).toEqual([0, 0, 0, 0]);
  });

  it('should average the level differences over the criteria, unweighted: (1 + 0 + 1 + 0) / 4 = 0.5', () => {
    // need: proficient vs exemplary = 1 level; budget: developing vs proficient = 1 level (points 5 vs 6 play no part).
    const result = calibrationCloseness(
      CRITERIA,
      REFERENCE,
      judged({ need: 'e', model: 'd', budget: 'd', equity: 'b' }),
    );
    expect(result.criteria).toEqual([
      { criterionId: 'need', levelIndex: 3, referenceIndex: 2, difference: 1 },
      { criterionId: 'model', levelIndex: 1, referenceIndex: 1, difference: 0 },
      { criterionId: 'budget', levelIndex: 1, referenceIndex: 2, difference: 1 },
      { criterionId: 'equity', levelIndex: 0, referenceIndex: 0, difference: 0 },
    ]);
    expect(result.closeness).toBe(0.5);
    expect(withinTolerance(result.closeness, 0.5)).toBe(true);
    expect(withinTolerance(result.closeness, 0.25)).toBe(false);
  });

  it('should count a three-level miss as 3: (0 + 2 + 1 + 3) / 4 = 1.5', () => {
    const result = calibrationCloseness(
      CRITERIA,
      REFERENCE,
      judged({ need: 'p', model: 'e', budget: 'e', equity: 'e' }),
    );
    expect(result.closeness).toBe(1.5);
    expect(withinTolerance(result.closeness, 0.5)).toBe(false);
  });

  it('should hold 1/3 against a tolerance of 1/3 despite floating point', () => {
    const three = CRITERIA.slice(0, 3);
    const result = calibrationCloseness(three, REFERENCE, judged({ need: 'e', model: 'd', budget: 'p' }));
    expect(result.closeness).toBeCloseTo(1 / 3, 12);
    expect(withinTolerance(result.closeness, 0.1 + 0.2 + 1 / 3 - 0.3)).toBe(true);
  });

  it('should refuse a calibration or a reference that leaves a criterion without one of its levels', () => {
    expect(() => calibrationCloseness(CRITERIA, REFERENCE, judged({ need: 'p', model: 'd', budget: 'p' }))).toThrow(
      'the calibration has no valid level for criterion equity',
    );
    expect(() =>
      calibrationCloseness(CRITERIA, REFERENCE.slice(1), judged({ need: 'p', model: 'd', budget: 'p', equity: 'b' })),
    ).toThrow('the reference has no valid level for criterion need');
  });
});

describe('calibration forms', () => {
  it('should read levels and optional comments, and name each criterion left without a valid level', () => {
    const levelsRead = reviewCriteriaFromForm(CRITERIA, {
      'level.need': 'p',
      'comment.need': '  Fine data. ',
      'level.model': 'x',
      'level.budget': 'd',
    });
    expect(levelsRead[0]).toEqual({ criterionId: 'need', levelId: 'p', comment: 'Fine data.' });
    expect(calibrationProblems(CRITERIA, levelsRead)).toEqual([
      'Model: choose one of its levels.',
      'Equity: choose a level.',
    ]);
  });

  it('should ask a new example for a title, a text, and a level and an explanation for every criterion', () => {
    const draft = calibrationExampleFromForm(CRITERIA.slice(0, 2), {
      title: ' Example ',
      planText: 'Too short',
      'level.need': 'p',
      'explanation.need': 'The data cover every school.',
      'level.model': 'd',
      'explanation.model': 'Short',
    });
    expect(draft.title).toBe('Example');
    expect(calibrationExampleProblems(CRITERIA.slice(0, 2), draft)).toEqual([
      "The example plan's text: write 50 to 50,000 characters.",
      'Model: explain the reference level in 10 to 2000 characters.',
    ]);
  });

  it('should split a plain-text plan into paragraphs on blank lines', () => {
    expect(planParagraphs('First line\nsame paragraph.\n\n\n  Second.  \n \nThird.')).toEqual([
      'First line\nsame paragraph.',
      'Second.',
      'Third.',
    ]);
  });
});

describe('calibration status', () => {
  const base = { mode: 'required' as const, examplesRequired: 1, tolerance: 0.5, activeExampleIds: ['e1', 'e2'] };

  it('should skip calibration when it is off or the cohort has no example in use', () => {
    expect(calibrationStatus({ ...base, mode: 'off', attempts: [] }).state).toBe('off');
    expect(calibrationStatus({ ...base, activeExampleIds: [], attempts: [] }).state).toBe('no-examples');
  });

  it('should stay pending after a failed attempt, offering an example not yet seen, and be done after a pass', () => {
    const failed = calibrationStatus({ ...base, attempts: [{ exampleId: 'e1', closeness: 1 }] });
    expect(failed).toEqual({ state: 'pending', required: 1, counted: 0, attempts: 1, nextExampleId: 'e2' });
    const passed = calibrationStatus({
      ...base,
      attempts: [
        { exampleId: 'e1', closeness: 1 },
        { exampleId: 'e1', closeness: 0.5 },
      ],
    });
    expect(passed).toEqual({ state: 'done', required: 1, counted: 1, attempts: 2, nextExampleId: 'e2' });
  });

  it('should need two passed examples when set to 2, and no more than the cohort has', () => {
    const one = calibrationStatus({ ...base, examplesRequired: 2, attempts: [{ exampleId: 'e2', closeness: 0 }] });
    expect(one).toMatchObject({ state: 'pending', required: 2, counted: 1, nextExampleId: 'e1' });
    const onlyOne = calibrationStatus({
      ...base,
      examplesRequired: 2,
      activeExampleIds: ['e2'],
      attempts: [{ exampleId: 'e2', closeness: 0 }],
    });
    expect(onlyOne).toMatchObject({ state: 'done', required: 1, nextExampleId: null });
  });

  it('should keep counting a pass on an example retired since', () => {
    const status = calibrationStatus({
      ...base,
      activeExampleIds: ['e2'],
      attempts: [{ exampleId: 'e1', closeness: 0 }],
    });
    expect(status.state).toBe('done');
  });

  it('should let any attempt through in recorded mode, and judge with the current tolerance in required mode', () => {
    const attempts = [{ exampleId: 'e1', closeness: 1.5 }];
    expect(calibrationStatus({ ...base, mode: 'recorded', attempts }).state).toBe('done');
    expect(calibrationStatus({ ...base, mode: 'recorded', attempts: [] }).state).toBe('pending');
    expect(calibrationStatus({ ...base, attempts }).state).toBe('pending');
    expect(calibrationStatus({ ...base, tolerance: 1.5, attempts }).state).toBe('done');
  });
});

describe('levelsFigure', () => {
  it('should show at most two decimals without trailing zeros', () => {
    expect([1 / 6, 0.5, 2, 1 / 3, 0].map(levelsFigure)).toEqual(['0.17', '0.5', '2', '0.33', '0']);
  });
});
