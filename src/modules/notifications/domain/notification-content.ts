import type { Locale } from '../../../infra/i18n/locales.js';
import type { MessageValues } from '../../../infra/i18n/message-catalog.js';
import { formatterFor, numberFormatterFor } from '../../../infra/templates/template-renderer.js';
import type { NotificationKind } from './notification-kinds.js';

/** Message keys are plain identifiers: `module-unlocked` → `moduleUnlocked`. */
export function kindKey(kind: NotificationKind): string {
  return kind.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

const text = (payload: Record<string, unknown>, field: string): string => {
  const value = payload[field];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
};
const count = (payload: Record<string, unknown>, field: string): number => Number(payload[field] ?? 0);

function cohortPath(payload: Record<string, unknown>): string {
  return `/i/${text(payload, 'instituteSlug')}/cohorts/${text(payload, 'cohortId')}`;
}

/** Where a notification leads (a path on this site). */
export function notificationPath(kind: NotificationKind, payload: Record<string, unknown>): string {
  const cohort = cohortPath(payload);
  switch (kind) {
    case 'module-unlocked':
      return `${cohort}/modules/${text(payload, 'moduleId')}`;
    case 'deadline-approaching':
      switch (text(payload, 'item')) {
        case 'capstone':
          return `${cohort}/capstone`;
        case 'peer-review':
          return `${cohort}/peer-review/reviews`;
        default:
          return cohort;
      }
    case 'review-received':
      return `${cohort}/peer-review/feedback`;
    case 'grade-released':
      return `${cohort}/capstone`;
    case 'certificate-issued':
      return payload.forHolder === false ? `${cohort}/certificates` : `${cohort}/certificate`;
    case 'trainer-digest':
      return `${cohort}/capstone/grading`;
  }
}

/**
 * The values of a notification's messages (subject, in-app line, mail body) in a locale: names as stored, dates
 * formatted in the cohort's time zone, numbers in the locale's way. The payload keeps raw values, so one row reads
 * right in any language.
 */
export function messageValues(kind: NotificationKind, payload: Record<string, unknown>, locale: Locale): MessageValues {
  const timeZone = text(payload, 'timeZone') || 'UTC';
  const dateTime = (field: string) =>
    payload[field] ? formatterFor(locale, 'dateTime', { timeZone }).format(new Date(text(payload, field))) : '';
  const cohort = text(payload, 'cohortTitle');
  switch (kind) {
    case 'module-unlocked':
      return { cohort, module: text(payload, 'moduleTitle'), opensAt: dateTime('opensAt') };
    case 'deadline-approaching':
      return { cohort, item: text(payload, 'item'), due: dateTime('dueAt') };
    case 'review-received':
      return { cohort };
    case 'grade-released':
      return { cohort, percent: numberFormatterFor(locale, 'number', { digits: 1 }).format(count(payload, 'percent')) };
    case 'certificate-issued':
      return {
        cohort,
        course: text(payload, 'courseTitle'),
        holder: text(payload, 'holderName'),
        serial: text(payload, 'serial'),
        institute: text(payload, 'instituteName'),
        forHolder: payload.forHolder === false ? 'no' : 'yes',
      };
    case 'trainer-digest':
      return {
        cohort,
        date: payload.localDate
          ? formatterFor(locale, 'date').format(new Date(`${text(payload, 'localDate')}T12:00:00Z`))
          : '',
        plans: count(payload, 'plansToGrade'),
        flags: count(payload, 'flaggedReviews'),
        behind: count(payload, 'behindCount'),
        more: count(payload, 'behindMore'),
      };
  }
}
