import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CourseCopiesRepository } from './course-copies.repository.js';
import { CourseCopiesService } from './course-copies.service.js';
import { CopyOverlayService } from './copy-overlay.service.js';

/** Copies and their units, for the localization pages and for the cohort pages that show a copy's text. */
@Module({
  imports: [AuditModule],
  providers: [CourseCopiesRepository, CourseCopiesService, CopyOverlayService],
  exports: [CourseCopiesService, CopyOverlayService],
})
export class CourseCopiesModule {}
