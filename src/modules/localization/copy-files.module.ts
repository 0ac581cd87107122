import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { InstitutesModule } from '../institutes/institutes.module.js';
import { CopyFilesImportService } from './copy-files-import.service.js';
import { CourseCopiesRepository } from './course-copies.repository.js';

/** The copies import of `npm run content:import` (no templates or HTTP: it runs in the CLI). */
@Module({
  imports: [AuditModule, InstitutesModule],
  providers: [CourseCopiesRepository, CopyFilesImportService],
  exports: [CopyFilesImportService],
})
export class CopyFilesModule {}
