import { describe, expect, it } from '@jest/globals';
import { dedupeKeys, deliveryJobId } from './dedupe-keys.js';
import { emailSettings, emailSettingsFromForm } from './notification-kinds.js';
import { kindKey, notificationPath } from './notification-content.js';

describe('dedupe keys', () => {
  it('should name what happened and to whom, the same each time', () => {
    expect(dedupeKeys.moduleUnlocked('c1', 'net-m01', 'u1')).toBe('module-unlocked:c1:net-m01:u1');
    expect(dedupeKeys.digest('t1', 'c1', '2026-09-10')).toBe('digest:t1:c1:2026-09-10');
    expect(dedupeKeys.certificateIssued('cert', 'u1')).not.toBe(dedupeKeys.certificateIssued('cert', 'u2'));
  });

  it('should make a moved deadline a new reminder', () => {
    const before = dedupeKeys.deadline('capstone', 'c1', 'u1', new Date('2026-09-18T23:59:59Z'));
    const after = dedupeKeys.deadline('capstone', 'c1', 'u1', new Date('2026-09-19T23:59:59Z'));
    expect(before).not.toBe(after);
    expect(dedupeKeys.deadline('capstone', 'c1', 'u1', new Date('2026-09-18T23:59:59Z'))).toBe(before);
  });

  it('should give delivery jobs ids of exactly three parts, as BullMQ requires of ids with a colon', () => {
    expect(deliveryJobId('0b8c4f4e-0000-4000-8000-000000000000').split(':')).toHaveLength(3);
  });
});

describe('e-mail preferences', () => {
  it('should keep every kind on until turned off', () => {
    expect(
      emailSettings([
        { kind: 'trainer-digest', email: false },
        { kind: 'gone', email: false },
      ]),
    ).toEqual({
      'module-unlocked': true,
      'deadline-approaching': true,
      'review-received': true,
      'grade-released': true,
      'certificate-issued': true,
      'trainer-digest': false,
    });
  });

  it('should read unticked boxes as off', () => {
    expect(emailSettingsFromForm({ 'email-module-unlocked': 'on', _csrf: 'x' })).toMatchObject({
      'module-unlocked': true,
      'grade-released': false,
    });
  });
});

describe('notification content', () => {
  it('should name message keys as identifiers', () => {
    expect(kindKey('deadline-approaching')).toBe('deadlineApproaching');
  });

  it('should lead each kind to its page', () => {
    const cohort = { instituteSlug: 'np-cept', cohortId: 'c1' };
    expect(notificationPath('module-unlocked', { ...cohort, moduleId: 'res-m02' })).toBe(
      '/i/np-cept/cohorts/c1/modules/res-m02',
    );
    expect(notificationPath('deadline-approaching', { ...cohort, item: 'peer-review' })).toBe(
      '/i/np-cept/cohorts/c1/peer-review/reviews',
    );
    expect(notificationPath('certificate-issued', { ...cohort, forHolder: false })).toBe(
      '/i/np-cept/cohorts/c1/certificates',
    );
  });
});
