import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import type { JobQueue } from '../../src/infra/queue/job-queue.service.js';
import { LocalDiskStorage } from '../../src/infra/storage/file-storage.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import { CertificateCredentialsService } from '../../src/modules/certificates/certificate-credentials.service.js';
import { CertificateEligibilityService } from '../../src/modules/certificates/certificate-eligibility.service.js';
import { CertificateFilesService } from '../../src/modules/certificates/certificate-files.service.js';
import { CertificateIssuingService } from '../../src/modules/certificates/certificate-issuing.service.js';
import { CertificatesRepository } from '../../src/modules/certificates/certificates.repository.js';
import type {
  CertificatePdfMaker,
  CertificatePdfRequest,
} from '../../src/modules/certificates/pdf/certificate-pdf-maker.js';
import { ContentRepository } from '../../src/modules/content/content.repository.js';
import { ContentService } from '../../src/modules/content/content.service.js';
import { QuizAttemptsRepository } from '../../src/modules/quizzes/quiz-attempts.repository.js';
import { QuizStandingsService } from '../../src/modules/quizzes/quiz-standings.service.js';

export interface CertificateServices {
  config: AppConfig;
  repository: CertificatesRepository;
  credentials: CertificateCredentialsService;
  issuing: CertificateIssuingService;
  /** What the services queued (no Redis here) and what the PDF maker was asked to print. */
  queued: { name: string; payload: unknown; jobId?: string }[];
  printed: CertificatePdfRequest[];
}

/**
 * The certificate services wired as the worker wires them, on a test database and a storage folder. The PDF is
 * Chromium's business (test/medium/certificate-pdf.spec.ts): here the maker returns bytes that say whose it is.
 */
export function certificateServices(dataSource: DataSource, storageDir: string): CertificateServices {
  const queued: CertificateServices['queued'] = [];
  const printed: CertificatePdfRequest[] = [];
  const config = { ...loadConfig(), PUBLIC_URL: 'https://cascade.example.org' };
  const repository = new CertificatesRepository(dataSource);
  const content = new ContentService(new ContentRepository(dataSource));
  const audit = new AuditRepository();
  const jobs = {
    enqueue: async (name: string, payload: unknown, options: { jobId?: string } = {}) => {
      queued.push({ name, payload, jobId: options.jobId });
      return { isFailed: async () => false } as never;
    },
  } as unknown as JobQueue;
  const maker = {
    make: async (request: CertificatePdfRequest) => {
      printed.push(request);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return Buffer.from(`%PDF-1.7 ${request.page.holderName} ${request.page.serial}`);
    },
  } as unknown as CertificatePdfMaker;
  const eligibility = new CertificateEligibilityService(
    repository,
    content,
    new QuizStandingsService(new QuizAttemptsRepository(dataSource, audit)),
  );
  const credentials = new CertificateCredentialsService(repository, content, config);
  const files = new CertificateFilesService(
    repository,
    new LocalDiskStorage(storageDir),
    maker,
    jobs,
    credentials,
    config,
  );
  const issuing = new CertificateIssuingService(repository, eligibility, files, audit, jobs);
  return { config, repository, credentials, issuing, queued, printed };
}
