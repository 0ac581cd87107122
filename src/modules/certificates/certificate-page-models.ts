import type { CohortAccess } from '../cohorts/cohort-access.service.js';
import { cohortPath } from '../cohorts/learning.service.js';
import type { Eligibility } from './certificate-eligibility.service.js';
import type { CertificateRecord } from './certificates.repository.js';
import type { StaffRow } from './certificates.service.js';
import { formatterFor } from '../../infra/templates/template-renderer.js';
import type { Locale } from '../../infra/i18n/locales.js';
import { missingMessage, missingSummaryMessage } from './domain/completion.js';

export function certificatePagePath(access: CohortAccess): string {
  return `${cohortPath(access.institute.slug, access.cohort.id)}/certificate`;
}

export function certificatesStaffPath(access: CohortAccess): string {
  return `${cohortPath(access.institute.slug, access.cohort.id)}/certificates`;
}

export function certificatePath(access: CohortAccess, certificateId: string): string {
  return `${certificatesStaffPath(access)}/${certificateId}`;
}

/** "20 November 2026" (or "20 novembre 2026") from YYYY-MM-DD. */
export function longDate(day: string, locale: Locale): string {
  return formatterFor(locale, 'date').format(new Date(`${day}T00:00:00Z`));
}

/** A moment as the day it fell on in a time zone, written the same way. */
export function dayIn(moment: Date, timeZone: string, locale: Locale): string {
  return formatterFor(locale, 'date', { timeZone }).format(moment);
}

export type CertificateStatus = 'valid' | 'revoked' | 'superseded';

export function statusOf(certificate: CertificateRecord): CertificateStatus {
  return certificate.revocation?.kind ?? 'valid';
}

/** One certificate version as the holder's and the staff's pages show it. */
export function certificateModel(access: CohortAccess, certificate: CertificateRecord, locale: Locale) {
  const status = statusOf(certificate);
  const base = certificatePath(access, certificate.id);
  return {
    id: certificate.id,
    serial: certificate.serial,
    version: certificate.version,
    holderName: certificate.holderName,
    completedOn: longDate(certificate.completedOn, locale),
    issuedOn: dayIn(certificate.issuedAt, access.cohort.timeZone, locale),
    valid: status === 'valid',
    revoked: status === 'revoked',
    superseded: status === 'superseded',
    revokedOn: certificate.revocation ? dayIn(certificate.revocation.revokedAt, access.cohort.timeZone, locale) : null,
    revocationReason: certificate.revocation?.reason ?? null,
    ready: certificate.files !== null,
    hasCredential: certificate.files?.hasCredential ?? false,
    pdfHref: `${base}/pdf`,
    jsonHref: `${base}/credential.json`,
    verifyHref: `/verify/${certificate.verificationCode}`,
    verificationCode: certificate.verificationCode,
    sha256: certificate.files?.pdfSha256 ?? null,
    revokeHref: `${base}/revoke`,
    reissueHref: `${base}/reissue`,
  };
}

export function participantModel(
  access: CohortAccess,
  eligibility: Eligibility,
  versions: CertificateRecord[],
  locale: Locale,
) {
  const [current, ...older] = versions;
  return {
    cohortTitle: access.cohort.title,
    courseTitle: eligibility.course.title,
    checklist: eligibility.verdict.checklist,
    missing: eligibility.verdict.missing.map(missingMessage),
    eligible: eligibility.verdict.eligible,
    current: current ? certificateModel(access, current, locale) : null,
    issuing: eligibility.verdict.eligible && !current,
    older: older.map((version) => certificateModel(access, version, locale)),
  };
}

export function staffModel(access: CohortAccess, rows: StaffRow[], locale: Locale) {
  return rows.map((row) => ({
    fullName: row.fullName,
    eligible: row.eligibility?.verdict.eligible ?? false,
    missing: (row.eligibility?.verdict.missing ?? []).map(missingSummaryMessage),
    certificate: row.certificate ? certificateModel(access, row.certificate, locale) : null,
  }));
}
