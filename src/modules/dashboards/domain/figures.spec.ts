import { describe, expect, it } from '@jest/globals';
import { gradeBins, participantsAtRisk, percentText, progressFunnel, rate, type AtRiskFacts } from './figures.js';

describe('rate', () => {
  it('should divide, and give null when there is nobody to count', () => {
    expect(rate(2, 3)).toBeCloseTo(0.6667, 4);
    expect(rate(0, 5)).toBe(0);
    expect(rate(3, 0)).toBeNull();
    expect(percentText(rate(2, 3))).toBe('66.7');
    expect(percentText(rate(1, 8))).toBe('12.5');
    expect(percentText(null)).toBe('');
  });
});

describe('progressFunnel', () => {
  const modules = [
    { key: 'm2', number: 2, title: 'Two' },
    { key: 'm1', number: 1, title: 'One' },
    { key: 'm3', number: 3, title: 'Three' },
  ];

  it('should list every module in course order with its counts and shares of the active participants', () => {
    const rows = progressFunnel(
      modules,
      [
        { moduleKey: 'm1', started: 4, completed: 3 },
        { moduleKey: 'm2', started: 2, completed: 1 },
        { moduleKey: 'gone', started: 9, completed: 9 },
      ],
      4,
    );
    expect(rows.map((row) => [row.key, row.started, row.completed, row.startedRate, row.completedRate])).toEqual([
      ['m1', 4, 3, 1, 0.75],
      ['m2', 2, 1, 0.5, 0.25],
      ['m3', 0, 0, 0, 0],
    ]);
  });

  it('should give no rates for a cohort without active participants', () => {
    expect(progressFunnel(modules, [], 0).every((row) => row.startedRate === null)).toBe(true);
  });
});

describe('gradeBins', () => {
  it('should put grades in bins of 10 points, 100 in the top bin and a bound in the bin it opens', () => {
    const bins = gradeBins([0, 9.99, 10, 55, 59.5, 90, 100, 100]);
    expect(bins.map((bin) => bin.count)).toEqual([2, 1, 0, 0, 0, 2, 0, 0, 0, 3]);
    expect(bins[9]).toEqual({ from: 90, to: 100, count: 3 });
  });

  it('should refuse a width that does not divide 100 and a grade outside 0..100', () => {
    expect(() => gradeBins([50], 30)).toThrow(RangeError);
    expect(() => gradeBins([100.5])).toThrow(/out of 0..100/);
  });

  it('should bin 20-point widths into 5 bins', () => {
    expect(gradeBins([19, 20, 79.9, 80], 20).map((bin) => bin.count)).toEqual([1, 1, 0, 1, 1]);
  });
});

describe('participantsAtRisk', () => {
  const day = 24 * 60 * 60 * 1000;
  const now = new Date('2026-10-20T12:00:00Z');
  const cohort = {
    now,
    graceDays: 7,
    moduleUnlocks: [
      { moduleKey: 'm1', opensAt: new Date(now.getTime() - 10 * day) },
      // Opened exactly 7 days ago: not yet more than 7 days.
      { moduleKey: 'm2', opensAt: new Date(now.getTime() - 7 * day) },
      { moduleKey: 'm3', opensAt: new Date(now.getTime() + day) },
    ],
    quizModuleKeys: ['m1', 'm2'],
    quizClosesAt: new Date(now.getTime() + 5 * day),
    capstoneDueAt: new Date(now.getTime() - day),
  };
  const person = (overrides: Partial<AtRiskFacts>): AtRiskFacts => ({
    userId: 'u',
    fullName: 'Name',
    email: 'name@example.test',
    completedModuleKeys: ['m1', 'm2'],
    quizSubmittedModuleKeys: ['m1', 'm2'],
    capstoneSubmitted: true,
    capstoneExtendedTo: null,
    overdueReviews: 0,
    ...overrides,
  });

  it('should leave out people with no reason', () => {
    expect(participantsAtRisk(cohort, [person({ completedModuleKeys: ['m1'] })])).toEqual([]);
  });

  it('should list a module not completed more than the grace days after it opened', () => {
    const [risk] = participantsAtRisk(cohort, [person({ completedModuleKeys: [] })]);
    expect(risk.reasons).toEqual([{ kind: 'behind', moduleKeys: ['m1'] }]);
  });

  it('should report missed quizzes only once the quizzes closed', () => {
    const facts = [person({ quizSubmittedModuleKeys: ['m2'] })];
    expect(participantsAtRisk(cohort, facts)).toEqual([]);
    const closed = { ...cohort, quizClosesAt: new Date(now.getTime() - 1) };
    expect(participantsAtRisk(closed, facts)[0].reasons).toEqual([{ kind: 'quiz-missed', moduleKeys: ['m1'] }]);
  });

  it('should report a missing action plan after the due date unless an extension runs later', () => {
    const late = person({ capstoneSubmitted: false });
    expect(participantsAtRisk(cohort, [late])[0].reasons).toEqual([
      { kind: 'capstone-missed', dueAt: cohort.capstoneDueAt },
    ]);
    expect(participantsAtRisk(cohort, [{ ...late, capstoneExtendedTo: new Date(now.getTime() + day) }])).toEqual([]);
    expect(participantsAtRisk({ ...cohort, capstoneDueAt: null }, [late])).toEqual([]);
  });

  it('should give every reason of one person, with the overdue reviews counted', () => {
    const [risk] = participantsAtRisk({ ...cohort, quizClosesAt: new Date(0) }, [
      person({
        completedModuleKeys: [],
        quizSubmittedModuleKeys: [],
        capstoneSubmitted: false,
        overdueReviews: 2,
      }),
    ]);
    expect(risk.reasons.map((reason) => reason.kind)).toEqual([
      'behind',
      'quiz-missed',
      'capstone-missed',
      'reviews-missed',
    ]);
    expect(risk.reasons[3]).toEqual({ kind: 'reviews-missed', count: 2 });
  });
});
