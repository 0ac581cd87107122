import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ContentModule } from '../content/content.module.js';
import { PeerReviewAllocateProcessor } from './jobs/peer-review-allocate.processor.js';
import { MailModule } from '../../infra/mail/mail.module.js';
import { PeerReviewAllocationService } from './peer-review-allocation.service.js';
import { PeerReviewGradesService } from './peer-review-grades.service.js';
import { PeerReviewSchedulingService } from './peer-review-scheduling.service.js';
import { PeerReviewStallCheckService } from './peer-review-stall-check.service.js';
import { PeerReviewRepository } from './peer-review.repository.js';

/** The peer-review job processors (allocation at the due date, stall checks): loaded by the worker process only. */
@Module({
  imports: [AuditModule, ContentModule, MailModule],
  providers: [
    PeerReviewRepository,
    PeerReviewAllocationService,
    PeerReviewGradesService,
    PeerReviewSchedulingService,
    PeerReviewStallCheckService,
    PeerReviewAllocateProcessor,
  ],
  exports: [PeerReviewAllocateProcessor],
})
export class PeerReviewJobsModule {}
