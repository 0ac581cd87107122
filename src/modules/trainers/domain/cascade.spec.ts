import { describe, expect, it } from '@jest/globals';
import {
  assignGenerations,
  generationFigures,
  outcomeFigures,
  trainerFigures,
  type ParticipantOutcome,
} from './cascade.js';

describe('assignGenerations', () => {
  it('should put appointed masters at 0 and each certified trainer one below their certifier', () => {
    const generations = assignGenerations([
      { trainerId: 'master', certifiedBy: null },
      { trainerId: 'national', certifiedBy: 'master' },
      { trainerId: 'regional', certifiedBy: 'national' },
      { trainerId: 'district', certifiedBy: 'regional' },
      { trainerId: 'national2', certifiedBy: 'master' },
    ]);
    expect(Object.fromEntries(generations)).toEqual({ master: 0, national: 1, national2: 1, regional: 2, district: 3 });
  });

  it('should treat a certifier without a certification of their own as a root', () => {
    expect(Object.fromEntries(assignGenerations([{ trainerId: 'a', certifiedBy: 'hub' }]))).toEqual({ hub: 0, a: 1 });
  });

  it('should take the smallest generation for a person certified twice and survive a cycle', () => {
    const generations = assignGenerations([
      { trainerId: 'm', certifiedBy: null },
      { trainerId: 'a', certifiedBy: 'm' },
      { trainerId: 'b', certifiedBy: 'a' },
      { trainerId: 'b', certifiedBy: 'm' },
      { trainerId: 'a', certifiedBy: 'b' },
    ]);
    expect(Object.fromEntries(generations)).toEqual({ m: 0, a: 1, b: 1 });
  });
});

const outcome = (
  trainerId: string,
  cohortId: string,
  userId: string,
  completed: boolean,
  percent: number | null,
  passed: boolean,
): ParticipantOutcome => ({
  trainerId,
  cohortId,
  userId,
  completed,
  capstonePercent: percent,
  passed,
});

describe('outcome statistics', () => {
  const outcomes = [
    outcome('m', 'c1', 'p1', true, 80, true),
    outcome('m', 'c1', 'p2', true, 70, true),
    outcome('n', 'c2', 'p3', true, 60, false),
    outcome('n', 'c2', 'p4', false, null, false),
    outcome('n', 'c3', 'p5', true, 75, true),
    outcome('n', 'c3', 'p6', false, 50, false),
  ];
  const generations = new Map([
    ['m', 0],
    ['n', 1],
  ]);

  it('should count participants, completions, passes and average only released capstones', () => {
    expect(outcomeFigures(outcomes.filter((row) => row.trainerId === 'n'))).toEqual({
      cohorts: 2,
      participants: 4,
      completed: 2,
      passed: 1,
      completionRate: 0.5,
      passRate: 0.25,
      capstoneAverage: 61.67,
      graded: 3,
    });
  });

  it('should report no rate and no average for a trainer without participants', () => {
    const rows = trainerFigures(new Map([...generations, ['x', 2]]), outcomes);
    expect(rows.map((row) => row.trainerId)).toEqual(['m', 'n', 'x']);
    expect(rows[2]).toMatchObject({ participants: 0, completionRate: null, passRate: null, capstoneAverage: null });
  });

  it('should compare each generation with the previous one (the dilution signal)', () => {
    const figures = generationFigures(generations, outcomes);
    expect(figures[0]).toMatchObject({ generation: 0, trainers: 1, participants: 2, capstoneAverage: 75 });
    expect(figures[0].change).toEqual({ completionRate: null, passRate: null, capstoneAverage: null });
    expect(figures[1]).toMatchObject({
      generation: 1,
      trainers: 1,
      participants: 4,
      completionRate: 0.5,
      passRate: 0.25,
    });
    expect(figures[1].change).toEqual({ completionRate: -50, passRate: -75, capstoneAverage: -13.33 });
  });
});
