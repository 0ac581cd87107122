import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CapstonesModule } from '../capstones/capstones.module.js';
import { ContentModule } from '../content/content.module.js';
import { PeerReviewAllocationService } from './peer-review-allocation.service.js';
import { PeerReviewSchedulingService } from './peer-review-scheduling.service.js';
import { PeerReviewRepository } from './peer-review.repository.js';

@Module({
  imports: [AuditModule, ContentModule, CapstonesModule],
  controllers: [],
  providers: [PeerReviewRepository, PeerReviewAllocationService, PeerReviewSchedulingService],
  exports: [PeerReviewSchedulingService],
})
export class PeerReviewModule {}
