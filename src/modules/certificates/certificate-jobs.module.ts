import { Module } from '@nestjs/common';
import { MailModule } from '../../infra/mail/mail.module.js';
import { PdfModule } from '../../infra/pdf/pdf.module.js';
import { PdfRenderer } from '../../infra/pdf/pdf-renderer.js';
import { AuditModule } from '../audit/audit.module.js';
import { ContentModule } from '../content/content.module.js';
import { QuizzesModule } from '../quizzes/quizzes.module.js';
import { CertificateCredentialsService } from './certificate-credentials.service.js';
import { CertificateEligibilityService } from './certificate-eligibility.service.js';
import { CertificateFilesService } from './certificate-files.service.js';
import { CertificateIssuingService } from './certificate-issuing.service.js';
import { CertificatesRepository } from './certificates.repository.js';
import { CertificateIssueProcessor } from './jobs/certificate-issue.processor.js';
import { CertificateJobsProcessor } from './jobs/certificate-jobs.processor.js';
import { CertificatePdfMaker } from './pdf/certificate-pdf-maker.js';
import { CertificatePdfTemplate } from './pdf/certificate-pdf.template.js';

/** Issuing certificates in the worker: it holds the Chromium (shared with the other PDF jobs through PdfModule). */
@Module({
  imports: [PdfModule, MailModule, AuditModule, ContentModule, QuizzesModule],
  providers: [
    CertificatesRepository,
    CertificateEligibilityService,
    CertificateCredentialsService,
    CertificateFilesService,
    CertificateIssuingService,
    {
      provide: CertificatePdfMaker,
      inject: [PdfRenderer],
      useFactory: (renderer: PdfRenderer) =>
        new CertificatePdfMaker(renderer, new CertificatePdfTemplate(), { batchSize: 16, maxWaitMs: 50 }),
    },
    CertificateJobsProcessor,
    CertificateIssueProcessor,
  ],
  exports: [CertificateJobsProcessor, CertificateIssueProcessor],
})
export class CertificateJobsModule {}
