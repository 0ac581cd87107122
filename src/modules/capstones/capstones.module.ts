import { CourseCopiesModule } from '../localization/course-copies.module.js';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CohortsModule } from '../cohorts/cohorts.module.js';
import { ContentModule } from '../content/content.module.js';
import { CapstoneContextService } from './capstone-context.service.js';
import { CapstoneAttachmentsService } from './capstone-attachments.service.js';
import { CapstonePlansApiController } from './capstone-plans-api.controller.js';
import { CapstonePlansController } from './capstone-plans.controller.js';
import { CapstonePlansService } from './capstone-plans.service.js';
import { CapstoneStaffController } from './capstone-staff.controller.js';
import { CapstoneStaffService } from './capstone-staff.service.js';
import { CapstoneSubmissionsRepository } from './capstone-submissions.repository.js';

@Module({
  imports: [AuditModule, CohortsModule, ContentModule, CourseCopiesModule],
  controllers: [CapstoneStaffController, CapstonePlansController, CapstonePlansApiController],
  providers: [
    CapstoneContextService,
    CapstoneSubmissionsRepository,
    CapstonePlansService,
    CapstoneAttachmentsService,
    CapstoneStaffService,
  ],
  exports: [CapstonePlansService, CapstoneContextService],
})
export class CapstonesModule {}
