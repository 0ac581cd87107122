import { describe, expect, it } from '@jest/globals';
import { hasLapsed, recertificationDate, reminderTimes } from './recertification.js';

describe('recertificationDate', () => {
  it('should default to two years after the certification day', () => {
    expect(recertificationDate(new Date('2026-11-23T19:00:00Z'))).toBe('2028-11-23');
  });
  it('should follow a configured number of months', () => {
    expect(recertificationDate(new Date('2026-01-31T00:00:00Z'), 1)).toBe('2026-02-28');
    expect(recertificationDate(new Date('2028-02-29T10:00:00Z'), 12)).toBe('2029-02-28');
  });
});

describe('hasLapsed', () => {
  it('should be valid through the recertification day and lapsed the day after', () => {
    expect(hasLapsed('2028-11-23', new Date('2028-11-23T23:59:59Z'))).toBe(false);
    expect(hasLapsed('2028-11-23', new Date('2028-11-24T00:00:00Z'))).toBe(true);
  });
});

describe('reminderTimes', () => {
  it('should remind 30 and 7 days before at 08:00 UTC', () => {
    expect(reminderTimes('2028-03-05').map((entry) => [entry.daysBefore, entry.at.toISOString()])).toEqual([
      [30, '2028-02-04T08:00:00.000Z'],
      [7, '2028-02-27T08:00:00.000Z'],
    ]);
  });
});
