import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { ContentService } from '../content/content.service.js';
import { CertificatesRepository, type CertificateRecord, type IssuerKeyRow } from './certificates.repository.js';
import {
  buildIssuerProfile,
  buildOpenBadgeCredential,
  buildStatusListCredential,
  generateIssuerKeyPair,
  signCredential,
  verifyOpenBadgeCredential,
  type IssuerKeyPair,
  type IssuerProfileInput,
  type VerificationResult,
} from './credentials/open-badges.js';

/** Status lists are numbered; list 1 holds the first 131,072 certificates of an institute (the spec's minimum). */
export const STATUS_LIST_NUMBER = 1;

interface Institute {
  id: string;
  slug: string;
  name: string;
}

/**
 * The Open Badges 3.0 side of certificates: each institute's issuer profile and Ed25519 key (made on first need;
 * the secret key sits in PostgreSQL here and belongs in a secret store in production), the signed credential of
 * each certificate, the institute's signed revocation status list, and verification against all of these, read
 * from our own database, never the network.
 *
 * Credential URLs are https (the OB 3.0 library insists): PUBLIC_URL is https in production; a development or
 * test PUBLIC_URL on http gets the same host with https in credentials, which nothing fetches since every document
 * is resolved from the database.
 */
@Injectable()
export class CertificateCredentialsService {
  private readonly base: string;

  constructor(
    private readonly repository: CertificatesRepository,
    private readonly content: ContentService,
    @Inject(CONFIG) config: AppConfig,
  ) {
    const url = new URL(config.PUBLIC_URL);
    url.protocol = 'https:';
    this.base = url.toString().replace(/\/+$/, '');
  }

  issuerUrl(slug: string): string {
    return `${this.base}/credentials/issuers/${slug}`;
  }

  statusListUrl(slug: string, list = STATUS_LIST_NUMBER): string {
    return `${this.issuerUrl(slug)}/status/${list}`;
  }

  /** The signed OpenBadgeCredential of one certificate version, as the JSON text stored and attached to the PDF. */
  async credentialJson(certificate: CertificateRecord, institute: Institute): Promise<string> {
    const key = await this.issuerKey(institute);
    const course = await this.content.getCourseVersion(certificate.courseVersionId);
    if (certificate.trainer)
      return this.trainerCredentialJson(certificate, certificate.trainer, institute, key, course);
    const unsigned = buildOpenBadgeCredential({
      credentialId: `${this.base}/verify/${certificate.verificationCode}`,
      issuer: this.profileInput(institute, key),
      achievement: {
        id: `${this.base}/courses/${course.slug}?version=${course.versionNumber}`,
        name: certificate.courseTitle,
        description: course.summary,
        criteriaNarrative: `Completed ${certificate.courseTitle} at ${institute.name}, meeting the course's completion rules (module quizzes, capstone action plan and peer reviews as the course requires).`,
        hours: certificate.hours,
        outcomes: certificate.outcomes,
        language: certificate.language,
      },
      recipientName: certificate.holderName,
      validFrom: certificate.issuedAt,
      status: {
        statusListCredential: this.statusListUrl(institute.slug),
        statusListIndex: certificate.statusListIndex,
      },
    });
    return JSON.stringify(await signCredential(unsigned, keyPair(key)), null, 2);
  }

  /**
   * A trainer certificate's credential: its own achievement (type Certification: a national trainer of the course,
   * one per course), valid until the recertification date, after which verifiers say expired.
   */
  private async trainerCredentialJson(
    certificate: CertificateRecord,
    trainer: NonNullable<CertificateRecord['trainer']>,
    institute: Institute,
    key: IssuerKeyRow,
    course: { slug: string; summary: string },
  ): Promise<string> {
    const [year, month, day] = trainer.validUntil.split('-').map(Number);
    const unsigned = buildOpenBadgeCredential({
      credentialId: `${this.base}/verify/${certificate.verificationCode}`,
      issuer: this.profileInput(institute, key),
      achievement: {
        id: `${this.base}/courses/${course.slug}/national-trainer`,
        achievementType: 'Certification',
        name: `Certified national trainer — ${certificate.courseTitle}`,
        description: `Certified to train ${certificate.courseTitle} as a national trainer, and to run its cohorts at ${institute.name}.`,
        criteriaNarrative: [
          `Certified by a master trainer after the whole trainer-of-trainers path for ${certificate.courseTitle}:`,
          '',
          '- the trainer-of-trainers track completed, with its quizzes;',
          '- a teach-back (a micro-teaching segment) passed on the observation checklist;',
          '- grading calibration: reference capstones graded within one level of the master trainers on at least 80% of criteria;',
          '- co-facilitation of a cohort under a master trainer, signed off.',
          '',
          'Valid until the recertification date.',
        ].join('\n'),
        outcomes: [],
        // The achievement's words (above) are English; the PDF is printed in the holder's language.
        language: 'en',
      },
      recipientName: certificate.holderName,
      validFrom: certificate.issuedAt,
      // The end of the recertification day (UTC): the certification holds through that date.
      validUntil: new Date(Date.UTC(year, month - 1, day, 23, 59, 59)),
      status: {
        statusListCredential: this.statusListUrl(institute.slug),
        statusListIndex: certificate.statusListIndex,
      },
    });
    return JSON.stringify(await signCredential(unsigned, keyPair(key)), null, 2);
  }

  /** The institute's issuer profile (JSON-LD), with its public key; null for an institute that never issued. */
  async issuerProfile(slug: string): Promise<Record<string, unknown> | null> {
    const institute = await this.repository.findInstituteBySlug(slug);
    if (!institute) return null;
    const key = await this.repository.findIssuerKey(institute.id);
    return key ? buildIssuerProfile(this.profileInput(institute, key), keyPair(key)) : null;
  }

  /** The newest signed status list of an institute, made when none exists yet; null when it never issued. */
  async statusList(slug: string, list = STATUS_LIST_NUMBER): Promise<Record<string, unknown> | null> {
    if (list !== STATUS_LIST_NUMBER) return null;
    const institute = await this.repository.findInstituteBySlug(slug);
    if (!institute) return null;
    const latest = await this.repository.findLatestStatusList(institute.id, list);
    if (latest && !latest.stale) return JSON.parse(latest.json) as Record<string, unknown>;
    return this.publishStatusList(institute);
  }

  /** Signs the status list again from the revocations, as a new revision (after a revocation or a reissue). */
  async publishStatusList(institute: Institute): Promise<Record<string, unknown> | null> {
    const key = await this.repository.findIssuerKey(institute.id);
    if (!key) return null;
    const latest = await this.repository.findLatestStatusList(institute.id, STATUS_LIST_NUMBER);
    const signed = await buildStatusListCredential(
      {
        id: this.statusListUrl(institute.slug),
        issuer: this.profileInput(institute, key),
        revokedIndexes: await this.repository.listRevokedIndexes(institute.id),
        validFrom: new Date(),
      },
      keyPair(key),
    );
    await this.repository.insertStatusList(
      institute.id,
      STATUS_LIST_NUMBER,
      (latest?.revision ?? 0) + 1,
      JSON.stringify(signed),
    );
    return signed;
  }

  async publishStatusListOf(instituteId: string): Promise<void> {
    const institute = await this.repository.findInstituteById(instituteId);
    if (institute) await this.publishStatusList(institute);
  }

  /** Checks any credential JSON against our issuer profiles, keys and status lists: valid, tampered, revoked… */
  async verify(json: unknown, now = new Date()): Promise<VerificationResult> {
    return verifyOpenBadgeCredential(json, { resolve: (url) => this.resolve(url) }, now);
  }

  /** Our own documents by URL: issuer profiles, their key (`<profile>#key-1`) and status lists. */
  private async resolve(url: string): Promise<Record<string, unknown> | null> {
    const prefix = `${this.base}/credentials/issuers/`;
    const [plain, fragment] = url.split('#');
    if (fragment !== undefined) {
      const profile = await this.resolve(plain);
      const methods = (profile?.verificationMethod ?? []) as Record<string, unknown>[];
      return methods.find((method) => method.id === url) ?? null;
    }
    if (!plain.startsWith(prefix)) return null;
    const [slug, status, list, ...rest] = plain.slice(prefix.length).split('/');
    if (rest.length > 0 || !/^[a-z0-9-]+$/.test(slug ?? '')) return null;
    if (status === undefined) return this.issuerProfile(slug);
    if (status === 'status' && /^\d+$/.test(list ?? '')) return this.statusList(slug, Number(list));
    return null;
  }

  private async issuerKey(institute: Institute): Promise<IssuerKeyRow> {
    const existing = await this.repository.findIssuerKey(institute.id);
    if (existing) return existing;
    const generated = await generateIssuerKeyPair(this.issuerUrl(institute.slug));
    return this.repository.insertIssuerKey(institute.id, {
      keyId: generated.id,
      controller: generated.controller,
      publicKeyMultibase: generated.publicKeyMultibase,
      secretKeyMultibase: generated.secretKeyMultibase,
    });
  }

  /** The profile's id is the key's controller: the URL it was made for, even if PUBLIC_URL changed since. */
  private profileInput(institute: Institute, key: IssuerKeyRow): IssuerProfileInput {
    return { id: key.controller, name: institute.name, url: `${this.base}/` };
  }
}

function keyPair(key: IssuerKeyRow): IssuerKeyPair {
  return {
    id: key.keyId,
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  };
}
