import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ContentModule } from '../content/content.module.js';
import { InstitutesModule } from '../institutes/institutes.module.js';
import { CourseCopiesModule } from '../localization/course-copies.module.js';
import { CopyExchangeService } from './copy-exchange.service.js';
import { CopyRebaseService } from './copy-rebase.service.js';
import { CoursePackageService } from './course-package.service.js';
import { LocalizationExchangeRepository } from './localization-exchange.repository.js';

/** XLIFF/CSV exchange, upstream diff and rebase, and course packages of copies (no routes: CLIs use it too). */
@Module({
  imports: [AuditModule, ContentModule, InstitutesModule, CourseCopiesModule],
  providers: [LocalizationExchangeRepository, CopyExchangeService, CopyRebaseService, CoursePackageService],
  exports: [CopyExchangeService, CopyRebaseService, CoursePackageService],
})
export class LocalizationExchangeModule {}
