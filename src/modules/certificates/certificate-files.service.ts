import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { JobQueue } from '../../infra/queue/job-queue.service.js';
import { FileStorage, type StoredFile } from '../../infra/storage/file-storage.js';
import { CertificateCredentialsService } from './certificate-credentials.service.js';
import { CertificatesRepository, type CertificateRecord, type IssuingContext } from './certificates.repository.js';
import { CertificateImpossibleError } from './certificates.errors.js';
import { certificatePage, trainerCertificatePage } from './domain/certificate-document.js';
import { CertificatePdfMaker } from './pdf/certificate-pdf-maker.js';

type PrintContext = Pick<IssuingContext, 'instituteId' | 'instituteSlug' | 'instituteName' | 'branding'>;

export function certificatePdfKey(instituteId: string, certificateId: string): string {
  return `institutes/${instituteId}/certificates/${certificateId}.pdf`;
}

export function certificateCredentialKey(instituteId: string, certificateId: string): string {
  return `institutes/${instituteId}/certificates/${certificateId}.credential.json`;
}

export function verifyUrl(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/verify/${code}`;
}

/**
 * Makes what a certificate version is downloaded as: its signed Open Badges credential, then its PDF with the
 * credential attached, both stored (the PDF with its checksum) and recorded once. Run twice (a retried or
 * duplicated job), it ends with one credential, one PDF and one row: files stored by a run that died before
 * recording them are kept and reused, since a version's content never changes (and a credential, once signed, is
 * the one the PDF carries). The participant and trainers are told once.
 */
@Injectable()
export class CertificateFilesService {
  private readonly logger = new Logger(CertificateFilesService.name);

  constructor(
    private readonly repository: CertificatesRepository,
    private readonly storage: FileStorage,
    private readonly maker: CertificatePdfMaker,
    private readonly jobs: JobQueue,
    private readonly credentials: CertificateCredentialsService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async ensureFiles(instituteId: string, certificateId: string): Promise<'done' | 'already-done' | 'revoked'> {
    const certificate = await this.repository.findCertificate(instituteId, certificateId);
    if (!certificate) throw new CertificateImpossibleError(`certificate ${certificateId} does not exist`);
    if (certificate.files) return 'already-done';
    // A version revoked or replaced before its PDF was made never gets one.
    if (certificate.revocation) return 'revoked';
    const context = await this.contextOf(certificate);
    if (!context) throw new CertificateImpossibleError(`the cohort of certificate ${certificateId} does not exist`);
    const credentialJson = await this.credentialOf(certificate, context);
    const key = certificatePdfKey(instituteId, certificate.id);
    const stored = (await this.storage.exists(key))
      ? await this.describeStored(key)
      : await this.putOnce(key, await this.renderPdf(certificate, context, credentialJson));
    const recorded = await this.repository.recordFiles(instituteId, certificate.id, {
      pdfKey: stored.key,
      pdfSha256: stored.sha256,
      pdfSizeBytes: stored.sizeBytes,
      credentialJson,
    });
    // Notifications speak of a cohort's certificate: a trainer certificate is shown on the trainer's path instead.
    if (recorded && certificate.kind === 'course') await this.notify(instituteId, certificate.id);
    return recorded ? 'done' : 'already-done';
  }

  /** The institute (and for a course certificate, the cohort) a certificate is printed for. */
  private async contextOf(certificate: CertificateRecord): Promise<PrintContext | null> {
    if (certificate.cohortId) return this.repository.findIssuingContext(certificate.instituteId, certificate.cohortId);
    const institute = await this.repository.findInstituteById(certificate.instituteId);
    const branding = await this.repository.findInstituteBranding(certificate.instituteId);
    return institute && branding
      ? { instituteId: institute.id, instituteSlug: institute.slug, instituteName: institute.name, branding }
      : null;
  }

  /** The credential stored for this version, or a newly signed one, stored before the PDF that embeds it. */
  private async credentialOf(certificate: CertificateRecord, context: PrintContext): Promise<string> {
    const key = certificateCredentialKey(certificate.instituteId, certificate.id);
    const stored = await this.readText(key);
    if (stored !== null) return stored;
    const json = await this.credentials.credentialJson(certificate, {
      id: context.instituteId,
      slug: context.instituteSlug,
      name: context.instituteName,
    });
    await this.putOnce(key, Buffer.from(json, 'utf8'));
    // A run racing this one may have stored its own first: the stored one is the credential, for both.
    return (await this.readText(key)) ?? json;
  }

  /** Stores a file; when a concurrent run stored it first, theirs stands (files are never overwritten). */
  private async putOnce(key: string, bytes: Buffer): Promise<StoredFile> {
    try {
      return await this.storage.put(key, bytes);
    } catch (error) {
      if (await this.storage.exists(key)) return this.describeStored(key);
      throw error;
    }
  }

  private async readText(key: string): Promise<string | null> {
    const stream = await this.storage.open(key);
    if (!stream) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  }

  private renderPdf(certificate: CertificateRecord, context: PrintContext, credentialJson: string | null) {
    const page = certificate.trainer
      ? trainerCertificatePage({
          language: certificate.language,
          instituteName: context.instituteName,
          brandColour: context.branding.primaryColour,
          accentColour: context.branding.secondaryColour,
          signatories: context.branding.signatories,
          holderName: certificate.holderName,
          courseTitle: certificate.courseTitle,
          certifierName: certificate.trainer.certifierName,
          certifiedOn: certificate.completedOn,
          validUntil: certificate.trainer.validUntil,
          serial: certificate.serial,
          verificationCode: certificate.verificationCode,
          verifyUrl: verifyUrl(this.config.PUBLIC_URL, certificate.verificationCode),
        })
      : certificatePage({
          language: certificate.language,
          instituteName: context.instituteName,
          brandColour: context.branding.primaryColour,
          accentColour: context.branding.secondaryColour,
          signatories: context.branding.signatories,
          holderName: certificate.holderName,
          courseTitle: certificate.courseTitle,
          startedOn: certificate.startedOn,
          completedOn: certificate.completedOn,
          hours: certificate.hours,
          outcomes: certificate.outcomes,
          serial: certificate.serial,
          verificationCode: certificate.verificationCode,
          verifyUrl: verifyUrl(this.config.PUBLIC_URL, certificate.verificationCode),
        });
    return this.maker.make({ instituteSlug: context.instituteSlug, page, credentialJson });
  }

  private async notify(instituteId: string, certificateId: string): Promise<void> {
    try {
      await this.jobs.enqueue(
        'certificates.notify',
        { instituteId, certificateId },
        { jobId: `certificate-notify:${instituteId}:${certificateId}` },
      );
    } catch (error) {
      // The certificate stands; only the mail is lost, and the page shows the certificate anyway.
      this.logger.error(`could not queue the mail of certificate ${certificateId}: ${String(error)}`);
    }
  }

  private async describeStored(key: string): Promise<StoredFile> {
    const stream = await this.storage.open(key);
    if (!stream) throw new Error(`file storage: ${key} vanished`);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      sizeBytes += chunk.length;
    }
    return { key, sizeBytes, sha256: hash.digest('hex') };
  }
}
