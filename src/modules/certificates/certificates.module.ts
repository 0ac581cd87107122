import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CohortsModule } from '../cohorts/cohorts.module.js';
import { ContentModule } from '../content/content.module.js';
import { QuizzesModule } from '../quizzes/quizzes.module.js';
import { CertificateCredentialsService } from './certificate-credentials.service.js';
import { CertificateEligibilityService } from './certificate-eligibility.service.js';
import { CertificateVerificationController } from './certificate-verification.controller.js';
import { CertificateVerificationService } from './certificate-verification.service.js';
import { CertificatesController } from './certificates.controller.js';
import { CredentialsController } from './credentials.controller.js';
import { CertificatesRepository } from './certificates.repository.js';
import { CertificatesService } from './certificates.service.js';

/** Certificates in the API process: pages, downloads, revocation and reissue, public verification. */
@Module({
  imports: [AuditModule, CohortsModule, ContentModule, QuizzesModule],
  controllers: [CertificatesController, CertificateVerificationController, CredentialsController],
  providers: [
    CertificatesRepository,
    CertificateEligibilityService,
    CertificateCredentialsService,
    CertificatesService,
    CertificateVerificationService,
  ],
  exports: [CertificatesService],
})
export class CertificatesModule {}
