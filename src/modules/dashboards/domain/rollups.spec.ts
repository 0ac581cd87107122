import { describe, expect, it } from '@jest/globals';
import { groupSums, monthOf, monthRange } from './rollups.js';

describe('groupSums', () => {
  const rows = [
    { course: 'b', trainers: ['T1', 'T2'], participants: 10, completed: 4 },
    { course: 'a', trainers: ['T1'], participants: 5, completed: 5 },
    { course: 'b', trainers: [], participants: 3, completed: 0 },
  ];

  it('should sum each field per group, groups in key order', () => {
    const groups = groupSums(rows, (row) => [{ key: row.course, label: row.course.toUpperCase() }], [
      'participants',
      'completed',
    ]);
    expect(groups).toEqual([
      { key: 'a', label: 'A', rows: 1, sums: { participants: 5, completed: 5 } },
      { key: 'b', label: 'B', rows: 2, sums: { participants: 13, completed: 4 } },
    ]);
  });

  it('should count a row in each of its groups and in none when it has no key', () => {
    const groups = groupSums(rows, (row) => row.trainers.map((name) => ({ key: name, label: name })), ['participants']);
    expect(groups.map((group) => [group.key, group.rows, group.sums.participants])).toEqual([
      ['T1', 2, 15],
      ['T2', 1, 10],
    ]);
  });
});

describe('months', () => {
  it('should take the month of a date and fill the months between two', () => {
    expect(monthOf('2026-03-31')).toBe('2026-03');
    expect(() => monthOf('2026-3-1')).toThrow(RangeError);
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthRange('2026-05', '2026-05')).toEqual(['2026-05']);
  });
});
