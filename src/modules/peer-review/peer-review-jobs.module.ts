import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ContentModule } from '../content/content.module.js';
import { PeerReviewAllocateProcessor } from './jobs/peer-review-allocate.processor.js';
import { PeerReviewAllocationService } from './peer-review-allocation.service.js';
import { PeerReviewRepository } from './peer-review.repository.js';

/** The peer-review job processors (allocation at the due date): loaded by the worker process only. */
@Module({
  imports: [AuditModule, ContentModule],
  providers: [PeerReviewRepository, PeerReviewAllocationService, PeerReviewAllocateProcessor],
  exports: [PeerReviewAllocateProcessor],
})
export class PeerReviewJobsModule {}
