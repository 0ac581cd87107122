import type { CohortAccess } from '../cohorts/cohort-access.service.js';
import { cohortPath } from '../cohorts/learning.service.js';
import type { Eligibility } from './certificate-eligibility.service.js';
import type { CertificateRecord } from './certificates.repository.js';
import type { StaffRow } from './certificates.service.js';
import { describeMissing, summariseMissing } from './domain/completion.js';

export function certificatePagePath(access: CohortAccess): string {
  return `${cohortPath(access.institute.slug, access.cohort.id)}/certificate`;
}

export function certificatesStaffPath(access: CohortAccess): string {
  return `${cohortPath(access.institute.slug, access.cohort.id)}/certificates`;
}

export function certificatePath(access: CohortAccess, certificateId: string): string {
  return `${certificatesStaffPath(access)}/${certificateId}`;
}

const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });

/** "20 November 2026" from YYYY-MM-DD. */
export function longDate(day: string): string {
  return DATE.format(new Date(`${day}T00:00:00Z`));
}

/** A moment as the day it fell on in a time zone, written the same way. */
export function dayIn(moment: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone }).format(moment);
}

export type CertificateStatus = 'valid' | 'revoked' | 'superseded';

export function statusOf(certificate: CertificateRecord): CertificateStatus {
  return certificate.revocation?.kind ?? 'valid';
}

/** One certificate version as the holder's and the staff's pages show it. */
export function certificateModel(access: CohortAccess, certificate: CertificateRecord) {
  const status = statusOf(certificate);
  const base = certificatePath(access, certificate.id);
  return {
    id: certificate.id,
    serial: certificate.serial,
    version: certificate.version,
    holderName: certificate.holderName,
    completedOn: longDate(certificate.completedOn),
    issuedOn: dayIn(certificate.issuedAt, access.cohort.timeZone),
    valid: status === 'valid',
    revoked: status === 'revoked',
    superseded: status === 'superseded',
    revokedOn: certificate.revocation ? dayIn(certificate.revocation.revokedAt, access.cohort.timeZone) : null,
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

export function participantModel(access: CohortAccess, eligibility: Eligibility, versions: CertificateRecord[]) {
  const [current, ...older] = versions;
  return {
    cohortTitle: access.cohort.title,
    courseTitle: eligibility.course.title,
    checklist: eligibility.verdict.checklist,
    missing: eligibility.verdict.missing.map(describeMissing),
    eligible: eligibility.verdict.eligible,
    current: current ? certificateModel(access, current) : null,
    issuing: eligibility.verdict.eligible && !current,
    older: older.map((version) => certificateModel(access, version)),
  };
}

export function staffModel(access: CohortAccess, rows: StaffRow[]) {
  return rows.map((row) => ({
    fullName: row.fullName,
    eligible: row.eligibility?.verdict.eligible ?? false,
    missing: (row.eligibility?.verdict.missing ?? []).map(summariseMissing),
    certificate: row.certificate ? certificateModel(access, row.certificate) : null,
  }));
}
