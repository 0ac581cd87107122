import { describe, expect, it } from '@jest/globals';
import type { AppConfig } from '../../config/config.js';
import { MailRenderer } from '../../infra/mail/mail-renderer.js';
import type { MailerService } from '../../infra/mail/mailer.service.js';
import type { NotificationKind } from './domain/notification-kinds.js';
import { NotificationDeliveryService } from './notification-delivery.service.js';
import type { NotificationsRepository } from './notifications.repository.js';

const config = {
  PUBLIC_URL: 'https://cascade.example.org/',
  SESSION_SECRET: 'x'.repeat(40),
} as AppConfig;
const service = new NotificationDeliveryService(
  null as unknown as NotificationsRepository,
  null as unknown as MailerService,
  new MailRenderer(),
  config,
);

const cohort = {
  cohortId: 'c1',
  cohortTitle: 'Kathmandu 2026',
  instituteSlug: 'np-cept',
  timeZone: 'Asia/Kathmandu',
};
const payloads: Record<NotificationKind, Record<string, unknown>> = {
  'module-unlocked': { ...cohort, moduleId: 'res-m02', moduleTitle: 'Costing', opensAt: '2026-09-08T02:15:00Z' },
  'deadline-approaching': { ...cohort, item: 'capstone', dueAt: '2026-09-18T18:14:59Z' },
  'review-received': cohort,
  'grade-released': { ...cohort, percent: 72.5 },
  'certificate-issued': {
    ...cohort,
    certificateId: 'cert',
    instituteName: 'NP CEPT',
    courseTitle: 'School resources',
    holderName: 'Bikash Gurung',
    serial: 'NP-2026-0001',
    verificationCode: 'ABCD-EFGH',
    forHolder: false,
  },
  'trainer-digest': {
    ...cohort,
    localDate: '2026-09-10',
    plansToGrade: 2,
    flaggedReviews: 0,
    behindCount: 12,
    behindShown: [{ fullName: 'Sunita Rai', modulesBehind: 2 }],
    behindMore: 11,
  },
};

const compose = (kind: NotificationKind, preferredLanguage: string) =>
  service.compose({
    userId: '6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
    kind,
    payload: payloads[kind],
    fullName: 'Gita Thapa',
    preferredLanguage,
  });

describe('notification mails', () => {
  it.each(Object.keys(payloads) as NotificationKind[])('should write %s in English and in French', (kind) => {
    const en = compose(kind, 'en');
    const fr = compose(kind, 'fr');
    expect(en.text).toContain('Hello Gita Thapa,');
    expect(fr.text).toContain('Bonjour Gita Thapa,');
    expect(fr.subject).not.toBe(en.subject);
    expect(en.text).toContain('https://cascade.example.org/notifications/unsubscribe?user=');
    expect(fr.html).toContain('<html lang="fr">');
  });

  it('should show instants in the cohort zone and numbers the reader’s way', () => {
    // 18:14:59 UTC is 23:59 in Kathmandu (UTC+05:45).
    expect(compose('deadline-approaching', 'en').text).toMatch(/due on 18 September 2026 at 23:59/);
    expect(compose('deadline-approaching', 'fr').text).toContain('dû le 18 septembre 2026 à 23:59');
    expect(compose('grade-released', 'fr').text).toContain('72,5 %');
  });

  it('should tell trainers whose certificate it is, and link to the cohort list', () => {
    const mail = compose('certificate-issued', 'en');
    expect(mail.subject).toBe('Certificate issued: Bikash Gurung, School resources');
    expect(mail.text).toContain('https://cascade.example.org/i/np-cept/cohorts/c1/certificates');
    expect(mail.text).toContain('https://cascade.example.org/verify/ABCD-EFGH');
  });

  it('should list who is behind in the digest and count the others', () => {
    const mail = compose('trainer-digest', 'en');
    expect(mail.subject).toBe('Your day in Kathmandu 2026: 10 September 2026');
    expect(mail.text).toContain('2 action plans wait for your grade.');
    expect(mail.text).toContain('12 participants are behind schedule:');
    expect(mail.text).toContain('Sunita Rai: 2 modules not completed');
    expect(mail.text).toContain('and 11 more');
  });

  it('should write in English to someone whose language Cascade does not speak', () => {
    expect(compose('review-received', 'ne').subject).toBe('A peer review of your action plan: Kathmandu 2026');
  });
});
