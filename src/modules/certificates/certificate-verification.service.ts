import { Injectable } from '@nestjs/common';
import { CertificatesRepository } from './certificates.repository.js';
import { CertificateNotFoundError } from './certificates.errors.js';
import { normaliseVerificationCode } from './domain/certificate-identifiers.js';
import type { Locale } from '../../infra/i18n/locales.js';
import { dayIn, longDate, statusOf } from './certificate-page-models.js';

/** What anyone holding a verification code may learn: who, what, where, when, and whether it still stands. */
@Injectable()
export class CertificateVerificationService {
  constructor(private readonly repository: CertificatesRepository) {}

  async byCode(input: string, locale: Locale) {
    const code = normaliseVerificationCode(input);
    const certificate = code ? await this.repository.findByCode(code) : null;
    if (!certificate) throw new CertificateNotFoundError();
    const revocationStatus = statusOf(certificate);
    // A trainer certificate ends at its recertification date (UTC); revocation says more, so it comes first.
    const expired =
      revocationStatus === 'valid' &&
      certificate.trainer !== null &&
      certificate.trainer.validUntil < new Date().toISOString().slice(0, 10);
    const status = expired ? 'expired' : revocationStatus;
    const successor =
      status === 'superseded' ? await this.repository.findSuccessor(certificate.instituteId, certificate.id) : null;
    return {
      code: certificate.verificationCode,
      serial: certificate.serial,
      holderName: certificate.holderName,
      courseTitle: certificate.courseTitle,
      instituteName: certificate.instituteName,
      hours: certificate.hours,
      startedOn: longDate(certificate.startedOn, locale),
      completedOn: longDate(certificate.completedOn, locale),
      issuedOn: dayIn(certificate.issuedAt, 'UTC', locale),
      version: certificate.version,
      status,
      valid: status === 'valid',
      expired,
      trainer: certificate.trainer
        ? {
            certifierName: certificate.trainer.certifierName,
            validUntil: longDate(certificate.trainer.validUntil, locale),
          }
        : null,
      revoked: status === 'revoked',
      superseded: status === 'superseded',
      revokedOn: certificate.revocation ? dayIn(certificate.revocation.revokedAt, 'UTC', locale) : null,
      reason: certificate.revocation?.reason ?? null,
      successorHref: successor ? `/verify/${successor.verificationCode}` : null,
    };
  }
}
